/**
 * The write and read-back pipelines (docs/FIELD-NOTES.md "Write and verify pipeline").
 *
 * Writing: the first MiB of the target is zeroed first (an interrupted write leaves no partition table),
 * the image body goes out in large aligned writes with several in flight, and the partition table — the
 * image's first MiB, and for GPT also its last MiB with the backup header — is written last.
 * Reading back: every byte, with direct I/O, hashed in order with SHA-256 and compared with the hash taken
 * while writing. On a mismatch a second pass compares bytes to report the first differing offset.
 */
import { AppFailure, type AppError } from '../../core/result';
import { AlignedPool, alignedBuffer } from './aligned';
import { sequentialReader, type ImageSource } from './image-source';
import type { OpenTarget } from './device';
import { HashWorker } from './hash-worker';

export const MiB = 1 << 20;
/** The region holding the MBR and the primary GPT; written last. */
export const HEAD_BYTES = MiB;

export interface PipelineOptions {
  /** Bytes per write (default 4 MiB; a multiple of 1 MiB). */
  readonly chunkBytes?: number;
  /** Writes or reads in flight (default 4). */
  readonly depth?: number;
  readonly signal?: AbortSignal;
  /** Called after each completed write or read with the bytes done so far. */
  readonly onBytes?: (bytes: number) => void;
}

export interface WriteResult {
  readonly sha256: string;
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
  const zeros = alignedBuffer(HEAD_BYTES).fill(0);
  const head = Math.min(HEAD_BYTES, target.capacity);
  await writeAt(target, zeros.subarray(0, head), 0, 'erasing the partition table');
  if (tailStart !== undefined && tailEnd !== undefined && tailEnd > tailStart)
    await writeAt(target, zeros.subarray(0, Math.min(HEAD_BYTES, tailEnd - tailStart)), tailStart, 'erasing the backup partition table');
  await target.fh.datasync().catch(() => undefined);
}

/**
 * Writes the image to the open target. Throws AppFailure (device-error, read-only, cancelled, invalid-input);
 * the caller erases the partition table on any failure.
 */
export async function writeImage(target: OpenTarget, source: ImageSource, options: PipelineOptions = {}): Promise<WriteResult> {
  const chunk = Math.max(MiB, alignUp(options.chunkBytes ?? 8 * MiB, MiB));
  const depth = Math.max(1, options.depth ?? 6);
  const size = source.size;
  const bs = target.blockSize;
  const padded = alignUp(size, bs);
  if (padded > target.capacity)
    throw new AppFailure({
      code: 'too-small',
      message: `${target.path} holds ${target.capacity} bytes; the image needs ${size}. Nothing was written.`,
      hint: 'Use a larger stick.',
    });

  const pool = new AlignedPool(chunk, depth + 1);
  const head = alignedBuffer(HEAD_BYTES).fill(0);
  const headLen = Math.min(HEAD_BYTES, padded);
  let tail: Buffer | undefined;
  let tailStart = padded;
  let gpt = false;

  // 1. Blank the partition table first: from here on an interruption leaves a stick nothing will boot.
  await invalidate(target);
  if (target.kind === 'device' && target.capacity >= 2 * HEAD_BYTES && target.capacity - HEAD_BYTES >= padded) {
    // A stale backup GPT at the device's end would let tools "repair" an old table onto the new image.
    const zeros = alignedBuffer(HEAD_BYTES).fill(0);
    await writeAt(target, zeros, target.capacity - HEAD_BYTES, 'erasing an old backup partition table');
  }

  // The image's declared hash (the boot-bundle builder knows it before writing) spares hashing on the way
  // out and makes verification independent of the stream; otherwise a worker hashes what we write.
  const hasher = source.sha256 ? undefined : new HashWorker(pool.memory);
  const read = sequentialReader(source);
  const inflight = new Set<Promise<void>>();
  let failure: unknown;
  let written = 0;

  for (let pos = 0; pos < size; pos += chunk) {
    if (options.signal?.aborted) failure ??= cancelled(target.path);
    if (failure) break;
    const buf = await pool.acquire();
    if (failure) {
      pool.release(buf);
      break;
    }
    const want = Math.min(chunk, size - pos);
    const n = await read(buf.subarray(0, want), pos);
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
    if (wEnd <= wStart) {
      const p: Promise<void> = hashed.finally(() => {
        pool.release(buf);
        inflight.delete(p);
      });
      inflight.add(p);
      continue;
    }
    const p: Promise<void> = writeAt(target, buf.subarray(wStart - pos, wEnd - pos), wStart, 'writing')
      .then(
        () => {
          written += wEnd - wStart;
          options.onBytes?.(written);
        },
        (e) => {
          failure ??= e;
        },
      )
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
    await hasher?.close();
    throw failure;
  }
  const sha256 = hasher ? await hasher.digest().finally(() => hasher.close()) : source.sha256!;

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

export interface VerifyResult {
  readonly ok: boolean;
  readonly sha256: string;
  /** First differing byte, when the source could be read again to find it. */
  readonly mismatchOffset?: number;
}

/** Reads `size` bytes back from the target with direct I/O, hashing them in order with SHA-256. */
export async function readBackHash(target: OpenTarget, size: number, options: PipelineOptions = {}): Promise<string> {
  const chunk = Math.max(MiB, alignUp(options.chunkBytes ?? 4 * MiB, MiB));
  const depth = Math.max(1, options.depth ?? 4);
  const bs = target.blockSize;
  const pool = new AlignedPool(chunk, depth + 2);
  const hasher = new HashWorker(pool.memory);
  const queue: Promise<{ buf: Buffer; want: number; got: number; pos: number }>[] = [];
  const hashing = new Set<Promise<void>>();
  let done = 0;
  // Reads complete in any order; they are handed to the hash worker in file order.
  const drain = async () => {
    const r = await queue.shift()!;
    if (r.got < r.want) {
      pool.release(r.buf);
      throw deviceFailure(target, Object.assign(new Error('short read'), { code: 'EIO' }), 'verifying', r.pos + r.got);
    }
    const h: Promise<void> = hasher.update(r.buf.subarray(0, r.want)).then(() => {
      done += r.want;
      pool.release(r.buf);
      hashing.delete(h);
      options.onBytes?.(done);
    });
    hashing.add(h);
  };
  try {
    for (let pos = 0; pos < size; pos += chunk) {
      if (options.signal?.aborted) throw cancelled(target.path);
      while (queue.length >= depth) await drain();
      const buf = await pool.acquire();
      const want = Math.min(chunk, size - pos);
      const len = alignUp(want, bs);
      queue.push(readAt(target, buf.subarray(0, len), pos, 'verifying').then((got) => ({ buf, want, got: Math.min(got, want), pos })));
    }
    while (queue.length) await drain();
    await Promise.all(hashing);
    return await hasher.digest();
  } catch (e) {
    await Promise.allSettled(queue);
    throw e;
  } finally {
    await hasher.close();
  }
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
