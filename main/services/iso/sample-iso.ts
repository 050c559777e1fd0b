/**
 * A SAMPLE installer ISO for `npm run demo` and first-run tries: ESXi-SHAPED, NOT ESXi.
 *
 * It has the layout Sitekit checks for (BOOT.CFG, EFI/BOOT/BOOT.CFG, EFI/BOOT/BOOTX64.EFI and every module
 * both BOOT.CFG files list, plus ISOLINUX/UPGRADE bits), but every module is a few hundred KB of
 * deterministic filler and BOOTX64.EFI is a text placeholder, so a stick made from it boots nothing.
 * It exists so the demo works on a fresh machine without downloading a 2 GB ISO or running any external
 * tool: this file is a minimal ISO 9660 writer (level 1 names, both path tables, no Joliet/Rock Ridge)
 * that builds the image in memory (about 3 MB) and writes it in one go. Its IMGDB.TGZ is a real esximage-style
 * database (imgdb.ts) so the installer inspection has something true to show, and its volume id and profile
 * vendor mark it as the sample wherever it appears.
 */
import { writeFileAtomic } from '../fs-atomic';
import { AppFailure, err, ok, type Result } from '../../core/result';
import { buildImageDatabase, SAMPLE_PROFILE_VENDOR, SAMPLE_VOLUME_ID, type VibSpec } from './imgdb';

const BLOCK = 2048;

/** One file of an ISO to write: upper-case 8.3 path components, e.g. "EFI/BOOT/BOOT.CFG". */
export interface IsoSourceFile {
  readonly path: string;
  readonly data: Uint8Array;
}

const MODULES: readonly (readonly [string, number])[] = [
  ['B.B00', 300_000], ['JUMPSTRT.GZ', 20_000], ['USEROPTS.GZ', 500], ['FEATURES.GZ', 700], ['K.B00', 200_000],
  ['UC_INTEL.B00', 60_000], ['UC_AMD.B00', 30_000], ['PROCFS.B00', 9_000], ['VMX.V00', 400_000], ['VIM.V00', 500_000],
  ['SB.V00', 300_000], ['S.V00', 900_000], ['WEASELIN.V00', 200_000], ['ESXUPDT.V00', 100_000],
  ['VMKUSB.V00', 40_000], ['NE1000.V00', 30_000], ['CNDI_IGC.V00', 30_000],
  ['IMGDB.TGZ', 0], ['BASEMISC.TGZ', 60_000], ['IMGPAYLD.TGZ', 250_000],
];

/** The USB NIC Fling's module, on the sample only when asked for. */
const FLING_MODULE: readonly [string, number] = ['VMKUSB_N.V00', 25_000];

/**
 * The sample's image database: shaped like a STOCK ESXi 8.0U3 installer, so it carries the inbox USB host
 * driver `vmkusb` and the inbox Intel drivers, and NOT the USB NIC Fling (`vmkusb-nic-fling`): a stock ISO does
 * not, and the demo's esx02 (USB NIC as its only uplink) shows the refusal and the fixes. `withUsbNicFling` makes
 * the custom-ISO variant (as if built with the PowerCLI script).
 */
export function sampleVibs(withUsbNicFling = false): VibSpec[] {
  return [
    { name: 'esx-base', version: '8.0.3-0.0.00000000', payloads: [{ name: 'b', type: 'boot' }, { name: 'k', type: 'boot' }, { name: 's', type: 'vgz' }, { name: 'sb', type: 'vgz' }] },
    { name: 'esx-update', version: '8.0.3-0.0.00000000', payloads: [{ name: 'esxupdt', type: 'vgz' }] },
    { name: 'vmkusb', version: '0.1-sample', payloads: [{ name: 'vmkusb', type: 'vgz' }] },
    { name: 'ne1000', version: '0.9.2-sample', payloads: [{ name: 'ne1000', type: 'vgz' }] },
    { name: 'cndi-igc', version: '1.2.10.0-sample', payloads: [{ name: 'cndi-igc', type: 'vgz' }] },
    ...(withUsbNicFling ? [{ name: 'vmkusb-nic-fling', version: '1.14-7vmw.803.0.95.93415869', payloads: [{ name: 'vmkusb-n', type: 'vgz' }] }] : []),
  ];
}

export interface SampleOptions {
  /** Carry the USB NIC Fling (the custom-ISO variant). Default false: stock-shaped. */
  readonly withUsbNicFling?: boolean;
}

