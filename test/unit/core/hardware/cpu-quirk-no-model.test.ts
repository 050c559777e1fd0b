/** A CPU decision on a host with no model chosen reads plainly (it said "which no model would not have asked for"). */
import { describe, expect, it } from 'vitest';
import { describeFinding } from '../../../../main/core/hardware/messages';

describe('a CPU quirk the box decided, with no model chosen', () => {
  const say = (applies: boolean) =>
    describeFinding({ severity: 'info', code: 'cpu-quirk-by-inventory', params: { quirk: 'msr-faults-13th-gen', cpu: 'i7-1360P', counts: '12 cores, 16 threads', basis: 'threads', applies } });

  it('says what the CPU needs and that the CPU decides, without a double negative', () => {
    expect(say(true)).toBe(
      'The CPU this box shows, i7-1360P (12 cores, 16 threads; more threads than cores but fewer than twice as many: P-cores and E-cores), needs the 13th-generation kernel option ignoreMsrFaults=TRUE; no model is chosen, so the CPU decides.',
    );
    expect(say(false)).toMatch(/, does not need the 13th-generation kernel option ignoreMsrFaults=TRUE; no model is chosen, so the CPU decides\.$/);
  });
});
