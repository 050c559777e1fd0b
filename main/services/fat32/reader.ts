/**
 * A small read-only FAT32 reader over raw bytes, so a stick can be audited without mounting it (the kernel
 * here cannot mount vfat, and an audit should not let the OS touch the stick anyway).
 *
 * It understands MBR (first partition), GPT (first entry) and partitionless "superfloppy" volumes, 8.3 and
 * long (VFAT) names, and cluster chains. Everything reads through a `ReadAt` function, so the same code
 * works on a device opened with direct I/O and on an image file.
 */
import { createHash } from 'node:crypto';

/** Reads `length` bytes at `position`; a shorter result means the end of the medium. */
export type ReadAt = (position: number, length: number) => Promise<Uint8Array>;

export interface FatEntry {
  readonly name: string;
  readonly shortName: string;
  readonly isDir: boolean;
  readonly size: number;
  readonly firstCluster: number;
}

export class FatError extends Error {}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 2 ** 32;
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

const isFat32Boot = (s: Uint8Array) => s.length >= 512 && s[510] === 0x55 && s[511] === 0xaa && ascii(s, 82, 87) === 'FAT32';

/** Byte offset of the FAT32 volume: the first MBR partition, the first GPT entry, or 0 for a superfloppy. */
export async function findFatVolume(read: ReadAt): Promise<number> {
  const s0 = await read(0, 512);
  if (s0.length < 512) throw new FatError('The medium is shorter than one sector.');
  if (isFat32Boot(s0)) return 0;
  if (s0[510] !== 0x55 || s0[511] !== 0xaa) throw new FatError('There is no partition table and no FAT32 volume at the start of the medium.');
  const type = s0[446 + 4]!;
  if (type === 0xee) {
    const hdr = await read(512, 512);
    if (ascii(hdr, 0, 8) !== 'EFI PART') throw new FatError('The protective MBR announces GPT, but there is no GPT header.');
    const entriesLba = u64(hdr, 72);
    const entry = await read(entriesLba * 512, 128);
    return u64(entry, 32) * 512;
  }
  const start = u32(s0, 446 + 8);
  if (type === 0 || start === 0) throw new FatError('The first partition is empty.');
  return start * 512;
}

/** An opened FAT32 volume. */
export class Fat32Volume {
  private fat: Uint32Array | undefined;

  private constructor(
    private readonly read: ReadAt,
    readonly offset: number,
    readonly bytesPerSector: number,
    readonly sectorsPerCluster: number,
    private readonly fatOffset: number,
    private readonly fatBytes: number,
    private readonly dataOffset: number,
    readonly rootCluster: number,
    readonly clusterCount: number,
    readonly label: string,
  ) {}

  static async open(read: ReadAt, offset?: number): Promise<Fat32Volume> {
    const off = offset ?? (await findFatVolume(read));
    const bs = await read(off, 512);
    if (!isFat32Boot(bs)) throw new FatError(`There is no FAT32 volume at byte ${off}.`);
    const bps = u16(bs, 11);
    const spc = bs[13]!;
    const reserved = u16(bs, 14);
    const nfats = bs[16]!;
    const total = u32(bs, 32) || u16(bs, 19);
    const fatSectors = u32(bs, 36);
    if (![512, 1024, 2048, 4096].includes(bps) || spc === 0 || nfats === 0 || fatSectors === 0) throw new FatError('The FAT32 boot sector is damaged.');
    const dataSector = reserved + nfats * fatSectors;
    const clusters = Math.floor((total - dataSector) / spc);
    return new Fat32Volume(read, off, bps, spc, off + reserved * bps, fatSectors * bps, off + dataSector * bps, u32(bs, 44), clusters, ascii(bs, 71, 82).trim());
  }

  get clusterBytes(): number {
    return this.bytesPerSector * this.sectorsPerCluster;
  }

  /** Byte offset of a cluster on the medium. */
  clusterOffset(cluster: number): number {
    return this.dataOffset + (cluster - 2) * this.clusterBytes;
  }

