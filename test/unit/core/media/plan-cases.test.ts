/**
 * The media plan case by case: which host gets the stick, what the manifest on the stick says (identifiers from
 * the random bytes, the partition type per scheme, where each file comes from), which files are copied from the
 * ISO and which Sitekit writes, the free space, and the findings and warnings in the words the technician reads.
 */
import { describe, expect, it } from 'vitest';
import { FAT_SECTOR } from '../../../../main/core/media/fat32';
import { describeMediaFinding } from '../../../../main/core/media/findings';
import { imageSegments } from '../../../../main/core/media/image-layout';
import { planMedia, planView, type MediaPlanInput } from '../../../../main/core/media/plan';
import { HASH, planFor, siteWith } from '../../../helpers/media-site';

const CFG = 'kernel=/b.b00\nkernelopt=cdromBoot runweasel\nmodules=/s.v00 --- /imgpayld.tgz\nbuild=8.0.3-0.35.24280767\n';
const ZERO = '0'.repeat(64);
/** An installer listed out of offset order (the plan copies in ISO order, so reads are sequential). */
const FILES = [
  { path: '/S.V00', size: 30_000, offset: 600 * 2048 },
  { path: '/BOOT.CFG', size: CFG.length, offset: 200 * 2048 },
  { path: '/EFI/BOOT/BOOTX64.EFI', size: 60_000, offset: 300 * 2048 },
  { path: '/EFI/BOOT/BOOT.CFG', size: CFG.length, offset: 250 * 2048 },
  { path: '/B.B00', size: 40_000, offset: 400 * 2048 },
  { path: '/IMGPAYLD.TGZ', size: 2_000, offset: 700 * 2048 },
];
const site = siteWith();
/** Random bytes 1, 2, 3 … 40: every identifier shows which bytes it came from and in which order. */
const RANDOM = Uint8Array.from({ length: 40 }, (_, i) => i + 1);

const input = (over: Partial<MediaPlanInput> = {}): MediaPlanInput => ({
  site,
  plan: planFor(over.site ?? site),
  hosts: { kind: 'one', host: 'esx01' },
  iso: { name: 'ESXi.iso', size: 1_000_000, files: FILES, bootCfg: { bios: CFG, uefi: CFG } },
  passwordHash: HASH,
  scheme: 'mbr',
  createdAt: '2026-11-25T06:00:00.000Z',
  random: RANDOM,
  versions: { sitekit: '0.1.0', compatList: '2026.11' },
  freeBytes: 0,
  ...over,
});

function planned(over: Partial<MediaPlanInput> = {}) {
  const r = planMedia(input(over));
  if (!r.ok) throw new Error(JSON.stringify(r.findings));
  return r.plan;
}

function refused(over: Partial<MediaPlanInput> = {}): string[] {
  const r = planMedia(input(over));
  if (r.ok) throw new Error('planned');
  return r.findings.map(describeMediaFinding);
}

const NETWORK_ESX01 = 'network --bootproto=static --device=00:1b:21:aa:bb:01 --ip=192.168.10.11 --netmask=255.255.255.0 --gateway=192.168.10.1 --nameserver=192.168.10.2,192.168.10.3 --hostname=esx01.store0421.example.com --vlanid=10';

