import { describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../../../main/core/result';
import type { PushInfo } from '../../../../main/core/git/types';
import { createPushRetrier } from '../../../../main/services/git/retry';

const info: PushInfo = { branch: 'main', remote: 'r', head: 'h', pushed: 2, integrated: 'none', replayed: [] };

/** Manual timers: the test decides when time passes. */
function clock() {
  const timers: { fn: () => void; ms: number }[] = [];
  return {
    setTimer: (fn: () => void, ms: number) => timers.push({ fn, ms }),
    clearTimer: () => undefined,
    delays: () => timers.map((t) => t.ms),
    /** Runs the next timer and lets the attempt it starts finish: probe, push and waiting are settled promises
     * here (no I/O), so the attempt's whole chain has run once the microtask queue is empty (setImmediate). */
    async fire(): Promise<void> {
      timers.shift()?.fn();
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('push retrier', () => {
  it('probes with back-off while offline and pushes once the remote answers', async () => {
    const c = clock();
    let online = false;
    const pushed: PushInfo[] = [];
    const r = createPushRetrier({
      probe: async (): Promise<Result<void>> => (online ? ok(undefined) : err('network-unreachable', 'down')),
      push: async () => ok(info),
      waiting: async () => 2,
      onPushed: (i) => pushed.push(i),
      minDelayMs: 100,
      maxDelayMs: 350,
      setTimer: c.setTimer,
      clearTimer: c.clearTimer,
    });
    r.start();
    await c.fire(); // immediate attempt: offline
    await c.fire(); // +200: offline
    await c.fire(); // +350 (capped): offline
    online = true;
    await c.fire();
    expect(c.delays()).toEqual([]);
    expect(pushed).toEqual([info]);
    expect(r.running).toBe(false);
  });

  it('stops on an error a person must fix (expired token), without pushing', async () => {
    const c = clock();
    let pushes = 0;
    const r = createPushRetrier({
      probe: async () => err('auth-expired', 'token'),
      push: async () => {
        pushes++;
        return ok(info);
      },
      waiting: async () => 1,
      setTimer: c.setTimer,
      clearTimer: c.clearTimer,
    });
    r.start();
    await c.fire();
    expect(r.running).toBe(false);
    expect(pushes).toBe(0);
  });

  it('does nothing when no commit waits', async () => {
    const c = clock();
    let probes = 0;
    const r = createPushRetrier({ probe: async () => (probes++, ok(undefined)), push: async () => ok(info), waiting: async () => 0, setTimer: c.setTimer, clearTimer: c.clearTimer });
    r.start();
    await c.fire();
    expect(probes).toBe(0);
    expect(r.running).toBe(false);
  });
});
