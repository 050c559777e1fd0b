/**
 * The write and read-back pipelines (docs/FIELD-NOTES.md "Write and verify pipeline").
 *
 * Writing: the first MiB of the target is zeroed first (an interrupted write leaves no partition table),
 * the image body goes out in aligned direct writes with several in flight, and the partition table — the
 * image's first MiB, and for GPT also its last MiB with the backup header — is written last.
 * Reading back: every byte, with direct I/O and several reads in flight, hashed in order with SHA-256 on a
 * worker thread; compared with the hash announced by the builder, or byte for byte with the source when
 * the source can be read again (then the hash of the matching bytes is the image's). Each byte is hashed
 * once per job. When only the hashes differ, a second pass compares bytes to report the first differing
 * offset.
 */
import { AppFailure, type AppError } from '../../core/result';
import { AlignedPool, alignedBuffer } from './aligned';
import { sequentialReader, type ImageSource } from './image-source';
import type { OpenTarget } from './device';
import { HashWorker } from './hash-worker';

export const MiB = 1 << 20;
/** The region holding the MBR and the primary GPT; written last. */
export const HEAD_BYTES = MiB;
/**
 * Bytes per read or write. The block layer splits requests at the device's max_sectors_kb (1280 KiB for a
 * loop device here, often less for USB sticks), so three 2 MiB requests in flight keep a device busier than
 * dd's one 4 MiB request at a time (writes took 0.8-0.95× dd's time here), with 12 MiB of buffers in all:
 * a fourth request gained nothing measurable and cost the 4 MiB that kept the job under 120 MB.
 */
export const DEFAULT_CHUNK = 2 * MiB;
/** Reads or writes in flight. */
export const DEFAULT_DEPTH = 3;

export interface PipelineOptions {
  /** Bytes per read or write (default DEFAULT_CHUNK; a multiple of 1 MiB). */
  readonly chunkBytes?: number;
  /** Writes or reads in flight (default DEFAULT_DEPTH). */
  readonly depth?: number;
  readonly signal?: AbortSignal;
  /** Called after each completed write or read with the bytes done so far. */
  readonly onBytes?: (bytes: number) => void;
  /** Buffers and hash worker to use (a job shares one set between its write and its read-back). */
  readonly buffers?: StickBuffers;
}

