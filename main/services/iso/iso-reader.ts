/**
 * ISO 9660 reader that streams from a file handle: volume descriptors, the directory tree with the best names the
 * image has (Rock Ridge, then Joliet, then plain ISO 9660 without ";1"), and file contents as chunks. Nothing is
 * mounted and no more than one chunk of a file is in memory, so a 2 GB installer ISO costs a few megabytes (the
 * kernel here cannot mount iso9660, and no npm package fits:
 * docs/FIELD-NOTES.md "No iso9660 or vfat mount on the build machines").
 *
 * Every field read from the image is checked against the file: both-endian copies must agree, records
 * must fit their directory, extents must lie inside the file. A truncated or corrupt ISO gives an
 * `invalid-iso` error that names the record, never an exception or a hang (cycles and depth are bounded).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppFailure, err, ok, type AppError, type Result } from '../../core/result';

export const ISO_BLOCK = 2048;
const MAX_DIR_BYTES = 64 * 2 ** 20;
const MAX_DEPTH = 64;
const MAX_ENTRIES = 1_000_000;
export const DEFAULT_CHUNK = 4 * 2 ** 20;

export type NameSource = 'rock-ridge' | 'joliet' | 'iso9660';

/** A file or directory of the ISO. `offset` is the byte offset of its data in the ISO file. */
export interface IsoEntry {
  readonly name: string;
  readonly path: string;
  readonly isDir: boolean;
  readonly size: number;
  readonly offset: number;
  readonly children: readonly IsoEntry[];
}

const bad = (message: string, hint = 'Download the ISO again and check its SHA-256 against the published one.'): AppFailure =>
  new AppFailure({ code: 'invalid-iso', message, hint });