function filler(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const text = (s: string) => new TextEncoder().encode(s);

/** The files of the sample installer (IMGDB.TGZ is a real, deterministic esximage-style database). */
export async function sampleInstallerFiles(o: SampleOptions = {}): Promise<IsoSourceFile[]> {
  const modules = o.withUsbNicFling ? [...MODULES.slice(0, -3), FLING_MODULE, ...MODULES.slice(-3)] : MODULES;
  const mods = modules.map(([n]) => n);
  const imgdb = await buildImageDatabase({
    profile: { name: `SAMPLE-not-ESXi-8.0U3-${o.withUsbNicFling ? 'usbnic' : 'standard'}`, vendor: SAMPLE_PROFILE_VENDOR, acceptance: 'partner' },
    vibs: sampleVibs(o.withUsbNicFling),
  });
  const modulesLine = `modules=${mods.filter((m) => m !== 'B.B00').map((m) => '/' + m.toLowerCase()).join(' --- ')}`;
  const cfg = (eol: string) =>
    ['bootstate=0', 'title=Loading SAMPLE ESXi-shaped installer (not ESXi)', 'timeout=5', 'prefix=', 'kernel=/b.b00', 'kernelopt=cdromBoot runweasel', modulesLine, 'build=8.0.3-0.0.00000000', 'updated=0', ''].join(eol);
  return [
    { path: 'BOOT.CFG', data: text(cfg('\n')) },
    { path: 'EFI/BOOT/BOOT.CFG', data: text(cfg('\n')) },
    { path: 'EFI/BOOT/BOOTX64.EFI', data: text('Sitekit SAMPLE placeholder: this is not mboot.efi and boots nothing.\n') },
    { path: 'ISOLINUX.CFG', data: text('DEFAULT menu.c32\nLABEL install\n  KERNEL mboot.c32\n  APPEND -c boot.cfg\n') },
    { path: 'README.TXT', data: text('SAMPLE ISO made by Sitekit for the demo. ESXi-shaped, not ESXi: modules are filler.\n') },
    { path: 'UPGRADE/PROFILE.XML', data: text('<imageProfile><name>SAMPLE-not-ESXi</name></imageProfile>\n') },
    ...modules.map(([name, size], i) => ({ path: name, data: name === 'IMGDB.TGZ' ? imgdb : filler(size, i + 1) })),
  ];
}

interface Dir {
  name: string;
  parent?: Dir;
  dirs: Dir[];
  files: { name: string; data: Uint8Array; extent: number }[];
  extent: number;
  size: number;
  number: number;
}

function both32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24, v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}
const both16 = (v: number) => [v & 0xff, v >>> 8, v >>> 8, v & 0xff];
const date7 = [126, 1, 1, 0, 0, 0, 0];

function record(name: Uint8Array, extent: number, size: number, dir: boolean): number[] {
  const len = 33 + name.length + (name.length % 2 === 0 ? 1 : 0);
  const r = [len, 0, ...both32(extent), ...both32(size), ...date7, dir ? 2 : 0, 0, 0, ...both16(1), name.length, ...name];
  while (r.length < len) r.push(0);
  return r;
}

