/**
 * State that lasts (issue 18): what the technician typed into Boot media survives a look at other steps and
 * a reload (the password excepted: it is kept in memory only, and the step says so); the open site and step
 * are in the address, so a reload reopens them and Back returns to the previous step.
 */
import { test, expect } from './fixtures';
import { sampleSite } from '../helpers/sample-site';

test('Boot media keeps what was typed across steps and reloads; the password only in memory; Back works', async ({ page, app }) => {
  expect((await app.services.workspace.save(sampleSite())).ok).toBe(true);
  await page.goto(app.server.openUrl);
  await page.getByRole('button', { name: /Store 0421 Leeds/ }).click();
  const nav = page.getByRole('navigation', { name: 'Wizard steps' });
  await nav.getByRole('button', { name: 'Boot media' }).click();
  await expect(page.getByRole('heading', { name: 'Boot media — Store 0421 Leeds' })).toBeVisible();
  await expect(page).toHaveURL(/#\/sites\/store-0421\/media$/);

  const isoPath = '/srv/isos/VMware-ESXi-8.0U3-sample.iso';
  const imagePath = '/srv/images/store-0421-esx02.img';
  const sha = 'ab'.repeat(32);
  await page.getByLabel('Installer ISO', { exact: true }).fill(isoPath);
  await page.getByLabel('Published SHA-256 (optional)').fill(sha);
  await page.getByLabel('Stick for').selectOption('esx02');
  await page.getByLabel('Root password', { exact: true }).fill('Vm-ware!2024x');
  await page.getByLabel('Root password again', { exact: true }).fill('Vm-ware!2024x');
  await page.getByLabel('Write an image file').check();
  await page.getByLabel('Image file', { exact: true }).fill(imagePath);

  const expectKept = async (password: string) => {
    await expect(page.getByLabel('Installer ISO', { exact: true })).toHaveValue(isoPath);
    await expect(page.getByLabel('Published SHA-256 (optional)')).toHaveValue(sha);
    await expect(page.getByLabel('Stick for')).toHaveValue('esx02');
    await expect(page.getByLabel('Write an image file')).toBeChecked();
    await expect(page.getByLabel('Image file', { exact: true })).toHaveValue(imagePath);
    await expect(page.getByLabel('Root password', { exact: true })).toHaveValue(password);
    await expect(page.getByLabel('Root password again', { exact: true })).toHaveValue(password);
  };

  // Other steps, then back: everything kept, the password too (it is in memory).
  await nav.getByRole('button', { name: 'Git' }).click();
  await expect(page.getByRole('heading', { name: 'Git — Store 0421 Leeds' })).toBeVisible();
  await nav.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('heading', { name: 'Review — Store 0421 Leeds' })).toBeVisible();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await nav.getByRole('button', { name: 'Boot media' }).click();
  await expectKept('Vm-ware!2024x');

  // Back goes to the previous step; Forward returns.
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Review — Store 0421 Leeds' })).toBeVisible();
  await expect(page).toHaveURL(/#\/sites\/store-0421\/review$/);
  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Boot media — Store 0421 Leeds' })).toBeVisible();

  // A reload reopens the site at Boot media with everything but the password, and says why.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Boot media — Store 0421 Leeds' })).toBeVisible();
  await expectKept('');
  await expect(page.getByText(/Kept in memory only while Sitekit is open — never saved with the site, so a reload asks for it again/)).toBeVisible();
  // Nothing secret went to storage.
  const stored = await page.evaluate(() => JSON.stringify(Object.fromEntries(Object.entries(localStorage))));
  expect(stored).toContain(isoPath);
  expect(stored).not.toContain('Vm-ware!2024x');
});

test('a step opens at its top with the focus on its heading', async ({ page, app }) => {
  expect((await app.services.workspace.save(sampleSite())).ok).toBe(true);
  await page.goto(app.server.openUrl);
  await page.getByRole('button', { name: /Store 0421 Leeds/ }).click();
  const nav = page.getByRole('navigation', { name: 'Wizard steps' });
  await nav.getByRole('button', { name: 'Boot media' }).click();
  await expect(page.getByRole('heading', { name: 'Boot media — Store 0421 Leeds' })).toBeVisible();
  await page.locator('#main').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  expect(await page.locator('#main').evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
  await page.getByRole('button', { name: 'Next: Git' }).click();
  await expect(page.getByRole('heading', { name: 'Git — Store 0421 Leeds' })).toBeFocused();
  expect(await page.locator('#main').evaluate((el) => el.scrollTop)).toBe(0);
});
