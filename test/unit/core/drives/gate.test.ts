/** The last gate's pure part: the drive list's rules plus the technician's confirmations (issue 17). */
import { describe, expect, it } from 'vitest';
import { describeDriveFinding, gateFindings, type DriveFacts } from '../../../../main/core/drives/constraints';

const stick: DriveFacts = { size: 32e9, isVirtual: false, isReadOnly: false, isUSB: true, isRemovable: true, mountpoints: [], systemReasons: [] };
const IMG = 2e9;

describe('gateFindings', () => {
  it('lets a plain unmounted USB stick through without any confirmation', () => {
    expect(gateFindings(stick, IMG, '/dev/sdb')).toEqual([]);
  });

  it('stops on every error of the list: system, read-only, too small', () => {
    expect(gateFindings({ ...stick, systemReasons: ['/dev/sdb1 mounted at /'] }, IMG, '/dev/sdb').map((f) => f.code)).toContain('system');
    expect(gateFindings({ ...stick, isReadOnly: true }, IMG, '/dev/sdb').map((f) => f.code)).toEqual(['read-only']);
    expect(gateFindings({ ...stick, size: 1e9 }, IMG, '/dev/sdb').map((f) => f.code)).toEqual(['too-small']);
  });

  it('a drive that needs typed confirmation passes only with its exact name', () => {
    const large = { ...stick, size: 500e9, isUSB: false };
    expect(gateFindings(large, IMG, '/dev/sdc').map((f) => f.code)).toEqual(['not-confirmed']);
    expect(gateFindings(large, IMG, '/dev/sdc', { typedNames: { '/dev/sdc': 'sdb' } }).map((f) => f.code)).toEqual(['not-confirmed']);
    expect(gateFindings(large, IMG, '/dev/sdc', { typedNames: { '/dev/sdb': 'sdc' } }).map((f) => f.code)).toEqual(['not-confirmed']);
    expect(gateFindings(large, IMG, '/dev/sdc', { typedNames: { '/dev/sdc': ' sdc ' } })).toEqual([]);
    const f = gateFindings(large, IMG, '/dev/sdc')[0]!;
    expect(describeDriveFinding(f)).toMatch(/type "sdc"/);
    expect(describeDriveFinding(f)).toMatch(/not on USB/);
  });

  it('mounted filesystems pass only with unmount consent, and the message lists them', () => {
    const mounted = { ...stick, mountpoints: ['/media/tech/STICK'] };
    const stop = gateFindings(mounted, IMG, '/dev/sdb');
    expect(stop.map((f) => f.code)).toEqual(['unmount-not-confirmed']);
    expect(describeDriveFinding(stop[0]!)).toContain('/media/tech/STICK');
    expect(gateFindings(mounted, IMG, '/dev/sdb', { unmount: true })).toEqual([]);
  });
});
