/**
 * The writer's progress events {phase, bytes, total, speed, eta}: the one core meter
 * (main/core/progress.ts), kept as its own small API because the privileged writer child sends them too.
 */
import type { WritePhase } from '../../core/drives/types';
import { progressMeter } from '../../core/progress';

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

/** A throttled progress reporter over the core meter; `now` is injectable for tests. */
export function progressReporter(sink: ProgressSink | undefined, intervalMs = 250, now: () => number = () => performance.now()) {
  const meter = progressMeter<WritePhase>((p) => sink?.({ phase: p.phase, bytes: p.bytes, total: p.total, speed: p.speed, eta: p.eta }), { intervalMs, now });
  return {
    /** Reports `bytes` of `total` in `phase`; emits when the phase changed, the phase completed, or 250 ms passed. */
    update(phase: WritePhase, bytes: number, total: number): void {
      meter({ phase, bytes, total });
    },
  };
}
