/**
 * One stick, start to finish: check the pinned identity, refuse system / read-only / too-small / large
 * (unconfirmed) drives, unmount, open exclusively with direct I/O, re-check the identity, write (partition
 * table last), read every byte back before the handle is released, flush, close, eject. Write, verification
 * and eject are reported separately: an eject failure after a verified write is not a failed flash
 * (docs/FIELD-NOTES.md "Write, verify and eject reported apart"; Etcher #3800).
 */
import { performance } from 'node:perf_hooks';
import type { AppError } from '../../core/result';
import type { StickOutcome, WriteConfirmation, WriteTarget, WritePhase } from '../../core/drives/types';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkIdentity } from '../drives/identity';
import { lastGate } from './gate';
import { ejectDevice, openDevice, openImageTarget, unmountAll, type OpenTarget } from './device';
import { firstDifference, invalidate, readBack, sourceSha256, StickBuffers, toAppError, writeImage, type PipelineOptions } from './pipeline';
import { progressMeter, type ProgressReportSink } from '../../core/progress';
import type { ImageSource } from './image-source';

export interface StickJob {
  readonly target: WriteTarget;
  readonly source: ImageSource;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressReportSink<WritePhase>;
  /** What the technician confirmed (typed names, unmounting); checked at the last gate. */
  readonly confirm?: WriteConfirmation;
  /** Power the stick off afterwards (default true). */
  readonly eject?: boolean;
  /** Pipeline tuning (bench, tests). */
  readonly pipeline?: Pick<PipelineOptions, 'chunkBytes' | 'depth'>;
  /** Called after writing, before verification (tests use it to corrupt the medium). */
  readonly afterWrite?: () => Promise<void>;
}

const label = (t: WriteTarget): string => (t.kind === 'device' ? t.identity.device : t.path);

function fail(error: AppError, extra: Partial<StickOutcome> = {}, target = ''): StickOutcome {
  return { target, written: false, verified: false, bytes: 0, eject: { status: 'skipped' }, safeToRemove: false, error, ...extra };
}

/**
 * The last gate: the pinned identity must still match, then the drive list's own rules on fresh facts with
 * the technician's confirmations (gate.ts). Resolves with nothing when the drive may be opened.
 */
async function preflight(job: StickJob, device: string): Promise<{ error?: AppError; mounted: readonly string[] }> {
  const pinned = job.target.kind === 'device' ? job.target.identity : undefined;
  if (!pinned) return { mounted: [] };
  // Both read the drive's facts afresh and neither changes anything, so they run side by side.
  const [id, gate] = await Promise.all([checkIdentity(pinned), lastGate(device, job.source.size, job.confirm)]);
  if (!id.ok) return { error: id.error, mounted: [] };
  return { error: gate.error, mounted: gate.facts.mountpoints };
}

/**
 * Runs one stick's job; never throws, always resolves with an outcome. The outcome lists what was unmounted
 * (with the technician's consent), whatever happened afterwards. An image-file target is written under a
 * temporary name in its folder and renamed only once verified, so a failed write leaves nothing under the
 * final name (and an existing file there untouched).
 */
export async function writeStick(job: StickJob): Promise<StickOutcome> {
  const state: WriteState = { unmounted: [] };
  const out = await writeStickOnce(job, state);
  if (state.tempFile) await unlink(state.tempFile).catch(() => undefined);
  return state.unmounted.length && !out.unmounted ? { ...out, unmounted: state.unmounted } : out;
}

interface WriteState {
  unmounted: readonly string[];
  /** An image-file target's temporary file while it is not yet renamed to its final name. */
  tempFile?: string;
}

/** The temporary name an image file is written under: hidden, in the same folder (so the rename is atomic). */
const tempImageName = (path: string) => join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

