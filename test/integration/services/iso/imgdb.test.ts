/**
 * What the installer carries, read from real ISOs made by xorriso with real gzip'd tar image databases: with the
 * USB NIC Fling, with the inbox vmkusb only, unreadable; and Sitekit's sample ISO. 7-Zip + bsdtar are the oracle
 * that the database really is a gzip'd tar of esximage descriptors. Then the per-host answer for the demo site.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOf } from '../../../helpers/plan';
import { canInstall, describeDriverAnswer } from '../../../../main/core/media/drivers';
import { readInstallerContents } from '../../../../main/services/iso/imgdb';
import { inspectIso } from '../../../../main/services/iso/inspect';
import { withIso } from '../../../../main/services/iso/iso-reader';
import { writeSampleInstallerIso } from '../../../../main/services/iso/sample-iso';
import { ok } from '../../../../main/core/result';
import { INBOX_VIBS, makeEsxiIso, REALTEK_VIB, run, USB_NIC_FLING_9_VIB, USB_NIC_FLING_VIB } from '../../../helpers/esxi-iso';
import { demoSite, shippedList } from '../../../helpers/hardware';
import { tempDir } from '../../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
const iso: Record<string, string> = {};

const contentsOf = async (path: string) => {
  const r = await withIso(path, async (reader) => ok(await readInstallerContents(reader)));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

beforeAll(async () => {
  dir = await tempDir('sitekit-imgdb-');
  const small = { dir: dir.path, moduleBytes: 2 ** 20 };
  iso.inbox = (await makeEsxiIso({ ...small, name: 'inbox.iso' })).path;
  iso.fling = (await makeEsxiIso({ ...small, name: 'fling.iso', variant: 'plain', imageDb: { vibs: [...INBOX_VIBS, USB_NIC_FLING_VIB, REALTEK_VIB], profile: 'ESXi-8.0U3-24280767-usbnic' } })).path;
  iso.garbage = (await makeEsxiIso({ ...small, name: 'garbage.iso', imageDb: 'garbage' })).path;
  iso.noDb = (await makeEsxiIso({ ...small, name: 'nodb.iso', omit: ['IMGDB.TGZ'] })).path;
  iso.sample = join(dir.path, 'sample.iso');
  iso.sampleFling = join(dir.path, 'sample-fling.iso');
  await writeSampleInstallerIso(iso.sample);
  await writeSampleInstallerIso(iso.sampleFling, { withUsbNicFling: true });
}, 120_000);
afterAll(() => dir?.remove());

describe('readInstallerContents on xorriso-made ISOs', () => {
  it('the database is a real gzip-compressed tar of esximage descriptors (7-Zip and bsdtar agree)', async () => {
    const out = join(dir.path, 'x-fling');
    await run('7z', ['x', '-y', `-o${out}`, iso.fling!, 'IMGDB.TGZ']);
    const { stdout } = await run('bsdtar', ['-tzf', join(out, 'IMGDB.TGZ')]);
    expect(stdout).toContain('var/db/esximg/vibs/vmkusb-nic-fling-');
    expect(stdout).toContain('var/db/esximg/profiles/ESXi-8.0U3-24280767-usbnic');
  });

  it('an ISO with the Fling: release, build, profile and the driver VIBs, each payload on BOOT.CFG', async () => {
    const c = await contentsOf(iso.fling!);
    expect(c).toMatchObject({ readable: true, release: '8.0U3', build: '24280767', sample: false, profile: { name: 'ESXi-8.0U3-24280767-usbnic', vendor: 'VMware, Inc.', acceptance: 'partner' } });
    expect(c.vibs.map((v) => v.name)).toEqual(['cndi-igc', 'esx-base', 'if-re', 'ne1000', 'vmkusb', 'vmkusb-nic-fling']);
    expect(c.vibs.find((v) => v.name === 'vmkusb-nic-fling')).toEqual({ name: 'vmkusb-nic-fling', version: '1.14-7vmw.803.0.95.93415869', vendor: 'VMW', acceptance: 'certified', payloads: ['vmkusb-n'], onBootModules: true });
    expect(c.bootModules).toContain('vmkusb_n.v00');
  });

  it('the inbox-only ISO carries vmkusb (the USB host driver) but not vmkusb-nic-fling', async () => {
    const c = await contentsOf(iso.inbox!);
    expect(c.readable).toBe(true);
    expect(c.vibs.map((v) => v.name)).toContain('vmkusb');
    expect(c.vibs.map((v) => v.name)).not.toContain('vmkusb-nic-fling');
  });

  it('an unreadable or missing database is "readable: false" with the reason, never an empty list that looks fine', async () => {
    const g = await contentsOf(iso.garbage!);
    expect(g).toMatchObject({ readable: false, vibs: [], release: '8.0U3' });
    expect(g.reason).toMatch(/IMGDB\.TGZ is not gzip data/);
    const n = await contentsOf(iso.noDb!);
    expect(n).toMatchObject({ readable: false, vibs: [] });
    expect(n.reason).toMatch(/has no IMGDB\.TGZ/);
  });

  it('inspectIso carries the contents (what the Boot media step and the CLI show)', async () => {
    const r = await inspectIso(iso.fling!);
    expect(r.ok && r.value.contents.vibs.length).toBe(6);
    expect(r.ok && r.value.isInstaller).toBe(true);
  });

  it('the sample ISO is recognised as the sample; stock-shaped it lacks the Fling, the custom variant has it', async () => {
    const s = await contentsOf(iso.sample!);
    expect(s).toMatchObject({ readable: true, sample: true, release: '8.0U3' });
    expect(s.build).toBeUndefined(); // build=8.0.3-0.0.00000000 is not a build
    expect(s.vibs.map((v) => v.name)).toEqual(['cndi-igc', 'esx-base', 'esx-update', 'ne1000', 'vmkusb']);
    const f = await contentsOf(iso.sampleFling!);
    expect(f.sample).toBe(true);
    expect(f.vibs.find((v) => v.name === 'vmkusb-nic-fling')?.onBootModules).toBe(true);
    // and the bytes are deterministic: the same sample twice is the same file
    const again = join(dir.path, 'sample-again.iso');
    await writeSampleInstallerIso(again);
    expect(Buffer.compare(await readFile(again), await readFile(iso.sample!))).toBe(0);
  });
});

describe('can this ISO install the demo site?', () => {
  const site = demoSite();
  const list = shippedList();
  /** The answer as the build gets it: the host plan made with the ISO's contents, projected per host. */
  const answersFor = (contents: Awaited<ReturnType<typeof contentsOf>>) => canInstall(planOf(site, { installer: contents }), site, list, contents);

  it('inbox only: esx02 (USB NIC as its only uplink) is a blocking no; esx01 (inbox I226-V) is a yes', async () => {
    const a = answersFor(await contentsOf(iso.inbox!));
    const esx02 = a.find((x) => x.host === 'esx02')!;
    expect(esx02).toMatchObject({ answer: 'no', blocking: true, sample: false });
    expect(esx02.needs).toEqual([
      // the onboard RTL8111 is marked unused: listed, never blocking
      expect.objectContaining({ nic: 'vmnic0', vib: 'if-re', role: 'other', present: false, component: 'VMware-Re-Driver_1.101.01-5vmw.800.1.0.20613240.zip' }),
      expect.objectContaining({ nic: 'vusb0', vib: 'vmkusb-nic-fling', role: 'management', onlyUplink: true, present: false, component: 'ESXi803-VMKUSB-NIC-FLING-93415869-component.zip' }),
    ]);
    expect(describeDriverAnswer(esx02)).toBe('esx02: no — vusb0 (Realtek RTL8156/8156B, its install NIC and only uplink) needs vmkusb-nic-fling, which this ISO does not carry');
    expect(a.find((x) => x.host === 'esx01')).toMatchObject({ answer: 'yes', blocking: false, needs: [] });
  });

  it('with the Fling: both yes', async () => {
    const a = answersFor(await contentsOf(iso.fling!));
    expect(a.map((x) => [x.host, x.answer, x.blocking])).toEqual([
      ['esx01', 'yes', false],
      ['esx02', 'yes', false],
    ]);
    expect(describeDriverAnswer(a[1]!)).toBe('esx02: yes — vusb0 (Realtek RTL8156/8156B, its install NIC and only uplink) needs vmkusb-nic-fling; this ISO carries vmkusb-nic-fling 1.14-7vmw.803.0.95.93415869');
  });

  it('unreadable database: esx02 is unknown and still blocking; esx01 is unknown, not yes', async () => {
    const a = answersFor(await contentsOf(iso.garbage!));
    expect(a.map((x) => [x.host, x.answer, x.blocking])).toEqual([
      ['esx01', 'unknown', false],
      ['esx02', 'unknown', true],
    ]);
    expect(a[1]!.needs[0]!.present).toBeNull();
    expect(describeDriverAnswer(a[1]!)).toMatch(/^esx02: unknown — IMGDB\.TGZ is not gzip data .*; vusb0 \(Realtek RTL8156\/8156B, its install NIC and only uplink\) needs vmkusb-nic-fling$/);
  });

  it('the stock-shaped sample ISO refuses esx02 and says it is the sample', async () => {
    const a = answersFor(await contentsOf(iso.sample!));
    const esx02 = a.find((x) => x.host === 'esx02')!;
    expect(esx02).toMatchObject({ answer: 'no', blocking: true, sample: true });
    expect(describeDriverAnswer(esx02)).toMatch(/\(Sitekit SAMPLE ISO: a demonstration, not a real installer\)$/);
  });
});