/** Builds a plain ISO 9660 image from `files` (in memory; meant for small images). */
export function buildIso9660(files: readonly IsoSourceFile[], volumeId = SAMPLE_VOLUME_ID): Uint8Array {
  const root: Dir = { name: '', dirs: [], files: [], extent: 0, size: 0, number: 1 };
  for (const f of files) {
    const parts = f.path.split('/');
    let d = root;
    for (const p of parts.slice(0, -1)) {
      let next = d.dirs.find((x) => x.name === p);
      if (!next) d.dirs.push((next = { name: p, parent: d, dirs: [], files: [], extent: 0, size: 0, number: 0 }));
      d = next;
    }
    d.files.push({ name: parts[parts.length - 1]!, data: f.data, extent: 0 });
  }
  // Breadth-first order, names sorted: the order of the path tables.
  const all: Dir[] = [];
  const queue = [root];
  while (queue.length) {
    const d = queue.shift()!;
    all.push(d);
    d.dirs.sort((a, b) => (a.name < b.name ? -1 : 1));
    d.files.sort((a, b) => (a.name < b.name ? -1 : 1));
    queue.push(...d.dirs);
  }
  all.forEach((d, i) => (d.number = i + 1));
  const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const entries = (d: Dir) =>
    [...d.dirs.map((x) => ({ name: x.name, dir: x as Dir | undefined, file: undefined })), ...d.files.map((f) => ({ name: f.name + ';1', dir: undefined, file: f }))].sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
  // Directory sizes (records never cross a block boundary).
  for (const d of all) {
    let size = 0;
    const add = (len: number) => {
      if ((size % BLOCK) + len > BLOCK) size = Math.ceil(size / BLOCK) * BLOCK;
      size += len;
    };
    add(34);
    add(34);
    for (const e of entries(d)) add(33 + e.name.length + (e.name.length % 2 === 0 ? 1 : 0));
    d.size = Math.ceil(size / BLOCK) * BLOCK;
  }
  const pathTable = (bigEndian: boolean) => {
    const out: number[] = [];
    for (const d of all) {
      const name = d === root ? [0] : [...enc(d.name)];
      const ext = d.extent;
      const parent = d.parent?.number ?? 1;
      out.push(name.length, 0, ...(bigEndian ? [ext >>> 24, (ext >>> 16) & 0xff, (ext >>> 8) & 0xff, ext & 0xff] : [ext & 0xff, (ext >>> 8) & 0xff, (ext >>> 16) & 0xff, ext >>> 24]));
      out.push(...(bigEndian ? [parent >>> 8, parent & 0xff] : [parent & 0xff, parent >>> 8]), ...name);
      if (name.length % 2) out.push(0);
    }
    return out;
  };
  const ptSize = pathTable(false).length;
  const ptBlocks = Math.ceil(ptSize / BLOCK);
  let next = 18 + 2 * ptBlocks;
  for (const d of all) {
    d.extent = next;
    next += d.size / BLOCK;
  }
  for (const d of all) for (const f of d.files) {
    f.extent = next;
    next += Math.ceil(f.data.length / BLOCK);
  }
  const total = next;
  const img = new Uint8Array(total * BLOCK);
  const put = (at: number, bytes: ArrayLike<number>) => img.set(bytes, at);
  // Primary volume descriptor.
  const pvd = 16 * BLOCK;
  put(pvd, [1, ...enc('CD001'), 1]);
  put(pvd + 8, enc('SITEKIT'.padEnd(32)));
  put(pvd + 40, enc(volumeId.padEnd(32).slice(0, 32)));
  put(pvd + 80, both32(total));
  put(pvd + 120, both16(1));
  put(pvd + 124, both16(1));
  put(pvd + 128, both16(BLOCK));
  put(pvd + 132, both32(ptSize));
  const l = 18;
  const m = 18 + ptBlocks;
  put(pvd + 140, [l & 0xff, (l >>> 8) & 0xff, 0, 0]);
  put(pvd + 148, [0, 0, (m >>> 8) & 0xff, m & 0xff]);
  put(pvd + 156, record(Uint8Array.of(0), root.extent, root.size, true));
  for (const [o, n] of [[190, 128], [318, 128], [446, 128], [574, 128], [702, 37], [739, 37], [776, 37]] as const) put(pvd + o, enc(' '.repeat(n)));
  const stamp = enc('2026010100000000');
  for (const o of [813, 830]) put(pvd + o, [...stamp, 0]);
  for (const o of [847, 864]) put(pvd + o, [...enc('0000000000000000'), 0]);
  img[pvd + 881] = 1;
  put(17 * BLOCK, [255, ...enc('CD001'), 1]);
  put(l * BLOCK, pathTable(false));
  put(m * BLOCK, pathTable(true));
  for (const d of all) {
    let o = d.extent * BLOCK;
    const end = o + d.size;
    const add = (r: number[]) => {
      if ((o % BLOCK) + r.length > BLOCK) o = Math.ceil(o / BLOCK) * BLOCK;
      if (o + r.length > end) throw new Error('directory overflow');
      put(o, r);
      o += r.length;
    };
    add(record(Uint8Array.of(0), d.extent, d.size, true));
    add(record(Uint8Array.of(1), (d.parent ?? d).extent, (d.parent ?? d).size, true));
    for (const e of entries(d)) add(e.dir ? record(enc(e.name), e.dir.extent, e.dir.size, true) : record(enc(e.name), e.file!.extent, e.file!.data.length, false));
  }
  for (const d of all) for (const f of d.files) put(f.extent * BLOCK, f.data);
  return img;
}

/** Writes the sample installer ISO to `path` (about 3 MB). */
export async function writeSampleInstallerIso(path: string, o: SampleOptions = {}): Promise<Result<{ path: string; size: number }>> {
  const bytes = buildIso9660(await sampleInstallerFiles(o));
  try {
    // Atomically, and never through a link at `path` (confined-folder.ts).
    await writeFileAtomic(path, bytes, { mode: 0o644 });
    return ok({ path, size: bytes.length });
  } catch (e) {
    if (e instanceof AppFailure) return { ok: false, error: e.error };
    return err('io-error', `Cannot write the sample ISO to ${path}: ${(e as Error).message}.`);
  }
}
