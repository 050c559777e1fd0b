/** The one progress helper: job id, throttling, speed and ETA from the same core meter the writer uses. */
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../../main/flows/progress';
import type { Progress } from '../../../main/ipc/define';

describe('progressReporter', () => {
  it('emits job:progress payloads about four times a second with speed and ETA, and every phase change', () => {
    let now = 0;
    const seen: Progress[] = [];
    const sink = progressReporter('job-1', (p) => seen.push(p), { now: () => now });
    for (let t = 0; t <= 20; t++) {
      now = t * 50;
      sink({ phase: 'building', bytes: t * 100, total: 2000, message: 'image' });
    }
    // 0, 250, 500, 750 ms and the completion at 1000 ms
    expect(seen.map((p) => p.bytes)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(seen.every((p) => p.jobId === 'job-1' && p.message === 'image')).toBe(true);
    expect(seen[2]!.speed).toBeCloseTo(2000, 0);
    expect(seen[2]!.eta).toBeCloseTo(0.5, 2);
    expect(seen.at(-1)!.eta).toBe(0);
    now += 10;
    sink({ phase: 'writing', bytes: 0, total: 10 });
    expect(seen.at(-1)).toMatchObject({ phase: 'writing', bytes: 0, eta: -1 });
  });
});
