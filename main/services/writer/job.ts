/**
 * One stick, start to finish: check the pinned identity, refuse system / read-only / too-small / large
 * (unconfirmed) drives, unmount, open exclusively with direct I/O, re-check the identity, write (partition
 * table last), read every byte back before the handle is released, flush, close, eject. Write, verification
 * and eject are reported separately: an eject failure after a verified write is not a failed flash
 * (flashing.md §3, Etcher #3800).
 */
import { performance } from 'node:perf_hooks';
import type { AppError } from '../../core/result';
import type { StickOutcome, WriteTarget } from '../../core/drives/types';
import { LARGE_DRIVE_BYTES, systemReasons } from '../../core/drives/constraints';
import { checkIdentity } from '../drives/identity';
import { lsblk } from '../drives/lsblk';
import { deviceFacts, ejectDevice, openDevice, openImageTarget, unmountAll, type OpenTarget } from './device';
import { firstDifference, invalidate, readBackHash, toAppError, writeImage, type PipelineOptions } from './pipeline';
import { progressReporter, type ProgressSink } from './progress';
import type { ImageSource } from './image-source';

export interface StickJob {
  readonly target: WriteTarget;
  readonly source: ImageSource;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressSink;
  /** The technician confirmed a drive larger than 128 GB. */
  readonly confirmLarge?: boolean;
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

/** Refuses drives Sitekit must never write; resolves with nothing when the drive may be opened. */
async function preflight(job: StickJob, device: string): Promise<AppError | undefined> {
  const pinned = job.target.kind === 'device' ? job.target.identity : undefined;
  if (!pinned) return undefined;
  const id = await checkIdentity(pinned);
  if (!id.ok) return id.error;
  const [tree] = await lsblk([device]).catch(() => []);
  const reasons = tree ? systemReasons(tree) : [];
  if (reasons.length)
    return {
      code: 'rejected',
      message: `${device} holds the running system (${reasons.join(', ')}). Sitekit will not write to it.`,
      hint: 'Pick a USB stick instead.',
      kept: 'Nothing was written.',
    };
  const facts = await deviceFacts(device);
  if (facts.readOnly)
    return {
      code: 'read-only',
      message: `${device} is read-only. Nothing was written.`,
      hint: 'Slide the stick\'s lock switch to unlocked, or use another stick.',
    };
  if (facts.capacity < job.source.size)
    return { code: 'too-small', message: `${device} holds ${facts.capacity} bytes; the image needs ${job.source.size}. Nothing was written.`, hint: 'Use a larger stick.' };
  if (facts.capacity > LARGE_DRIVE_BYTES && !job.confirmLarge)
    return {
      code: 'rejected',
      message: `${device} is larger than 128 GB, which is unusual for a boot stick. Nothing was written.`,
      hint: 'Confirm that this drive may be erased (type its name in the app, or pass --yes), then write again.',
    };
  return undefined;
}

/** Runs one stick's job; never throws, always resolves with an outcome. */
export async function writeStick(job: StickJob): Promise<StickOutcome> {
  const name = label(job.target);
  const progress = progressReporter(job.onProgress);
  const size = job.source.size;
  progress.update('checking', 0, size);
  const device = job.target.kind === 'device' ? job.target.identity.device : undefined;

  let target: OpenTarget | undefined;
  let written = false;
  let wrote: Awaited<ReturnType<typeof writeImage>> | undefined;
  const t0 = performance.now();
  try {
    if (device) {
      const refused = await preflight(job, device);
      if (refused) return fail(refused, {}, name);
      progress.update('unmounting', 0, size);
      const um = await unmountAll(device);
      if (um.failed.length)
        return fail(
          {
            code: 'rejected',
            message: `${device} is in use: ${um.failed.map((f) => `${f.mountpoint} (${f.reason})`).join('; ')}. Nothing was written.`,
            hint: 'Close the files and windows open on the stick, then write again.',
          },
          {},
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
      target = await openImageTarget(job.target.path);
    }
    if (!target) throw new Error('no target');

    written = true; // from here on the stick's old content is gone
    const opts = { ...job.pipeline, signal: job.signal };
    wrote = await writeImage(target, job.source, { ...opts, onBytes: (b) => progress.update('writing', b, size) });
    if (target.kind === 'file') await target.fh.truncate(size);
    const tWrite = performance.now();
    await job.afterWrite?.();

    const readBack = await readBackHash(target, size, { ...opts, onBytes: (b) => progress.update('verifying', b, size) });
    const tVerify = performance.now();
    if (readBack !== wrote.sha256) {
      const offset = await firstDifference(target, job.source, opts).catch(() => undefined);
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
          details: { expected: wrote.sha256, actual: readBack, offset },
        },
        { written: true, bytes: size, imageSha256: wrote.sha256, mismatchOffset: offset },
        name,
      );
    }
    progress.update('flushing', size, size);
    await target.fh.datasync().catch(() => undefined);
    await target.fh.close();
    target = undefined;

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
      imageSha256: wrote.sha256,
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
  }
}

/**
 * Several sticks in one run, each its own pipeline: a slow stick does not hold the others back, and one
 * stick's failure does not stop the rest. Resolves with one outcome per job, in order.
 */
export function writeSticks(jobs: readonly StickJob[]): Promise<StickOutcome[]> {
  return Promise.all(jobs.map((j) => writeStick(j)));
}

