/**
 * The media plan at its edges: the findings and warnings as the UI and CLI receive them (errors stop the
 * build, warnings do not), several kernel options on a shared BOOT.CFG, a one-node site, and the manifest's
 * offset on a volume with clusters of several sectors.
 */
import { describe, expect, it } from 'vitest';
import { imageSegments } from '../../../../main/core/media/image-layout';
import { planMedia, planView, type MediaPlanInput } from '../../../../main/core/media/plan';
import { demoSite } from '../../../helpers/hardware';
import { HASH, planFor, siteWith } from '../../../helpers/media-site';

const CFG = 'kernel=/b.b00\nkernelopt=cdromBoot runweasel\nmodules=/s.v00\nbuild=8.0.3-0.35.24280767\n';
const FILES = [
  { path: '/BOOT.CFG', size: CFG.length, offset: 200 * 2048 },
  { path: '/EFI/BOOT/BOOT.CFG', size: CFG.length, offset: 250 * 2048 },
  { path: '/EFI/BOOT/BOOTX64.EFI', size: 60_000, offset: 300 * 2048 },
  { path: '/B.B00', size: 40_000, offset: 400 * 2048 },
  { path: '/S.V00', size: 30_000, offset: 600 * 2048 },
];

const input = (over: Partial<MediaPlanInput> = {}): MediaPlanInput => {
  const site = over.site ?? siteWith();
  return {
    site,
    plan: planFor(site),
    hosts: { kind: 'one', host: 'esx01' },
    iso: { name: 'ESXi.iso', size: 1_000_000, files: FILES, bootCfg: { bios: CFG, uefi: CFG } },
    passwordHash: HASH,
    scheme: 'mbr',
    createdAt: '2026-11-25T06:00:00.000Z',
    random: new Uint8Array(40).fill(3),
    versions: { sitekit: '0.1.0' },
    freeBytes: 0,
    ...over,
  };
};

describe('findings as the UI gets them: errors stop the plan', () => {
  it('no host chosen on a two-node site; an unknown host', () => {
    expect(planMedia(input({ hosts: { kind: 'one' } }))).toEqual({ ok: false, findings: [{ severity: 'error', code: 'host-needs-choice', params: { count: 2 } }] });
    expect(planMedia(input({ hosts: { kind: 'one', host: 'esx3' } }))).toEqual({ ok: false, findings: [{ severity: 'error', code: 'host-not-found', params: { host: 'esx3', hosts: 'esx01, esx02' } }] });
  });

  it('a target too small, with both sizes', () => {
    expect(planMedia(input({ targetBytes: 1000 }))).toEqual({ ok: false, findings: [{ severity: 'error', code: 'target-too-small', params: { need: 36_700_160, have: 1000 } }] });
  });

  it('an ISO with more folders than a stick is planned with', () => {
    const files = [...FILES, ...Array.from({ length: 5000 }, (_, i) => ({ path: `/D${i}/F.V00`, size: 1, offset: (1000 + i) * 2048 }))];
    expect(planMedia(input({ iso: { name: 'x.iso', size: 1, files, bootCfg: { bios: CFG, uefi: CFG } } }))).toEqual({
      ok: false,
      findings: [{ severity: 'error', code: 'iso-too-many-files', params: { files: 5005, folders: 5002, maxFiles: 50_000, maxFolders: 5000 } }],
    });
  });
});

describe('warnings as the UI gets them: the plan goes on', () => {
  it('every kernel option of every host on a shared BOOT.CFG, once each', () => {
    const site = demoSite();
    const r = planMedia(input({ site, hosts: { kind: 'all' } }));
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.plan.warnings).toEqual([{ severity: 'warning', code: 'kernel-options-shared', params: { options: 'cpuUniformityHardCheckPanic=FALSE ignoreMsrFaults=TRUE' } }]);
    expect(r.plan.bootCfgEdits.map((e) => e.after)).toEqual(['runweasel ks=usb:/KS.CFG cpuUniformityHardCheckPanic=FALSE ignoreMsrFaults=TRUE', 'runweasel ks=usb:/KS.CFG cpuUniformityHardCheckPanic=FALSE ignoreMsrFaults=TRUE']);
  });

  it("an ISO's own ks= in one configuration", () => {
    const r = planMedia(input({ iso: { name: 'x.iso', size: 1, files: FILES, bootCfg: { bios: CFG.replace('runweasel', 'runweasel ks=cdrom:/KS.CFG'), uefi: CFG } } }));
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.plan.warnings).toEqual([{ severity: 'warning', code: 'existing-ks-removed', params: { path: '/BOOT.CFG', token: 'ks=cdrom:/KS.CFG' } }]);
  });
});

describe('a one-node site', () => {
  it('with no host named gets a one-host stick (no %pre)', () => {
    const one = siteWith((s) => {
      s.spec.topology = 'one-node';
      (s.spec.hosts as unknown[]).splice(1);
    });
    const r = planMedia(input({ site: one, hosts: { kind: 'one' } }));
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect([r.plan.multiHost, r.plan.manifest.multiHost, r.plan.kickstart.includes('%pre')]).toEqual([false, false, false]);
  });
});

describe('the manifest offset with 4 KiB clusters', () => {
  it('is where the image puts the manifest file', () => {
    const big = FILES.map((f) => (f.path === '/S.V00' ? { ...f, size: 300_000_000 } : f));
    const r = planMedia(input({ iso: { name: 'x.iso', size: 1, files: big, bootCfg: { bios: CFG, uefi: CFG } } }));
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.plan.fat.sectorsPerCluster).toBe(8);
    const seg = imageSegments(r.plan).find((s) => s.kind === 'file' && s.file === r.plan.manifestIndex)!;
    expect(r.plan.manifest.image.manifestOffset).toBe(seg.offset);
  });
});

describe('planView', () => {
  it('a configuration that had no kernelopt shows no "before" at all', () => {
    const cfg = CFG.replace(/kernelopt=.*\n/, '');
    const r = planMedia(input({ hosts: { kind: 'one', host: 'esx02' }, iso: { name: 'x.iso', size: 1, files: FILES, bootCfg: { bios: cfg, uefi: CFG } } }));
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(planView(r.plan).bootCfgEdits).toStrictEqual([
      { path: '/BOOT.CFG', after: 'ks=usb:/KS.CFG' },
      { path: '/EFI/BOOT/BOOT.CFG', before: 'cdromBoot runweasel', after: 'runweasel ks=usb:/KS.CFG' },
    ]);
  });
});