/** An open ISO. Call `close()` when done (or use `withIso`). */
export class IsoReader {
  private treeCache?: IsoEntry;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    readonly size: number,
    readonly volumeId: string,
    readonly nameSource: NameSource,
    private readonly rootRecord: { extent: number; size: number },
    private readonly susp: { skip: number } | undefined,
    private readonly joliet: boolean,
  ) {}

  /** Opens and checks the volume descriptors. */
  static async open(path: string): Promise<Result<IsoReader>> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return err(code === 'ENOENT' ? 'not-found' : 'io-error', `Cannot open the ISO ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}.`, {
        hint: 'Check the path and that you may read the file.',
      });
    }
    try {
      const r = await IsoReader.init(fh, path);
      return ok(r);
    } catch (e) {
      await fh.close().catch(() => undefined);
      return failure(e, path);
    }
  }

  private static async init(fh: FileHandle, path: string): Promise<IsoReader> {
    const size = (await fh.stat()).size;
    const name = basename(path);
    if (size < 17 * ISO_BLOCK) throw bad(`${name} is not an ISO 9660 image: it is only ${size} bytes long.`, 'Pick the installer .iso file downloaded from VECO or Broadcom.');
    let pvd: Uint8Array | undefined;
    let svd: Uint8Array | undefined;
    for (let i = 16; i < 16 + 64; i++) {
      if ((i + 1) * ISO_BLOCK > size) throw bad(`${name} is truncated: its volume descriptors run past the end of the file.`);
      const d = await readAt(fh, i * ISO_BLOCK, ISO_BLOCK);
      if (ascii(d, 1, 6) !== 'CD001') {
        if (i === 16) throw bad(`${name} is not an ISO 9660 image (no CD001 signature at sector 16).`, 'Pick the installer .iso file downloaded from VECO or Broadcom.');
        throw bad(`${name} has a broken volume descriptor at sector ${i}.`);
      }
      const type = d[0]!;
      if (type === 255) break;
      if (type === 1 && !pvd) pvd = d;
      if (type === 2 && !svd) {
        const esc = ascii(d, 88, 91);
        if (esc === '%/@' || esc === '%/C' || esc === '%/E') svd = d;
      }
    }
    if (!pvd) throw bad(`${name} has no primary volume descriptor.`);
    const blockSize = both16(pvd, 128, 'logical block size');
    if (blockSize !== ISO_BLOCK) throw bad(`${name} uses ${blockSize}-byte blocks; only 2048-byte blocks are supported.`);
    const volumeId = ascii(pvd, 40, 72).trim();
    const rootOf = (d: Uint8Array) => ({ extent: both32(d, 156 + 2, 'root extent'), size: both32(d, 156 + 10, 'root size') });
    const pRoot = rootOf(pvd);
    checkExtent(pRoot.extent, pRoot.size, size, `${name} root directory`);
    // Rock Ridge: the "." record of the root carries an SP entry (SUSP) when present.
    const first = await readAt(fh, pRoot.extent * ISO_BLOCK, Math.min(ISO_BLOCK, pRoot.size));
    const susp = detectSusp(first);
    if (susp) return new IsoReader(fh, path, size, volumeId, 'rock-ridge', pRoot, susp, false);
    if (svd) {
      const jRoot = rootOf(svd);
      checkExtent(jRoot.extent, jRoot.size, size, `${name} Joliet root directory`);
      return new IsoReader(fh, path, size, volumeId, 'joliet', jRoot, undefined, true);
    }
    return new IsoReader(fh, path, size, volumeId, 'iso9660', pRoot, undefined, false);
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }

  /** The whole directory tree (read once, then cached). */
  async tree(): Promise<Result<IsoEntry>> {
    if (this.treeCache) return ok(this.treeCache);
    try {
      const counter = { n: 0 };
      const visited = new Set<number>([this.rootRecord.extent]);
      const children = await this.readDir(this.rootRecord.extent, this.rootRecord.size, '', 0, visited, counter);
      this.treeCache = { name: '', path: '/', isDir: true, size: this.rootRecord.size, offset: this.rootRecord.extent * ISO_BLOCK, children };
      return ok(this.treeCache);
    } catch (e) {
      return failure(e, this.path);
    }
  }

  /** All files (not directories), depth-first. */
  async files(): Promise<Result<IsoEntry[]>> {
    const t = await this.tree();
    if (!t.ok) return t;
    const out: IsoEntry[] = [];
    const walk = (e: IsoEntry) => e.children.forEach((c) => (c.isDir ? walk(c) : out.push(c)));
    walk(t.value);
    return ok(out);
  }

  /** Finds an entry by absolute path, case-insensitively (as FAT and mboot do). */
  async find(path: string): Promise<IsoEntry | undefined> {
    const t = await this.tree();
    if (!t.ok) return undefined;
    let cur: IsoEntry | undefined = t.value;
    for (const part of path.split('/').filter(Boolean)) {
      cur = cur?.children.find((c) => c.name.toUpperCase() === part.toUpperCase());
      if (!cur) return undefined;
    }
    return cur;
  }

  /** Reads a whole small file (BOOT.CFG); refuses files over `limit` bytes. */
  async readFile(entry: IsoEntry, limit = 1 * 2 ** 20): Promise<Result<Uint8Array>> {
    if (entry.size > limit) return err('invalid-iso', `${entry.path} is ${entry.size} bytes, more than the ${limit} bytes expected.`);
    try {
      return ok(await this.read(entry.offset, entry.size, entry.path));
    } catch (e) {
      return failure(e, this.path);
    }
  }

  /** Reads `length` bytes at `offset`; throws `AppFailure` (invalid-iso) when the file is shorter. */
  async read(offset: number, length: number, what = 'data'): Promise<Uint8Array> {
    if (offset + length > this.size) throw truncated(this.path, what, offset + length, this.size);
    const b = await readAt(this.fh, offset, length);
    if (b.length < length) throw truncated(this.path, what, offset + length, offset + b.length);
    return b;
  }

  /** Reads exactly `length` bytes at `offset` into `buf` at `at`; throws `AppFailure` (invalid-iso) when the file is shorter. */
  async readInto(buf: Uint8Array, at: number, length: number, offset: number, what = 'data'): Promise<void> {
    if (offset + length > this.size) throw truncated(this.path, what, offset + length, this.size);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.fh.read(buf, at + done, length - done, offset + done);
      if (bytesRead === 0) throw truncated(this.path, what, offset + length, offset + done);
      done += bytesRead;
    }
  }

  /** Streams `length` bytes from `offset` in chunks of at most `chunk` bytes. Throws `AppFailure` on a short file. */
  async *stream(offset: number, length: number, chunk = DEFAULT_CHUNK, what = 'data'): AsyncGenerator<Uint8Array> {
    if (offset + length > this.size) throw truncated(this.path, what, offset + length, this.size);
    let done = 0;
    while (done < length) {
      const n = Math.min(chunk, length - done);
      const buf = Buffer.allocUnsafe(n);
      const { bytesRead } = await this.fh.read(buf, 0, n, offset + done);
      if (bytesRead === 0) throw truncated(this.path, what, offset + length, offset + done);
      done += bytesRead;
      yield bytesRead === n ? buf : buf.subarray(0, bytesRead);
    }
  }

  private async readDir(extent: number, size: number, parent: string, depth: number, visited: Set<number>, counter: { n: number }): Promise<IsoEntry[]> {
    const where = parent || '/';
    if (depth > MAX_DEPTH) throw bad(`The directory tree of ${basename(this.path)} is deeper than ${MAX_DEPTH} levels at ${where}; the image is corrupt.`);
    if (size > MAX_DIR_BYTES) throw bad(`The directory ${where} claims ${size} bytes; the image is corrupt.`);
    checkExtent(extent, size, this.size, `directory ${where}`);
    const data = await this.read(extent * ISO_BLOCK, size, `directory ${where}`);
    const out: IsoEntry[] = [];
    let i = 0;
    while (i < data.length) {
      const len = data[i]!;
      if (len === 0) {
        i = (Math.floor(i / ISO_BLOCK) + 1) * ISO_BLOCK;
        continue;
      }
      const at = `directory ${where}, record at byte ${extent * ISO_BLOCK + i}`;
      if (len < 34 || i + len > data.length || Math.floor(i / ISO_BLOCK) !== Math.floor((i + len - 1) / ISO_BLOCK)) {
        throw bad(`The ISO has a corrupt directory record (${at}: length ${len}).`);
      }
      const rec = data.subarray(i, i + len);
      i += len;
      const nameLen = rec[32]!;
      if (33 + nameLen > len) throw bad(`The ISO has a corrupt directory record (${at}: name runs past the record).`);
      if (nameLen === 1 && (rec[33] === 0 || rec[33] === 1)) continue; // "." and ".."
      if (nameLen === 0) throw bad(`The ISO has a corrupt directory record (${at}: empty name).`);
      const fExtent = both32(rec, 2, `extent (${at})`);
      const fSize = both32(rec, 10, `size (${at})`);
      const flags = rec[25]!;
      if (rec[26] !== 0 || rec[27] !== 0) throw bad(`The ISO uses interleaved files (${at}), which Sitekit does not read.`);
      const isDir = (flags & 0x02) !== 0;
      const name = this.recordName(rec, nameLen, at);
      if (name === undefined) continue; // Rock Ridge relocated or hidden entry
      const path = `${parent}/${name}`;
      if (flags & 0x80) throw bad(`${path} in the ISO is split into several extents (multi-extent); Sitekit cannot copy such files, and ESXi installers do not use them.`);
      if (!/^[^\u0000/]+$/.test(name) || name === '.' || name === '..') throw bad(`The ISO has a corrupt name in ${at}.`);
      checkExtent(fExtent, fSize, this.size, path);
      if (++counter.n > MAX_ENTRIES) throw bad(`The ISO lists more than ${MAX_ENTRIES} entries; the image is corrupt.`);
      if (isDir) {
        if (visited.has(fExtent)) throw bad(`The ISO's directory ${path} points back to a directory already read (a loop); the image is corrupt.`);
        visited.add(fExtent);
        const children = await this.readDir(fExtent, fSize, path, depth + 1, visited, counter);
        out.push({ name, path, isDir, size: fSize, offset: fExtent * ISO_BLOCK, children });
      } else {
        out.push({ name, path, isDir, size: fSize, offset: fExtent * ISO_BLOCK, children: [] });
      }
    }
    const seen = new Set<string>();
    for (const e of out) {
      if (seen.has(e.name)) throw bad(`The ISO lists ${e.path} twice; the image is corrupt.`);
      seen.add(e.name);
    }
    return out;
  }

  private recordName(rec: Uint8Array, nameLen: number, at: string): string | undefined {
    const raw = rec.subarray(33, 33 + nameLen);
    if (this.susp) {
      const suStart = 33 + nameLen + (nameLen % 2 === 0 ? 1 : 0) + this.susp.skip;
      const rr = parseRockRidge(rec.subarray(Math.min(suStart, rec.length)));
      if (rr.relocated) return undefined;
      if (rr.name !== undefined) return rr.name;
    }
    let name: string;
    if (this.joliet) {
      if (nameLen % 2 !== 0) throw bad(`The ISO has a corrupt Joliet name (${at}).`);
      name = '';
      for (let k = 0; k < nameLen; k += 2) name += String.fromCharCode((raw[k]! << 8) | raw[k + 1]!);
    } else name = String.fromCharCode(...raw);
    name = name.replace(/;\d*$/, '');
    if (!this.joliet && name.endsWith('.')) name = name.slice(0, -1);
    return name;
  }
}

