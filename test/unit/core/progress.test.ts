/** The one progress meter: about four reports a second, phase changes and completion always, speed and ETA computed. */
import { describe, expect, it } from 'vitest';
import { progressMeter, type ProgressReport } from '../../../main/core/progress';
import type { WritePhase } from '../../../main/core/drives/types';

describe('progressMeter', () => {
  it('throttles to one report per 250 ms, but never drops a phase change or the last byte', () => {
    let now = 0;
    const seen: ProgressReport<WritePhase>[] = [];
    const meter = progressMeter<WritePhase>((p) => seen.push(p), { intervalMs: 250, now: () => now });
    meter({ phase: 'writing', bytes: 0, total: 1000 });
    for (let t = 1; t <= 100; t++) {
      now = t * 10; // one sample every 10 ms for a second
      meter({ phase: 'writing', bytes: t * 10, total: 1000 });
    }
    expect(seen.length).toBe(5); // at 0, 250, 500, 750 ms and the completion at 1000 ms
    expect(seen.at(-1)).toMatchObject({ phase: 'writing', bytes: 1000, total: 1000, eta: 0 });
    expect(seen[2]!.speed).toBeCloseTo(1000, 0); // 1000 bytes per second
    expect(seen[2]!.eta).toBeCloseTo(0.5, 1);
    now += 1;
    meter({ phase: 'verifying', bytes: 0, total: 1000 });
    expect(seen.at(-1)).toMatchObject({ phase: 'verifying', bytes: 0, eta: -1 });
  });
});