describe('the manifest on the stick', () => {
  it('says what the stick is: who made it, for which site and host, from which ISO, with which partition, volume and files', () => {
    const p = planned({ siteCommit: 'a'.repeat(40), isoPublishedMatch: true, sampleIso: true, reportHtml: '<p>r</p>', carried: [{ host: 'esx01', kernelOptions: ['cpuUniformityHardCheckPanic=FALSE'], drivers: [], driverOverride: false }] });
    const file = (path: string, size: number, source: string) => ({ path, size, sha256: ZERO, source });
    expect(p.manifest).toEqual({
      format: 'sitekit-stick-manifest',
      version: 1,
      createdAt: '2026-11-25T06:00:00.000Z',
      sitekit: { version: '0.1.0', compatListVersion: '2026.11' },
      site: { id: 'store-0421', name: 'Store 0421 Leeds', commit: 'a'.repeat(40) },
      multiHost: false,
      hosts: [{ name: 'esx01', mac: '00:1b:21:aa:bb:01', network: NETWORK_ESX01, install: 'install --firstdisk=local --overwritevmfs' }],
      iso: { name: 'ESXi.iso', size: 1_000_000, sha256: ZERO, build: '8.0.3-0.35.24280767', publishedMatch: true },
      partition: { scheme: 'mbr', startLba: 2048, sectors: 69632, mbrType: 0x0c, diskId: '04030201' },
      volume: { label: 'ESXI-EDGE', volumeId: '08070605', clusterBytes: 512 },
      files: [
        file('/EFI/BOOT/BOOTX64.EFI', 60_000, 'iso'),
        file('/B.B00', 40_000, 'iso'),
        file('/S.V00', 30_000, 'iso'),
        file('/IMGPAYLD.TGZ', 2_000, 'iso'),
        file('/BOOT.CFG', 142, 'edited'),
        file('/EFI/BOOT/BOOT.CFG', 142, 'edited'),
        file('/KS.CFG', p.kickstart.length, 'generated'),
      ],
      image: { size: p.imageBytes, sha256ManifestZeroed: ZERO, manifestOffset: p.manifest.image.manifestOffset, manifestSize: p.manifestSize },
      carried: [{ host: 'esx01', kernelOptions: ['cpuUniformityHardCheckPanic=FALSE'], drivers: [], driverOverride: false }],
      sampleIso: true,
      reportHtml: '<p>r</p>',
    });
    expect(p.imageBytes).toBe(36_700_160);
  });

  it('leaves out what it does not know: no compatibility list version, commit, build, published match, carried drivers, sample flag or report', () => {
    const p = planned({ versions: { sitekit: '0.1.0' }, iso: { name: 'x.iso', size: 1, files: FILES, bootCfg: { bios: CFG.replace(/build=.*\n/, ''), uefi: CFG } } });
    expect(p.manifest.sitekit).toEqual({ version: '0.1.0' });
    expect(p.manifest.site).toEqual({ id: 'store-0421', name: 'Store 0421 Leeds' });
    expect(p.manifest.iso).toEqual({ name: 'x.iso', size: 1, sha256: ZERO });
    expect(Object.keys(p.manifest)).toEqual(['format', 'version', 'createdAt', 'sitekit', 'site', 'multiHost', 'hosts', 'iso', 'partition', 'volume', 'files', 'image']);
  });

  it('the partition type and disk id per scheme: FAT32 LBA and EFI System with the little-endian signature, GPT with the disk GUID', () => {
    expect(planned({ scheme: 'mbr-ef' }).manifest.partition).toEqual({ scheme: 'mbr-ef', startLba: 2048, sectors: 69632, mbrType: 0xef, diskId: '04030201' });
    expect(planned({ scheme: 'gpt' }).manifest.partition).toEqual({ scheme: 'gpt', startLba: 2048, sectors: 69632, mbrType: 0xee, diskId: '0C0B0A09-0E0D-400F-9112-131415161718' });
    const p = planned();
    expect([p.diskSignature, p.fat.volumeId]).toEqual([0x04030201, 0x08070605]);
  });

  it('its offset is where the image puts the manifest file, and its size is fixed before the hashes are known', () => {
    for (const scheme of ['mbr', 'gpt'] as const) {
      const p = planned({ scheme });
      const seg = imageSegments(p).find((s) => s.kind === 'file' && s.file === p.manifestIndex)!;
      expect(p.manifest.image.manifestOffset).toBe(seg.offset);
      expect(p.files[p.manifestIndex]).toEqual({ path: '/SITEKIT/MANIFEST.JSON', size: p.manifestSize, source: { kind: 'manifest' } });
      expect(p.manifestIndex).toBe(p.files.length - 1);
    }
  });
});

