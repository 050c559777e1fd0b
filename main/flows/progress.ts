/**
 * Progress events of a job: the core meter (main/core/progress.ts) with the job id, as `job:progress`
 * payloads. Every flow and the CLI's progress bar get their speed and ETA from here.
 */
import { progressMeter, type Progress, type ProgressSink } from '../core/progress';

export function progressReporter(jobId: string, emit: (p: Progress) => void, options: { intervalMs?: number; now?: () => number } = {}): ProgressSink {
  return progressMeter((p) => emit({ jobId, ...p }), { intervalMs: options.intervalMs, now: options.now ?? (() => performance.now()) });
}