/** Opens an ISO, runs `fn`, closes it. */
export async function withIso<T>(path: string, fn: (iso: IsoReader) => Promise<Result<T>>): Promise<Result<T>> {
  const r = await IsoReader.open(path);
  if (!r.ok) return r;
  try {
    return await fn(r.value);
  } catch (e) {
    return failure(e, path);
  } finally {
    await r.value.close();
  }
}

function failure<T>(e: unknown, path: string): Result<T> {
  if (e instanceof AppFailure) return { ok: false, error: e.error };
  const error: AppError = { code: 'io-error', message: `Reading the ISO ${basename(path)} failed: ${(e as Error).message}.`, hint: 'Check the disk holding the ISO and try again.' };
  return { ok: false, error };
}

function truncated(path: string, what: string, need: number, have: number): AppFailure {
  return bad(`${basename(path)} is truncated: ${what} needs bytes up to ${need}, but the file ends at ${have}.`, 'The download did not finish. Download the ISO again and check its SHA-256.');
}

function checkExtent(extent: number, size: number, fileSize: number, what: string): void {
  if (extent * ISO_BLOCK + size > fileSize) {
    throw bad(`The ISO is truncated or corrupt: ${what} lies at bytes ${extent * ISO_BLOCK}..${extent * ISO_BLOCK + size}, past the end of the file (${fileSize} bytes).`, 'The download did not finish or the file is damaged. Download the ISO again and check its SHA-256.');
  }
}

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, offset + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

