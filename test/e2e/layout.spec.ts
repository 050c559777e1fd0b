/**
 * What a newcomer meets in the wizard's layout (issue 28): the page itself never scrolls (the step scrolls
 * inside its own area, so scrolling past the end of a step does not scroll the app away), the PowerCLI script
 * neither widens the Boot media card nor cuts the override text off, it can be copied and saved as a .ps1
 * file, and the Site step's topology radios sit on one line with their label and the release beside them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { sampleSite } from '../helpers/sample-site';
import { tempDir } from '../helpers/temp';
import { REPO_ROOT } from '../helpers/web-app';
import { parseSiteYaml } from '../../main/core/site/yaml';
import { writeSampleInstallerIso } from '../../main/services/iso/sample-iso';
import { STEPS } from '../../renderer/state/steps';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Wizard steps' });

/** How far the document (not the step's own scroll area) can scroll, and where it is now. */
const documentScroll = (page: Page) =>
  page.evaluate(() => ({
    overflowY: document.documentElement.scrollHeight - window.innerHeight,
    overflowX: document.documentElement.scrollWidth - window.innerWidth,
    y: window.scrollY,
  }));

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  test(`the page never scrolls beyond the window on any step, also past a step's end (${viewport.width}×${viewport.height})`, async ({ page, app }) => {
    expect((await app.services.workspace.save(sampleSite())).ok).toBe(true);
    await page.setViewportSize(viewport);
    await page.goto(app.server.openUrl);
    await page.getByRole('button', { name: /Store 0421 Leeds/ }).click();
    for (const step of STEPS) {
      await nav(page).getByRole('button', { name: step.title, exact: true }).click();
      await expect(page.getByRole('heading', { level: 2, name: / — Store 0421 Leeds$/ })).toBeVisible();
      // Wait for what the step loads (catalogue, preflight, generated files) to be laid out.
      if (step.id === 'hardware') await expect(page.getByTestId('list-version')).toBeVisible();
      if (step.id === 'media') await expect(page.getByRole('list', { name: 'What each host needs' })).toBeVisible();
      if (step.id === 'review') await expect(page.getByRole('status').filter({ hasText: 'files generated' })).toBeVisible();
      const before = await documentScroll(page);
      expect(before.overflowY, `${step.id}: the document is taller than the window`).toBeLessThanOrEqual(0);
      expect(before.overflowX, `${step.id}: the document is wider than the window`).toBeLessThanOrEqual(0);
      // Scroll the step to its end, then keep scrolling: the app must stay where it is.
      const main = page.locator('#main');
      await main.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await main.hover({ position: { x: 200, y: 200 } });
      await page.mouse.wheel(0, 3000);
      await expect.poll(() => page.evaluate(() => window.scrollY), { message: `${step.id}: the page scrolled away` }).toBe(0);
      await expect(page.getByRole('navigation', { name: 'Wizard steps' })).toBeInViewport();
    }
  });
}