describe('which files go on the stick, from where', () => {
  it('ISO files in ISO order, then the two edited BOOT.CFGs, then KS.CFG and the manifest', () => {
    const p = planned();
    expect(p.files.map((f) => [f.path, f.size, f.source.kind === 'iso' ? f.source.offset : f.source.kind === 'bytes' ? f.source.why : 'manifest'])).toEqual([
      ['/EFI/BOOT/BOOTX64.EFI', 60_000, 300 * 2048],
      ['/B.B00', 40_000, 400 * 2048],
      ['/S.V00', 30_000, 600 * 2048],
      ['/IMGPAYLD.TGZ', 2_000, 700 * 2048],
      ['/BOOT.CFG', 142, 'edited'],
      ['/EFI/BOOT/BOOT.CFG', 142, 'edited'],
      ['/KS.CFG', p.kickstart.length, 'generated'],
      ['/SITEKIT/MANIFEST.JSON', p.manifestSize, 'manifest'],
    ]);
    const ks = p.files[6]!.source as { data: Uint8Array };
    expect(new TextDecoder().decode(ks.data)).toBe(p.kickstart);
    const bios = p.files[4]!.source as { data: Uint8Array };
    expect(new TextDecoder().decode(bios.data)).toBe(CFG.replace('kernelopt=cdromBoot runweasel', 'kernelopt=runweasel ks=usb:/KS.CFG cpuUniformityHardCheckPanic=FALSE'));
  });

  it("an ISO's own KS.CFG and a manifest from an older stick are not copied; the edited configs keep the ISO's spelling", () => {
    const files = [
      ...FILES.filter((f) => !f.path.endsWith('BOOT.CFG')),
      { path: '/boot.cfg', size: CFG.length, offset: 200 * 2048 },
      { path: '/efi/boot/boot.cfg', size: CFG.length, offset: 250 * 2048 },
      { path: '/ks.cfg', size: 10, offset: 800 * 2048 },
      { path: '/sitekit/manifest.json', size: 10, offset: 900 * 2048 },
    ];
    const p = planned({ iso: { name: 'x.iso', size: 1, files, bootCfg: { bios: CFG, uefi: CFG } } });
    expect(p.files.map((f) => f.path)).toEqual(['/EFI/BOOT/BOOTX64.EFI', '/B.B00', '/S.V00', '/IMGPAYLD.TGZ', '/boot.cfg', '/efi/boot/boot.cfg', '/KS.CFG', '/SITEKIT/MANIFEST.JSON']);
  });

  it('every file carries the build time (UTC) in its directory entry; a time that cannot be read becomes 2026-01-01 00:00', () => {
    // FAT date: year-1980 << 9 | month << 5 | day; time: hour << 11 | minute << 5 | second / 2 (bytes 22–25 of the entry).
    const entryOf = (createdAt: string) => {
      const p = planned({ createdAt });
      const root = p.fat.dirs[0]!.bytes;
      const name = new TextEncoder().encode('KS      CFG');
      for (let o = 0; o < root.length; o += 32) if (name.every((b, i) => root[o + i] === b)) return new DataView(root.buffer, root.byteOffset + o, 32);
      throw new Error('no KS.CFG entry');
    };
    const e = entryOf('2026-11-25T06:30:10.000Z');
    expect([e.getUint16(24, true), e.getUint16(22, true)]).toEqual([((2026 - 1980) << 9) | (11 << 5) | 25, (6 << 11) | (30 << 5) | 5]);
    const f = entryOf('not a time');
    expect([f.getUint16(24, true), f.getUint16(22, true)]).toEqual([((2026 - 1980) << 9) | (1 << 5) | 1, 0]);
  });

  it("the ISO's own kickstart is merged into KS.CFG", () => {
    const p = planned({ iso: { name: 'x.iso', size: 1, files: FILES, bootCfg: { bios: CFG, uefi: CFG }, kickstart: { path: '/KS_ECS.CFG', text: 'keyboard German\n' } } });
    expect(p.kickstart.endsWith("reboot\n\n# From the ISO's own kickstart (/KS_ECS.CFG), merged by Sitekit:\nkeyboard German\n")).toBe(true);
  });
});

