/**
 * The whole wizard in one go, as a technician does it (issue 11): from an empty workspace, create a
 * two-node site, check the hardware (a catalogue pick and a pasted inventory) and apply its actions, set a
 * VLAN port group, a VM and the worker node, follow a Review finding to the step that fixes it, build and
 * write a boot stick to an image file (verified), connect to a real git http-backend server, commit and
 * push, and export the report. The results are then checked with real tools: git on the server's bare
 * repo, fsck.vfat/mtools on the image, pdftotext on the PDF. Every step is screenshotted and run through axe.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, createSite, expectAccessible } from './fixtures';
import { startGitServer, gitCli, type GitServer } from '../helpers/git-server';
import { SAMPLES_DIR } from '../helpers/hardware';
import { extractRange, fsckVfat, sfdiskJson, MTOOLS_ENV } from '../helpers/stick-tools';
import { tempDir } from '../helpers/temp';
import { writeSampleInstallerIso } from '../../main/services/iso/sample-iso';

// The local git server is plain http:// on 127.0.0.1: allowed only explicitly (core/git/remote-rule.ts).
test.use({ loopbackHttp: true });

type TempDir = Awaited<ReturnType<typeof tempDir>>;

const sample = (f: string) => readFile(join(SAMPLES_DIR, f), 'utf8');
const nav = (page: Page, name: RegExp) => page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name });

let server: GitServer;
let work: TempDir;
test.beforeEach(async () => {
  server = await startGitServer({ auth: { username: 'tech', password: 'field-Pa55' } });
  await server.createRepo('fleet');
  work = await tempDir('sitekit-e2e-full-');
});
test.afterEach(async () => {
  await server.close();
  await work.remove();
});

test('walks the whole wizard from an empty workspace to a pushed commit, a written stick and a report', async ({ page, app, shot }) => {
  test.setTimeout(240_000);
  const iso = join(work.path, 'VMware-VMvisor-Installer-sample.iso');
  expect((await writeSampleInstallerIso(iso)).ok).toBe(true);
  const img = join(work.path, 'esx01-stick.img');
  const reportDir = join(work.path, 'report');

  try {
    await page.goto(app.server.openUrl);
    await expect(page.getByText('No sites yet')).toBeVisible();

    // Settings: who is doing the work (goes into the commit and the report).
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Technician name').fill('Field Tech');
    await page.getByLabel('Technician email').fill('tech@example.invalid');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
    await page.getByRole('button', { name: 'Close settings' }).click();

    // 1. Site
    await createSite(page, { name: 'Full Store 9', twoNode: true });
    await expect(page.getByRole('heading', { name: 'Site — Full Store 9' })).toBeVisible();
    await shot('full-01-site');
    await expectAccessible(page);

    // 2. Hardware: esx01 from the catalogue, esx02 from a pasted inventory; apply the actions.
    await page.getByRole('button', { name: 'Next: Hardware' }).click();
    await expect(page.getByRole('heading', { name: 'Hardware — Full Store 9' })).toBeVisible();
    const esx01 = page.getByRole('group', { name: /esx01/ });
    await esx01.getByLabel('esx01 model search').fill('NUC 13');
    await esx01.getByLabel('esx01 model', { exact: true }).selectOption('intel-nuc13anh');
    await esx01.getByLabel('esx01 RAM (GiB)').fill('64');
    await esx01.getByLabel('esx01 boot disk (GB)').fill('512');
    await expect(esx01.getByRole('row', { name: /vmnic0/ })).toContainText('8086:125c');
    const esx02 = page.getByRole('group', { name: /esx02/ });
    await esx02.getByText('Read an inventory for esx02').click();
    await esx02.getByLabel('esx02 inventory text').fill([await sample('esx02-lspci.txt'), await sample('esx02-lsusb.txt'), await sample('esx02-dmidecode.txt')].join('\n'));
    await esx02.getByRole('button', { name: 'Read inventory into esx02' }).click();
    await expect(esx02.getByText(/Read .*lspci.*2 NIC\(s\), serial UB8A21060213/)).toBeVisible();
    await esx02.getByRole('button', { name: 'Apply to esx02' }).click();
    await esx02.getByLabel('esx02 vmnic0 role').selectOption('unused');
    await expect(esx02.getByRole('row', { name: /vusb0/ })).toContainText('Supported with actions');
    await shot('full-02-hardware');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Apply actions and save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved. Actions for 2 host(s)' })).toBeVisible();

    // 3. Network & workloads: a VLAN port group, a VM on a network esx01 does not have yet, the worker node.
    await page.getByRole('button', { name: 'Next: Network & workloads' }).click();
    await expect(page.getByRole('heading', { name: 'Network & workloads — Full Store 9' })).toBeVisible();
    await expect(page.getByLabel('esx01 vSwitch0 port group 2 name', { exact: true })).toHaveValue('VM Network');
    await page.getByLabel('esx01 vSwitch0 port group 2 VLAN', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Add VM', exact: true }).click();
    await page.getByLabel('VM 1 name', { exact: true }).fill('pos');
    await page.getByLabel('VM 1 image', { exact: true }).fill('192.168.10.5:8000/pos.ova');
    await page.getByLabel('VM 1 other networks', { exact: true }).fill('Tills');
    await page.getByLabel('VM 1 host', { exact: true }).selectOption('esx01');
    await expect(page.getByLabel('Run the worker node')).toBeChecked();
    await page.getByLabel('Worker vCPUs', { exact: true }).fill('4');
    await page.getByLabel('Worker memory (GiB)', { exact: true }).fill('8');
    await shot('full-03-network');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save network and workloads' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    // 4. Review: the VM's network is missing; follow the finding to Network, add the port group, and it is gone.
    await page.getByRole('button', { name: 'Next: Review' }).click();
    await expect(page.getByRole('heading', { name: 'Review — Full Store 9' })).toBeVisible();
    const findings = page.getByRole('list', { name: 'Lint findings' });
    const missing = findings.getByRole('listitem').filter({ hasText: 'VM "pos" connects to network "Tills"' });
    await expect(missing).toBeVisible();
    await shot('full-04-review-finding');
    await expectAccessible(page);
    await missing.getByRole('button', { name: 'Go to Network & workloads' }).click();
    await expect(page.getByRole('heading', { name: 'Network & workloads — Full Store 9' })).toBeVisible();
    await page.getByRole('button', { name: 'Add port group to vSwitch0' }).first().click();
    await page.getByLabel('esx01 vSwitch0 port group 3 name', { exact: true }).fill('Tills');
    await page.getByLabel('esx01 vSwitch0 port group 3 VLAN', { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Save network and workloads' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await page.getByRole('button', { name: 'Next: Review' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'files generated' })).toBeVisible();
    await expect(findings.getByRole('listitem').filter({ hasText: 'connects to network "Tills"' })).toHaveCount(0);
    await expect(page.getByRole('img', { name: /Network topology of Full Store 9/ })).toHaveAttribute('alt', /Tills VLAN 30/);
    await shot('full-05-review-fixed');
    await expectAccessible(page);

    // 5. Boot media: the sample installer ISO, a password, esx01 to an image file, no stick for esx02.
    await page.getByRole('button', { name: 'Next: Boot media' }).click();
    await expect(page.getByRole('heading', { name: 'Boot media — Full Store 9' })).toBeVisible();
    await page.getByLabel('Installer ISO', { exact: true }).fill(iso);
    await page.getByRole('button', { name: 'Check ISO' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'VMware-VMvisor-Installer-sample.iso' })).toBeVisible();
    await page.getByLabel('Root password', { exact: true }).fill('Vm-ware!2024x');
    await page.getByLabel('Root password again', { exact: true }).fill('Vm-ware!2024x');
    await page.getByLabel('Stick for').selectOption('esx01');
    await page.getByLabel('Write an image file').check();
    await page.getByLabel('Image file', { exact: true }).fill(img);
    // The sample ISO carries no USB NIC driver: building anyway needs the explicit, recorded override.
    const override = page.getByLabel(/I understand that .* will install without a driver/);
    if (await override.count()) await override.check();
    await shot('full-06-media');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Build and write the image file' }).click();
    const run = page.getByTestId('last-run');
    await expect(run.getByRole('status').filter({ hasText: 'Written and verified.' })).toBeVisible({ timeout: 120_000 });
    await expect(run).toContainText(img);
    await page.getByLabel('Stick or image file to audit', { exact: true }).fill(img);
    await page.getByRole('button', { name: 'Audit', exact: true }).click();
    await expect(page.getByTestId('audit-result')).toContainText(/Intact.*site Full Store 9 \(full-store-9\), hosts esx01/s);
    await shot('full-07-media-written');
    await expectAccessible(page);

    // 6. Git: connect to the real server, commit, push ("Next: Git" is the primary action after a write).
    await page.getByRole('button', { name: 'Next: Git' }).click();
    await expect(page.getByRole('heading', { name: 'Git — Full Store 9' })).toBeVisible();
    await page.getByLabel('Repository URL').fill(server.url('fleet'));
    await page.getByLabel('User name', { exact: true }).fill('tech');
    await page.getByLabel('Password', { exact: true }).fill('field-Pa55');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Connected to/ })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Changed files' }).getByText('sites/full-store-9/hosts/esx02/kustomization.yaml', { exact: true })).toBeVisible();
    await shot('full-08-git-preview');
    await expectAccessible(page);
    await page.getByLabel('Why (goes into the commit message)').fill('install day');
    await page.getByRole('button', { name: /^Commit \d+ files$/ }).click();
    await expect(page.getByRole('status').filter({ hasText: /^✓ Committed [0-9a-f]{7}: full-store-9: add esx01, esx02/ })).toBeVisible();
    await page.getByRole('button', { name: 'Push now' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Pushed 1 commit to http:\/\/127\.0\.0\.1:\d+\/fleet\.git \(main\)/ })).toBeVisible();
    await expect(page.getByText('Nothing waiting to push')).toBeVisible();
    await shot('full-09-git-pushed');
    await expectAccessible(page);

    // 7. Report: export PDF, HTML and JSON into a folder.
    await nav(page, /Report/).click();
    await expect(page.getByRole('heading', { name: 'Handover report — Full Store 9' })).toBeVisible();
    await expect(page.frameLocator('iframe[title="Report preview for Full Store 9"]').getByRole('heading', { name: 'Full Store 9', level: 1 })).toBeVisible();
    // The stick written in the app is recorded: no "no stick" item for esx01; esx02 got no stick, so it keeps one.
    await expect(page.getByText('No verified boot stick is recorded for host esx02.')).toBeVisible();
    await expect(page.getByText('No verified boot stick is recorded for host esx01.')).toHaveCount(0);
    await page.getByLabel('Folder', { exact: true }).fill(reportDir);
    await page.getByRole('button', { name: 'Export report' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Exported 3 files.' })).toBeVisible({ timeout: 60_000 });
    await shot('full-10-report');
    await expectAccessible(page); // the sandboxed preview frame hangs axe: see a11y.ts
  } finally {
    app.services.git.dispose();
  }

  // On the server, with the real git CLI.
  const bare = server.repoPath('fleet');
  await gitCli(bare, 'fsck', '--full', '--strict');
  expect(await gitCli(bare, 'log', '--format=%an <%ae>|%s', 'main')).toBe('Field Tech <tech@example.invalid>|full-store-9: add esx01, esx02\n');
  const tree = await gitCli(bare, 'ls-tree', '-r', '--name-only', 'main');
  expect(tree).toContain('sites/full-store-9/hosts/esx01/kustomization.yaml');
  expect(tree).toContain('sites/full-store-9/hosts/esx02/kustomization.yaml');
  const vss = await gitCli(bare, 'show', 'main:sites/full-store-9/hosts/esx01/vswitches.yaml');
  expect(vss).toContain('Tills');

  // On the stick image: a partition table, a clean FAT volume with the kickstart on it.
  const table = await sfdiskJson(img);
  const part = table.partitions[0]!;
  const offset = part.start * 512;
  const partImg = join(work.path, 'part.img');
  await extractRange(img, offset, part.size * 512, partImg);
  const fsck = await fsckVfat(partImg);
  expect(fsck.code, fsck.output).toBe(0);
  const mdir = spawnSync('mdir', ['-i', `${img}@@${offset}`, '-/', '-b', '::/'], { encoding: 'utf8', env: MTOOLS_ENV });
  expect(mdir.status, mdir.stderr).toBe(0);
  expect(mdir.stdout.toUpperCase()).toContain('KS.CFG');

  // The report, read back with pdftotext.
  const files = (await readdir(reportDir)).sort();
  expect(files).toEqual([expect.stringMatching(/^full-store-9-handover-.*\.html$/), expect.stringMatching(/\.json$/), expect.stringMatching(/\.pdf$/)]);
  const text = spawnSync('pdftotext', [join(reportDir, files[2]!), '-'], { encoding: 'utf8' }).stdout;
  expect(text).toContain('Full Store 9');
  expect(text).toContain('esx02');
  const json = JSON.parse(await readFile(join(reportDir, files[1]!), 'utf8'));
  expect(JSON.stringify(json)).toContain('full-store-9');
  // The report lists the stick run with the image's sha256sum (one image hash everywhere).
  const imageSha = spawnSync('sha256sum', [img], { encoding: 'utf8' }).stdout.split(' ')[0];
  expect(json.media.sticks).toContainEqual(expect.objectContaining({ imageSha256: imageSha, verified: true, hosts: ['esx01'] }));
  expect(await readFile(join(reportDir, files[0]!), 'utf8')).toContain(imageSha);
});