test('the PowerCLI script scrolls in its own box, and Copy and Save take it to a Windows machine', async ({ page, app, shot }) => {
  // The demo's site: esx02's management NIC and only uplink is a USB NIC, so a missing Fling needs the override.
  const demo = parseSiteYaml(await readFile(join(REPO_ROOT, 'resources', 'samples', 'site.yaml'), 'utf8'), 'site.yaml');
  if (!demo.ok) throw new Error(demo.error.message);
  expect((await app.services.workspace.save(demo.value)).ok).toBe(true);
  const work = await tempDir('sitekit-e2e-script-');
  try {
    const iso = join(work.path, 'VMware-VMvisor-Installer-sample.iso');
    expect((await writeSampleInstallerIso(iso)).ok).toBe(true);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.server.openUrl).origin });
    await page.goto(app.server.openUrl);
    await page.getByRole('button', { name: /Demo Store 0421/ }).click();
    await nav(page).getByRole('button', { name: 'Boot media', exact: true }).click();
    await page.getByLabel('Installer ISO', { exact: true }).fill(iso);
    // esx02's only uplink is a USB NIC: the sample ISO lacks the Fling, so the step offers the script.
    await page.getByLabel('Stick for').selectOption('esx02');
    const summary = page.getByText('PowerCLI script that adds the missing driver to the ISO');
    await expect(summary).toBeVisible();
    await summary.click();
    const script = page.getByLabel('PowerCLI script', { exact: true });
    await expect(script).toContainText('Export-EsxImageProfile');

    // Nothing is wider than the window: not the card, not the override sentence.
    const main = page.locator('#main');
    expect(await main.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    const viewport = page.viewportSize()!;
    const override = page.getByText(/I understand that esx02 will install without a driver/);
    const box = (await override.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    const scriptBox = (await script.boundingBox())!;
    expect(scriptBox.x + scriptBox.width).toBeLessThanOrEqual(viewport.width);
    // The script's long lines scroll inside its box instead.
    expect(await script.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await override.scrollIntoViewIfNeeded();
    await shot('media-powercli-script');

    // Copy: said, and the clipboard holds exactly the script shown.
    const shown = (await script.textContent()) ?? '';
    await page.getByRole('button', { name: 'Copy script' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Copied the script \(\d+ lines\) to the clipboard/ })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);

    // Save: a name that is not a .ps1 is refused by the path policy, with nothing written…
    const saveAs = async (name: string) => {
      await page.getByRole('button', { name: 'Save as .ps1…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Save the PowerCLI script' });
      await dialog.getByLabel('Folder', { exact: true }).fill(work.path);
      await dialog.getByRole('button', { name: 'Go', exact: true }).click();
      await expect(dialog.getByRole('list', { name: `Contents of ${work.path}` })).toBeVisible();
      await dialog.getByLabel('File name').fill(name);
      await dialog.getByRole('button', { name: 'Use this file name' }).click();
      await expect(dialog).toHaveCount(0);
    };
    await writeFile(join(work.path, 'notes.txt'), 'keep me\n');
    await saveAs('notes.txt');
    await expect(page.getByRole('alert')).toContainText('is not a PowerShell script name (.ps1)');
    expect(await readFile(join(work.path, 'notes.txt'), 'utf8')).toBe('keep me\n');
    // …and a .ps1 file gets the script, byte for byte what the step shows.
    await saveAs('demo-store-0421-custom-iso.ps1');
    const saved = join(work.path, 'demo-store-0421-custom-iso.ps1');
    await expect(page.getByRole('status').filter({ hasText: `Saved the script to ${saved}` })).toBeVisible();
    expect(await readFile(saved, 'utf8')).toBe(shown);
  } finally {
    await work.remove();
  }
});

test('the topology radios sit on one line, left under their label, level with the release beside them', async ({ page, app, shot }) => {
  expect((await app.services.workspace.save(sampleSite())).ok).toBe(true);
  await page.goto(app.server.openUrl);
  await page.getByRole('button', { name: /Store 0421 Leeds/ }).click();
  await expect(page.getByRole('heading', { name: 'Site — Store 0421 Leeds' })).toBeVisible();
  const one = (await page.getByLabel('One node').boundingBox())!;
  const two = (await page.getByLabel('Two nodes').boundingBox())!;
  const label = (await page.getByText('Topology', { exact: true }).boundingBox())!;
  const release = (await page.getByLabel('ESXi / ECS release').boundingBox())!;
  const centre = (b: { y: number; height: number }) => b.y + b.height / 2;
  // One row: both radios at the same height, the second to the right of the first.
  expect(Math.abs(centre(one) - centre(two))).toBeLessThanOrEqual(1);
  expect(two.x).toBeGreaterThan(one.x + one.width);
  // Left-aligned under the label, as every other field's control is.
  expect(Math.abs(one.x - label.x)).toBeLessThanOrEqual(4);
  // On the control row: level with the release select in the next column.
  expect(Math.abs(centre(one) - centre(release))).toBeLessThanOrEqual(3);
  await shot('site-topology');
});
