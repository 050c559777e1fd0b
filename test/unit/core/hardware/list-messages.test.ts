/** Importing a list: what a refused list is told, byte-order marks, checksum lines, versions of different lengths. */
import { describe, expect, it } from 'vitest';
import { compareListVersions, parseChecksum, parseCompatList, validateCompatList } from '../../../../main/core/hardware/list';
import { shippedList } from '../../../helpers/hardware';

describe('compatibility list messages and edge cases', () => {
  it('counts the problems in the message (one problem, or many) and lists at most 50 of them', () => {
    const one = JSON.parse(JSON.stringify(shippedList()));
    one.usbNics[0].vid = 'XYZ';
    const r1 = validateCompatList(one, 'update.json');
    expect(!r1.ok && r1.error.message).toBe('update.json is not a valid compatibility list (1 problem); it was rejected as a whole.');
    expect(!r1.ok && r1.error.hint).toBe('Get a complete list file from the source you trust and import it again.');
    expect(!r1.ok && r1.error.file).toBe('update.json');
    const many = JSON.parse(JSON.stringify(shippedList()));
    for (const u of many.usbNics) Object.assign(u, { vid: 'XYZ', pid: 'XYZ' });
    const r2 = validateCompatList(many, 'update.json');
    const counted = Number(/\((\d+) problems\); it was rejected as a whole\.$/.exec(!r2.ok ? r2.error.message : '')?.[1]);
    expect(counted).toBeGreaterThanOrEqual(2 * many.usbNics.length);
    expect(!r2.ok && r2.error.issues).toHaveLength(50);
  });

  it('a newer schema names both versions and says to update Sitekit, keeping the list in use', () => {
    const r = validateCompatList({ ...shippedList(), schemaVersion: 2 }, 'next.json');
    expect(!r.ok && r.error).toMatchObject({ message: 'next.json uses list schema 2; this Sitekit reads up to schema 1.', hint: 'Update Sitekit to use this list. The list in use was not changed.', kept: 'the compatibility list in use', file: 'next.json' });
    expect(validateCompatList(null).ok).toBe(false);
    const text2 = validateCompatList({ ...shippedList(), schemaVersion: '2' });
    expect(!text2.ok && text2.error.code).toBe('schema-error');
    expect(!validateCompatList({ ...shippedList(), schemaVersion: 1.5 }).ok && (validateCompatList({ ...shippedList(), schemaVersion: 1.5 }) as { error: { code: string } }).error.code).toBe('newer-version');
  });

  it('reads a list saved with a byte-order mark; broken JSON names the file and keeps the list in use', () => {
    expect(parseCompatList('\uFEFF' + JSON.stringify(shippedList())).ok).toBe(true);
    const r = parseCompatList('{"schemaVersion": 1,', 'x.json');
    expect(!r.ok && r.error.message).toMatch(/^x\.json is not JSON: .+\.$/);
    expect(!r.ok && r.error).toMatchObject({ file: 'x.json', kept: 'the compatibility list in use', hint: 'Check that the whole file was copied.' });
  });

  it('reads the hash from any line of a checksum file, and refuses hashes of the wrong length', () => {
    const h = 'ab'.repeat(32);
    expect(parseChecksum(`# sums\n${h}  compat-list.json\n`)).toBe(h);
    expect(parseChecksum(`  ${h}  \n`)).toBe(h);
    expect(parseChecksum(`${h}a  compat-list.json`)).toBeUndefined();
    expect(parseChecksum(`x${h}`)).toBeUndefined();
    expect(parseChecksum(h.slice(1))).toBeUndefined();
  });

  it('compares versions of different lengths as if missing parts were 0', () => {
    expect(compareListVersions('2026.11', '2026.11.0')).toBe(0);
    expect(compareListVersions('2026.11.1', '2026.11')).toBeGreaterThan(0);
    expect(compareListVersions('2026.11', '2026.11.1')).toBeLessThan(0);
    expect(compareListVersions('2027.1.1', '2026.12.9')).toBeGreaterThan(0);
  });
});
