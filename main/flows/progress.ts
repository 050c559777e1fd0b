/**
 * The one progress helper (STYLE.md §9): turns `{phase, bytes, total}` observations into throttled
 * `Progress` events with a smoothed speed and an ETA. Every job and the CLI's progress bar use it, so
 * speed and ETA are computed in one place.
 */
import type { Progress } from '../ipc/define';
import type { ProgressSink, ProgressUpdate } from './types';

export interface ProgressOptions {
  /** Minimum time between two events of the same phase (the last one of a phase is always sent). */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/**
 * A sink that emits `Progress` for `jobId` about four times a second. Speed is measured from the start of
 * the current phase (a new phase restarts it) and smoothed; ETA is -1 until a speed is known.
 */
export function progressReporter(jobId: string, emit: (p: Progress) => void, options: ProgressOptions = {}): ProgressSink {
  const interval = options.intervalMs ?? 250;
  const now = options.now ?? Date.now;
  let phase = '';
  let phaseStart = 0;
  let lastEmit = -Infinity;
  let speed = 0;
  let lastBytes = 0;
  let lastTime = 0;
  return (p: ProgressUpdate) => {
    const t = now();
    if (p.phase !== phase) {
      phase = p.phase;
      phaseStart = t;
      speed = 0;
      lastBytes = p.bytes;
      lastTime = t;
      lastEmit = -Infinity;
    }
    const done = p.total > 0 && p.bytes >= p.total;
    if (!done && t - lastEmit < interval) return;
    const dt = (t - lastTime) / 1000;
    if (dt > 0) {
      const instant = Math.max(0, (p.bytes - lastBytes) / dt);
      // Exponential smoothing; the first measurement is taken as is.
      speed = speed === 0 ? instant : speed * 0.7 + instant * 0.3;
    } else if (t > phaseStart) {
      speed = p.bytes / ((t - phaseStart) / 1000);
    }
    lastBytes = p.bytes;
    lastTime = t;
    lastEmit = t;
    const eta = speed > 0 && p.total > 0 ? Math.max(0, (p.total - p.bytes) / speed) : -1;
    emit({ jobId, phase: p.phase, bytes: p.bytes, total: p.total, speed, eta: done ? 0 : eta, ...(p.message !== undefined ? { message: p.message } : {}) });
  };
}
