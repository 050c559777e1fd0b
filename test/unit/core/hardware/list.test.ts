/** Validating imported lists: whole-list rejection with paths, newer schemas refused, checksum lines, versions. */
import { describe, expect, it } from 'vitest';
import { compareListVersions, parseChecksum, parseCompatList, validateCompatList } from '../../../../main/core/hardware/list';
import { shippedList } from '../../../helpers/hardware';

describe('compatibility list validation', () => {
  it('accepts the shipped list', () => {
    expect(validateCompatList(JSON.parse(JSON.stringify(shippedList()))).ok).toBe(true);
  });

  it('rejects a list with one bad record as a whole and says where', () => {
    const bad = JSON.parse(JSON.stringify(shippedList()));
    bad.usbNics[3].vid = 'XYZ';
    delete bad.hostModels[2].provenance;
    const r = validateCompatList(bad, 'update.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('schema-error');
    expect(r.error.message).toContain('rejected as a whole');
    expect(r.error.kept).toBe('the compatibility list in use');
    expect(r.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['usbNics[3].vid', 'hostModels[2].provenance']));
  });

  it('rejects dangling references (a release naming an unknown Fling build)', () => {
    const bad = JSON.parse(JSON.stringify(shippedList()));
    bad.releases[0].usbFlingBuild = 'nope';
    const r = validateCompatList(bad);
    expect(!r.ok && r.error.issues?.[0]?.message).toContain('unknown Fling build "nope"');
  });

  it('refuses a list written for a newer schema', () => {
    const r = validateCompatList({ ...shippedList(), schemaVersion: 2 });
    expect(!r.ok && r.error.code).toBe('newer-version');
  });

  it('reports broken JSON as a parse error', () => {
    const r = parseCompatList('{"schemaVersion": 1,', 'x.json');
    expect(!r.ok && r.error.code).toBe('parse-error');
  });

  it('reads sha256sum lines and bare hashes', () => {
    const h = 'ab'.repeat(32);
    expect(parseChecksum(`${h}  compat-list.json\n`)).toBe(h);
    expect(parseChecksum(`${h.toUpperCase()} *compat-list.json`)).toBe(h);
    expect(parseChecksum(h)).toBe(h);
    expect(parseChecksum('not a hash')).toBeUndefined();
    expect(parseChecksum('')).toBeUndefined();
  });

  it('orders list versions numerically', () => {
    expect(compareListVersions('2026.11.1', '2026.9.3')).toBeGreaterThan(0);
    expect(compareListVersions('2026.11.1', '2026.11.10')).toBeLessThan(0);
    expect(compareListVersions('2026.11.1', '2026.11.1')).toBe(0);
  });
});
