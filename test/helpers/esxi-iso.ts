/**
 * Builds ESXi-shaped installer ISOs with xorriso for tests and the benchmark
 * (docs/FIELD-NOTES.md "Installer ISO layout"):
 * upper-case 8.3 names, BIOS /BOOT.CFG and UEFI /EFI/BOOT/BOOT.CFG (the UEFI one with CRLF endings, as
 * some builds have), the modules they list with random content of realistic relative size, ISOLINUX and
 * EFIBOOT.IMG El Torito images, UPGRADE/ metadata. /EFI/BOOT/BOOTX64.EFI is a real GRUB standalone UEFI
 * program (grub-mkstandalone, grub-efi-amd64-bin) that prints /KS.CFG and both BOOT.CFG files to the
 * console (OVMF mirrors it to the serial port) and powers the VM off, so a qemu boot proves the stick.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { buildImageDatabase, payloadModuleBase, type VibSpec } from '../../main/services/iso/imgdb';

export const run = promisify(execFile);

export const GRUB_START = 'SITEKIT-GRUB-START';
export const GRUB_END = 'SITEKIT-GRUB-END';

/** The GRUB script the fake mboot runs: find the stick by /KS.CFG, print the three files, power off. */
export const GRUB_CFG = `insmod fat
insmod part_msdos
insmod part_gpt
insmod search_fs_file
insmod cat
insmod echo
insmod halt
set timeout=0
set pager=0
echo ${GRUB_START}
search --no-floppy --file --set=root /KS.CFG
echo "root=$root"
echo "==== /KS.CFG"
cat /KS.CFG
echo "==== /BOOT.CFG"
cat /BOOT.CFG
echo "==== /EFI/BOOT/BOOT.CFG"
cat /EFI/BOOT/BOOT.CFG
echo ${GRUB_END}
halt
`;

const MODULES = [
  ['B.B00', 0.6], ['JUMPSTRT.GZ', 0.02], ['USEROPTS.GZ', 0.001], ['FEATURES.GZ', 0.001], ['K.B00', 0.4],
  ['UC_INTEL.B00', 0.1], ['UC_AMD.B00', 0.05], ['PROCFS.B00', 0.01], ['VMX.V00', 1.5], ['VIM.V00', 2.0],
  ['TPM.V00', 0.02], ['SB.V00', 1.2], ['S.V00', 8.0], ['BNXTNET.V00', 0.3], ['WEASELIN.V00', 0.8],
  ['ESXUPDT.V00', 0.5], ['IMGDB.TGZ', 0.1], ['BASEMISC.TGZ', 0.2], ['RESVIBS.TGZ', 0.1], ['IMGPAYLD.TGZ', 1.0],
] as const;

export const BIOS_BOOT_CFG = (mods: readonly string[], kernelopt = 'cdromBoot runweasel', build = '8.0.3-0.35.24280767') =>
  [
    'bootstate=0',
    'title=Loading ESXi installer',
    'timeout=5',
    'prefix=',
    'kernel=/b.b00',
    `kernelopt=${kernelopt}`,
    `modules=${mods.filter((m) => m !== 'B.B00').map((m) => '/' + m.toLowerCase()).join(' --- ')}`,
    `build=${build}`,
    'updated=0',
    '',
  ].join('\n');

export const UEFI_BOOT_CFG = (mods: readonly string[], kernelopt = 'runweasel cdromBoot', build = '8.0.3-0.35.24280767') =>
  [
    'bootstate=0',
    'title=Loading ESXi installer',
    'timeout=5',
    '# the UEFI copy, CRLF as in some builds',
    'prefix=',
    'kernel=/b.b00',
    `kernelopt=${kernelopt}   # installer`,
    `modules=${mods.filter((m) => m !== 'B.B00').map((m) => '/' + m.toLowerCase()).join(' --- ')}`,
    `build=${build}`,
    'updated=0',
    '',
  ].join('\r\n');

/** A stock ESXi 8.0U3 installer's database, cut down: the base, the inbox USB host driver, inbox Intel NIC drivers. */
export const INBOX_VIBS: readonly VibSpec[] = [
  { name: 'esx-base', version: '8.0.3-0.35.24280767', payloads: [{ name: 'b', type: 'boot' }, { name: 'k', type: 'boot' }, { name: 's', type: 'vgz' }, { name: 'sb', type: 'vgz' }] },
  { name: 'vmkusb', version: '0.1-28vmw.803.0.35.24280767', payloads: [{ name: 'vmkusb', type: 'vgz' }] },
  { name: 'ne1000', version: '0.9.2-1vmw.803.0.0.24022510', payloads: [{ name: 'ne1000', type: 'vgz' }] },
  { name: 'cndi-igc', version: '1.2.10.0-1vmw.803.0.0.24022510', payloads: [{ name: 'cndi-igc', type: 'vgz' }] },
];
/** The USB NIC Fling 8.0U3 build, as Image Builder adds it. */
export const USB_NIC_FLING_VIB: VibSpec = { name: 'vmkusb-nic-fling', version: '1.14-7vmw.803.0.95.93415869', payloads: [{ name: 'vmkusb-n', type: 'vgz' }] };
/**
 * The USB NIC Fling 9.0 build: its payload is zstd-compressed
 * (`vzstd`, docs/FIELD-NOTES.md "The installer's image database").
 */
