/**
 * Is this file tree an ESXi/ECS installer? Pure rules over the list of paths and the two BOOT.CFG texts
 * (docs/FIELD-NOTES.md "Installer ISO layout"): both BOOT.CFG files, the UEFI loader, and every kernel/module each
 * BOOT.CFG lists, resolved with mboot's prefix rules. Each missing piece is its own finding so the technician sees
 * exactly what is wrong with the ISO they picked.
 */
import { bootCfgPaths, parseBootCfg } from './bootcfg';
import type { MediaFinding } from './findings';

export const BIOS_BOOT_CFG = '/BOOT.CFG';
export const UEFI_BOOT_CFG = '/EFI/BOOT/BOOT.CFG';
export const UEFI_LOADER = '/EFI/BOOT/BOOTX64.EFI';

/** What the installer check learnt, for the UI: build number and module count when BOOT.CFG is readable. */
export interface InstallerFacts {
  readonly build?: string;
  readonly title?: string;
  readonly modules: number;
  readonly findings: readonly MediaFinding[];
}

const has = (paths: ReadonlySet<string>, p: string) => paths.has(p.toUpperCase());

/** Checks the tree. `paths` are absolute ('/EFI/BOOT/BOOT.CFG'); case does not matter (FAT and mboot ignore it). */
export function checkInstallerTree(
  paths: Iterable<string>,
  bootCfg: { readonly bios?: string; readonly uefi?: string },
): InstallerFacts {
  const set = new Set<string>();
  for (const p of paths) set.add(p.toUpperCase());
  const findings: MediaFinding[] = [];
  const need = (path: string, why: string) => {
    if (!has(set, path)) findings.push({ severity: 'error', code: 'iso-missing', params: { path, why } });
  };
  need(BIOS_BOOT_CFG, 'the BIOS boot configuration');
  need(UEFI_LOADER, 'the UEFI boot loader');
  need(UEFI_BOOT_CFG, 'the UEFI boot configuration');
  const listed = new Set<string>();
  for (const [text, dir, cfgPath] of [
    [bootCfg.bios, '/', BIOS_BOOT_CFG],
    [bootCfg.uefi, '/EFI/BOOT', UEFI_BOOT_CFG],
  ] as const) {
    if (text === undefined) continue;
    const cfg = parseBootCfg(text);
    if (!cfg.kernel) findings.push({ severity: 'error', code: 'iso-missing', params: { path: `kernel= in ${cfgPath}`, why: 'mboot needs a kernel' } });
    for (const p of bootCfgPaths(text, dir)) {
      if (listed.has(p.toUpperCase())) continue;
      listed.add(p.toUpperCase());
      need(p, `listed in ${cfgPath}`);
    }
  }
  const bios = bootCfg.bios !== undefined ? parseBootCfg(bootCfg.bios) : undefined;
  return { build: bios?.build, title: bios?.title, modules: listed.size, findings };
}
