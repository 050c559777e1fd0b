/**
 * Turns raw byte counts into throttled progress events {phase, bytes, total, speed, eta}, about 4 per
 * second (STYLE.md §9, etcher-sdk's 250 ms). Phase changes and completion are always emitted.
 */
import type { WritePhase } from '../../core/drives/types';

export interface ProgressUpdate {
  readonly phase: WritePhase;
  readonly bytes: number;
  readonly total: number;
  /** Bytes per second, smoothed over the phase. */
  readonly speed: number;
  /** Seconds left in this phase, -1 when unknown. */
  readonly eta: number;
}

export type ProgressSink = (p: ProgressUpdate) => void;

/** A throttled progress reporter; `now` is injectable for tests. */
export function progressReporter(sink: ProgressSink | undefined, intervalMs = 250, now: () => number = () => performance.now()) {
  let phase: WritePhase | undefined;
  let phaseStart = 0;
  let last = -Infinity;
  let speed = 0;
  return {
    /** Reports `bytes` of `total` in `phase`; emits when the phase changed, the phase completed, or 250 ms passed. */
    update(p: WritePhase, bytes: number, total: number): void {
      const t = now();
      if (p !== phase) {
        phase = p;
        phaseStart = t;
        speed = 0;
        last = -Infinity;
      }
      const elapsed = (t - phaseStart) / 1000;
      if (elapsed > 0) speed = bytes / elapsed;
      const force = bytes >= total;
      if (!force && t - last < intervalMs) return;
      last = t;
      const eta = speed > 0 && total > 0 ? Math.max(0, (total - bytes) / speed) : -1;
      sink?.({ phase: p, bytes, total, speed, eta });
    },
  };
}