export const USB_NIC_FLING_9_VIB: VibSpec = { name: 'vmkusb-nic-fling', version: '1.15-1vmw.900.0.84947163', payloads: [{ name: 'vmkusb-n', type: 'vzstd' }] };
/** The Realtek if-re Fling. */
export const REALTEK_VIB: VibSpec = { name: 'if-re', version: '1.101.01-5vmw.800.1.0.20613240', payloads: [{ name: 'if-re', type: 'vgz' }] };

export interface EsxiIsoOptions {
  /** Work folder: the source tree goes to `<dir>/src`, the ISO to `<dir>/<name>`. */
  readonly dir: string;
  readonly name?: string;
  /** plain: ISO 9660 only; joliet: + Joliet; rr-joliet: + Rock Ridge + Joliet (xorriso's usual output). */
  readonly variant?: 'plain' | 'joliet' | 'rr-joliet';
  /** Total module bytes (split in realistic proportions). Default 24 MiB. */
  readonly moduleBytes?: number;
  /** Leave out these paths (relative, upper case) to make a broken installer. */
  readonly omit?: readonly string[];
  /** Module content: random (default) or sparse zeros (fast, for the 2 GB benchmark). */
  readonly content?: 'random' | 'zeros';
  /**
   * IMGDB.TGZ: a real esximage-style database of these VIBs (default INBOX_VIBS: stock, no USB NIC Fling), each
   * VIB's payloads added as modules on both BOOT.CFG `modules=` lines; 'garbage' = random bytes (unreadable).
   */
  readonly imageDb?: { readonly vibs: readonly VibSpec[]; readonly profile?: string } | 'garbage';
  /** kernelopt= of both BOOT.CFG files (default: the stock `cdromBoot runweasel`), e.g. an ECS ISO's own ks=. */
  readonly kernelopt?: string;
  /** build= of both BOOT.CFG files (default 8.0.3-0.35.24280767), e.g. 9.0.1-0.0.24957456. */
  readonly bootBuild?: string;
  /** Payload modules (e.g. VMKUSB_N.V00) left off both modules= lines, as if a build forgot to load them. */
  readonly unlisted?: readonly string[];
  /** Extra files (upper-case ISO paths), e.g. the ISO's own kickstart. */
  readonly extra?: Readonly<Record<string, string | Uint8Array>>;
  /** Extra boot modules (root files, listed last on both modules= lines), e.g. a gzip'd tar holding a kickstart. */
  readonly extraModules?: Readonly<Record<string, Uint8Array>>;
}

/** Makes the GRUB standalone UEFI program that prints the stick's files. */
export async function makeGrubEfi(out: string): Promise<void> {
  const cfg = join(tmpdir(), `sitekit-grub-${process.pid}-${Date.now()}.cfg`);
  await writeFile(cfg, GRUB_CFG);
  await run('grub-mkstandalone', [
    '-O', 'x86_64-efi', '-o', out,
    '--install-modules=fat part_msdos part_gpt search search_fs_file cat echo halt normal configfile test',
    '--modules=fat part_msdos part_gpt', '--locales=', '--fonts=', '--themes=',
    `boot/grub/grub.cfg=${cfg}`,
  ]);
  await rm(cfg, { force: true });
}

