/**
 * Who runs a write job: this process when it is root (CLI under sudo, tests), or the short-lived privileged
 * writer (child.ts) started through the OS's elevation prompt by the desktop app (main/app/elevate.ts).
 * Both speak the same job shape, so the caller cannot tell them apart.
 */
import type { StickOutcome, WriteConfirmation, WriteTarget } from '../../core/drives/types';
import { writeSticks } from './job';
import { openImageFile, type ImageSource } from './image-source';
import type { ProgressReport } from '../../core/progress';
import type { WritePhase } from '../../core/drives/types';

export interface WriteJobItem {
  readonly image: string;
  /** The image's SHA-256 when known in advance. */
  readonly sha256?: string;
  readonly target: WriteTarget;
}

export interface WriteJobRequest {
  readonly items: readonly WriteJobItem[];
  /** What the technician confirmed (typed drive names, unmounting); the writer's last gate checks it. */
  readonly confirm?: WriteConfirmation;
  readonly eject?: boolean;
}

export interface RunnerHooks {
  readonly onProgress?: (index: number, p: ProgressReport<WritePhase>) => void;
  /** Aborting cancels every stick; `cancelOne(i)` (when given back) cancels one. */
  readonly signal?: AbortSignal;
  readonly itemSignals?: readonly AbortSignal[];
}

export type WriteRunner = (request: WriteJobRequest, hooks: RunnerHooks) => Promise<StickOutcome[]>;

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs the jobs in this process (must be root for devices; image files need no privilege). */
export const inProcessRunner: WriteRunner = async (request, hooks) => {
  const sources: ImageSource[] = [];
  try {
    const outcomes: (StickOutcome | undefined)[] = [];
    const jobs = [];
    for (const [i, item] of request.items.entries()) {
      try {
        const file = await openImageFile(item.image);
        sources.push(file);
        const source: ImageSource = item.sha256 ? { ...file, sha256: item.sha256 } : file;
        const signals = [hooks.signal, hooks.itemSignals?.[i]].filter((s): s is AbortSignal => Boolean(s));
        jobs.push({
          index: i,
          job: {
            target: item.target,
            source,
            signal: signals.length ? AbortSignal.any(signals) : undefined,
            confirm: request.confirm,
            eject: request.eject,
            onProgress: (p: ProgressReport<WritePhase>) => hooks.onProgress?.(i, p),
          },
        });
      } catch (e) {
        outcomes[i] = {
          target: item.target.kind === 'device' ? item.target.identity.device : item.target.path,
          written: false,
          verified: false,
          bytes: 0,
          eject: { status: 'skipped' },
          safeToRemove: false,
          error: { code: 'not-found', message: `The image ${item.image} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Nothing was written.`, hint: 'Build the image again or check its path.' },
        };
      }
    }
    const done = await writeSticks(jobs.map((j) => j.job));
    jobs.forEach((j, k) => (outcomes[j.index] = done[k]));
    return outcomes as StickOutcome[];
  } finally {
    await Promise.all(sources.map((s) => s.close?.()));
  }
};