export interface WriteResult {
  /**
   * The image's SHA-256 when it was announced or computed on the way; undefined when the read-back is to
   * compute it while comparing every byte with the source (see `hashWhileWriting`).
   */
  readonly sha256?: string;
  readonly bytes: number;
  readonly gpt: boolean;
  /** Where the GPT backup region starts, when the image has one. */
  readonly tailStart?: number;
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

/** A failure of the device itself (unplugged, failing, shrunk): one message, never "success". */
export function deviceFailure(target: OpenTarget, e: unknown, during: string, position?: number): AppFailure {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  const where = position !== undefined ? ` at byte ${position}` : '';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
    return new AppFailure({
      code: 'read-only',
      message: `${target.path} is read-only (${code}): nothing could be written.`,
      hint: 'Slide the stick\'s lock switch to unlocked, or use another stick.',
    });
  return new AppFailure({
    code: 'device-error',
    message: `The stick was removed or failed while ${during}${where} (${code}). The stick is not usable as it is.`,
    hint: 'Plug the stick in again (or use another one) and write it again.',
    kept: 'The image and the site are unchanged; the stick holds no partition table, so no computer will try to boot it.',
    details: { errno: code, position },
  });
}

/** The image (not the stick) could not be read: said as such, so a bad source disk is not blamed on the stick. */
export function sourceFailure(source: ImageSource, e: unknown, during: string): AppFailure {
  if (e instanceof AppFailure) return e;
  const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  const name = source.name ? ` ${source.name}` : '';
  return new AppFailure({
    code: 'io-error',
    message: `The image${name} could not be read while ${during} (${code}). The stick's partition table was erased, so it is clearly blank.`,
    hint: 'Check the disk or folder holding the image, then write the stick again.',
    kept: 'The image file was not changed.',
  });
}

export const cancelled = (target: string): AppFailure =>
  new AppFailure({
    code: 'cancelled',
    message: `Writing ${target} was cancelled. Its partition table was erased, so the stick is clearly blank, not half-written.`,
    hint: 'Write the stick again when you are ready.',
  });

const TRANSIENT = new Set(['EIO', 'EBUSY', 'EAGAIN']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes all of `buf` at `position`, retrying short writes and transient errors a few times (Etcher: 5 × 100 ms·n). */
export async function writeAt(target: OpenTarget, buf: Buffer, position: number, during: string): Promise<void> {
  let done = 0;
  let attempt = 0;
  while (done < buf.length) {
    try {
      const { bytesWritten } = await target.fh.write(buf, done, buf.length - done, position + done);
      if (bytesWritten === 0) throw Object.assign(new Error('no space left on the device'), { code: 'ENOSPC' });
      done += bytesWritten;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (TRANSIENT.has(code) && attempt < 3) {
        attempt++;
        await sleep(100 * attempt);
        continue;
      }
      throw deviceFailure(target, e, during, position + done);
    }
  }
}

/** Fills `buf` from `position`; resolves with the bytes read (short only at the end of the device). */
export async function readAt(target: OpenTarget, buf: Buffer, position: number, during: string): Promise<number> {
  let done = 0;
  let attempt = 0;
  while (done < buf.length) {
    try {
      const { bytesRead } = await target.fh.read(buf, done, buf.length - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (TRANSIENT.has(code) && attempt < 3) {
        attempt++;
        await sleep(100 * attempt);
        continue;
      }
      throw deviceFailure(target, e, during, position + done);
    }
  }
  return done;
}

/** True when the image's first MiB carries a GPT header at LBA 1. */
export function hasGpt(head: Uint8Array): boolean {
  return head.length >= 520 && String.fromCharCode(...head.subarray(512, 520)) === 'EFI PART';
}

/** Zeroes the first MiB (the partition table) and, for GPT images, the backup region: the stick is blank. */
export async function invalidate(target: OpenTarget, tailStart?: number, tailEnd?: number): Promise<void> {
  const zeros = alignedBuffer(HEAD_BYTES); // zeros already, and left untouched so it costs no memory
  const head = Math.min(HEAD_BYTES, target.capacity);
  await writeAt(target, zeros.subarray(0, head), 0, 'erasing the partition table');
  if (tailStart !== undefined && tailEnd !== undefined && tailEnd > tailStart)
    await writeAt(target, zeros.subarray(0, Math.min(HEAD_BYTES, tailEnd - tailStart)), tailStart, 'erasing the backup partition table');
  await target.fh.datasync().catch(() => undefined);
}

/**
 * The memory one stick's pipeline works in: one pool of aligned buffers and one hash worker, shared by the
 * write and the read-back, so the job allocates them once (issue 27: peak RSS of a whole job < 120 MB).
 * The pool holds two buffers per I/O in flight: a buffer stays taken until both its I/O and its hash are
 * done, so the next I/Os can start while the worker hashes; a read-back that compares with the source
 * takes one more for the source's side.
 */
export class StickBuffers {
  readonly pool: AlignedPool;
  readonly chunk: number;
  readonly depth: number;
  private worker: HashWorker | undefined;

  constructor(options: Pick<PipelineOptions, 'chunkBytes' | 'depth'> = {}) {
    this.chunk = Math.max(MiB, alignUp(options.chunkBytes ?? DEFAULT_CHUNK, MiB));
    this.depth = Math.max(1, options.depth ?? DEFAULT_DEPTH);
    this.pool = new AlignedPool(this.chunk, 2 * this.depth);
  }

  /** The hash worker over the pool's memory; started on first use (call early to overlap its start-up with I/O). */
  hasher(): HashWorker {
    this.worker ??= new HashWorker(this.pool.memory);
    return this.worker;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.close();
  }
}

/** Runs `fn` with the caller's buffers, or with its own that are closed afterwards. */
async function withBuffers<T>(options: PipelineOptions, fn: (b: StickBuffers) => Promise<T>): Promise<T> {
  if (options.buffers) return fn(options.buffers);
  const own = new StickBuffers(options);
  try {
    return await fn(own);
  } finally {
    await own.close();
  }
}

/**
 * True when the image's SHA-256 has to be computed while writing: it is not known in advance and the source
 * cannot be read again, so the read-back has nothing else to be compared with.
 */
export const hashWhileWriting = (source: ImageSource): boolean => !source.sha256 && !source.read;

/**
 * Writes the image to the open target. Throws AppFailure (device-error, read-only, cancelled, invalid-input);
 * the caller erases the partition table on any failure.
 *
 * Nothing is hashed on the way out when the image's hash is known (the builder announces it) or when the
 * source can be read again (an image file): then the read-back hashes the stick and compares it with the
 * announced hash or byte for byte with the source, so each byte is hashed once per job, not twice. Only a
 * stream that can be read once is hashed here, on the worker, while the next chunk is being written.
 */
export async function writeImage(target: OpenTarget, source: ImageSource, options: PipelineOptions = {}): Promise<WriteResult> {
  return withBuffers(options, (buffers) => writeWith(target, source, buffers, options));
}

async function writeWith(target: OpenTarget, source: ImageSource, buffers: StickBuffers, options: PipelineOptions): Promise<WriteResult> {
  const { pool, chunk, depth } = buffers;
  const size = source.size;
  const bs = target.blockSize;
  const padded = alignUp(size, bs);
  if (padded > target.capacity)
    throw new AppFailure({
      code: 'too-small',
      message: `${target.path} holds ${target.capacity} bytes; the image needs ${size}. Nothing was written.`,
      hint: 'Use a larger stick.',
    });

  const head = alignedBuffer(HEAD_BYTES); // a fresh buffer is zeros
  const headLen = Math.min(HEAD_BYTES, padded);
  let tail: Buffer | undefined;
  let tailStart = padded;
  let gpt = false;

  // 1. Blank the partition table first: from here on an interruption leaves a stick nothing will boot.
  await invalidate(target);
  if (target.kind === 'device' && target.capacity >= 2 * HEAD_BYTES && target.capacity - HEAD_BYTES >= padded) {
    // A stale backup GPT at the device's end would let tools "repair" an old table onto the new image.
    await writeAt(target, head, target.capacity - HEAD_BYTES, 'erasing an old backup partition table');
  }

  const hasher = hashWhileWriting(source) ? buffers.hasher() : undefined;
  const read = sequentialReader(source);
  const inflight = new Set<Promise<void>>();
  let failure: unknown;
  let written = 0;

  for (let pos = 0; pos < size; pos += chunk) {
    if (options.signal?.aborted) failure ??= cancelled(target.path);
    if (failure) break;
    // At most `depth` writes in flight: more would only queue in the kernel and hold memory.
    while (inflight.size >= depth) await Promise.race(inflight);
    const buf = await pool.acquire();
    if (failure) {
      pool.release(buf);
      break;
    }
    const want = Math.min(chunk, size - pos);
    let n: number;
    try {
      n = await read(buf.subarray(0, want), pos);
    } catch (e) {
      pool.release(buf);
      failure = sourceFailure(source, e, 'writing');
      break;
    }
    if (n < want) {
      pool.release(buf);
      failure = new AppFailure({
        code: 'invalid-input',
        message: `The image ended after ${pos + n} bytes, but it was announced as ${size} bytes. The stick was left blank.`,
        hint: 'Build or copy the image again, then write it.',
      });
      break;
    }
    const hashed = hasher ? hasher.update(buf.subarray(0, n)) : Promise.resolve();
    let len = n;
    if (pos + n === size && padded > size) {
      len = padded - pos;
      buf.fill(0, n, len);
    }
    let wStart = pos;
    let wEnd = pos + len;
    if (pos < HEAD_BYTES) {
      const h = Math.min(len, HEAD_BYTES - pos);
      buf.copy(head, pos, 0, h);
      wStart = pos + h;
      if (pos === 0 && hasGpt(head) && padded > HEAD_BYTES) {
        gpt = true;
        tailStart = Math.max(HEAD_BYTES, padded - HEAD_BYTES);
        tail = alignedBuffer(padded - tailStart);
      }
    }
    if (tail && wEnd > tailStart) {
      const from = Math.max(wStart, tailStart);
      buf.copy(tail, from - tailStart, from - pos, wEnd - pos);
      wEnd = Math.max(wStart, tailStart);
    }
    const wrote =
      wEnd <= wStart
        ? Promise.resolve()
        : writeAt(target, buf.subarray(wStart - pos, wEnd - pos), wStart, 'writing').then(
            () => {
              written += wEnd - wStart;
              options.onBytes?.(written);
            },
            (e) => {
              failure ??= e;
            },
          );
    const p: Promise<void> = wrote
      .then(() => hashed)
      .finally(() => {
        pool.release(buf);
        inflight.delete(p);
      });
    inflight.add(p);
  }
  await Promise.all(inflight);
  if (!failure && options.signal?.aborted) failure = cancelled(target.path);
  if (failure) {
    // The worker may hold part of this stream: start the next one from nothing.
    await hasher?.digest().catch(() => undefined);
    throw failure;
  }
  const sha256 = hasher ? await hasher.digest() : source.sha256;

  // 2. The partition table last: GPT backup, flush, then the first MiB, flush.
  if (tail && tail.length > 0) {
    await writeAt(target, tail, tailStart, 'writing the backup partition table');
    written += tail.length;
  }
  await target.fh.datasync().catch((e) => {
    throw deviceFailure(target, e, 'flushing');
  });
  await writeAt(target, head.subarray(0, headLen), 0, 'writing the partition table');
  written += headLen;
  await target.fh.datasync().catch((e) => {
    throw deviceFailure(target, e, 'flushing');
  });
  options.onBytes?.(written);
  return { sha256, bytes: size, gpt, tailStart: gpt ? tailStart : undefined };
}

/** What the read-back found: the stick's SHA-256, or the first byte that differs from the source. */
export interface ReadBackResult {
  /** SHA-256 of the `size` bytes read back; absent when a difference from the source was found first. */
  readonly sha256?: string;
  /** First byte that differs from `compareWith` (or where the source ended early). */
  readonly mismatchOffset?: number;
}

/** Index of the first differing byte of two views (they are known to differ), or the shorter length. */
function firstDiffIndex(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/**
 * Reads `size` bytes back from the target with direct I/O, `depth` reads in flight, hashing them in order
 * with SHA-256 on the worker while the next reads are on their way. With `compareWith` (a source that can
 * be read again) every chunk is also compared byte for byte with the source, and the read-back stops at the
 * first difference; the SHA-256 of bytes that all equal the source's is the source's SHA-256.
 */
export async function readBack(target: OpenTarget, size: number, options: PipelineOptions & { readonly compareWith?: ImageSource } = {}): Promise<ReadBackResult> {
  return withBuffers(options, (buffers) => readBackWith(target, size, buffers, options));
}

async function readBackWith(target: OpenTarget, size: number, buffers: StickBuffers, options: PipelineOptions & { readonly compareWith?: ImageSource }): Promise<ReadBackResult> {
  const { pool, chunk, depth } = buffers;
  const bs = target.blockSize;
  const source = options.compareWith?.read ? options.compareWith : undefined;
  const hasher = buffers.hasher();
  interface Pending {
    readonly dev: Buffer;
    readonly pos: number;
    readonly want: number;
    readonly got: Promise<number>;
  }
  const queue: Pending[] = [];
  const hashing = new Set<Promise<void>>();
  let done = 0;
  let mismatch: number | undefined;
  // One buffer for the source's side of the comparison: the chunk at the head of the queue is read from
  // the image (the page cache, usually) while its device read finishes, so every buffer but this one
  // serves device reads and hashing, and the device always has `depth` reads.
  const srcBuf = source ? await pool.acquire() : undefined;
  // Reads complete in any order; they are compared and handed to the hash worker in file order.
  const drain = async () => {
    const r = queue.shift()!;
    const fromSource = srcBuf ? source!.read!(srcBuf.subarray(0, r.want), r.pos).catch((e) => Promise.reject(sourceFailure(source!, e, 'comparing the stick with it'))) : undefined;
    fromSource?.catch(() => undefined); // awaited below on every path
    let got: number;
    let srcGot = 0;
    try {
      got = await r.got;
      if (got < r.want) throw deviceFailure(target, Object.assign(new Error('short read'), { code: 'EIO' }), 'verifying', r.pos + got);
      if (fromSource) srcGot = await fromSource;
    } catch (e) {
      await fromSource?.catch(() => undefined);
      pool.release(r.dev);
      throw e;
    }
    const bytes = r.dev.subarray(0, r.want);
    if (srcBuf) {
      const expected = srcBuf.subarray(0, Math.min(srcGot, r.want));
      if (expected.length < r.want || !bytes.equals(expected)) {
        mismatch = r.pos + firstDiffIndex(bytes, expected);
        pool.release(r.dev);
        return;
      }
    }
    const h: Promise<void> = hasher.update(bytes).then(() => {
      done += r.want;
      pool.release(r.dev);
      hashing.delete(h);
      options.onBytes?.(done);
    });
    hashing.add(h);
  };
  try {
    for (let pos = 0; pos < size && mismatch === undefined; pos += chunk) {
      if (options.signal?.aborted) throw cancelled(target.path);
      while (queue.length >= depth && mismatch === undefined) await drain();
      if (mismatch !== undefined) break;
      const dev = await pool.acquire();
      const want = Math.min(chunk, size - pos);
      const got = readAt(target, dev.subarray(0, alignUp(want, bs)), pos, 'verifying');
      got.catch(() => undefined); // awaited (and its error thrown) in drain
      queue.push({ dev, pos, want, got });
    }
    while (queue.length && mismatch === undefined) await drain();
    await Promise.all(hashing);
    if (mismatch !== undefined) {
      await hasher.digest(); // drop the partial hash
      return { mismatchOffset: mismatch };
    }
    return { sha256: await hasher.digest() };
  } finally {
    // On an error or an early stop, wait for the reads still out and give their buffers back.
    for (const r of queue.splice(0)) {
      await r.got.catch(() => undefined);
      pool.release(r.dev);
    }
    await Promise.allSettled(hashing);
    if (srcBuf) pool.release(srcBuf);
  }
}

/** SHA-256 of the whole source, read through the pipeline's buffers and hashed on its worker. */
export async function sourceSha256(source: ImageSource, options: PipelineOptions = {}): Promise<string> {
  return withBuffers(options, async (buffers) => {
    const { pool, chunk } = buffers;
    const read = sequentialReader(source);
    const worker = buffers.hasher();
    for (let pos = 0; pos < source.size; pos += chunk) {
      const buf = await pool.acquire();
      try {
        const n = await read(buf.subarray(0, Math.min(chunk, source.size - pos)), pos);
        await worker.update(buf.subarray(0, n));
      } finally {
        pool.release(buf);
      }
    }
    return worker.digest();
  });
}

/** Finds the first byte where the target differs from the source (slow path, only after a hash mismatch). */
export async function firstDifference(target: OpenTarget, source: ImageSource, options: PipelineOptions = {}): Promise<number | undefined> {
  const chunk = 4 * MiB;
  const dev = alignedBuffer(chunk);
  const src = Buffer.alloc(chunk);
  const read = sequentialReader(source);
  for (let pos = 0; pos < source.size; pos += chunk) {
    if (options.signal?.aborted) return undefined;
    const want = Math.min(chunk, source.size - pos);
    const got = await readAt(target, dev.subarray(0, alignUp(want, target.blockSize)), pos, 'locating the difference');
    const n = await read(src.subarray(0, want), pos);
    if (got < want || n < want) return pos + Math.min(got, n);
    if (!dev.subarray(0, want).equals(src.subarray(0, want))) {
      for (let i = 0; i < want; i++) if (dev[i] !== src[i]) return pos + i;
    }
  }
  return undefined;
}

/** Converts anything thrown in the pipeline into an AppError. */
export function toAppError(e: unknown, target: OpenTarget | undefined, during: string): AppError {
  if (e instanceof AppFailure) return e.error;
  if (target) return deviceFailure(target, e, during).error;
  return { code: 'device-error', message: `Sitekit could not use the target while ${during}: ${(e as Error).message}`, hint: 'Check the stick and try again.' };
}
