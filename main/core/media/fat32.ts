/**
 * FAT32 volume planning: geometry, short/long names, cluster allocation, directory bytes, FAT bytes and the
 * boot sector, all as pure functions of the file list.
 *
 * Because every file and its size are known before anything is written, each file gets one contiguous run
 * of clusters and every directory is a finished block of bytes. The service then emits the volume strictly
 * in order (reserved sectors, FAT 1, FAT 2, directories, file data, free space) without seeking, which is
 * what makes the image a stream whose hash is known up front (docs/FIELD-NOTES.md "FAT32 image as a stream").
 */
import { legacyBootCode } from './partition';

export const FAT_SECTOR = 512;
const DIR_ENTRY = 32;
const EOC = 0x0fffffff;
/** Below this many clusters a volume is FAT16 by definition (Microsoft FAT specification). */
export const FAT32_MIN_CLUSTERS = 65525;
export const FAT32_MAX_FILE = 0xffffffff;

/** One file to place on the volume. `path` is its components on the stick (display names, any case). */
export interface FatFileInput {
  readonly path: readonly string[];
  readonly size: number;
}

/** A directory of the planned volume with its finished bytes. */
export interface FatDir {
  readonly path: readonly string[];
  readonly firstCluster: number;
  readonly clusters: number;
  readonly bytes: Uint8Array;
}

/** A file of the planned volume: `index` points back into the input list. */
export interface FatFile {
  readonly index: number;
  readonly path: readonly string[];
  /** The 8.3 name written in the directory entry, e.g. "BOOTX64.EFI". */
  readonly shortName: string;
  readonly size: number;
  /** 0 for an empty file. */
  readonly firstCluster: number;
  readonly clusters: number;
}

export interface Fat32Geometry {
  readonly totalSectors: number;
  readonly sectorsPerCluster: number;
  readonly reservedSectors: number;
  readonly fatSectors: number;
  readonly numFats: 2;
  readonly clusterCount: number;
  /** First data sector, relative to the partition start. */
  readonly dataStartSector: number;
}

export interface Fat32Layout extends Fat32Geometry {
  readonly label: string;
  readonly volumeId: number;
  readonly hiddenSectors: number;
  readonly dirs: readonly FatDir[];
  /** Files in cluster order (the order their data appears on the volume). */
  readonly files: readonly FatFile[];
  /** Contiguous allocations, sorted by first cluster: [first, count]. */
  readonly runs: readonly (readonly [number, number])[];
  readonly usedClusters: number;
}

export interface Fat32Options {
  /** Volume label, up to 11 characters of A-Z 0-9 - _. */
  readonly label: string;
  readonly volumeId: number;
  /** Partition start LBA, stored in the boot sector. */
  readonly hiddenSectors: number;
  /** Timestamp for every entry (deterministic images). */
  readonly time: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  /** Free space to leave on the volume, in bytes. */
  readonly freeBytes: number;
  /** Partition size is rounded up to a multiple of this many sectors (2048 = 1 MiB). */
  readonly alignSectors: number;
}

export type FatPlanProblem =
  | { code: 'file-too-large'; params: { path: string; size: number } }
  | { code: 'name-clash'; params: { path: string } }
  | { code: 'bad-name'; params: { path: string } };

const SFN_CHARS = /^[A-Z0-9!#$%&'()@^_`{}~-]+$/;

/** True when `name` can be stored as-is as an 8.3 short name (upper case, no LFN needed). */
export function isShortName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  const base = dot < 0 ? name : name.slice(0, dot);
  const ext = dot < 0 ? '' : name.slice(dot + 1);
  if (dot >= 0 && ext.length === 0) return false;
  return base.length >= 1 && base.length <= 8 && ext.length <= 3 && SFN_CHARS.test(base) && (ext === '' || SFN_CHARS.test(ext));
}