/** Builds the ISO (source tree in `<dir>/<name>.src`) and returns both paths. */
export async function makeEsxiIso(o: EsxiIsoOptions): Promise<{ path: string; src: string }> {
  const name = o.name ?? 'ESXi-8.0U3-test.iso';
  const src = join(o.dir, `${name}.src`);
  const iso = join(o.dir, name);
  const total = o.moduleBytes ?? 24 * 2 ** 20;
  const weight = MODULES.reduce((a, [, w]) => a + w, 0); // payload modules below are small extras
  const omit = new Set(o.omit ?? []);
  const put = async (rel: string, data: Uint8Array | string) => {
    if (omit.has(rel)) return;
    await mkdir(dirname(join(src, rel)), { recursive: true });
    await writeFile(join(src, rel), data);
  };
  const db = o.imageDb ?? { vibs: INBOX_VIBS };
  // every VIB payload is a module file listed on BOOT.CFG (esx-base's are the stock B/K/S/SB modules)
  const payloadMods = db === 'garbage' ? [] : [...new Set(db.vibs.filter((v) => v.name !== 'esx-base').flatMap((v) => (v.payloads ?? []).map((p) => `${payloadModuleBase(p.name).toUpperCase()}.V00`)))];
  const modules: (readonly [string, number])[] = [...MODULES.slice(0, -4), ...payloadMods.map((m) => [m, 0.05] as const), ...MODULES.slice(-4)];
  const unlisted = new Set(o.unlisted ?? []);
  const mods = [...modules.map(([n]) => n).filter((n) => !unlisted.has(n)), ...Object.keys(o.extraModules ?? {})];
  const imgdb = db === 'garbage' ? undefined : await buildImageDatabase({ profile: { name: db.profile ?? 'ESXi-8.0U3-24280767-standard', vendor: 'VMware, Inc.', acceptance: 'partner' }, vibs: db.vibs });
  for (const [name, w] of modules) {
    if (name === 'IMGDB.TGZ' && imgdb) {
      await put(name, imgdb);
      continue;
    }
    const size = Math.max(1, Math.round((total * w) / weight)) + (name.length * 37) % 511; // odd sizes: partial clusters
    if (o.content === 'zeros') {
      if (omit.has(name)) continue;
      await mkdir(src, { recursive: true });
      await run('truncate', ['-s', String(size), join(src, name)]);
    } else await put(name, randomBytes(size));
  }
  await put('BOOT.CFG', BIOS_BOOT_CFG(mods, o.kernelopt, o.bootBuild));
  await put('EFI/BOOT/BOOT.CFG', UEFI_BOOT_CFG(mods, o.kernelopt, o.bootBuild));
  for (const [rel, data] of Object.entries({ ...o.extra, ...o.extraModules })) await put(rel, data);
  await mkdir(join(src, 'EFI/BOOT'), { recursive: true });
  if (!omit.has('EFI/BOOT/BOOTX64.EFI')) await makeGrubEfi(join(src, 'EFI/BOOT/BOOTX64.EFI'));
  await put('EFI/BOOT/CRYPTO64.EFI', randomBytes(40_000));
  await put('ISOLINUX.BIN', randomBytes(24_576));
  await put('ISOLINUX.CFG', 'DEFAULT menu.c32\nMENU TITLE ESXi-8.0U3 Boot Menu\nLABEL install\n  KERNEL mboot.c32\n  APPEND -c boot.cfg\n');
  await put('MBOOT.C32', randomBytes(73_000));
  await put('MENU.C32', randomBytes(55_000));
  await put('UPGRADE/METADATA.ZIP', Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(30_000)]));
  await put('UPGRADE/PROFILE.XML', '<imageProfile><name>ESXi-8.0U3-24280767-standard</name></imageProfile>\n');
  await put('UPGRADE/PRECHECK.PY', '# precheck\n');
  // Not on VMware's ISOs, but on remastered ones: a lower-case and a long mixed-case name.
  await put('UPGRADE/readme.txt', 'lower-case name\n');
  await put('DOCS/Release-Notes-8.0U3.html', '<html>long mixed-case name</html>\n');
  // A 1 MiB FAT image for the UEFI El Torito entry, as on real ISOs.
  const efiImg = join(src, 'EFIBOOT.IMG');
  await rm(efiImg, { force: true });
  await run('mkfs.vfat', ['-C', efiImg, '1024']);
  await run('mmd', ['-i', efiImg, '::/EFI', '::/EFI/BOOT'], { env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } });
  await run('mcopy', ['-i', efiImg, join(src, 'ISOLINUX.CFG'), '::/EFI/BOOT/BOOTX64.EFI'], { env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } });

  const variant = o.variant ?? 'rr-joliet';
  const names = variant === 'plain' ? ['--norock'] : variant === 'joliet' ? ['--norock', '-J'] : ['-R', '-J'];
  const boot = omit.has('ISOLINUX.BIN')
    ? []
    : ['-b', 'ISOLINUX.BIN', '-c', 'BOOT.CAT', '-no-emul-boot', '-boot-load-size', '4', '-boot-info-table', '-eltorito-alt-boot', '-e', 'EFIBOOT.IMG', '-no-emul-boot'];
  await run('xorriso', ['-as', 'mkisofs', '-o', iso, '-V', 'ESXI-8.0U3-TEST', ...names, ...boot, src], { maxBuffer: 16 * 2 ** 20 });
  return { path: iso, src };
}
