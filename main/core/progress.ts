/**
 * The one progress family (docs/CONVENTIONS.md § Progress family): a job observes `ProgressSample`s and hands them
 * to a `ProgressSink`; the one meter turns them into throttled `ProgressReport`s with speed and ETA, about four a
 * second (etcher-sdk's 250 ms), phase changes and completion always; `Progress` is a report with its job id, as
 * `job:progress` carries it. Pure: the clock is passed in. The writer (in its own process too), every flow and the
 * CLI's bar use these types, so there is one name for each thing and speed and ETA are computed in one place.
 */

export interface ProgressSample<P extends string = string> {
  readonly phase: P;
  readonly bytes: number;
  readonly total: number;
  readonly message?: string;
}

/** Where a job reports what it observed; flows get one in their context (the meter adds speed and ETA). */
export type ProgressSink<P extends string = string> = (s: ProgressSample<P>) => void;

export interface ProgressReport<P extends string = string> extends ProgressSample<P> {
  /** Bytes per second, averaged over the phase so far. */
  readonly speed: number;
  /** Seconds left in this phase, 0 when complete, -1 when unknown. */
  readonly eta: number;
}

/** Where the meter's reports go (the writer's `onProgress`, across its process boundary too). */
export type ProgressReportSink<P extends string = string> = (r: ProgressReport<P>) => void;

/**
 * Progress of a long job as `job:progress` carries it, throttled to about 4 per second
 * (docs/CONVENTIONS.md § Progress family).
 */
export interface Progress extends ProgressReport {
  readonly jobId: string;
}

export interface MeterOptions {
  readonly intervalMs?: number;
  /** Milliseconds, monotonic. */
  readonly now: () => number;
}

/** A meter: feed it samples, it calls `emit` with throttled reports. */
export function progressMeter<P extends string = string>(emit: (p: ProgressReport<P>) => void, options: MeterOptions): (s: ProgressSample<P>) => void {
  const interval = options.intervalMs ?? 250;
  let phase: P | undefined;
  let phaseStart = 0;
  let last = -Infinity;
  return (s) => {
    const t = options.now();
    if (s.phase !== phase) {
      phase = s.phase;
      phaseStart = t;
      last = -Infinity;
    }
    const done = s.total > 0 && s.bytes >= s.total;
    if (!done && t - last < interval) return;
    last = t;
    const elapsed = (t - phaseStart) / 1000;
    const speed = elapsed > 0 ? s.bytes / elapsed : 0;
    const eta = done ? 0 : speed > 0 && s.total > 0 ? Math.max(0, (s.total - s.bytes) / speed) : -1;
    emit({ ...s, speed, eta });
  };
}
