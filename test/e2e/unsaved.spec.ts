/**
 * Unsaved edits are said where the technician is looking (issue 28): a bar at the top of the step that stays in
 * view with Save and Discard, and a dialog whenever they try to leave the step — the sidebar, Next, the
 * browser's Back, Close site — offering Save and go, Discard and go, or Stay. Back works once they chose.
 */
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible } from './fixtures';
import { sampleSite } from '../helpers/sample-site';
import type { TestApp } from '../helpers/web-app';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Wizard steps' });
const heading = (page: Page, step: string) => page.getByRole('heading', { level: 2, name: `${step} — Store 0421 Leeds` });
const savedMtu = async (app: TestApp) => {
  const d = await app.services.workspace.load('store-0421');
  if (!d.ok) throw new Error(d.error.message);
  return d.value.site.spec.hosts[0]!.vswitches[0]!.mtu;
};

test('edits on a step: a bar in view, and leaving asks Save, Discard or Stay (sidebar, Back, Next, Close site)', async ({ page, app, shot }) => {
  expect((await app.services.workspace.save(sampleSite())).ok).toBe(true);
  await page.goto(app.server.openUrl);
  await page.getByRole('button', { name: /Store 0421 Leeds/ }).click();
  await nav(page).getByRole('button', { name: 'Hardware', exact: true }).click();
  await nav(page).getByRole('button', { name: 'Network & workloads', exact: true }).click();
  await expect(heading(page, 'Network & workloads')).toBeVisible();

  // An edit: the bar says so at the top, and stays in view when the step is scrolled to its end.
  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  await expect(bar).toHaveCount(0);
  await page.getByLabel('esx01 vSwitch0 MTU').fill('9000');
  await expect(bar).toContainText('Unsaved changes on Network & workloads.');
  await page.locator('#main').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(bar).toBeInViewport();
  await expect(bar.getByRole('button', { name: 'Save changes' })).toBeInViewport();
  await expect(bar.getByRole('button', { name: 'Discard changes' })).toBeInViewport();
  await shot('unsaved-bar');
  await expectAccessible(page);

  // The browser's Back asks instead of doing nothing; Stay keeps the edit and the address.
  const dialog = page.getByRole('dialog', { name: 'Unsaved changes on Network & workloads' });
  await page.goBack();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Save them before going to Hardware, or discard them.');
  await shot('unsaved-leave-dialog');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Stay on Network & workloads' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(heading(page, 'Network & workloads')).toBeVisible();
  await expect(page.getByLabel('esx01 vSwitch0 MTU')).toHaveValue('9000');
  await expect(page).toHaveURL(/#\/sites\/store-0421\/network$/);

  // The sidebar is not dead: it asks too. Discard and go: Review shows, nothing was saved.
  await nav(page).getByRole('button', { name: 'Review', exact: true }).click();
  await dialog.getByRole('button', { name: 'Discard and go to Review' }).click();
  await expect(heading(page, 'Review')).toBeVisible();
  await expect(bar).toHaveCount(0);
  expect(await savedMtu(app)).toBe(1500);

  // Back again with an edit: Save and go saves the step and then goes back.
  await nav(page).getByRole('button', { name: 'Network & workloads', exact: true }).click();
  await expect(page.getByLabel('esx01 vSwitch0 MTU')).toHaveValue('1500');
  await page.getByLabel('esx01 vSwitch0 MTU').fill('9000');
  await page.goBack();
  await dialog.getByRole('button', { name: 'Save and go to Review' }).click();
  await expect(heading(page, 'Review')).toBeVisible();
  await expect.poll(() => savedMtu(app)).toBe(9000);
  await expect(page).toHaveURL(/#\/sites\/store-0421\/review$/);

  // The bar's own Save and Discard.
  await nav(page).getByRole('button', { name: 'Network & workloads', exact: true }).click();
  await page.getByLabel('esx01 vSwitch0 MTU').fill('1600');
  await bar.getByRole('button', { name: 'Discard changes' }).click();
  await expect(bar).toHaveCount(0);
  await expect(page.getByLabel('esx01 vSwitch0 MTU')).toHaveValue('9000');
  await page.getByLabel('esx01 vSwitch0 MTU').fill('1600');
  await bar.getByRole('button', { name: 'Save changes' }).click();
  await expect(bar).toHaveCount(0);
  await expect.poll(() => savedMtu(app)).toBe(1600);

  // Next on the Hardware step used to do nothing with unsaved edits: it asks.
  await nav(page).getByRole('button', { name: 'Hardware', exact: true }).click();
  await page.getByLabel('esx01 RAM (GiB)').fill('32');
  await page.getByRole('button', { name: 'Next: Network & workloads' }).click();
  const hwDialog = page.getByRole('dialog', { name: 'Unsaved changes on Hardware' });
  await hwDialog.getByRole('button', { name: 'Discard and go to Network & workloads' }).click();
  await expect(heading(page, 'Network & workloads')).toBeVisible();

  // Close site with an edit: asks, then goes to the list of sites.
  await page.getByLabel('esx01 vSwitch0 MTU').fill('1700');
  await page.getByRole('button', { name: 'Close site' }).click();
  await dialog.getByRole('button', { name: 'Discard and go to the list of sites' }).click();
  await expect(page.getByRole('heading', { name: 'Sites in this workspace' })).toBeVisible();
  expect(await savedMtu(app)).toBe(1600);
});

test('a save that cannot happen keeps the technician on the step and says why', async ({ page, app }) => {
  expect((await app.services.workspace.save(sampleSite())).ok).toBe(true);
  await page.goto(app.server.openUrl);
  await page.getByRole('button', { name: /Store 0421 Leeds/ }).click();
  await expect(heading(page, 'Site')).toBeVisible();
  await page.getByLabel('Site name').fill('');
  await nav(page).getByRole('button', { name: 'Hardware', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Unsaved changes on Site' });
  await dialog.getByRole('button', { name: 'Save and go to Hardware' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(heading(page, 'Site')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Unsaved changes' })).toContainText('Not saved: the step shows what to fix.');
  await expect(page.getByRole('alert')).toContainText('field needs attention before the site can be saved');
});