describe('ESXi 9 installers (issue 24 item 12)', () => {
  /** A 9.0.1 installer's database, cut down: its base and inbox USB host driver, and the 9.0 Fling (vzstd payload). */
  const NINE_VIBS = [
    { name: 'esx-base', version: '9.0.1-0.0.24957456', payloads: [{ name: 'b', type: 'boot' }, { name: 'k', type: 'boot' }, { name: 's', type: 'vzstd' }] },
    { name: 'vmkusb', version: '0.1-28vmw.901.0.0.24957456', payloads: [{ name: 'vmkusb', type: 'vzstd' }] },
    USB_NIC_FLING_9_VIB,
  ];
  const nineIso = (name: string, unlisted?: readonly string[]) =>
    makeEsxiIso({ dir: dir.path, name, moduleBytes: 2 ** 20, variant: 'plain', bootBuild: '9.0.1-0.0.24957456', imageDb: { vibs: NINE_VIBS, profile: 'ESXi-9.0.1-0.24957456-standard' }, ...(unlisted ? { unlisted } : {}) });
  const site = demoSite({ release: '9.0' });
  const list = shippedList();

  it('9.0.1 is release 9.0 (not "9.0U1"), from BOOT.CFG and from its profile name; the vzstd Fling is checked against the boot line', async () => {
    const c = await contentsOf((await nineIso('esxi-901.iso')).path);
    expect(c).toMatchObject({ readable: true, release: '9.0', build: '24957456', profile: { name: 'ESXi-9.0.1-0.24957456-standard' } });
    expect(c.vibs.find((v) => v.name === 'vmkusb-nic-fling')).toEqual({ name: 'vmkusb-nic-fling', version: '1.15-1vmw.900.0.84947163', vendor: 'VMW', acceptance: 'certified', payloads: ['vmkusb-n'], onBootModules: true });
    const a = canInstall(planOf(site, { installer: c }), site, list, c);
    // the site is 9.0 and so is the ISO: no release note; esx02's USB uplink is carried
    expect(a.map((x) => [x.host, x.answer, x.releaseMismatch])).toEqual([
      ['esx01', 'yes', undefined],
      ['esx02', 'yes', undefined],
    ]);
  });

  it('a 9.x ISO whose vzstd Fling module is not on BOOT.CFG does not count as carrying the Fling', async () => {
    const c = await contentsOf((await nineIso('esxi-901-unloaded.iso', ['VMKUSB_N.V00'])).path);
    expect(c.vibs.find((v) => v.name === 'vmkusb-nic-fling')?.onBootModules).toBe(false);
    const esx02 = canInstall(planOf(site, { installer: c }), site, list, c).find((x) => x.host === 'esx02')!;
    expect(esx02).toMatchObject({ answer: 'no', blocking: true });
  });

  it('reads the 9.x profile names (a dot before the build in 9.0.1)', async () => {
    const { releaseAndBuild } = await import('../../../../main/services/iso/imgdb');
    expect(releaseAndBuild(undefined, 'ESXi-9.0.1-0.24957456-standard')).toEqual({ release: '9.0', build: '24957456' });
    expect(releaseAndBuild(undefined, 'ESXi-9.0.0.0100-24813472-standard')).toEqual({ release: '9.0', build: '24813472' });
    expect(releaseAndBuild('9.0.1-0.0.24957456', undefined)).toEqual({ release: '9.0', build: '24957456' });
  });
});

