import { describe, expect, it } from 'vitest';
import { imageSegments } from '../../../../main/core/media/image-layout';
import { renderManifest } from '../../../../main/core/media/manifest';
import { MAX_STICK_FILES, MAX_STICK_FOLDERS, planMedia, type MediaPlanInput } from '../../../../main/core/media/plan';
import { describeMediaFinding } from '../../../../main/core/media/findings';
import { HASH, planFor, siteWith } from '../../../helpers/media-site';

const CFG = 'kernel=/b.b00\nkernelopt=cdromBoot runweasel\nmodules=/s.v00 --- /imgpayld.tgz\nbuild=8.0.3-0.35.24280767\n';
let offset = 100 * 2048;
const f = (path: string, size: number) => ({ path, size, offset: (offset += Math.ceil(size / 2048) * 2048 + 2048) });
const FILES = [f('/BOOT.CFG', CFG.length), f('/EFI/BOOT/BOOT.CFG', CFG.length), f('/EFI/BOOT/BOOTX64.EFI', 600_000), f('/B.B00', 4_000_000), f('/S.V00', 30_000_000), f('/IMGPAYLD.TGZ', 2_000_000)];

const input = (over: Partial<MediaPlanInput> = {}): MediaPlanInput => ({
  site: siteWith(),
  plan: planFor(over.site ?? siteWith()),
  hosts: { kind: 'one', host: 'esx01' },
  iso: { name: 'ESXi.iso', size: 40_000_000, files: FILES, bootCfg: { bios: CFG, uefi: CFG } },
  passwordHash: HASH,
  scheme: 'mbr',
  createdAt: '2026-11-25T06:00:00.000Z',
  random: new Uint8Array(40).fill(7),
  versions: { sitekit: '0.1.0', compatList: '2026.11' },
  ...over,
});

