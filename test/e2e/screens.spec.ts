/**
 * Looks finished (issue 18, docs/CONVENTIONS.md § Screenshots as baselines): every step, the start screen and
 * Settings photographed at 1280×720 and 1024×768, light and dark, and compared with reviewed baselines in
 * test/e2e/baselines/.
 *
 * - Regenerate (after reviewing the UI change): `SITEKIT_UPDATE_BASELINES=1 npx playwright test test/e2e/screens.spec.ts`
 *   after `node scripts/build.mjs`. Then look at the new PNGs before committing them.
 * - A failing comparison writes `<name>.actual.png` and `<name>.diff.png` (changed pixels in red) under
 *   test/.artifacts/screens/ and names them in the failure.
 * - Tolerance: pixelmatch's colour threshold (0.1) and its anti-aliasing detection absorb font smoothing;
 *   at most MAX_DIFF_PIXELS may differ beyond that. A field moved by a pixel changes its whole border and
 *   text (hundreds of pixels), so it fails.
 *
 * The app runs with a fixed clock and a fixed data folder so dates and paths on screen are the same on
 * every run; the Report step's preview frame (the report's own HTML, tested on its own) is masked.
 */
import { mkdir, readFile, rm, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { test, expect } from './fixtures';
import { sampleSite } from '../helpers/sample-site';
import { REPO_ROOT, RENDERER_DIR } from '../helpers/web-app';
import { createServices, type Services } from '../../main/services/index';
import { createHandlers } from '../../main/ipc/handlers/index';
import { startWebServer, type WebServer } from '../../main/web/server';
import { PathPolicy } from '../../main/services/path-policy';
import { STEPS } from '../../renderer/state/steps';

const BASELINES = join(REPO_ROOT, 'test', 'e2e', 'baselines');
const ARTIFACTS = join(REPO_ROOT, 'test', '.artifacts', 'screens');
const UPDATE = process.env.SITEKIT_UPDATE_BASELINES === '1';
const MAX_DIFF_PIXELS = 100;
const THRESHOLD = 0.1;
const NOW = new Date('2026-11-20T09:30:00Z');

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
] as const;

/** What shows that a step has finished loading (it fetches from main when it opens). */
const READY: Record<string, (p: Page) => Promise<void>> = {
  hardware: (p) => expect(p.getByTestId('list-version')).toBeVisible(),
  review: (p) => expect(p.getByRole('status').filter({ hasText: 'files generated' })).toBeVisible(),
  media: (p) => expect(p.getByRole('list', { name: 'What each host needs' })).toBeVisible(),
  git: (p) => expect(p.getByRole('button', { name: 'Connect' })).toBeVisible(),
  acceptance: (p) => expect(p.getByTestId('accept-esx01').getByText('Accepted', { exact: true })).toBeVisible(),
  report: (p) => expect(p.getByRole('status').filter({ hasText: /Ready for handover|open item/ })).toBeVisible(),
};

/** Compares a screenshot with its baseline; returns a problem sentence, or undefined when it matches. */
async function compare(name: string, png: Buffer): Promise<string | undefined> {
  const base = join(BASELINES, `${name}.png`);
  if (UPDATE) {
    await writeFile(base, png);
    return undefined;
  }
  const expected = await readFile(base).catch(() => undefined);
  await mkdir(ARTIFACTS, { recursive: true });
  const actualPath = join(ARTIFACTS, `${name}.actual.png`);
  if (!expected) {
    await writeFile(actualPath, png);
    return `${name}: no reviewed baseline at ${base} (new screen: ${actualPath}; regenerate with SITEKIT_UPDATE_BASELINES=1)`;
  }
  const a = PNG.sync.read(expected);
  const b = PNG.sync.read(png);
  if (a.width !== b.width || a.height !== b.height) {
    await writeFile(actualPath, png);
    return `${name}: size ${b.width}×${b.height}, baseline ${a.width}×${a.height} (${actualPath})`;
  }
  const diff = new PNG({ width: a.width, height: a.height });
  const changed = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: THRESHOLD, includeAA: false });
  if (changed <= MAX_DIFF_PIXELS) return undefined;
  const diffPath = join(ARTIFACTS, `${name}.diff.png`);
  await writeFile(actualPath, png);
  await writeFile(diffPath, PNG.sync.write(diff));
  return `${name}: ${changed} pixels differ from the baseline (allowed ${MAX_DIFF_PIXELS}); diff image ${diffPath}, screenshot ${actualPath}`;
}

let server: WebServer;
let services: Services;
const dataDir = join(tmpdir(), 'sitekit-screens-data');

test.beforeAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  // Fixed clock and folder: the same dates and paths on screen at every run.
  services = createServices({ dataDir, version: 'test', now: () => NOW });
  // As test/helpers/web-app.ts, plus the fixed clock (it runs as root in CI: allowRoot).
  server = await startWebServer({ handlers: createHandlers(services), rendererDir: RENDERER_DIR, allowRoot: true, paths: new PathPolicy({ workspace: services.workspace.root, dataDir, extraRoots: [tmpdir()] }) });
  expect((await services.workspace.save(sampleSite())).ok).toBe(true);
  await services.settings.set({ technician: { name: 'Ana Field', email: 'ana@example.invalid' } });
  if (UPDATE) await mkdir(BASELINES, { recursive: true });
});

test.afterAll(async () => {
  services?.git.dispose();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

for (const scheme of ['light', 'dark'] as const) {
  for (const viewport of VIEWPORTS) {
    const tag = `${viewport.width}x${viewport.height}-${scheme}`;
    test(`every screen matches its reviewed baseline at ${tag}`, async ({ page }) => {
      test.setTimeout(240_000);
      // The Sites list shows when each draft was saved (its file's time): pin it, as the clock is pinned.
      await utimes(services.workspace.sitePath('store-0421'), NOW, NOW);
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto(server.openUrl);
      const problems: string[] = [];
      const shoot = async (name: string, mask: Locator[] = []) => {
        // Let fonts and late layout settle; no caret, no animation.
        await page.evaluate(() => document.fonts.ready);
        const png = await page.screenshot({ animations: 'disabled', caret: 'hide', mask, maskColor: '#888888' });
        const problem = await compare(`${name}-${tag}`, png);
        if (problem) problems.push(problem);
      };

      await expect(page.getByRole('button', { name: /Store 0421 Leeds/ })).toBeVisible();
      await shoot('start');
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await expect(page.getByLabel('Technician name')).toHaveValue('Ana Field');
      await shoot('settings');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: /Store 0421 Leeds/ }).click();
      const nav = page.getByRole('navigation', { name: 'Wizard steps' });
      for (const step of STEPS) {
        await nav.getByRole('button', { name: step.title, exact: true }).click();
        await expect(page.getByRole('heading', { level: 2, name: new RegExp(` — Store 0421 Leeds$`) })).toBeVisible();
        await READY[step.id]?.(page);
        await shoot(`step-${step.id}`, step.id === 'report' ? [page.locator('iframe.report-preview')] : step.id === 'media' ? [page.locator('.drive-list')] : []);
        if (step.id === 'review') {
          // The topology picture fits its box: both hosts and their workloads in view, nothing cut off.
          await page.getByRole('heading', { name: 'Topology', exact: true }).scrollIntoViewIfNeeded();
          await page.getByRole('button', { name: 'Zoom in' }).scrollIntoViewIfNeeded();
          await shoot('review-topology');
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
}
