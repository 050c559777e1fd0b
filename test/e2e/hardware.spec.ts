/** The Hardware step end to end in Chromium: pick a model, read an inventory, see verdicts, apply actions. */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, createSite, expectAccessible } from './fixtures';
import { COMPAT_LIST_PATH, SAMPLES_DIR } from '../helpers/hardware';

const sample = (f: string) => readFile(join(SAMPLES_DIR, f), 'utf8');

test('checks two hosts, explains the verdicts and writes the actions into the site', async ({ page, app, shot }) => {
  await page.goto(app.server.openUrl);
  await createSite(page, { name: 'HW Store', twoNode: true });
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Hardware/ }).click();
  await expect(page.getByRole('heading', { name: 'Hardware — HW Store' })).toBeVisible();
  await expect(page.getByTestId('list-version')).toContainText('Compatibility list 2026.11.1');
  // nothing known yet: both hosts are "Unknown", in words, not only colour
  await expect(page.getByRole('group', { name: /esx01/ }).locator('legend')).toContainText('Unknown');

  // esx01: search the catalogue and pick the NUC 13 Pro; its I226-V is added and supported inbox
  const esx01 = page.getByRole('group', { name: /esx01/ });
  await esx01.getByLabel('esx01 model search').fill('NUC 13');
  await esx01.getByLabel('esx01 model', { exact: true }).selectOption('intel-nuc13anh');
  await esx01.getByLabel('esx01 RAM (GiB)').fill('64');
  await esx01.getByLabel('esx01 boot disk (GB)').fill('512');
  const vmnic0 = esx01.getByRole('row', { name: /vmnic0/ });
  await expect(vmnic0).toContainText('8086:125c');
  await expect(vmnic0).toContainText('Supported');
  await expect(esx01.locator('legend')).toContainText('Supported with actions');
  await expect(esx01.getByRole('list', { name: 'Actions for esx01' })).toContainText('Add the kernel option cpuUniformityHardCheckPanic=FALSE');
  // expand the reason, evidence and sources of a device
  await vmnic0.getByText('Why').click();
  await expect(vmnic0.getByText('driven by the inbox cndi-igc driver on ESXi 8.0U3')).toBeVisible();
  await expect(vmnic0.getByText('Evidence: verified in a primary source')).toBeVisible();

  // esx02: paste lspci + lsusb + dmidecode; the Realtek is unsupported without its Fling, the USB RTL8156 is the uplink
  const esx02 = page.getByRole('group', { name: /esx02/ });
  await esx02.getByText('Read an inventory for esx02').click();
  await esx02.getByLabel('esx02 inventory text').fill([await sample('esx02-lspci.txt'), await sample('esx02-lsusb.txt'), await sample('esx02-dmidecode.txt')].join('\n'));
  await esx02.getByRole('button', { name: 'Read inventory into esx02' }).click();
  await expect(esx02.getByText(/Read .*lspci.*2 NIC\(s\), serial UB8A21060213, model udoo-bolt-v8/)).toBeVisible();
  // nothing is applied before the technician has seen what the paste adds, changes and removes
  const preview = esx02.getByRole('region', { name: 'What the inventory does to esx02' });
  await expect(preview.getByRole('list', { name: 'Adds to esx02' })).toContainText('Adds vusb0 (USB 0bda:8156');
  await expect(esx02.getByRole('row', { name: /vusb0/ })).toHaveCount(0);
  await esx02.getByRole('button', { name: 'Apply to esx02' }).click();
  await expect(esx02.getByText(/Applied to esx02: \d+ added, \d+ changed, 0 removed\./)).toBeVisible();
  await esx02.getByLabel('esx02 vmnic0 role').selectOption('unused');
  const vusb0 = esx02.getByRole('row', { name: /vusb0/ });
  await expect(vusb0).toContainText('0bda:8156');
  await expect(vusb0).toContainText('Supported with actions');
  await expect(vusb0).toContainText('00:e0:4c:68:15:6a');
  await expect(esx02.getByRole('list', { name: 'Actions for esx02' })).toContainText(/Inject the USB NIC Fling 1\.14-7vmw\.803\.0\.95\.93415869/);
  await esx02.getByRole('row', { name: /vmnic0/ }).scrollIntoViewIfNeeded();
  await shot('hw-01-verdicts');
  await expectAccessible(page);

  // a garbage paste says "not recognised" with the line, and changes nothing
  await esx01.getByText('Read an inventory for esx01').click();
  await esx01.getByLabel('esx01 inventory text').fill('hello\nworld');
  await esx01.getByRole('button', { name: 'Read inventory into esx01' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'was not recognised' })).toContainText('line 1');
  await expect(esx01.getByRole('row', { name: /vmnic0/ })).toContainText('8086:125c');

  // an lsusb paste into a host with an onboard NIC adds the USB NIC and keeps the onboard one (issue 15)
  await esx01.getByLabel('esx01 inventory text').fill(await sample('esx02-lsusb.txt'));
  await esx01.getByRole('button', { name: 'Read inventory into esx01' }).click();
  const p1 = esx01.getByRole('region', { name: 'What the inventory does to esx01' });
  await expect(p1.getByRole('list', { name: 'Keeps on esx01' })).toContainText('Keeps vmnic0 (PCI 8086:125c');
  await expect(p1.getByRole('list', { name: 'Adds to esx01' })).toContainText('Adds vusb0 (USB 0bda:8156');
  await expect(p1.getByRole('list', { name: 'Removes from esx01' })).toHaveCount(0);
  // replacing is an explicit, separate choice with its own preview
  await p1.getByRole('button', { name: 'Replace instead…' }).click();
  await expect(p1.getByRole('list', { name: 'Removes from esx01' })).toContainText('Removes vmnic0');
  await shot('hw-03-inventory-preview');
  await p1.getByRole('button', { name: 'Cancel' }).click();
  await expect(esx01.getByRole('row', { name: /vusb0/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Apply actions and save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved. Actions for 2 host(s)' })).toBeVisible();
  const yaml = await readFile(join(app.dataDir, 'workspace', 'sites', 'hw-store', 'site.yaml'), 'utf8');
  expect(yaml).toContain('cpuUniformityHardCheckPanic=FALSE');
  expect(yaml).toContain('usbNicFling: ESXi803-VMKUSB-NIC-FLING-93415869-component.zip');
  expect(yaml).toContain('vusb0_mac=00:e0:4c:68:15:6a');
  expect(yaml).toContain('serial: UB8A21060213');
  await shot('hw-02-saved');
});

test('imports an updated list only with a matching checksum and then shows its version', async ({ page, app }) => {
  const list = JSON.parse(await readFile(COMPAT_LIST_PATH, 'utf8'));
  list.listVersion = '2030.1.1';
  const text = JSON.stringify(list, null, 2) + '\n';
  const listFile = join(app.dataDir, 'compat-list.json');
  const goodSum = join(app.dataDir, 'good.sha256');
  const badSum = join(app.dataDir, 'bad.sha256');
  await writeFile(listFile, text);
  await writeFile(goodSum, `${createHash('sha256').update(text).digest('hex')}  compat-list.json\n`);
  await writeFile(badSum, `${'0'.repeat(64)}  compat-list.json\n`);

  await page.goto(app.server.openUrl);
  await createSite(page, { name: 'List Site' });
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Hardware/ }).click();
  await expect(page.getByTestId('list-version')).toContainText('2026.11.1');
  await page.getByText('Import an updated compatibility list').click();
  await page.getByLabel('List file (.json)').setInputFiles(listFile);
  await page.getByLabel('Checksum file (.sha256)').setInputFiles(badSum);
  await page.getByRole('button', { name: 'Import list' }).click();
  await expect(page.getByRole('alert')).toContainText('does not match its checksum');
  await expect(page.getByTestId('list-version')).toContainText('2026.11.1');

  await page.getByLabel('Checksum file (.sha256)').setInputFiles(goodSum);
  await page.getByRole('button', { name: 'Import list' }).click();
  await expect(page.getByTestId('list-version')).toContainText('Compatibility list 2030.1.1');
  await expect(page.getByTestId('list-version')).toContainText('imported');
});

