/**
 * The Media step end to end in Chromium: the installer ISO picked with the file chooser (no typing), read
 * and hashed; what each host needs listed before anything is built; the root password typed twice with
 * ESXi's rules checked live; an image file as the target; one job in main builds, writes and verifies it;
 * the kept result names the Image SHA-256 and offers "Next: Git"; the written image audits as intact.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible } from './fixtures';
import { sampleSite } from '../helpers/sample-site';
import { tempDir } from '../helpers/temp';
import { writeSampleInstallerIso } from '../../main/services/iso/sample-iso';
import { auditStick } from '../../main/services/writer/audit';

/** Picks a file through Sitekit's own chooser: type the folder, open it, click the file, Choose. */
async function chooseFile(page: Page, fieldLabel: string, folder: string, name: string): Promise<void> {
  await page.getByRole('button', { name: `Choose… (${fieldLabel})` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Folder', { exact: true }).fill(folder);
  await dialog.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(dialog.getByRole('list', { name: `Contents of ${folder}` })).toBeVisible();
  await dialog.getByRole('button', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) }).click();
  await dialog.getByRole('button', { name: 'Choose', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

test('picks the ISO with the chooser, checks the password live, builds and writes an image file, keeps the result and audits it', async ({ page, app, shot }) => {
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

    // The chooser lists only folders and ISOs; picking fills the field.
    await chooseFile(page, 'Installer ISO', work.path, 'VMware-VMvisor-Installer-sample.iso');
    await expect(page.getByLabel('Installer ISO', { exact: true })).toHaveValue(iso);
    // The sample ISO is called a sample, never ticked green.
    const contents = page.getByTestId('iso-contents');
    await expect(contents).toContainText('VMware-VMvisor-Installer-sample.iso');
    await expect(contents).toContainText('SAMPLE');
    await expect(contents).not.toHaveClass(/banner-ok/);
    await expect(page.getByRole('list', { name: 'What each host needs' })).toContainText('esx01');
    await page.getByLabel('Published SHA-256 (optional)').fill(isoSha);
    await page.getByRole('button', { name: 'Compute SHA-256' }).click();
    await expect(page.getByTestId('iso-sha256')).toHaveText(isoSha);
    await expect(page.getByText('matches the published checksum')).toBeVisible();

    // ESXi's password rules, as the technician types.
    const rules = page.getByRole('list', { name: 'ESXi password rules' });
    await page.getByLabel('Root password', { exact: true }).fill('a');
    await expect(rules.getByText('7 to 40 characters')).toHaveAttribute('data-state', 'bad');
    await expect(page.getByRole('button', { name: /^Build and write/ })).toBeDisabled();
    await page.getByLabel('Root password', { exact: true }).fill('password123');
    await expect(rules.getByText(/Not built on an obvious word/)).toHaveAttribute('data-state', 'bad');
    await page.getByLabel('Root password', { exact: true }).fill('Vm-ware!2024x');
    await page.getByLabel('Root password again', { exact: true }).fill('Vm-ware!2024');
    await expect(rules.getByText('Both entries are the same')).toHaveAttribute('data-state', 'bad');
    await page.getByLabel('Root password again', { exact: true }).fill('Vm-ware!2024x');
    await expect(rules.locator('[data-state="bad"]')).toHaveCount(0);
    await expect(page.getByText(/Only its SHA-512 crypt hash/)).toBeVisible();

    await page.getByLabel('Stick for').selectOption('esx01');
    await page.getByLabel('Write an image file').check();
    await page.getByLabel('Image file', { exact: true }).fill(out);
    const override = page.getByLabel(/I understand that .* will install without a driver/);
    if (await override.count()) await override.check();
    await expect(page.getByRole('list', { name: 'Before you can start' })).toHaveCount(0);
    await shot('media-01-ready');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Build and write the image file' }).click();
    const last = page.getByTestId('last-run');
    await expect(last.getByRole('status').filter({ hasText: 'Written and verified.' })).toBeVisible({ timeout: 120_000 });
    await expect(last).toContainText(out);
    await expect(last).toContainText(/Image SHA-256 [0-9a-f]{64}/);
    // After a write, the one primary action is the next step.
    await expect(page.getByRole('button', { name: 'Next: Git' })).toHaveClass(/btn-primary/);
    await last.scrollIntoViewIfNeeded();
    await shot('media-02-written');

    // The same image audited from the UI, read without mounting.
    await page.getByLabel('Stick or image file to audit', { exact: true }).fill(out);
    await page.getByRole('button', { name: 'Audit', exact: true }).click();
    await expect(page.getByTestId('audit-result')).toContainText(/Intact.*site Store 0421 Leeds \(store-0421\), hosts esx01/s);

    const audit = await auditStick(out);
    if (!audit.ok) throw new Error(audit.error.message);
    expect(audit.value.site.id).toBe('store-0421');
    expect(audit.value.hosts).toContain('esx01');
    expect(audit.value.intact).toBe(true);
    expect(createHash('sha256').update(await readFile(out)).digest('hex')).toBe((await last.getByTestId('image-sha256').textContent())?.trim());
  } finally {
    await work.remove();
  }
});