describe("an ISO that brings its own kickstart (ECS ISOs may): read and merged, never dropped", () => {
  it('ks=cdrom:/ECS_KS.CFG and ks=file:// inside a boot module are read; the planned KS.CFG keeps its lines', async () => {
    const { readIsoContents } = await import('../../../../main/services/iso/inspect');
    const { planImage } = await import('../../../../main/services/media/plan-image');
    const ecsKs = "vmaccepteula\nnetwork --bootproto=dhcp\nkeyboard 'United Kingdom'\n\n%post --interpreter=busybox\necho ecs > /tmp/ecs\n";
    const cd = await makeEsxiIso({ dir: dir.path, name: 'ecs-cd.iso', moduleBytes: 2 ** 20, kernelopt: 'runweasel ecsMode=1 ks=cdrom:/ECS_KS.CFG', extra: { 'ECS_KS.CFG': ecsKs } });
    const r = await withIso(cd.path, (reader) => readIsoContents(reader));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.kickstart).toEqual({ path: '/ECS_KS.CFG', text: ecsKs });
    const planned = await withIso(cd.path, (reader) => planImage(reader, { site: demoSite(), plan: planOf(demoSite()), hosts: { kind: 'one', host: 'esx01' }, passwordHash: '$6$abcdefgh$' + 'a'.repeat(86), versions: { sitekit: '0.0.0' } }));
    if (!planned.ok) throw new Error(planned.error.message);
    expect(planned.value.plan.kickstart).toContain("keyboard 'United Kingdom'");
    expect(planned.value.plan.kickstart).toContain('# replaced by Sitekit: network --bootproto=dhcp');
    expect(planned.value.plan.kickstart).toContain('echo ecs > /tmp/ecs');
    expect(planned.value.plan.bootCfgEdits[0]!.after).toBe('runweasel ecsMode=1 ks=usb:/KS.CFG cpuUniformityHardCheckPanic=FALSE ignoreMsrFaults=TRUE');

    // ks=file:// inside a gzip'd tar module listed on BOOT.CFG
    const tgz = await import('tar-stream').then(async ({ pack }) => {
      const p = pack();
      p.entry({ name: 'etc/vmware/weasel/ks.cfg' }, ecsKs);
      p.finalize();
      const chunks: Buffer[] = [];
      for await (const c of p as AsyncIterable<Buffer>) chunks.push(c);
      const { gzipSync } = await import('node:zlib');
      return gzipSync(Buffer.concat(chunks));
    });
    const fileIso = await makeEsxiIso({ dir: dir.path, name: 'ecs-file.iso', moduleBytes: 2 ** 20, kernelopt: 'runweasel ks=file://etc/vmware/weasel/ks.cfg', extraModules: { 'EDGEKS.TGZ': tgz } });
    const f = await withIso(fileIso.path, (reader) => readIsoContents(reader));
    if (!f.ok) throw new Error(f.error.message);
    expect(f.value.kickstartNote).toBeUndefined();
    expect(f.value.kickstart).toEqual({ path: '/etc/vmware/weasel/ks.cfg', text: ecsKs });
    // a kickstart only reachable over the network is not merged, and says so
    const url = await makeEsxiIso({ dir: dir.path, name: 'ecs-url.iso', moduleBytes: 2 ** 20, kernelopt: 'runweasel ks=http://10.0.0.1/ks.cfg' });
    const u = await withIso(url.path, (reader) => readIsoContents(reader));
    expect(u.ok && u.value.kickstartNote).toMatch(/cannot read it offline/);
  });
});

