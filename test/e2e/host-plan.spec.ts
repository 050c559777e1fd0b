/**
 * One host, one truth in the wizard (issue 24): a box whose only usable NIC is a USB NIC walks from Hardware to
 * the report with defaults that follow Hardware's roles; the install NIC, the uplinks, the driver lines and the
 * report say the same thing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, createSite, expectAccessible } from './fixtures';

test('a USB-NIC-only box: Hardware roles decide Network, Boot media and the report', async ({ page, app, shot }) => {
  await page.goto(app.server.openUrl);
  await createSite(page, { name: 'USB Store' });
  const nav = page.getByRole('navigation', { name: 'Wizard steps' });
  await nav.getByRole('button', { name: /Hardware/ }).click();

  // The UDOO Bolt's onboard RTL8111 comes from the model; it has no driver on 8.0U3 in the ISO, so it is set to unused.
  const esx01 = page.getByRole('group', { name: /esx01/ });
  await esx01.getByLabel('esx01 model search').fill('UDOO');
  await esx01.getByLabel('esx01 model', { exact: true }).selectOption('udoo-bolt-v8');
  await esx01.getByLabel('esx01 RAM (GiB)').fill('32');
  await esx01.getByLabel('esx01 boot disk (GB)').fill('256');
  await esx01.getByLabel('esx01 vmnic0 role').selectOption('unused');
  // An RTL8156 USB NIC from the catalogue; the onboard NIC stays (case 7).
  await esx01.getByLabel('esx01 NIC search').fill('0bda:8156');
  await esx01.getByLabel('esx01 NIC from catalogue').selectOption('usb:0bda:8156');
  await esx01.getByRole('button', { name: 'Add NIC to esx01' }).click();
  await expect(esx01.getByRole('row', { name: /vmnic0/ })).toBeVisible();
  await expect(esx01.getByRole('row', { name: /vusb0/ })).toContainText('vmkusb-nic-fling');
  // A MAC typed for the USB NIC (the UI had no MAC field: case 8); a wrong one is refused in place.
  await esx01.getByLabel('esx01 vusb0 MAC').fill('00:e0:4c:68:15');
  await expect(esx01.getByText('Not a MAC address')).toBeVisible();
  await esx01.getByLabel('esx01 vusb0 MAC').fill('00:E0:4C:68:15:6A');
  await expect(esx01.getByTestId('install-nic-esx01')).toHaveText('Install NIC: vusb0 (00:e0:4c:68:15:6a) — the first uplink with a driver');
  await shot('plan-01-hardware');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Apply actions and save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  // Network: vSwitch0 follows Hardware's roles (case 1): vusb0 active, the unused vmnic0 not used.
  await nav.getByRole('button', { name: /Network/ }).click();
  await expect(page.getByTestId('uplinks-from-esx01-vSwitch0')).toContainText("Following Hardware's roles: vusb0 (the install NIC)");
  await expect(page.getByLabel('esx01 vSwitch0 uplink vusb0')).toHaveValue('active');
  await expect(page.getByLabel('esx01 vSwitch0 uplink vmnic0')).toHaveValue('unused');
  await page.getByTestId('uplinks-from-esx01-vSwitch0').scrollIntoViewIfNeeded();
  await shot('plan-02-network');
  // Choosing the unused NIC as an uplink is shown as a problem at once, where the uplinks are chosen.
  await page.getByLabel('esx01 vSwitch0 uplink vmnic0').selectOption('standby');
  await expect(page.getByRole('list', { name: 'Uplink problems of esx01' })).toContainText('vSwitch0 uses vmnic0 as an uplink, but Hardware marks vmnic0 "unused"');
  await page.getByRole('button', { name: /Follow Hardware's roles/ }).click();
  await expect(page.getByRole('list', { name: 'Uplink problems of esx01' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Save network and workloads' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  // Review: no error about uplinks; vSwitch0 is not rewritten.
  await nav.getByRole('button', { name: /Review/ }).click();
  await expect(page.getByText(/0 errors?/).first()).toBeVisible();

  // Boot media: the same install NIC and what the host needs from the ISO, before anything is built.
  await nav.getByRole('button', { name: /Boot media/ }).click();
  const card = page.getByTestId('preflight-esx01');
  await expect(page.getByTestId('preflight-install-esx01')).toHaveText('Install NIC: vusb0 (00:e0:4c:68:15:6a) — the first uplink with a driver');
  await expect(card).toContainText('Inject the USB NIC Fling 1.14-7vmw.803.0.95.93415869');
  // Secure Boot is on and the only uplink is a USB NIC: the console step for the Fling's settings (case 4).
  await expect(card).toContainText('esxcli system module parameters set -m vmkusb_nic_fling -p "usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a"');
  await card.scrollIntoViewIfNeeded();
  await shot('plan-03-media');

  // The site file keeps the plan's requirements; vSwitch0 has no uplinks written down (they follow the plan).
  const yaml = await readFile(join(app.dataDir, 'workspace', 'sites', 'usb-store', 'site.yaml'), 'utf8');
  expect(yaml).toMatch(/options: usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a/);
  expect(yaml).toMatch(/macSource: entered/);
  expect(yaml).not.toMatch(/active:\n\s+- vmnic0/);

  // Report: the same install NIC, the Fling open (no stick yet), the console step in the checklist.
  await nav.getByRole('button', { name: /Report/ }).click();
  const frame = page.frameLocator('iframe');
  await expect(frame.getByText('Install NIC: vusb0 (00:e0:4c:68:15:6a) — the first uplink with a driver').first()).toBeVisible();
  await expect(frame.getByText(/First boot of esx01, before any reboot/).first()).toBeVisible();
  await shot('plan-04-report');
});
