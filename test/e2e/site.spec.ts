/** The Site step end to end: create a site in the real UI, reload, and find it again. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, createSite, expectAccessible, SCREENSHOTS } from './fixtures';
import { minimalSite } from '../helpers/sites';

test('creates a site, keeps it as a draft and reopens it after a reload', async ({ page, app, shot }) => {
  await page.goto(app.server.openUrl);
  await expect(page.getByRole('heading', { name: 'Sites in this workspace' })).toBeVisible();
  await expect(page.getByText('No sites yet')).toBeVisible();
  // The token is taken out of the address bar once the page has it.
  expect(page.url()).not.toContain('token=');
  await shot('01-site-start');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'New site' }).click();
  // Field validation: saving an empty form names the fields that need attention and saves nothing.
  await page.getByRole('button', { name: 'Save draft' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'need attention' });
  await expect(summary).toBeVisible();
  // A failed save moves the focus to the summary, which names each field and leads to it.
  await expect(page.locator('.error-summary')).toBeFocused();
  await expect(summary).toContainText('Site name: the site needs a name');
  await expect(page.locator('.field-error').filter({ hasText: 'the site needs a name' })).toBeVisible();
  await summary.getByRole('button', { name: 'Site name' }).click();
  await expect(page.getByLabel('Site name')).toBeFocused();
  await page.getByLabel('Gateway').fill('192.168.10.300');
  await expect(page.locator('.field-error').filter({ hasText: 'must be an IPv4 address' })).toBeVisible();
  await shot('02-site-validation');
  await page.getByRole('button', { name: 'Back to sites' }).click();

  await createSite(page, { name: 'Store 0421 Leeds', twoNode: true });
  await expect(page.getByRole('heading', { name: 'Site — Store 0421 Leeds' })).toBeVisible();
  await shot('03-site-saved');
  await expectAccessible(page);

  const yaml = await readFile(join(app.dataDir, 'workspace', 'sites', 'store-0421-leeds', 'site.yaml'), 'utf8');
  expect(yaml).toContain('apiVersion: sitekit/v1');
  expect(yaml).toContain('name: esx02');

  // A reload reopens the same site at the same step (the address carries both).
  expect(page.url()).toMatch(/#\/sites\/store-0421-leeds\/site$/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Site — Store 0421 Leeds' })).toBeVisible();
  await expect(page.getByLabel('Host 2 management IP')).toHaveValue('192.168.10.12');
  await page.getByRole('button', { name: 'Close site' }).click();
  await expect(page.getByRole('heading', { name: 'Sites in this workspace' })).toBeVisible();
  const card = page.getByRole('button', { name: /Store 0421 Leeds/ });
  await expect(card).toContainText('Two-node');
  await card.click();
  await expect(page.getByRole('heading', { name: 'Site — Store 0421 Leeds' })).toBeVisible();
  await expect(page.getByLabel('Host 2 management IP')).toHaveValue('192.168.10.12');
});

test('the wizard is operable by keyboard: steps need a site first, then open with Enter', async ({ page, app }) => {
  await page.goto(app.server.openUrl);
  const hardware = page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Hardware/ });
  await expect(hardware).toHaveAttribute('aria-disabled', 'true');
  await createSite(page, { name: 'Keyboard Site' });
  await hardware.focus();
  await page.keyboard.press('Enter');
  await expect(hardware).toHaveAttribute('aria-current', 'step');
});

test('refuses requests without the launch token', async ({ request, app }) => {
  const page = await request.get(`${app.server.url}/`);
  expect(page.status()).toBe(401);
  const api = await request.post(`${app.server.url}/api/site:list`, { data: {} });
  expect(api.status()).toBe(401);
  const withToken = await request.post(`${app.server.url}/api/site:list`, { data: {}, headers: { 'X-Sitekit-Token': app.server.token } });
  expect(withToken.status()).toBe(200);
  expect(await withToken.json()).toEqual({ ok: true, value: [] });
});

test('two windows edit the same site: the second save is refused plainly, with reload and keep-mine-as-a-copy', async ({ page, context, app }) => {
  const shotOf = async (p: typeof page, name: string) => p.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  expect((await app.services.workspace.save(minimalSite())).ok).toBe(true);
  const other = await context.newPage();
  for (const p of [page, other]) {
    await p.goto(app.server.openUrl);
    await p.getByRole('button', { name: /Store 0421/ }).click();
    await expect(p.getByLabel('Site name')).toHaveValue('Store 0421');
  }
  // The first window saves a change.
  await page.getByLabel('Site name').fill('Store 0421 Leeds');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved draft' })).toBeVisible();
  // The second window still holds the older copy: its save is refused, and nothing of the first is lost.
  await other.getByLabel('Site name').fill('Store 0421 York');
  await other.getByRole('button', { name: 'Save draft' }).click();
  const conflict = other.getByRole('region', { name: 'Save conflict' });
  await expect(conflict).toContainText('This site was saved elsewhere since you opened it; your change was not saved. Choose what to do with it:');
  await expect(other.getByRole('alert')).toContainText(/Kept safe: Both versions: the saved one in .*site\.yaml \(unchanged\), yours in .*site\.yaml\..*\.mine\./);
  await shotOf(other, '03b-site-save-conflict');
  // Keep mine as a copy: a new draft with the second window's change; the window then shows the saved version.
  await conflict.getByRole('button', { name: 'Keep mine as a copy' }).click();
  await expect(other.getByRole('status').filter({ hasText: /Your version is saved as the draft "store-0421-copy-\d{4}" \(Store 0421 York \(my copy\)\)/ })).toBeVisible();
  await expect(other.getByLabel('Site name')).toHaveValue('Store 0421 Leeds');
  await expect(conflict).toHaveCount(0);
  const sites = await app.services.workspace.list();
  expect(sites.ok && sites.value.map((s) => s.name).sort()).toEqual(['Store 0421 Leeds', 'Store 0421 York (my copy)']);
  await other.close();
});

