/**
 * Automatic push retry: while commits wait, probe the remote now and then (a cheap ref listing) and push
 * as soon as it answers. Backs off from `minDelayMs` to `maxDelayMs`; timers are injectable for tests.
 */
import type { Result } from '../../core/result';
import type { PushInfo } from '../../core/git/types';

export interface RetryOptions {
  /** Resolves ok when the remote answers. */
  readonly probe: () => Promise<Result<void>>;
  /** Pushes; called only after a successful probe. */
  readonly push: () => Promise<Result<PushInfo>>;
  /** How many commits wait; the loop stops when it reaches 0. */
  readonly waiting: () => Promise<number>;
  readonly onPushed?: (info: PushInfo) => void;
  /** Called with each failed attempt's result (probe or push). */
  readonly onAttempt?: (result: Result<unknown>) => void;
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

/** Errors after which retrying by itself cannot help (a person must act). */
const FINAL = new Set(['unauthorized', 'auth-expired', 'conflict', 'tls-error', 'not-found', 'invalid-input']);

export interface PushRetrier {
  /** Starts (or restarts) the loop with an immediate attempt. */
  start(): void;
  stop(): void;
  readonly running: boolean;
}

export function createPushRetrier(o: RetryOptions): PushRetrier {
  const min = o.minDelayMs ?? 15_000;
  const max = o.maxDelayMs ?? 5 * 60_000;
  const setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  let delay = min;
  let timer: unknown;
  let running = false;
  let busy = false;

  const schedule = (ms: number): void => {
    if (!running) return;
    timer = setTimer(() => void tick(), ms);
  };
  const tick = async (): Promise<void> => {
    if (!running || busy) return;
    busy = true;
    try {
      if ((await o.waiting()) === 0) {
        running = false;
        return;
      }
      const probe = await o.probe();
      if (!probe.ok) {
        o.onAttempt?.(probe);
        if (FINAL.has(probe.error.code)) {
          running = false;
          return;
        }
        delay = Math.min(max, delay * 2);
        schedule(delay);
        return;
      }
      const pushed = await o.push();
      if (pushed.ok) {
        o.onPushed?.(pushed.value);
        running = false;
        return;
      }
      o.onAttempt?.(pushed);
      if (FINAL.has(pushed.error.code)) {
        running = false;
        return;
      }
      delay = Math.min(max, delay * 2);
      schedule(delay);
    } finally {
      busy = false;
    }
  };
  return {
    start() {
      if (timer !== undefined) clearTimer(timer);
      running = true;
      delay = min;
      schedule(0);
    },
    stop() {
      running = false;
      if (timer !== undefined) clearTimer(timer);
    },
    get running() {
      return running;
    },
  };
}