function sfnField(name: string): Uint8Array {
  const dot = name.lastIndexOf('.');
  const base = dot < 0 ? name : name.slice(0, dot);
  const ext = dot < 0 ? '' : name.slice(dot + 1);
  const f = new Uint8Array(11).fill(0x20);
  for (let i = 0; i < base.length; i++) f[i] = base.charCodeAt(i);
  for (let i = 0; i < ext.length; i++) f[8 + i] = ext.charCodeAt(i);
  if (f[0] === 0xe5) f[0] = 0x05;
  return f;
}

/** The upper-case base and extension a `BASE~N.EXT` alias of `name` is made from. */
function aliasParts(name: string): { base: string; ext: string } {
  const clean = (s: string) => s.toUpperCase().replace(/[ .]/g, '').replace(/[^A-Z0-9!#$%&'()@^_`{}~-]/g, '_');
  const dot = name.lastIndexOf('.');
  return { base: clean(dot > 0 ? name.slice(0, dot) : name) || '_', ext: dot > 0 ? clean(name.slice(dot + 1)).slice(0, 3) : '' };
}

/** The alias with tail `~n`: as much of the base as fits in 8 characters with the tail. */
const aliasCandidate = (base: string, ext: string, n: number): string => {
  const tail = `~${n}`;
  return base.slice(0, 8 - tail.length) + tail + (ext ? '.' + ext : '');
};

/** Makes a unique `BASE~N.EXT` alias for a long or mixed-case name: the lowest free N. */
export function shortAlias(name: string, taken: ReadonlySet<string>): string {
  const { base, ext } = aliasParts(name);
  for (let n = 1; n < 1_000_000; n++) {
    const candidate = aliasCandidate(base, ext, n);
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error('no free short name');
}

/**
 * The 8.3 names taken in one directory, with the aliases `shortAlias` would make, in amortised constant time.
 * Trying ~1, ~2, … from the start for every long name made a directory of n long names with a common
 * prefix cost n²/2 tries (issue 26 item 16: 30,000 files took 35 s). Names of the same length of tail share
 * their candidates (`MODULE~7.V00` for every `module-….v00`), so the table remembers, per such family, the
 * first tail not known to be taken; every lower tail is taken (names are never given back), so the alias is
 * the lowest free one, as before, and images stay byte-identical.
 */
export class ShortNameTable {
  private readonly taken = new Set<string>();
  private readonly nextTail = new Map<string, number>();
  /** Candidates tried so far: the work done, which tests check grows linearly with the names. */
  probes = 0;

  has(name: string): boolean {
    return this.taken.has(name);
  }

  add(name: string): void {
    this.taken.add(name);
  }

  /** Takes and returns the alias of `name`. */
  alias(name: string): string {
    const { base, ext } = aliasParts(name);
    for (let digits = 1, lo = 1; digits <= 6; digits++, lo *= 10) {
      const hi = lo * 10 - 1;
      const family = `${digits}|${base.slice(0, 7 - digits)}|${ext}`;
      for (let n = Math.max(lo, this.nextTail.get(family) ?? lo); n <= hi; n++) {
        this.probes++;
        const candidate = aliasCandidate(base, ext, n);
        if (!this.taken.has(candidate)) {
          this.nextTail.set(family, n + 1);
          this.taken.add(candidate);
          return candidate;
        }
      }
      this.nextTail.set(family, hi + 1);
    }
    throw new Error('no free short name');
  }
}

const rawField = (s: string): Uint8Array => Uint8Array.from(s.padEnd(11, ' '), (c) => c.charCodeAt(0));

function sfnChecksum(field: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum = (((sum & 1) << 7) + (sum >> 1) + field[i]!) & 0xff;
  return sum;
}

/** Where the 13 UTF-16 units of a long-name entry go. */
const LFN_SLOTS = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];

/**
 * Writes the long-name entries of `name` at `at` of a zeroed directory (last part first, as FAT stores them:
 * the name, a 0 terminator when it fits, 0xFFFF padding); returns the bytes written. Written in place, as
 * a folder of thousands of long names would otherwise allocate a few arrays per entry.
 */
function putLfnEntries(out: Uint8Array, at: number, name: string, checksum: number): number {
  const count = Math.ceil(name.length / 13);
  let o = at;
  for (let seq = count; seq >= 1; seq--, o += DIR_ENTRY) {
    out[o] = seq | (seq === count ? 0x40 : 0);
    out[o + 11] = 0x0f;
    out[o + 13] = checksum;
    for (let i = 0; i < 13; i++) {
      const k = (seq - 1) * 13 + i;
      const unit = k < name.length ? name.charCodeAt(k) : k === name.length ? 0 : 0xffff;
      const p = o + LFN_SLOTS[i]!;
      out[p] = unit & 0xff;
      out[p + 1] = unit >>> 8;
    }
  }
  return o - at;
}

interface Node {
  name: string;
  path: string[];
  isDir: boolean;
  parent: Node | undefined;
  children: Node[];
  /** Children by upper-case name (FAT names are case-insensitive): one lookup per path component. */
  byName: Map<string, Node>;
  fileIndex: number;
  size: number;
  firstCluster: number;
  clusters: number;
  shortName: string;
  needsLfn: boolean;
  ntFlags?: number;
}

/** NT case flags for a name whose base and extension are each all lower or all upper case; else undefined. */
function caseFlags(name: string): number | undefined {
  const dot = name.lastIndexOf('.');
  const parts = dot < 0 ? [name, ''] : [name.slice(0, dot), name.slice(dot + 1)];
  let flags = 0;
  for (const [i, part] of parts.entries()) {
    const lower = part !== part.toUpperCase();
    const upper = part !== part.toLowerCase();
    if (lower && upper) return undefined;
    if (lower) flags |= i === 0 ? 0x08 : 0x10;
  }
  return flags;
}

function fatDateTime(t: Fat32Options['time']): { date: number; time: number } {
  return {
    date: ((Math.max(0, t.year - 1980) & 0x7f) << 9) | (t.month << 5) | t.day,
    time: (t.hour << 11) | (t.minute << 5) | Math.floor(t.second / 2),
  };
}

/** Writes a short (8.3) directory entry at `o` of a zeroed directory. */
function putSfnEntry(dv: DataView, o: number, field: Uint8Array, attr: number, cluster: number, size: number, dt: { date: number; time: number }, ntFlags = 0): void {
  for (let i = 0; i < 11; i++) dv.setUint8(o + i, field[i]!);
  dv.setUint8(o + 11, attr);
  dv.setUint8(o + 12, ntFlags);
  dv.setUint16(o + 14, dt.time, true);
  dv.setUint16(o + 16, dt.date, true);
  dv.setUint16(o + 18, dt.date, true);
  dv.setUint16(o + 20, (cluster >>> 16) & 0xffff, true);
  dv.setUint16(o + 22, dt.time, true);
  dv.setUint16(o + 24, dt.date, true);
  dv.setUint16(o + 26, cluster & 0xffff, true);
  dv.setUint32(o + 28, size >>> 0, true);
}

function clusterBytesFor(totalBytes: number): number {
  if (totalBytes < 260 * 2 ** 20) return 512;
  if (totalBytes < 8 * 2 ** 30) return 4096;
  if (totalBytes < 16 * 2 ** 30) return 8192;
  if (totalBytes < 32 * 2 ** 30) return 16384;
  return 32768;
}

/** Geometry for a FAT32 volume of `totalSectors` with the data region aligned to `alignSectors` (relative to the partition). */
export function fat32Geometry(totalSectors: number, sectorsPerCluster: number, alignSectors: number): Fat32Geometry {
  const baseReserved = 32;
  const fatSectors = Math.ceil((((totalSectors - baseReserved) / sectorsPerCluster + 2) * 4) / FAT_SECTOR);
  const metaEnd = baseReserved + 2 * fatSectors;
  const reservedSectors = baseReserved + ((alignSectors - (metaEnd % alignSectors)) % alignSectors);
  const dataStartSector = reservedSectors + 2 * fatSectors;
  const clusterCount = Math.floor((totalSectors - dataStartSector) / sectorsPerCluster);
  return { totalSectors, sectorsPerCluster, reservedSectors, fatSectors, numFats: 2, clusterCount, dataStartSector };
}

/** Plans the whole volume for `files`. Returns the problems instead when a file cannot be stored. */
export function planFat32(
  files: readonly FatFileInput[],
  opts: Fat32Options,
): { ok: true; layout: Fat32Layout } | { ok: false; problems: FatPlanProblem[] } {
  const problems: FatPlanProblem[] = [];
  const root: Node = { name: '', path: [], isDir: true, parent: undefined, children: [], byName: new Map(), fileIndex: -1, size: 0, firstCluster: 2, clusters: 0, shortName: '', needsLfn: false };
  const dirs: Node[] = [root];
  files.forEach((f, index) => {
    let dir = root;
    const display = '/' + f.path.join('/');
    if (f.size > FAT32_MAX_FILE) problems.push({ code: 'file-too-large', params: { path: display, size: f.size } });
    for (let i = 0; i < f.path.length; i++) {
      const name = f.path[i]!;
      const last = i === f.path.length - 1;
      if (!name || name === '.' || name === '..' || name.length > 255 || /[\u0000-\u001f"*/:<>?\\|]/.test(name)) {
        problems.push({ code: 'bad-name', params: { path: display } });
        return;
      }
      const existing = dir.byName.get(name.toUpperCase());
      if (existing) {
        if (last || !existing.isDir) {
          problems.push({ code: 'name-clash', params: { path: display } });
          return;
        }
        dir = existing;
        continue;
      }
      const node: Node = {
        name,
        path: f.path.slice(0, i + 1),
        isDir: !last,
        parent: dir,
        children: [],
        byName: new Map(),
        fileIndex: last ? index : -1,
        size: last ? f.size : 0,
        firstCluster: 0,
        clusters: 0,
        shortName: '',
        needsLfn: false,
      };
      dir.children.push(node);
      dir.byName.set(name.toUpperCase(), node);
      if (!last) dirs.push(node);
      dir = node;
    }
  });
  if (problems.length) return { ok: false, problems };

  // Short names (and whether each entry needs LFN entries), per directory.
  const entryCount = new Map<Node, number>();
  for (const d of dirs) {
    const taken = new ShortNameTable();
    for (const c of d.children) if (isShortName(c.name)) taken.add(c.name);
    let count = d === root ? 1 : 2; // volume label, or "." and ".."
    for (const c of d.children) {
      const upper = c.name.toUpperCase();
      if (isShortName(c.name)) c.shortName = c.name;
      else if (isShortName(upper) && !taken.has(upper) && caseFlags(c.name) !== undefined) {
        // "boot.cfg": an 8.3 name in lower case is stored as BOOT.CFG with the NT lower-case flags, no LFN.
        c.shortName = upper;
        c.ntFlags = caseFlags(c.name)!;
        taken.add(upper);
      } else {
        c.shortName = taken.alias(c.name);
        c.needsLfn = true;
        count += Math.ceil(c.name.length / 13);
      }
      count++;
    }
    entryCount.set(d, count);
  }

  // Cluster size from the estimated volume size, then sizes in clusters.
  const contentBytes = files.reduce((a, f) => a + f.size, 0);
  const clusterBytes = clusterBytesFor(contentBytes + opts.freeBytes);
  const spc = clusterBytes / FAT_SECTOR;
  const ceilDiv = (a: number, b: number) => Math.ceil(a / b);
  for (const d of dirs) d.clusters = Math.max(1, ceilDiv(entryCount.get(d)! * DIR_ENTRY, clusterBytes));
  const fileNodes: Node[] = [];
  const walk = (d: Node) => d.children.forEach((c) => (c.isDir ? walk(c) : fileNodes.push(c)));
  walk(root);
  fileNodes.sort((a, b) => a.fileIndex - b.fileIndex);
  for (const f of fileNodes) f.clusters = ceilDiv(f.size, clusterBytes);
  const used = dirs.reduce((a, d) => a + d.clusters, 0) + fileNodes.reduce((a, f) => a + f.clusters, 0);
  const wantClusters = Math.max(FAT32_MIN_CLUSTERS + 64, used + ceilDiv(opts.freeBytes, clusterBytes));

  // Total sectors: data + FATs + reserved/alignment, rounded up to the alignment.
  let total = wantClusters * spc + 2 * ceilDiv((wantClusters + 2) * 4, FAT_SECTOR) + 32 + opts.alignSectors;
  total = ceilDiv(total, opts.alignSectors) * opts.alignSectors;
  let geo = fat32Geometry(total, spc, opts.alignSectors);
  while (geo.clusterCount < wantClusters) {
    total += opts.alignSectors;
    geo = fat32Geometry(total, spc, opts.alignSectors);
  }

  // Allocation: directories first (root at cluster 2), then files in input order.
  let next = 2;
  const runs: [number, number][] = [];
  for (const d of dirs) {
    d.firstCluster = next;
    runs.push([next, d.clusters]);
    next += d.clusters;
  }
  for (const f of fileNodes) {
    if (f.clusters === 0) continue;
    f.firstCluster = next;
    runs.push([next, f.clusters]);
    next += f.clusters;
  }

  const dt = fatDateTime(opts.time);
  const label = opts.label.toUpperCase().padEnd(11, ' ').slice(0, 11);
  const outDirs: FatDir[] = dirs.map((d) => {
    const bytes = new Uint8Array(d.clusters * clusterBytes);
    const dv = new DataView(bytes.buffer);
    let o = 0;
    const sfn = (field: Uint8Array, attr: number, cluster: number, size: number, ntFlags?: number) => {
      putSfnEntry(dv, o, field, attr, cluster, size, dt, ntFlags);
      o += DIR_ENTRY;
    };
    if (d === root) sfn(rawField(label), 0x08, 0, 0);
    else {
      const parent = d.parent ?? root;
      sfn(rawField('.'), 0x10, d.firstCluster, 0);
      sfn(rawField('..'), 0x10, parent === root ? 0 : parent.firstCluster, 0);
    }
    for (const c of d.children) {
      const field = sfnField(c.shortName);
      if (c.needsLfn) o += putLfnEntries(bytes, o, c.name, sfnChecksum(field));
      sfn(field, c.isDir ? 0x10 : 0x20, c.firstCluster, c.isDir ? 0 : c.size, c.ntFlags);
    }
    return { path: d.path, firstCluster: d.firstCluster, clusters: d.clusters, bytes };
  });

  return {
    ok: true,
    layout: {
      ...geo,
      label: label.trimEnd(),
      volumeId: opts.volumeId >>> 0,
      hiddenSectors: opts.hiddenSectors,
      dirs: outDirs,
      files: fileNodes
        .filter(() => true)
        .sort((a, b) => (a.firstCluster || Infinity) - (b.firstCluster || Infinity))
        .map((f) => ({ index: f.fileIndex, path: f.path, shortName: f.shortName, size: f.size, firstCluster: f.firstCluster, clusters: f.clusters })),
      runs,
      usedClusters: next - 2,
    },
  };
}

/** Byte size of one cluster. */
export const clusterBytes = (l: Fat32Geometry): number => l.sectorsPerCluster * FAT_SECTOR;

/** Byte offset of a cluster from the partition start. */
export const clusterOffset = (l: Fat32Geometry, cluster: number): number =>
  (l.dataStartSector + (cluster - 2) * l.sectorsPerCluster) * FAT_SECTOR;

/** The boot sector (also written as the backup at sector 6). */
export function bootSector(l: Fat32Layout): Uint8Array {
  const s = new Uint8Array(FAT_SECTOR);
  const dv = new DataView(s.buffer);
  s.set([0xeb, 0x58, 0x90], 0);
  s.set(Array.from('SITEKIT ', (c) => c.charCodeAt(0)), 3);
  dv.setUint16(11, FAT_SECTOR, true);
  s[13] = l.sectorsPerCluster;
  dv.setUint16(14, l.reservedSectors, true);
  s[16] = l.numFats;
  s[21] = 0xf8;
  dv.setUint16(24, 63, true);
  dv.setUint16(26, 255, true);
  dv.setUint32(28, l.hiddenSectors, true);
  dv.setUint32(32, l.totalSectors, true);
  dv.setUint32(36, l.fatSectors, true);
  dv.setUint32(44, 2, true);
  dv.setUint16(48, 1, true);
  dv.setUint16(50, 6, true);
  s[64] = 0x80;
  s[66] = 0x29;
  dv.setUint32(67, l.volumeId, true);
  s.set(Array.from(l.label.padEnd(11, ' '), (c) => c.charCodeAt(0)), 71);
  s.set(Array.from('FAT32   ', (c) => c.charCodeAt(0)), 82);
  s.set(legacyBootCode(0x7c00 + 90), 90);
  s[510] = 0x55;
  s[511] = 0xaa;
  return s;
}

/** The FSInfo sector (free count and next free cluster hints). */
export function fsInfoSector(l: Fat32Layout): Uint8Array {
  const s = new Uint8Array(FAT_SECTOR);
  const dv = new DataView(s.buffer);
  dv.setUint32(0, 0x41615252, true);
  dv.setUint32(484, 0x61417272, true);
  dv.setUint32(488, l.clusterCount - l.usedClusters, true);
  dv.setUint32(492, l.usedClusters + 2, true);
  dv.setUint32(508, 0xaa550000, true);
  return s;
}

/** The reserved region of the volume: boot sector, FSInfo, their backups at 6 and 7, zeros elsewhere. */
export function reservedRegion(l: Fat32Layout): Uint8Array {
  const r = new Uint8Array(l.reservedSectors * FAT_SECTOR);
  const boot = bootSector(l);
  const info = fsInfoSector(l);
  r.set(boot, 0);
  r.set(info, FAT_SECTOR);
  r.set(boot, 6 * FAT_SECTOR);
  r.set(info, 7 * FAT_SECTOR);
  return r;
}

/**
 * Bytes [from, from+length) of one FAT copy. Entries 0 and 1 are the media marker and end-of-chain; every
 * run is a chain to its last cluster; the rest is free. Works on any window, so the FAT can be streamed.
 */
export function fatBytes(l: Fat32Layout, from: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const dv = new DataView(out.buffer);
  const firstEntry = Math.floor(from / 4);
  const lastEntry = Math.floor((from + length - 1) / 4);
  const limit = l.clusterCount + 2;
  // binary search for the first run that ends at or after firstEntry
  let lo = 0;
  let hi = l.runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const [s, n] = l.runs[mid]!;
    if (s + n - 1 < firstEntry) lo = mid + 1;
    else hi = mid;
  }
  const set = (entry: number, value: number) => {
    const off = entry * 4 - from;
    if (off >= 0 && off + 4 <= length) dv.setUint32(off, value, true);
    else {
      for (let b = 0; b < 4; b++) {
        const o = off + b;
        if (o >= 0 && o < length) out[o] = (value >>> (8 * b)) & 0xff;
      }
    }
  };
  if (firstEntry <= 0) set(0, 0x0ffffff8);
  if (firstEntry <= 1 && lastEntry >= 1) set(1, EOC);
  for (let r = lo; r < l.runs.length; r++) {
    const [s, n] = l.runs[r]!;
    if (s > lastEntry) break;
    const a = Math.max(s, firstEntry);
    const b = Math.min(s + n - 1, lastEntry, limit - 1);
    for (let c = a; c <= b; c++) set(c, c === s + n - 1 ? EOC : c + 1);
  }
  return out;
}