describe('free space', () => {
  it('by default 64 MiB plus 2 % of the content, rounded up to the next 1 MiB of the volume', () => {
    const big = FILES.map((f) => (f.path === '/S.V00' ? { ...f, size: 150_000_000 } : f));
    const { freeBytes: _, ...noFree } = input({ iso: { name: 'x.iso', size: 1, files: big, bootCfg: { bios: CFG, uefi: CFG } } });
    const r = planMedia(noFree);
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    const content = r.plan.files.reduce((a, f) => a + f.size, 0);
    const want = 64 * 2 ** 20 + Math.ceil(content * 0.02);
    const free = (r.plan.fat.clusterCount - r.plan.fat.usedClusters) * r.plan.fat.sectorsPerCluster * FAT_SECTOR;
    expect(free).toBeGreaterThanOrEqual(want);
    expect(free).toBeLessThan(want + 2 ** 20);
  });
});

describe('which hosts', () => {
  it('all hosts of a one-node site is one host: no several-host stick', () => {
    const one = siteWith((s) => {
      s.spec.topology = 'one-node';
      (s.spec.hosts as unknown[]).splice(1);
    });
    const p = planned({ site: one, hosts: { kind: 'all' } });
    expect([p.multiHost, p.manifest.multiHost, p.hosts.map((h) => h.host)]).toEqual([false, false, ['esx01']]);
    expect(p.kickstart).not.toContain('%pre');
    // No host named on a one-node site: its only host.
    expect(planned({ site: one, hosts: { kind: 'one' } }).hosts.map((h) => h.host)).toEqual(['esx01']);
  });

  it('a host named in another case is found; its stick is for that host alone', () => {
    const p = planned({ hosts: { kind: 'one', host: 'ESX02' } });
    expect([p.multiHost, p.hosts.map((h) => h.host)]).toEqual([false, ['esx02']]);
    // esx02 has no kernel options, and esx01's are not borrowed.
    expect(p.bootCfgEdits.map((e) => e.after)).toEqual(['runweasel ks=usb:/KS.CFG', 'runweasel ks=usb:/KS.CFG']);
    expect(p.warnings).toEqual([]);
  });

  it('a two-node site needs a choice; an unknown host is named with the hosts there are', () => {
    expect(refused({ hosts: { kind: 'one' } })).toEqual(['The site has 2 hosts: choose one with --host NAME, or put all of them on one stick with --all-hosts.']);
    expect(refused({ hosts: { kind: 'one', host: 'esx09' } })).toEqual(['The site has no host called "esx09" (hosts: esx01, esx02).']);
  });

  it('all hosts with kernel options: BOOT.CFG is shared, so the warning names the options every host gets', () => {
    const p = planned({ hosts: { kind: 'all' } });
    expect(p.warnings.map(describeMediaFinding)).toEqual(['Kernel options cpuUniformityHardCheckPanic=FALSE are added for every host on this stick (BOOT.CFG is shared).']);
    const none = siteWith((s) => ((s.spec.hosts as { hardware: object }[])[0]!.hardware = { nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3', mac: '00:1b:21:aa:bb:01' }] }));
    expect(planned({ site: none, hosts: { kind: 'all' } }).warnings).toEqual([]);
  });
});

describe('findings and warnings in words', () => {
  it("an ISO that already asked for a kickstart: both configs say what was replaced", () => {
    const cfg = CFG.replace('cdromBoot runweasel', 'cdromBoot runweasel ks=cdrom:/KS_CUST.CFG');
    const p = planned({ iso: { name: 'x.iso', size: 1, files: FILES, bootCfg: { bios: cfg, uefi: cfg } } });
    expect(p.warnings.map(describeMediaFinding)).toEqual([
      '/BOOT.CFG already asked for a kickstart (ks=cdrom:/KS_CUST.CFG); Sitekit replaced it with ks=usb:/KS.CFG.',
      '/EFI/BOOT/BOOT.CFG already asked for a kickstart (ks=cdrom:/KS_CUST.CFG); Sitekit replaced it with ks=usb:/KS.CFG.',
    ]);
  });

  it('a missing installer file and a bad password hash are reported together', () => {
    expect(refused({ passwordHash: 'plain', iso: { name: 'x.iso', size: 1, files: FILES.filter((f) => f.path !== '/B.B00'), bootCfg: { bios: CFG, uefi: CFG } } })).toEqual([
      'The ISO has no /b.b00, which the stick needs (listed in /BOOT.CFG).',
      'The root password hash is not a $6$ SHA-512 crypt without rounds=, which is the only kind ESXi accepts here.',
    ]);
  });

  it('a file FAT32 cannot hold', () => {
    const files = [...FILES, { path: '/BIG.ISO', size: 2 ** 32, offset: 1000 * 2048 }];
    expect(refused({ iso: { name: 'x.iso', size: 1, files, bootCfg: { bios: CFG, uefi: CFG } } })).toEqual(['/BIG.ISO is 4294967296 bytes, larger than FAT32 can hold in one file (4 GiB - 1).']);
  });

  it('a target exactly the size of the image is enough; one byte less is not', () => {
    const size = planned().imageBytes;
    expect(planned({ targetBytes: size }).imageBytes).toBe(size);
    expect(refused({ targetBytes: size - 1 })).toEqual([`The image needs ${size} bytes but the target holds only ${size - 1} bytes.`]);
  });

  it('folders count with every parent: exactly the limit is planned, one more is refused with the counts', () => {
    // /A plus /A/B0 … : the parent counts too. With /EFI and /EFI/BOOT that is 2 + 1 + n folders.
    const nested = (n: number) => [...FILES, ...Array.from({ length: n }, (_, i) => ({ path: `/A/B${i}/F.V00`, size: 1, offset: (2000 + i) * 2048 }))];
    const at = planMedia(input({ iso: { name: 'x.iso', size: 1, files: nested(5000 - 3), bootCfg: { bios: CFG, uefi: CFG } } }));
    expect(at.ok).toBe(true);
    expect(refused({ iso: { name: 'x.iso', size: 1, files: nested(5000 - 2), bootCfg: { bios: CFG, uefi: CFG } } })).toEqual([
      'The ISO holds 5004 files in 5001 folders; Sitekit puts at most 50000 files in 5000 folders on a stick (an ESXi installer has a few hundred files), so this is not an installer it can copy.',
    ]);
  });
});

describe('planView', () => {
  it('is what the plan view shows, without byte arrays', () => {
    const p = planned({ scheme: 'gpt' });
    expect(planView(p)).toEqual({
      scheme: 'gpt',
      imageBytes: p.imageBytes,
      partition: { startLba: 2048, sectors: 69632, mbrType: 0xee },
      clusterBytes: 512,
      fileCount: 8,
      contentBytes: 60_000 + 40_000 + 30_000 + 2_000 + 142 + 142 + p.kickstart.length + p.manifestSize,
      multiHost: false,
      hosts: [{ name: 'esx01', mac: '00:1b:21:aa:bb:01', network: NETWORK_ESX01, install: 'install --firstdisk=local --overwritevmfs' }],
      kickstart: p.kickstart,
      bootCfgEdits: [
        { path: '/BOOT.CFG', before: 'cdromBoot runweasel', after: 'runweasel ks=usb:/KS.CFG cpuUniformityHardCheckPanic=FALSE' },
        { path: '/EFI/BOOT/BOOT.CFG', before: 'cdromBoot runweasel', after: 'runweasel ks=usb:/KS.CFG cpuUniformityHardCheckPanic=FALSE' },
      ],
      warnings: [],
    });
  });

  it('a host without a MAC and a config without kernelopt show no mac and no before', () => {
    const noMac = siteWith((s) => ((s.spec.hosts as { management: object }[])[1]!.management = { ip: '192.168.10.12' }));
    const cfg = CFG.replace(/kernelopt=.*\n/, '');
    const v = planView(planned({ site: noMac, hosts: { kind: 'one', host: 'esx02' }, iso: { name: 'x.iso', size: 1, files: FILES, bootCfg: { bios: cfg, uefi: cfg } } }));
    expect(v.hosts).toEqual([{ name: 'esx02', network: 'network --bootproto=static --ip=192.168.10.12 --netmask=255.255.255.0 --gateway=192.168.10.1 --nameserver=192.168.10.2,192.168.10.3 --hostname=esx02.store0421.example.com', install: 'install --firstdisk=local --overwritevmfs' }]);
    expect(v.bootCfgEdits).toEqual([
      { path: '/BOOT.CFG', after: 'ks=usb:/KS.CFG' },
      { path: '/EFI/BOOT/BOOT.CFG', after: 'ks=usb:/KS.CFG' },
    ]);
  });
});
