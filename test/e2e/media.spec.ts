/**
 * The Media step end to end in Chromium: pick the installer ISO (checked, hashed), a password, an image file
 * for one host and no stick for the other; build and write; the per-stick result says verified and safe to
 * remove; the written image is then audited as a Sitekit stick, intact.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, expectAccessible } from './fixtures';
import { sampleSite } from '../helpers/sample-site';
import { tempDir } from '../helpers/temp';
import { writeSampleInstallerIso } from '../../main/services/iso/sample-iso';
import { auditStick } from '../../main/services/writer/audit';

test('builds a host stick image, writes it to an image file with progress, reports it verified and audits it', async ({ page, app, shot }) => {
  const saved = await app.services.workspace.save(sampleSite());
  expect(saved.ok).toBe(true);
  const work = await tempDir('sitekit-e2e-media-');
  try {
    const iso = join(work.path, 'VMware-VMvisor-Installer-sample.iso');
    expect((await writeSampleInstallerIso(iso)).ok).toBe(true);
    const isoSha = createHash('sha256').update(await readFile(iso)).digest('hex');
    const out = join(work.path, 'esx01-stick.img');

    await page.goto(app.server.openUrl);
    await page.getByRole('button', { name: /Store 0421 Leeds/ }).click();
    await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Boot media/ }).click();
    await expect(page.getByRole('heading', { name: 'Boot media — Store 0421 Leeds' })).toBeVisible();

    await page.getByLabel('ISO file path').fill(iso);
    await page.getByRole('button', { name: 'Check ISO' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'VMware-VMvisor-Installer-sample.iso' })).toBeVisible();
    await page.getByLabel('Expected SHA-256 (optional)').fill(isoSha);
    await page.getByRole('button', { name: 'Compute SHA-256' }).click();
    await expect(page.getByTestId('iso-sha256')).toHaveText(isoSha);
    await expect(page.getByText('matches the published checksum')).toBeVisible();

    await page.getByLabel('Root password', { exact: true }).fill('Vm-ware!2024x');
    await page.getByLabel('Target for esx01').selectOption('file');
    await page.getByLabel('Image file for esx01').fill(out);
    await page.getByLabel('Target for esx02').selectOption('none');
    await shot('media-01-ready');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Build and write the stick' }).click();
    const run = page.getByTestId('run-esx01');
    await expect(run.getByRole('status').filter({ hasText: 'Written and verified.' })).toBeVisible({ timeout: 90_000 });
    await expect(run).toContainText(out);
    await expect(run).toContainText(/Image SHA-256 [0-9a-f]{64}/);
    await run.scrollIntoViewIfNeeded();
    await shot('media-02-written');

    // The same stick audited from the UI, read without mounting.
    await page.getByLabel('Stick or image file to audit').fill(out);
    await page.getByRole('button', { name: 'Audit', exact: true }).click();
    await expect(page.getByTestId('audit-result')).toContainText(/Intact.*site Store 0421 Leeds \(store-0421\), hosts esx01/s);

    const audit = await auditStick(out);
    if (!audit.ok) throw new Error(audit.error.message);
    expect(audit.value.site.id).toBe('store-0421');
    expect(audit.value.hosts).toContain('esx01');
    expect(audit.value.intact).toBe(true);
  } finally {
    await work.remove();
  }
});
