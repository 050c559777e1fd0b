/**
 * Playwright fixtures: `app` is a running browser-mode Sitekit on a fresh workspace; `shot` saves a
 * 1280×720 screenshot into test/.artifacts/screenshots (kept as CI artifacts).
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startTestApp, REPO_ROOT, type TestApp } from '../helpers/web-app';

export const SCREENSHOTS = join(REPO_ROOT, 'test', '.artifacts', 'screenshots');

export const test = base.extend<{ app: TestApp; shot: (name: string) => Promise<void>; loopbackHttp: boolean }>({
  /** Specs that use the local git server (http://127.0.0.1) turn this on with `test.use({ loopbackHttp: true })`. */
  loopbackHttp: [false, { option: true }],
  app: async ({ loopbackHttp }, use) => {
    const app = await startTestApp({ allowLoopbackHttp: loopbackHttp });
    await use(app);
    await app.close();
  },
  shot: async ({ page }, use) => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await use(async (name: string) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
    });
  },
});

/**
 * Runs axe-core on the page and fails on serious or critical violations. Script-less `sandbox=""` iframes
 * (the Report step's preview) are excluded: axe tries to run inside every frame, and in a frame that may
 * run no script its evaluate can wait forever. The report's own HTML is tested on its own.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).exclude('iframe[sandbox]').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Fills the Site step's form and saves it; used by most flows. */
export async function createSite(page: Page, opts: { name: string; twoNode?: boolean; subnet?: string; gateway?: string }): Promise<void> {
  await page.getByRole('button', { name: 'New site' }).click();
  await page.getByLabel('Site name').fill(opts.name);
  if (opts.twoNode) await page.getByLabel('Two nodes').check();
  await page.getByLabel('Subnet (CIDR)').fill(opts.subnet ?? '192.168.10.0/24');
  await page.getByLabel('Gateway').fill(opts.gateway ?? '192.168.10.1');
  await page.getByLabel('Host 1 management IP').fill('192.168.10.11');
  if (opts.twoNode) await page.getByLabel('Host 2 management IP').fill('192.168.10.12');
  await page.getByLabel('DNS servers').fill('192.168.10.2');
  await page.getByLabel('NTP servers').fill('pool.ntp.org');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved draft' })).toBeVisible();
}

export { expect };
