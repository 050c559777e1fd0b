/** Matching edge cases a technician would see as a wrong driver or model: ID lengths, ties, wildcards, releases, names. */
import { describe, expect, it } from 'vitest';
import { findModel, flingBuildFor, keyMatches, matchPci, matchUsb, pciKey, releasesListing, specificity, usbListedFor } from '../../../../main/core/hardware/matching';
import type { CompatList } from '../../../../main/core/hardware/schema';
import { shippedList } from '../../../helpers/hardware';

const list = shippedList();

describe('matching edge cases a technician would see as a wrong driver or model', () => {
  it('IDs of the wrong length never match a family; only a full 16- or 22-nibble pattern applies', () => {
    expect(pciKey({ vendorId: '808', deviceId: '125c' })).toBe('????125c??????????????');
    expect(pciKey({ vendorId: 'z086', deviceId: '125g' })).toBe('?'.repeat(22));
    expect(matchPci(list, { vendorId: '08086', deviceId: '125c' })).toBeUndefined();
    expect(keyMatches('8086125c', '8086125c??????????????')).toBe(false);
    expect(keyMatches('8086125c..........', '8086125c??????????????')).toBe(false);
    expect(keyMatches('8086125c........', '8086125c')).toBe(false);
    expect(keyMatches('8086125c........020000', '8086125c80863037020000')).toBe(true);
    expect(keyMatches('8086125c........020001', '8086125c80863037020000')).toBe(false);
    expect(specificity('................0c0330')).toBe(6);
  });

  it('between equally specific records the first in the list wins', () => {
    const base = list.pciNics.find((f) => f.id === 'intel-igc')!;
    const a = { ...base, id: 'first', match: ['8086125c........'] };
    const b = { ...base, id: 'second', match: ['8086125c........'] };
    expect(matchPci({ ...list, pciNics: [a, b] }, { vendorId: '8086', deviceId: '125c' })?.family.id).toBe('first');
    expect(matchPci({ ...list, pciNics: [b, a] }, { vendorId: '8086', deviceId: '125c' })?.family.id).toBe('second');
  });

  it('a family with a wildcard device ID still matches by vendor, and a device without a name in the family has none', () => {
    const base = list.pciNics.find((f) => f.id === 'intel-igc')!;
    const anyIntel = { ...base, id: 'any-intel', match: ['8086............'], names: {} };
    const m = matchPci({ ...list, pciNics: [anyIntel] }, { vendorId: '8086', deviceId: '0001' });
    expect(m).toEqual({ family: anyIntel, pattern: '8086............' });
  });

  it('a release the list does not cover lists no USB device and has no Fling build', () => {
    const without90: CompatList = { ...list, releases: list.releases.filter((r) => r.id !== '9.0') };
    const m = matchUsb(without90, '0bda', '8156');
    if (m.kind !== 'listed') throw new Error('8156 not listed');
    expect(usbListedFor(without90, m.record, '9.0')).toBe(false);
    expect(flingBuildFor(without90, '9.0')).toBeUndefined();
    expect(releasesListing(without90, m.record)).not.toContain('9.0');
  });

  it('the first class code that is a CDC class decides, whatever its case', () => {
    expect(matchUsb(list, '04e8', 'a101', ['ff0000', '020600'])).toMatchObject({ kind: 'cdc-class', classMatch: { classSubclass: '0206' } });
    expect(matchUsb(list, '04e8', 'a101', ['020D00'])).toMatchObject({ kind: 'cdc-class', classMatch: { classSubclass: '020d' } });
  });

  it('finds a model by its id with stray spaces and capitals, and prefers the longest product-name match', () => {
    expect(findModel(list, '  Dell-PowerEdge-XR11 ')?.id).toBe('dell-poweredge-xr11');
    const nuc13 = list.hostModels.find((m) => m.id === 'intel-nuc13anh')!;
    const broad = { ...nuc13, id: 'broad', productMatch: ['nuc13'] };
    const exact = { ...nuc13, id: 'exact', productMatch: ['nuc13anh'] };
    expect(findModel({ ...list, hostModels: [broad, exact] }, 'NUC13ANHi7')?.id).toBe('exact');
    expect(findModel({ ...list, hostModels: [exact, broad] }, 'NUC13ANHi7')?.id).toBe('exact');
    expect(findModel({ ...list, hostModels: [broad, exact] }, 'NUC13ANKi5')?.id).toBe('broad');
    expect(findModel(list, '')).toBeUndefined();
  });
});
