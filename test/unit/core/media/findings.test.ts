/**
 * What the technician reads when an ISO is not an installer Sitekit can put on a stick (checkInstallerTree and
 * the FAT32 name rules, through describeMediaFinding), one sentence per problem.
 */
import { describe, expect, it } from 'vitest';
import { describeMediaFinding } from '../../../../main/core/media/findings';
import { checkInstallerTree } from '../../../../main/core/media/installer';
import { planMedia, type IsoFileEntry } from '../../../../main/core/media/plan';
import { HASH, planFor, siteWith } from '../../../helpers/media-site';

const CFG = 'kernel=/b.b00\nkernelopt=runweasel\nmodules=/s.v00 --- /imgpayld.tgz\nbuild=8.0.3-0.35.24280767\ntitle=Loading ESXi installer\n';
const TREE = ['/BOOT.CFG', '/EFI/BOOT/BOOT.CFG', '/EFI/BOOT/BOOTX64.EFI', '/B.B00', '/S.V00', '/IMGPAYLD.TGZ'];

const said = (paths: string[], bootCfg: { bios?: string; uefi?: string }) => checkInstallerTree(paths, bootCfg).findings.map(describeMediaFinding);

describe('checkInstallerTree', () => {
  it('an empty ISO: both configurations and the UEFI loader, each with what it is for', () => {
    expect(said([], {})).toEqual([
      'The ISO has no /BOOT.CFG, which the stick needs (the BIOS boot configuration).',
      'The ISO has no /EFI/BOOT/BOOTX64.EFI, which the stick needs (the UEFI boot loader).',
      'The ISO has no /EFI/BOOT/BOOT.CFG, which the stick needs (the UEFI boot configuration).',
    ]);
  });

  it('a configuration without kernel=, and each file a configuration lists once, naming the first that lists it', () => {
    const uefi = 'modules=/s.v00 --- /extra.v00\n';
    expect(said(['/BOOT.CFG', '/EFI/BOOT/BOOT.CFG', '/EFI/BOOT/BOOTX64.EFI'], { bios: CFG, uefi })).toEqual([
      'The ISO has no /b.b00, which the stick needs (listed in /BOOT.CFG).',
      'The ISO has no /s.v00, which the stick needs (listed in /BOOT.CFG).',
      'The ISO has no /imgpayld.tgz, which the stick needs (listed in /BOOT.CFG).',
      'The ISO has no kernel= in /EFI/BOOT/BOOT.CFG, which the stick needs (mboot needs a kernel).',
      'The ISO has no /extra.v00, which the stick needs (listed in /EFI/BOOT/BOOT.CFG).',
    ]);
  });

  it('a complete installer: no finding; the build, title and module count come from the BIOS configuration', () => {
    expect(checkInstallerTree(TREE.map((p) => p.toLowerCase()), { bios: CFG, uefi: CFG })).toEqual({ build: '8.0.3-0.35.24280767', title: 'Loading ESXi installer', modules: 3, findings: [] });
  });

  it('without a BIOS configuration there is no build or title, even if the UEFI one has them', () => {
    const facts = checkInstallerTree(TREE, { uefi: CFG });
    expect([facts.build, facts.title, facts.modules]).toEqual([undefined, undefined, 3]);
  });
});

describe('names FAT32 cannot hold, through the plan', () => {
  const site = siteWith();
  let offset = 100;
  const f = (path: string, size = 100): IsoFileEntry => ({ path, size, offset: (offset += 1) * 2048 });
  const plan = (extra: IsoFileEntry[]) =>
    planMedia({ site, plan: planFor(site), hosts: { kind: 'one', host: 'esx01' }, iso: { name: 'x.iso', size: 1, files: [...TREE.map((p) => f(p)), ...extra], bootCfg: { bios: CFG, uefi: CFG } }, passwordHash: HASH, scheme: 'mbr', createdAt: '2026-11-25T06:00:00Z', random: new Uint8Array(40), versions: { sitekit: 't' } });

  it('two names that differ only in case, and a name with a character FAT forbids', () => {
    const r = plan([f('/MODS/A.V00'), f('/mods/a.v00'), f('/MODS/B*.V00')]);
    expect(r.ok ? [] : r.findings.map(describeMediaFinding)).toEqual(['/mods/a.v00 clashes with another name that differs only in case.', '/MODS/B*.V00 has a name FAT32 cannot store.']);
  });
});

describe('a code without words of its own', () => {
  it('shows the code and its parameters, so nothing is hidden', () => {
    expect(describeMediaFinding({ severity: 'error', code: 'new-rule', params: { path: '/X', size: 3 } })).toBe('new-rule {"path":"/X","size":3}');
  });
});