async function writeStickOnce(job: StickJob, state: WriteState): Promise<StickOutcome> {
  const name = label(job.target);
  // The one meter (core/progress.ts): about four reports a second, phase changes and completion always.
  const meter = progressMeter<WritePhase>((p) => job.onProgress?.(p), { now: () => performance.now() });
  const progress = { update: (phase: WritePhase, bytes: number, total: number): void => meter({ phase, bytes, total }) };
  const size = job.source.size;
  progress.update('checking', 0, size);
  const device = job.target.kind === 'device' ? job.target.identity.device : undefined;

  let target: OpenTarget | undefined;
  let written = false;
  let wrote: Awaited<ReturnType<typeof writeImage>> | undefined;
  let buffers: StickBuffers | undefined;
  const t0 = performance.now();
  try {
    if (device) {
      const gate = await preflight(job, device);
      if (gate.error) return fail(gate.error, {}, name);
      progress.update('unmounting', 0, size);
      const um = await unmountAll(device);
      state.unmounted = um.unmounted;
      if (um.failed.length)
        return fail(
          {
            code: 'rejected',
            message: `${device} is in use: ${um.failed.map((f) => `${f.mountpoint} (${f.reason})`).join('; ')}. Nothing was written.`,
            hint: 'Close the files and windows open on the stick, then write again.',
            ...(um.unmounted.length ? { kept: `Unmounted before the stop: ${um.unmounted.join(', ')}.` } : {}),
          },
          um.unmounted.length ? { unmounted: um.unmounted } : {},
          name,
        );
      try {
        target = await openDevice(device);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EBUSY')
          return fail({ code: 'rejected', message: `${device} is in use by another program or mounted. Nothing was written.`, hint: 'Close what uses it, then write again.' }, {}, name);
        if (code === 'EROFS' || code === 'EACCES')
          return fail({ code: 'read-only', message: `${device} cannot be opened for writing (${code}). Nothing was written.`, hint: 'Unlock the stick or run the writer with administrator rights.' }, {}, name);
        throw e;
      }
      // The drive we opened must still be the one that was picked (a swap between check and open).
      const again = job.target.kind === 'device' ? await checkIdentity(job.target.identity) : undefined;
      if (again && !again.ok) {
        await target.fh.close();
        target = undefined;
        return fail(again.error, {}, name);
      }
    } else if (job.target.kind === 'file') {
      // The folder of a typed path may not exist yet (a fresh workspace): create it, as `media build --out` does.
      await mkdir(dirname(job.target.path), { recursive: true });
      state.tempFile = tempImageName(job.target.path);
      target = await openImageTarget(state.tempFile);
    }
    if (!target) throw new Error('no target');

    written = true; // from here on the stick's old content is gone
    const opts = { ...job.pipeline, signal: job.signal };
    // One set of buffers and one hash worker for the write and the read-back; the worker starts now, so
    // its start-up overlaps the first writes.
    buffers = new StickBuffers(job.pipeline);
    buffers.hasher();
    progress.update('writing', 0, size);
    wrote = await writeImage(target, job.source, { ...opts, buffers, onBytes: (b) => progress.update('writing', b, size) });
    if (target.kind === 'file') await target.fh.truncate(size);
    const tWrite = performance.now();
    await job.afterWrite?.();

    // Every byte read back: against the announced (or computed) hash, or byte for byte against the source.
    progress.update('verifying', 0, size);
    const back = await readBack(target, size, {
      ...opts,
      buffers,
      compareWith: wrote.sha256 === undefined ? job.source : undefined,
      onBytes: (b) => progress.update('verifying', b, size),
    });
    const tVerify = performance.now();
    const imageSha256 = wrote.sha256 ?? back.sha256;
    if (back.sha256 === undefined || imageSha256 === undefined || back.sha256 !== imageSha256) {
      const offset = back.mismatchOffset ?? (await firstDifference(target, job.source, opts).catch(() => undefined));
      // The record of a failed stick names the image it was meant to hold (hashed now, on this rare path).
      const meant = wrote.sha256 ?? (await sourceSha256(job.source, { ...opts, buffers }).catch(() => undefined));
      await invalidate(target, wrote.tailStart, wrote.tailStart !== undefined ? Math.ceil(size / 512) * 512 : undefined).catch(() => undefined);
      await target.fh.close().catch(() => undefined);
      target = undefined;
      const imageChanged = offset === undefined && job.source.sha256 !== undefined;
      return fail(
        {
          code: 'verify-mismatch',
          message: imageChanged
            ? `${name} holds the image's bytes, but they do not have the SHA-256 the image was built with (${job.source.sha256}): the image file changed after it was built. The stick's partition table was erased.`
            : `${name} does not read back what was written${offset !== undefined ? `: the first difference is at byte ${offset}` : ''}. The stick is faulty or was disturbed; its partition table was erased.`,
          hint: imageChanged ? 'Build the image again, then write it.' : 'Use another stick. If it happens again with a new stick, try another USB port.',
          details: { expected: meant, actual: back.sha256, offset },
        },
        { written: true, bytes: size, ...(meant ? { imageSha256: meant } : {}), mismatchOffset: offset },
        name,
      );
    }
    progress.update('flushing', size, size);
    if (target.kind === 'file') await target.fh.sync();
    else await target.fh.datasync().catch(() => undefined);
    await target.fh.close();
    target = undefined;
    if (job.target.kind === 'file' && state.tempFile) {
      // Verified: only now does the image appear under its final name.
      await rename(state.tempFile, job.target.path);
      state.tempFile = undefined;
    }

    let eject: StickOutcome['eject'] = { status: 'skipped' };
    if (device && job.eject !== false) {
      progress.update('ejecting', size, size);
      eject = await ejectDevice(device);
    }
    progress.update('done', size, size);
    const safe = !device || eject.status === 'done' || eject.status === 'skipped';
    return {
      target: name,
      written: true,
      verified: true,
      bytes: size,
      imageSha256,
      writeSeconds: (tWrite - t0) / 1000,
      verifySeconds: (tVerify - tWrite) / 1000,
      eject:
        eject.status === 'failed'
          ? { status: 'failed', message: `Written and verified; eject failed (${eject.message}). It is safe to unplug ${name} after closing any window that shows it.` }
          : eject,
      safeToRemove: safe,
    };
  } catch (e) {
    const error = toAppError(e, target, written ? 'writing' : 'opening');
    if (target && written) await invalidate(target, wrote?.tailStart, wrote?.tailStart !== undefined ? Math.ceil(size / 512) * 512 : undefined).catch(() => undefined);
    if (target) await target.fh.close().catch(() => undefined);
    return fail(error, { written: false, bytes: 0 }, name);
  } finally {
    await buffers?.close();
  }
}

/**
 * Several sticks in one run, each its own pipeline: a slow stick does not hold the others back, and one
 * stick's failure does not stop the rest. Resolves with one outcome per job, in order.
 */
export function writeSticks(jobs: readonly StickJob[]): Promise<StickOutcome[]> {
  return Promise.all(jobs.map((j) => writeStick(j)));
}

