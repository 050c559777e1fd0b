/**
 * The image builder: turns a media plan and the open ISO into the bytes of the stick, in order.
 *
 * The image is a list of segments (core/media/image-layout.ts) produced strictly in order, one chunk at a
 * time, reading the ISO sequentially; a 2 GB ISO is never held in memory. Two ways out:
 * - `buildImage` (for a stick): one hashing pass first computes every file's SHA-256, the ISO's SHA-256,
 *   the manifest and the hash of the whole image; then `stream()` produces exactly those bytes, so the
 *   writer knows the hash to verify against before it writes anything.
 * - `writeImageFile` (for an image file): a single pass that writes while hashing (direct I/O where the
 *   filesystem allows it, so the disk writes while the workers hash), then writes the blocks holding the
 *   manifest again, now filled in; temporary name, datasync, rename. Chunks that are all free space are
 *   not written (the file is sparse there).
 * Both give byte-identical images for the same plan.
 */
import { constants, stat, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { ConfinedFolder } from '../confined-folder';
import { basename, dirname, join } from 'node:path';
import { fatBytes } from '../../core/media/fat32';
import { imageSegments, type Segment } from '../../core/media/image-layout';
import { renderManifest, type StickManifest } from '../../core/media/manifest';
import type { MediaPlan } from '../../core/media/plan';
import { AppFailure, err, ok, type Result } from '../../core/result';
import type { IsoReader } from '../iso/iso-reader';
import { alignedSharedMemory } from '../writer/aligned';
import { InlineHashes, WorkerHashes, type HashLane, type HashStep } from './hash-pool';

export const IMAGE_CHUNK = 4 * 2 ** 20;
/** Offsets and lengths of direct writes to an image file are multiples of this. */
const FILE_ALIGN = 4096;

/** Progress of a build: `hashing` during the first pass, `building` while the image is made (not `writing`: that is a stick). */
export interface BuildProgress {
  readonly phase: 'hashing' | 'building';
  readonly bytes: number;
  readonly total: number;
}

export interface BuildOptions {
  /** The ISO's SHA-256 when already computed (iso:hash); saves reading it a second time. */
  readonly isoSha256?: string;
  readonly onProgress?: (p: BuildProgress) => void;
  readonly chunkBytes?: number;
  /** Hash on two worker threads (default for images of 256 MiB and more). */
  readonly workers?: boolean;
}

/** A prepared image: its size and hash are final; `stream()` produces the bytes (any number of times). */
export interface ImageBuild {
  readonly size: number;
  /** SHA-256 of the image exactly as `stream()` produces it. */
  readonly sha256: string;
  readonly isoSha256: string;
  readonly manifest: StickManifest;
  readonly plan: MediaPlan;
  stream(): AsyncIterable<Uint8Array>;
}

const segLength = (s: Segment) => (s.kind === 'bytes' ? s.data.length : s.length);

/** Where the builder reads ISO bytes from: the reader itself, or a window over it. */
type IsoBytes = Pick<IsoReader, 'readInto'>;

/** Pieces at least this long are read straight into the caller's buffer; shorter ones through the window. */
const DIRECT_PIECE = 256 * 2 ** 10;

/**
 * Sequential reads of the ISO through one 1 MiB window. The builder asks for file pieces and the gaps
 * between them in ISO order, so an ISO of many small files is read a megabyte at a time instead of one read
 * (a thread-pool round trip) per file and per gap; large pieces, most of an installer's bytes, are read
 * straight into the image buffer and never copied twice.
 */
class IsoWindow implements IsoBytes {
  private readonly buf = Buffer.allocUnsafe(2 ** 20);
  private start = 0;
  private end = 0;

  constructor(private readonly iso: IsoReader) {}

  async readInto(out: Uint8Array, at: number, length: number, offset: number, what = 'data'): Promise<void> {
    if (offset >= this.start && offset + length <= this.end) {
      out.set(this.buf.subarray(offset - this.start, offset - this.start + length), at);
      return;
    }
    const n = Math.min(this.buf.length, this.iso.size - offset);
    // Large pieces, and pieces the ISO is too short for (the reader names the truncation), go straight.
    if (length >= DIRECT_PIECE || n < length) return this.iso.readInto(out, at, length, offset, what);
    await this.iso.readInto(this.buf, 0, n, offset, what);
    this.start = offset;
    this.end = offset + n;
    out.set(this.buf.subarray(0, length), at);
  }
}

interface Producer {
  readonly segments: readonly Segment[];
  manifestBytes?: Uint8Array;
  /** True when the chunk just produced came only from zero segments (an image file can leave a hole). */
  lastZero?: boolean;
}

/**
 * Yields the image bytes from `from` to `to` as chunks; `onFile` sees each piece of file data with its
 * file index and position in the file (used for per-file and ISO hashing).
 */
async function* produce(
  plan: MediaPlan,
  iso: IsoBytes,
  p: Producer,
  from: number,
  to: number,
  chunk: number,
  onFile?: (file: number, rel: number, bytes: Uint8Array) => Promise<void> | void,
  nextBuffer?: NextBuffer,
): AsyncGenerator<Buffer> {
  const segs = p.segments;
  let si = 0;
  while (si < segs.length && segs[si]!.offset + segLength(segs[si]!) <= from) si++;
  let pos = from;
  while (pos < to) {
    const n = Math.min(chunk, to - pos);
    // Without a pool every chunk is a fresh buffer the consumer may keep.
    const buf = nextBuffer ? await nextBuffer(n) : Buffer.allocUnsafe(n);
    let filled = 0;
    let zeroOnly = true;
    while (filled < n) {
      const seg = segs[si]!;
      const segEnd = seg.offset + segLength(seg);
      const cur = pos + filled;
      const rel = cur - seg.offset;
      const take = Math.min(segEnd, pos + n) - cur;
      switch (seg.kind) {
        case 'bytes':
          buf.set(seg.data.subarray(rel, rel + take), filled);
          break;
        case 'zeros':
          buf.fill(0, filled, filled + take);
          break;
        case 'fat':
          buf.set(fatBytes(plan.fat, rel, take), filled);
          break;
        case 'file': {
          const f = plan.files[seg.file]!;
          const src = f.source;
          if (src.kind === 'iso') await iso.readInto(buf, filled, take, src.offset + rel, f.path);
          else if (src.kind === 'bytes') buf.set(src.data.subarray(rel, rel + take), filled);
          else if (p.manifestBytes) buf.set(p.manifestBytes.subarray(rel, rel + take), filled);
          else buf.fill(0, filled, filled + take);
          if (onFile) await onFile(seg.file, rel, buf.subarray(filled, filled + take));
          break;
        }
      }
      if (seg.kind !== 'zeros') zeroOnly = false;
      filled += take;
      if (cur + take === segEnd) si++;
    }
    pos += n;
    p.lastZero = zeroOnly;
    yield buf;
  }
}

/** Fills a buffer for the next chunk; with a pool it waits until the buffer's previous use is finished. */
type NextBuffer = (n: number) => Promise<Buffer>;

interface PassResult {
  readonly manifest: StickManifest;
  readonly manifestBytes: Uint8Array;
  readonly sha256: string;
  readonly isoSha256: string;
}

const SLOTS = 4;

/** Marks a promise as handled now (it is awaited later, when its buffer is reused), keeping its rejection. */
function settleLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * The one pass over the image: produces every chunk in order (handing it to `write` when given) while
 * hash lanes compute the image's SHA-256 (lane A), every file's (lane B) and the ISO's (lane C), each on
 * its own worker thread. Then renders the manifest and finishes the image hash over it and the tail.
 */
async function imagePass(plan: MediaPlan, iso: IsoReader, opts: BuildOptions, write?: (buf: Buffer, pos: number) => Promise<void>): Promise<PassResult> {
  const chunk = opts.chunkBytes ?? IMAGE_CHUNK;
  // Page-aligned, shared with the hash workers: the chunks are hashed in place and written with direct I/O.
  const memory = alignedSharedMemory(chunk * (SLOTS + 1));
  const spare = Buffer.from(memory, SLOTS * chunk, chunk); // ISO gaps and the manifest
  const workers = opts.workers ?? plan.imageBytes >= 256 * 2 ** 20;
  const hashIso = !opts.isoSha256;
  // Lane A: the image; lane B: every file; lane C: the ISO (its own thread when there are enough bytes
  // to be worth it: with SHA-NI one core hashes ~1.5 GB/s, so three hashes over 2 GB want three cores).
  let laneA: HashLane;
  let laneB: HashLane;
  let laneC: HashLane;
  if (workers) {
    laneA = new WorkerHashes(memory);
    laneB = new WorkerHashes(memory);
    laneC = hashIso ? new WorkerHashes(memory) : laneB;
  } else laneA = laneB = laneC = new InlineHashes(memory);
  const lanes = [...new Set([laneA, laneB, laneC])];
  const window = new IsoWindow(iso);
  const busy: Promise<unknown>[] = Array.from({ length: SLOTS }, () => Promise.resolve());
  let turn = 0;
  let slot = 0;
  const nextBuffer: NextBuffer = async (n) => {
    slot = turn++ % SLOTS;
    await busy[slot];
    return Buffer.from(memory, slot * chunk, n);
  };
  const producer: Producer = { segments: imageSegments(plan) };
  const manifestOffset = plan.manifest.image.manifestOffset;
  const manifestEnd = manifestOffset + plan.manifestSize;
  // Each file's hash is finished as soon as its last byte has gone by, so the worker holds only the few
  // hashes still open, not one per file of the ISO.
  const fileDigests: Record<string, string> = {};
  let isoPos = 0;
  let laneBSteps: HashStep[] = [];
  let laneCSteps: HashStep[] = [];
  const laneBDone: Promise<unknown>[] = [];
  /** The last lane C run that reads the spare buffer: the spare is reused only once it is done. */
  let spareRead: Promise<unknown> = Promise.resolve();
  let spareUsed = 0;
  const flushB = () => {
    if (laneBSteps.length) laneBDone.push(laneB.run(laneBSteps).then((d) => Object.assign(fileDigests, d)));
    if (laneCSteps.length) laneBDone.push((spareRead = laneC.run(laneCSteps)));
    laneBSteps = [];
    laneCSteps = [];
  };
  /**
   * Hashes ISO bytes [isoPos, to) that no file piece covers (descriptors, directories, padding between
   * files), packed one after another into the spare buffer and hashed with the chunk's other steps.
   */
  const isoGap = async (to: number) => {
    while (isoPos < to) {
      if (spareUsed === chunk) {
        flushB();
        await spareRead;
        spareUsed = 0;
      }
      const n = Math.min(chunk - spareUsed, to - isoPos);
      await window.readInto(spare, spareUsed, n, isoPos, 'the ISO');
      laneCSteps.push({ u: 'iso', o: spare.byteOffset + spareUsed, l: n });
      spareUsed += n;
      isoPos += n;
    }
  };
  try {
    let pos = 0;
    let last = 0;
    for await (const buf of produce(plan, window, producer, 0, plan.imageBytes, chunk, async (file, rel, bytes) => {
      laneBSteps.push({ u: `f${file}`, o: bytes.byteOffset, l: bytes.length });
      const f = plan.files[file]!;
      if (rel + bytes.length === f.size) laneBSteps.push({ digest: `f${file}` });
      const src = f.source;
      if (!hashIso || src.kind !== 'iso') return;
      const at = src.offset + rel;
      if (at + bytes.length <= isoPos) return;
      if (at > isoPos) await isoGap(at);
      const skip = isoPos - at;
      laneCSteps.push({ u: 'iso', o: bytes.byteOffset + skip, l: bytes.length - skip });
      isoPos = at + bytes.length;
    }, nextBuffer)) {
      const end = pos + buf.length;
      const stepsA: HashStep[] =
        pos <= manifestOffset && manifestOffset < end
          ? [
              { u: 'image', o: buf.byteOffset, l: manifestOffset - pos },
              { copy: ['image', 'prefix'] },
              { u: 'image', o: buf.byteOffset + manifestOffset - pos, l: end - manifestOffset },
            ]
          : [{ u: 'image', o: buf.byteOffset, l: buf.length }];
      const waits: Promise<unknown>[] = [laneA.run(stepsA)];
      flushB();
      waits.push(...laneBDone.splice(0));
      if (write && !producer.lastZero) waits.push(write(buf, pos));
      busy[slot] = settleLater(Promise.all(waits));
      pos = end;
      const now = Date.now();
      if (opts.onProgress && (now - last >= 250 || pos === plan.imageBytes)) {
        last = now;
        opts.onProgress({ phase: write ? 'building' : 'hashing', bytes: pos, total: plan.imageBytes });
      }
    }
    await Promise.all(busy);
    if (hashIso) await isoGap(iso.size);
    flushB();
    await Promise.all(laneBDone.splice(0));
    // Files never finished above: empty files, and files with no data in the image.
    const open = plan.manifest.files.map((_, i) => `f${i}`).filter((k) => fileDigests[k] === undefined);
    Object.assign(fileDigests, await laneB.run(open.map((k) => ({ digest: k }))));
    const digestIso = hashIso ? (await laneC.run([{ digest: 'iso' }])).iso! : undefined;
    const zeroed = (await laneA.run([{ digest: 'image' }])).image!;
    const isoSha256 = opts.isoSha256?.toLowerCase() ?? digestIso!;
    const base = plan.manifest;
    const manifest: StickManifest = {
      ...base,
      iso: { ...base.iso, sha256: isoSha256 },
      // The manifest is the last planned file and not listed in itself: indexes line up.
      files: base.files.map((f, i) => ({ ...f, sha256: fileDigests[`f${i}`]! })),
      image: { ...base.image, sha256ManifestZeroed: zeroed },
    };
    const manifestBytes = renderManifest(manifest, plan.manifestSize);
    producer.manifestBytes = manifestBytes;
    // The manifest and everything after it, once more: the image hash ('prefix' goes on from its state at
    // the manifest's offset) and, for a file, the manifest written into its clusters as whole aligned
    // blocks (so a file opened for direct I/O takes it too).
    const from = Math.floor(manifestOffset / FILE_ALIGN) * FILE_ALIGN;
    const writeEnd = Math.min(plan.imageBytes, Math.ceil(manifestEnd / FILE_ALIGN) * FILE_ALIGN);
    let at = from;
    for await (const buf of produce(plan, window, producer, from, plan.imageBytes, chunk, undefined, nextBuffer)) {
      const skip = Math.max(0, manifestOffset - at);
      const waits: Promise<unknown>[] = [laneA.run([{ u: 'prefix', o: buf.byteOffset + skip, l: buf.length - skip }])];
      if (write && at < writeEnd) waits.push(write(buf.subarray(0, Math.min(buf.length, writeEnd - at)), at));
      busy[slot] = settleLater(Promise.all(waits));
      at += buf.length;
    }
    await Promise.all(busy);
    const sha256 = (await laneA.run([{ digest: 'prefix' }])).prefix!;
    return { manifest, manifestBytes, sha256, isoSha256 };
  } finally {
    await Promise.allSettled(busy);
    for (const lane of lanes) await lane.close();
  }
}

/** Prepares the image for a stick: one hashing pass, then the manifest and the final hash are fixed. */
export async function buildImage(plan: MediaPlan, iso: IsoReader, opts: BuildOptions = {}): Promise<Result<ImageBuild>> {
  try {
    const pass = await imagePass(plan, iso, opts);
    const chunk = opts.chunkBytes ?? IMAGE_CHUNK;
    const producer: Producer = { segments: imageSegments(plan), manifestBytes: pass.manifestBytes };
    return ok({
      size: plan.imageBytes,
      sha256: pass.sha256,
      isoSha256: pass.isoSha256,
      manifest: pass.manifest,
      plan,
      stream: () => {
        let bytes = 0;
        let last = 0;
        const gen = produce(plan, new IsoWindow(iso), producer, 0, plan.imageBytes, chunk);
        return (async function* () {
          for await (const b of gen) {
            bytes += b.length;
            const now = Date.now();
            if (opts.onProgress && (now - last >= 250 || bytes === plan.imageBytes)) {
              last = now;
              opts.onProgress({ phase: 'building', bytes, total: plan.imageBytes });
            }
            yield b;
          }
        })();
      },
    });
  } catch (e) {
    if (e instanceof AppFailure) return { ok: false, error: e.error };
    return err('io-error', `Building the image failed while reading the ISO: ${(e as Error).message}.`, { hint: 'Check the disk holding the ISO and try again; nothing was written.' });
  }
}

/** What an image file write reports. */
export interface ImageFileResult {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly isoSha256: string;
  readonly manifest: StickManifest;
}

/** Writes all of `buf` at `at`. */
async function writeFully(fh: FileHandle, buf: Uint8Array, at: number): Promise<void> {
  let w = 0;
  while (w < buf.length) w += (await fh.write(buf, w, buf.length - w, at + w)).bytesWritten;
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

/**
 * The temporary image file, written with direct I/O where its filesystem allows it: chunks go from the
 * hashing buffers straight to the disk, which writes while the workers hash. Written through the page cache,
 * a 2 GB image stayed dirty in memory until the final datasync (the kernel starts writing back only at 10 %
 * of memory), so the disk started when the hashing ended, and copying into the cache cost as much CPU here
 * as one SHA-256 pass. A filesystem without O_DIRECT (tmpfs), or a write it refuses (EINVAL, an alignment it
 * does not take), falls back to ordinary writes.
 */
class ImageOut {
  private buffered: Promise<FileHandle> | undefined;

  private constructor(
    private readonly fh: FileHandle,
    private readonly direct: boolean,
    private readonly folder: ConfinedFolder,
    private readonly name: string,
  ) {}

  /** Creates `name` in `folder` (exclusively, never through a link), with O_DIRECT where the filesystem takes it. */
  static async create(folder: ConfinedFolder, name: string): Promise<ImageOut> {
    try {
      return new ImageOut(await folder.createFile(name, 0o644, constants.O_DIRECT), true, folder, name);
    } catch (e) {
      if (errno(e) !== 'EINVAL') throw e;
      // The filesystem refused O_DIRECT when opening, after the file was created: it is ours (a fresh random name).
      await folder.unlink(name).catch(() => undefined);
      return new ImageOut(await folder.createFile(name), false, folder, name);
    }
  }

  async write(buf: Uint8Array, at: number): Promise<void> {
    if (this.direct && !this.buffered) {
      try {
        return await writeFully(this.fh, buf, at);
      } catch (e) {
        if (errno(e) !== 'EINVAL') throw e;
        this.buffered ??= this.folder.openForWriting(this.name);
      }
    }
    await writeFully((await this.buffered) ?? this.fh, buf, at);
  }

  truncate(size: number): Promise<void> {
    return this.fh.truncate(size);
  }

  async datasync(): Promise<void> {
    await (await this.buffered)?.datasync();
    await this.fh.datasync();
  }

  async close(): Promise<void> {
    await (await this.buffered?.catch(() => undefined))?.close().catch(() => undefined);
    await this.fh.close();
  }
}

/**
 * Writes the image to `outPath` in one pass over the ISO: streams to `.<name>.partial-<pid>` in the same
 * folder while hashing (files, ISO, image), writes the manifest into its reserved clusters at the end,
 * syncs, then renames. A file, unlike a stick, can take that one positional write, so the ISO is read
 * once instead of twice. On any failure the partial file is removed: nothing appears under `outPath`.
 */
export async function writeImageFile(plan: MediaPlan, iso: IsoReader, outPath: string, opts: BuildOptions = {}): Promise<Result<ImageFileResult>> {
  // The output folder is decided once and the image is made in it through a confined folder: the partial file
  // is created exclusively under a fresh name (never through a link: a planted one would take the image's
  // bytes elsewhere), and renamed within that same folder.
  const name = basename(outPath);
  const tmpName = `.${name}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(dirname(outPath), tmpName);
  const isoBefore = await stat(iso.path).catch(() => undefined);
  let folder: ConfinedFolder;
  let fh: ImageOut | undefined;
  try {
    folder = await ConfinedFolder.open(dirname(outPath), { create: true });
  } catch (e) {
    return err('io-error', `Cannot open the folder ${dirname(outPath)}: ${(e as Error).message}.`, { hint: 'Pick a folder you can write to with enough free space.' });
  }
  try {
    fh = await ImageOut.create(folder, tmpName);
  } catch (e) {
    await folder.close();
    return err('io-error', `Cannot create ${tmp}: ${(e as Error).message}.`, { hint: 'Pick a folder you can write to with enough free space.' });
  }
  try {
    const out = fh;
    const pass = await imagePass(plan, iso, opts, (buf, at) => out.write(buf, at));
    // All-zero chunks (free space) were skipped: the file is sparse there and gets its full size here.
    await out.truncate(plan.imageBytes);
    const { sha256, isoSha256, manifest } = pass;
    await out.datasync();
    await fh.close();
    fh = undefined;
    const isoAfter = await stat(iso.path).catch(() => undefined);
    if (!isoBefore || !isoAfter || isoBefore.size !== isoAfter.size || isoBefore.mtimeMs !== isoAfter.mtimeMs) {
      await folder.unlink(tmpName);
      await folder.close();
      return err('conflict', `The ISO ${iso.path} changed while the image was being built.`, {
        hint: 'Leave the ISO untouched and build again.',
        kept: 'no image under the target name',
      });
    }
    await folder.rename(tmpName, name);
    const size = (await folder.lstat(name))?.size ?? plan.imageBytes;
    await folder.close();
    return ok({ path: outPath, size, sha256, isoSha256, manifest });
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await folder.unlink(tmpName).catch(() => undefined);
    await folder.close();
    if (e instanceof AppFailure) return { ok: false, error: { ...e.error, kept: 'no image under the target name' } };
    const code = (e as NodeJS.ErrnoException).code;
    return err('io-error', `Writing the image to ${outPath} failed: ${code === 'ENOSPC' ? 'the disk is full' : (e as Error).message}.`, {
      hint: code === 'ENOSPC' ? `Free at least ${plan.imageBytes} bytes or pick another folder.` : 'Check the target folder and try again.',
      kept: 'no image under the target name',
    });
  }
}
