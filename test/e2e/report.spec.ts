/** The Report step end to end: preview the real report in a sandboxed frame, export it, check the files. */
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, expectAccessible } from './fixtures';
import { SAMPLE_SECRETS, sampleSite } from '../helpers/sample-site';
import { tempDir } from '../helpers/temp';

test('previews the handover report and exports PDF, HTML and JSON into a folder', async ({ page, app, shot }) => {
  const saved = await app.services.workspace.save(sampleSite());
  expect(saved.ok).toBe(true);
  const out = await tempDir('sitekit-e2e-report-');
  try {
    await page.goto(app.server.openUrl);
    await page.getByRole('button', { name: /Store 0421 Leeds/ }).click();
    await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Report/ }).click();
    await expect(page.getByRole('heading', { name: 'Handover report — Store 0421 Leeds' })).toBeVisible();

    // The preview is the report itself, in a frame that may run nothing.
    const frame = page.frameLocator('iframe[title="Report preview for Store 0421 Leeds"]');
    await expect(frame.getByRole('heading', { name: 'Store 0421 Leeds', level: 1 })).toBeVisible();
    await expect(frame.getByText('sites/store-0421/hosts/esx02').first()).toBeVisible();
    await expect(page.locator('iframe.report-preview')).toHaveAttribute('sandbox', '');
    await expect(page.getByRole('status').filter({ hasText: /Ready for handover|open item/ })).toBeVisible();
    await shot('report-01-preview');
    await expectAccessible(page);

    await page.getByLabel('Folder', { exact: true }).fill(out.path);
    await page.getByLabel('Paper size').selectOption('Letter');
    await page.getByRole('button', { name: 'Export report' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Exported 3 files.' });
    await expect(done).toBeVisible({ timeout: 60_000 });
    await shot('report-02-exported');

    const files = (await readdir(out.path)).sort();
    expect(files).toEqual([expect.stringMatching(/^store-0421-handover-\d{4}-\d{2}-\d{2}\.html$/), expect.stringMatching(/\.json$/), expect.stringMatching(/\.pdf$/)]);
    const pdf = join(out.path, files[2]!);
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/\(letter\)/);
    const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('Store 0421 Leeds');
    const all = text + (await readFile(join(out.path, files[0]!), 'utf8')) + (await readFile(join(out.path, files[1]!), 'utf8'));
    for (const secret of Object.values(SAMPLE_SECRETS)) expect(all).not.toContain(secret);
    await expect(done.getByText(files[2]!)).toBeVisible();
  } finally {
    await out.remove();
  }
});

test('an export with no format chosen is refused in the form', async ({ page, app }) => {
  await app.services.workspace.save(sampleSite());
  await page.goto(app.server.openUrl);
  await page.getByRole('button', { name: /Store 0421 Leeds/ }).click();
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Report/ }).click();
  for (const f of ['PDF', 'HTML', 'JSON']) await page.getByRole('checkbox', { name: new RegExp(`^${f}`) }).uncheck();
  await expect(page.getByText('Choose at least one format.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export report' })).toBeDisabled();
});