const ascii = (d: Uint8Array, from: number, to: number) => String.fromCharCode(...d.subarray(from, to));

function both32(d: Uint8Array, o: number, what: string): number {
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  if (o + 8 > d.length) throw bad(`The ISO has a corrupt ${what}.`);
  const le = dv.getUint32(o, true);
  const be = dv.getUint32(o + 4, false);
  if (le !== be) throw bad(`The ISO has a corrupt ${what}: its two copies disagree (${le} / ${be}).`);
  return le;
}

function both16(d: Uint8Array, o: number, what: string): number {
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const le = dv.getUint16(o, true);
  const be = dv.getUint16(o + 2, false);
  if (le !== be) throw bad(`The ISO has a corrupt ${what}: its two copies disagree.`);
  return le;
}

function detectSusp(firstSector: Uint8Array): { skip: number } | undefined {
  const len = firstSector[0] ?? 0;
  if (len < 34 || len > firstSector.length) return undefined;
  const nameLen = firstSector[32]!;
  const su = firstSector.subarray(33 + nameLen + (nameLen % 2 === 0 ? 1 : 0), len);
  if (su.length >= 7 && su[0] === 0x53 && su[1] === 0x50 && su[4] === 0xbe && su[5] === 0xef) return { skip: su[6]! };
  return undefined;
}

/** Rock Ridge NM (alternate name) and RE (relocated) from a System Use area. CE continuations are not followed. */
function parseRockRidge(su: Uint8Array): { name?: string; relocated: boolean } {
  let i = 0;
  let name: string | undefined;
  let relocated = false;
  while (i + 4 <= su.length) {
    const sig = String.fromCharCode(su[i]!, su[i + 1]!);
    const len = su[i + 2]!;
    if (len < 4 || i + len > su.length) break;
    if (sig === 'NM' && len >= 5) {
      const flags = su[i + 4]!;
      if (flags & 0x06) {
        // current/parent directory: not a real name
      } else name = (name ?? '') + new TextDecoder().decode(su.subarray(i + 5, i + len));
    } else if (sig === 'RE') relocated = true;
    else if (sig === 'ST') break;
    i += len;
  }
  return { name, relocated };
}
