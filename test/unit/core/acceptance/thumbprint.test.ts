/** Thumbprints as technicians copy them: colons or not, spaces, any case; SHA-1 named as the usual mistake. */
import { describe, expect, it } from 'vitest';
import { normalizeThumbprint, thumbprintProblem } from '../../../../main/core/acceptance/thumbprint';

const HEX = '53bbd6d21885394b72ed6404f198aead4f83733620eba95372f23f7e8e2e44ea';
const CANON = HEX.toUpperCase().match(/../g)!.join(':');

describe('thumbprints', () => {
  it('reads hex with or without colons, in any case, and shows one form', () => {
    for (const t of [HEX, HEX.toUpperCase(), CANON, CANON.toLowerCase(), ` ${HEX.match(/../g)!.join(' ')} `, `SHA256:${CANON}`, HEX.match(/..../g)!.join('-')]) expect(normalizeThumbprint(t)).toBe(CANON);
  });

  it('refuses what is not a SHA-256 thumbprint and says why', () => {
    expect(normalizeThumbprint(HEX.slice(0, 40))).toBeUndefined();
    expect(thumbprintProblem(HEX.slice(0, 40))).toMatch(/SHA-1/);
    expect(normalizeThumbprint(`${HEX.slice(0, 63)}g`)).toBeUndefined();
    expect(thumbprintProblem('nope')).toMatch(/64 hex digits/);
    expect(thumbprintProblem(CANON)).toBeUndefined();
  });
});