describe('the descriptor reader', () => {
  it('takes the top-level fields of a real-shaped VIB descriptor, not nested ones, and refuses malformed XML', async () => {
    const { parseFlatXml, releaseAndBuild } = await import('../../../../main/services/iso/imgdb');
    const x = parseFlatXml(`<?xml version="1.0" encoding="utf-8"?>
<vib version="5.0"><type>bootbank</type><name>vmkusb-nic-fling</name><version>1.14-7vmw.803.0.95.93415869</version><vendor>VMW</vendor>
<summary><![CDATA[USB Native Driver Fling & co]]></summary>
<relationships><depends><constraint name="vmkapi_2_13_0_0"/></depends><provides><provide name="vmkusb_nic_fling"/></provides></relationships>
<software-tags><tag>driver</tag></software-tags><acceptance-level>certified</acceptance-level>
<payloads><payload name="vmkusb-n" type="vgz" size="123"><checksum checksum-type="sha-256">ab</checksum></payload></payloads></vib>`);
    expect(x.root).toBe('vib');
    expect(x.fields.get('name')).toBe('vmkusb-nic-fling');
    expect(x.fields.get('summary')).toBe('USB Native Driver Fling & co');
    expect(x.fields.get('acceptance-level')).toBe('certified');
    expect(x.payloads).toEqual([{ name: 'vmkusb-n', type: 'vgz' }]);
    expect(() => parseFlatXml('<vib><name>x</vib>')).toThrow();
    expect(releaseAndBuild('8.0.3-0.35.24280767', undefined)).toEqual({ release: '8.0U3', build: '24280767' });
    expect(releaseAndBuild(undefined, 'ESXi-8.0U3e-24674464-standard')).toEqual({ release: '8.0U3', build: '24674464' });
    expect(releaseAndBuild(undefined, 'ESXi-8.0-20513097-standard')).toEqual({ release: '8.0', build: '20513097' });
  });
});