describe('planMedia', () => {
  it('plans every ISO file, both edited configs, KS.CFG and the manifest, in a partition at 1 MiB', () => {
    const r = planMedia(input());
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    const p = r.plan;
    expect(p.partition.startLba).toBe(2048);
    expect(p.files.map((x) => x.path).sort()).toEqual(
      ['/B.B00', '/BOOT.CFG', '/EFI/BOOT/BOOT.CFG', '/EFI/BOOT/BOOTX64.EFI', '/IMGPAYLD.TGZ', '/KS.CFG', '/S.V00', '/SITEKIT/MANIFEST.JSON'].sort(),
    );
    expect(p.bootCfgEdits.map((e) => e.after)).toEqual(['runweasel ks=usb:/KS.CFG cpuUniformityHardCheckPanic=FALSE', 'runweasel ks=usb:/KS.CFG cpuUniformityHardCheckPanic=FALSE']);
    expect(p.hosts.map((h) => h.host)).toEqual(['esx01']);
    const iso = p.files.filter((x) => x.source.kind === 'iso').map((x) => (x.source as { offset: number }).offset);
    expect(iso).toEqual([...iso].sort((a, b) => a - b));
  });

  it('keeps every byte of BOOT.CFG outside the kernelopt edit, even non-ASCII ones (read as latin1)', () => {
    const cfg = 'title=Install \u00e9t\u00e9\r\n' + CFG;
    const r = planMedia(input({ iso: { name: 'x.iso', size: 1, files: FILES, bootCfg: { bios: cfg, uefi: CFG } } }));
    if (!r.ok) throw new Error('plan failed');
    const bios = r.plan.files.find((x) => x.path === '/BOOT.CFG')!.source as { data: Uint8Array };
    expect(Array.from(bios.data.subarray(0, 18))).toEqual([...Array.from('title=Install ', (c) => c.charCodeAt(0)), 0xe9, 0x74, 0xe9, 0x0d]);
  });

  it('lays the image out as touching segments ending at the image size', () => {
    for (const scheme of ['mbr', 'mbr-ef', 'gpt'] as const) {
      const r = planMedia(input({ scheme }));
      if (!r.ok) throw new Error('plan failed');
      const segs = imageSegments(r.plan);
      let pos = 0;
      for (const s of segs) {
        expect(s.offset).toBe(pos);
        pos += s.kind === 'bytes' ? s.data.length : s.length;
      }
      expect(pos).toBe(r.plan.imageBytes);
    }
  });

  it('fixes the manifest size up front: the filled manifest fits exactly', () => {
    const r = planMedia(input({ reportHtml: '<html><body>Report ✓</body></html>', siteCommit: 'a'.repeat(40) }));
    if (!r.ok) throw new Error('plan failed');
    const filled = { ...r.plan.manifest, iso: { ...r.plan.manifest.iso, sha256: 'f'.repeat(64) } };
    expect(renderManifest(filled, r.plan.manifestSize).length).toBe(r.plan.manifestSize);
    expect(JSON.parse(new TextDecoder().decode(renderManifest(filled, r.plan.manifestSize))).reportHtml).toBe('<html><body>Report ✓</body></html>');
  });

  it('reports exactly which installer files are missing', () => {
    const r = planMedia(input({ iso: { name: 'x.iso', size: 1, files: FILES.filter((x) => x.path !== '/S.V00' && x.path !== '/EFI/BOOT/BOOTX64.EFI'), bootCfg: { bios: CFG, uefi: CFG } } }));
    expect(r.ok ? [] : r.findings.map((x) => x.params.path)).toEqual(['/EFI/BOOT/BOOTX64.EFI', '/s.v00']);
  });

  it('refuses a target smaller than the image', () => {
    const r = planMedia(input({ targetBytes: 16 * 2 ** 20 }));
    expect(r.ok ? [] : r.findings.map((x) => x.code)).toEqual(['target-too-small']);
  });

  it('needs a choice on a two-node site and names unknown hosts', () => {
    expect(planMedia(input({ hosts: { kind: 'one' } })).ok).toBe(false);
    const r = planMedia(input({ hosts: { kind: 'one', host: 'esx09' } }));
    expect(r.ok ? undefined : r.findings[0]!.params).toEqual({ host: 'esx09', hosts: 'esx01, esx02' });
  });

  it('puts all hosts on one stick and shows who gets what', () => {
    const r = planMedia(input({ hosts: { kind: 'all' } }));
    if (!r.ok) throw new Error('plan failed');
    expect(r.plan.multiHost).toBe(true);
    expect(r.plan.manifest.hosts.map((h) => [h.name, h.mac])).toEqual([
      ['esx01', '00:1b:21:aa:bb:01'],
      ['esx02', '00:1b:21:aa:bb:02'],
    ]);
    expect(r.plan.warnings.map((w) => w.code)).toEqual(['kernel-options-shared']);
  });
});

describe('planMedia bounds (issue 26 item 16)', () => {
  const many = (n: number, folder: (i: number) => string) => [...FILES, ...Array.from({ length: n }, (_, i) => f(`${folder(i)}/F${i}.V00`, 10))];

  it('plans an ISO up to the bound of files and folders', () => {
    const r = planMedia(input({ iso: { name: 'big.iso', size: 4e9, files: many(MAX_STICK_FILES - FILES.length, (i) => `/D${i % (MAX_STICK_FOLDERS - 2)}` /* + /EFI and /EFI/BOOT */), bootCfg: { bios: CFG, uefi: CFG } } }));
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.plan.files.length).toBe(MAX_STICK_FILES + 2); // the edited BOOT.CFGs replace theirs; + KS.CFG and the manifest
  });

  it('refuses an ISO beyond it with the counts and the limits, before planning the volume', () => {
    for (const files of [many(MAX_STICK_FILES, () => '/MODS'), many(MAX_STICK_FOLDERS + 1, (i) => `/A/B${i}`)]) {
      const r = planMedia(input({ iso: { name: 'huge.iso', size: 4e9, files, bootCfg: { bios: CFG, uefi: CFG } } }));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.findings.map((x) => x.code)).toEqual(['iso-too-many-files']);
      expect(describeMediaFinding(r.findings[0]!)).toMatch(/holds \d+ files in \d+ folders; Sitekit puts at most 50000 files in 5000 folders/);
    }
  });
});

