/** The CLI's progress line when stderr is not a terminal (logs, CI): each phase's start, then every ~10 %. */
import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../../main/cli/format';

describe('progressPrinter without a terminal', () => {
  it('prints the start of every phase, even when the one before also stopped at 0 %, with its rate', () => {
    const lines: string[] = [];
    const print = progressPrinter((s) => lines.push(s), false);
    const p = (phase: string, bytes: number, speed = 0, eta = -1) => print({ jobId: 'j', phase, bytes, total: 1000, speed, eta });
    p('checking', 0);
    p('unmounting', 0);
    p('writing', 0);
    p('writing', 500, 250e6, 2);
    p('writing', 510, 250e6, 2);
    p('writing', 1000, 250e6, 0);
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['checking', 'unmounting', 'writing', 'writing', 'writing']);
    expect(lines[3]).toMatch(/ 50% .* 250\.0 MB\/s 2s left/);
    // A phase that moved no bytes yet shows no rate rather than "0 B/s".
    expect(lines[0]).toBe('checking  [..............................]   0% 0 B/1.0 KB\n');
  });
});