test('an inventory of another box stands out with both values; merging keeps the host\'s serial, replacing takes the other box (issue 24 item 6)', async ({ page, app, shot }) => {
  await page.goto(app.server.openUrl);
  await createSite(page, { name: 'Box Store' });
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Hardware/ }).click();
  const esx01 = page.getByRole('group', { name: /esx01/ });
  await esx01.getByText('Read an inventory for esx01').click();
  const read = async (file: string) => {
    await esx01.getByLabel('esx01 inventory text').fill(await sample(file));
    await esx01.getByRole('button', { name: 'Read inventory into esx01' }).click();
  };
  const preview = esx01.getByRole('region', { name: 'What the inventory does to esx01' });
  const notice = esx01.getByRole('alert', { name: 'Another box than esx01' });
  // the box's own dmidecode: no warning
  await read('esx01-dmidecode.txt');
  await expect(preview.getByRole('list', { name: 'Adds to esx01' })).toContainText('Sets the serial number to G6AN3120045Q.');
  await expect(notice).toHaveCount(0);
  await preview.getByRole('button', { name: 'Apply to esx01' }).click();

  // another machine's dmidecode: both serials and both products, in view before anything is applied
  await read('esx02-dmidecode.txt');
  await expect(notice).toContainText('UB8A21060213 in the inventory, G6AN3120045Q on esx01');
  await expect(notice).toContainText('UDOO BOLT V8 in the inventory, NUC13ANHi7 on esx01');
  await expect(notice).toContainText('If esx01\'s box was swapped, choose "Replace instead…"');
  await expect(preview.getByRole('list', { name: 'Keeps on esx01' })).toContainText('Keeps the serial number G6AN3120045Q: the inventory is of another box (serial number UB8A21060213).');
  await notice.scrollIntoViewIfNeeded();
  await shot('hw-04-other-box');
  await expectAccessible(page);
  await preview.getByRole('button', { name: 'Apply to esx01' }).click();
  const saveAndRead = async () => {
    await page.getByRole('button', { name: 'Apply actions and save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    return readFile(join(app.dataDir, 'workspace', 'sites', 'box-store', 'site.yaml'), 'utf8');
  };
  expect(await saveAndRead()).toContain('serial: G6AN3120045Q');

  // replacing is the explicit way to take the other box
  await read('esx02-dmidecode.txt');
  await preview.getByRole('button', { name: 'Replace instead…' }).click();
  await expect(notice).toContainText('Replacing takes the other box\'s serial number and product name');
  await expect(preview.getByRole('list', { name: 'Changes on esx01' })).toContainText('Another box: changes the serial number from G6AN3120045Q to UB8A21060213.');
  await preview.getByRole('button', { name: 'Replace the NICs of esx01' }).click();
  expect(await saveAndRead()).toContain('serial: UB8A21060213');
});