  private async table(): Promise<Uint32Array> {
    if (!this.fat) {
      const bytes = await this.read(this.fatOffset, this.fatBytes);
      this.fat = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~3)));
    }
    return this.fat;
  }

  /** The clusters of a chain, in order, as runs of consecutive clusters. */
  async chain(first: number, maxClusters = Infinity): Promise<{ start: number; count: number }[]> {
    const fat = await this.table();
    const runs: { start: number; count: number }[] = [];
    let c = first;
    let seen = 0;
    while (c >= 2 && c < 0x0ffffff8 && seen < maxClusters) {
      if (c >= this.clusterCount + 2 || ++seen > this.clusterCount) throw new FatError(`A cluster chain is broken at cluster ${c}.`);
      const last = runs[runs.length - 1];
      if (last && last.start + last.count === c) last.count++;
      else runs.push({ start: c, count: 1 });
      c = (fat[c] ?? 0x0ffffff8) & 0x0fffffff;
    }
    return runs;
  }

  /** The entries of a directory (without "." and ".."). */
  async list(cluster = this.rootCluster): Promise<FatEntry[]> {
    const out: FatEntry[] = [];
    let lfn: string[] = [];
    for (const run of await this.chain(cluster)) {
      const bytes = await this.read(this.clusterOffset(run.start), run.count * this.clusterBytes);
      for (let o = 0; o + 32 <= bytes.length; o += 32) {
        const first = bytes[o]!;
        if (first === 0) return out;
        if (first === 0xe5) {
          lfn = [];
          continue;
        }
        const attr = bytes[o + 11]!;
        if (attr === 0x0f) {
          const seq = first & 0x1f;
          let part = '';
          for (const [a, b] of [[1, 11], [14, 26], [28, 32]] as const)
            for (let i = o + a; i < o + b; i += 2) {
              const ch = u16(bytes, i);
              if (ch === 0 || ch === 0xffff) break;
              part += String.fromCharCode(ch);
            }
          if (first & 0x40) lfn = [];
          lfn[seq - 1] = part;
          continue;
        }
        if (attr & 0x08) {
          lfn = [];
          continue;
        }
        const nt = bytes[o + 12]!;
        let base = ascii(bytes, o, o + 8).trimEnd();
        let ext = ascii(bytes, o + 8, o + 11).trimEnd();
        if (base.charCodeAt(0) === 0x05) base = '\u00e5' + base.slice(1);
        const shortName = ext ? `${base}.${ext}` : base;
        if (nt & 0x08) base = base.toLowerCase();
        if (nt & 0x10) ext = ext.toLowerCase();
        const name = lfn.length ? lfn.join('') : ext ? `${base}.${ext}` : base;
        lfn = [];
        if (shortName === '.' || shortName === '..') continue;
        out.push({ name, shortName, isDir: (attr & 0x10) !== 0, size: u32(bytes, o + 28), firstCluster: (u16(bytes, o + 20) << 16) | u16(bytes, o + 26) });
      }
    }
    return out;
  }

  /** Finds an entry by absolute path, matching long or short names without regard to case. */
  async lookup(path: string): Promise<FatEntry | undefined> {
    const parts = path.split('/').filter(Boolean);
    let dir = this.rootCluster;
    let entry: FatEntry | undefined;
    for (const [i, p] of parts.entries()) {
      const want = p.toUpperCase();
      entry = (await this.list(dir)).find((e) => e.name.toUpperCase() === want || e.shortName.toUpperCase() === want);
      if (!entry) return undefined;
      if (i < parts.length - 1) {
        if (!entry.isDir) return undefined;
        dir = entry.firstCluster;
      }
    }
    return entry;
  }

  /** Reads a whole (small) file. */
  async readFile(entry: FatEntry): Promise<Uint8Array> {
    const out = new Uint8Array(entry.size);
    let done = 0;
    await this.forEachRun(entry, async (bytes) => {
      out.set(bytes, done);
      done += bytes.length;
    });
    return out;
  }

  /** SHA-256 of a file's bytes, read run by run (large ISO files are not held in memory). */
  async sha256(entry: FatEntry): Promise<string> {
    const h = createHash('sha256');
    await this.forEachRun(entry, async (bytes) => void h.update(bytes));
    return h.digest('hex');
  }

  private async forEachRun(entry: FatEntry, fn: (bytes: Uint8Array) => Promise<void>): Promise<void> {
    let left = entry.size;
    if (left === 0) return;
    const maxClusters = Math.ceil(left / this.clusterBytes);
    const piece = Math.max(this.clusterBytes, Math.floor((4 << 20) / this.clusterBytes) * this.clusterBytes);
    for (const run of await this.chain(entry.firstCluster, maxClusters)) {
      let pos = this.clusterOffset(run.start);
      let runLeft = Math.min(left, run.count * this.clusterBytes);
      while (runLeft > 0) {
        const n = Math.min(piece, runLeft);
        const bytes = await this.read(pos, n);
        if (bytes.length < n) throw new FatError('The medium ended inside a file.');
        await fn(bytes);
        pos += n;
        runLeft -= n;
        left -= n;
      }
    }
    if (left > 0) throw new FatError(`The file's cluster chain is shorter than its size.`);
  }
}
