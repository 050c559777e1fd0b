/** Progress events: about four a second, phase changes and completion always, speed and ETA computed. */
import { describe, expect, it } from 'vitest';
import { progressReporter, type ProgressUpdate } from '../../../../main/services/writer/progress';

describe('progressReporter', () => {
  it('throttles to one event per 250 ms, but never drops a phase change or the last byte', () => {
    let now = 0;
    const seen: ProgressUpdate[] = [];
    const r = progressReporter((p) => seen.push(p), 250, () => now);
    r.update('writing', 0, 1000);
    for (let t = 1; t <= 100; t++) {
      now = t * 10; // one update every 10 ms for a second
      r.update('writing', t * 10, 1000);
    }
    expect(seen.length).toBe(5); // at 0, 250, 500, 750 ms and the completion at 1000 ms
    expect(seen.at(-1)).toMatchObject({ phase: 'writing', bytes: 1000, total: 1000, eta: 0 });
    expect(seen[2]!.speed).toBeCloseTo(1000, 0); // 1000 bytes per second
    expect(seen[2]!.eta).toBeCloseTo(0.5, 1);
    now += 1;
    r.update('verifying', 0, 1000);
    expect(seen.at(-1)).toMatchObject({ phase: 'verifying', bytes: 0, eta: -1 });
  });
});
