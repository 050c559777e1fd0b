import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fatBytes, isShortName, planFat32, shortAlias, FAT32_MIN_CLUSTERS, type Fat32Options } from '../../../../main/core/media/fat32';

const OPTS: Fat32Options = {
  label: 'ESXI-EDGE',
  volumeId: 0xdeadbeef,
  hiddenSectors: 2048,
  time: { year: 2026, month: 11, day: 25, hour: 6, minute: 30, second: 10 },
  freeBytes: 1 << 20,
  alignSectors: 2048,
};

const files = [
  { path: ['BOOT.CFG'], size: 500 },
  { path: ['EFI', 'BOOT', 'BOOTX64.EFI'], size: 600_000 },
  { path: ['EFI', 'BOOT', 'BOOT.CFG'], size: 520 },
  { path: ['S.V00'], size: 3_000_000 },
  { path: ['EMPTY.TXT'], size: 0 },
  { path: ['SITEKIT', 'MANIFEST.JSON'], size: 9000 },
];

describe('planFat32', () => {
  const r = planFat32(files, OPTS);
  if (!r.ok) throw new Error('plan failed');
  const l = r.layout;

  it('is FAT32 by cluster count and starts the data region on a 1 MiB boundary', () => {
    expect(l.clusterCount).toBeGreaterThanOrEqual(FAT32_MIN_CLUSTERS);
    expect(l.dataStartSector % 2048).toBe(0);
    expect(l.totalSectors % 2048).toBe(0);
    expect((l.clusterCount + 2) * 4).toBeLessThanOrEqual(l.fatSectors * 512);
    expect(l.dataStartSector + l.clusterCount * l.sectorsPerCluster).toBeLessThanOrEqual(l.totalSectors);
  });

  it('gives every file one contiguous run and no two runs overlap', () => {
    const runs = [...l.runs].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < runs.length; i++) expect(runs[i]![0]).toBe(runs[i - 1]![0] + runs[i - 1]![1]);
    expect(l.files.find((f) => f.size === 0)!.firstCluster).toBe(0);
    expect(l.dirs[0]!.firstCluster).toBe(2);
  });

  it('produces the same FAT bytes whatever window it is asked for', () => {
    const total = l.fatSectors * 512;
    const whole = fatBytes(l, 0, total);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: total - 1 }), fc.integer({ min: 1, max: 5000 }), (from, len) => {
        const n = Math.min(len, total - from);
        expect(Array.from(fatBytes(l, from, n))).toEqual(Array.from(whole.subarray(from, from + n)));
      }),
      { numRuns: 200 },
    );
    const dv = new DataView(whole.buffer);
    expect(dv.getUint32(0, true)).toBe(0x0ffffff8);
    const s = l.files.find((f) => f.path.join('/') === 'S.V00')!;
    expect(dv.getUint32(s.firstCluster * 4, true)).toBe(s.firstCluster + 1);
    expect(dv.getUint32((s.firstCluster + s.clusters - 1) * 4, true)).toBe(0x0fffffff);
  });

  it('stores lower-case 8.3 names as short names with the case flags, mixed case with a long name', () => {
    const r2 = planFat32([{ path: ['boot.cfg'], size: 1 }, { path: ['Mixed.Cfg'], size: 1 }, { path: ['README.txt'], size: 1 }], OPTS);
    if (!r2.ok) throw new Error('plan failed');
    const names = r2.layout.files.map((f) => f.shortName);
    expect(names).toEqual(['BOOT.CFG', 'MIXED~1.CFG', 'README.TXT']);
    const root = r2.layout.dirs[0]!.bytes;
    const entry = (i: number) => root.subarray(i * 32, i * 32 + 32);
    expect(String.fromCharCode(...entry(1).subarray(0, 11))).toBe('BOOT    CFG');
    expect(entry(1)[12]).toBe(0x18);
    expect(entry(2)[11]).toBe(0x0f); // LFN entry before MIXED~1.CFG
    expect(entry(4)[12]).toBe(0x10); // README.txt: upper base, lower extension
  });

  it('refuses names that differ only in case and files over 4 GiB', () => {
    const clash = planFat32([{ path: ['A.TXT'], size: 1 }, { path: ['a.txt'], size: 1 }], OPTS);
    expect(clash.ok).toBe(false);
    const big = planFat32([{ path: ['BIG.BIN'], size: 2 ** 32 }], OPTS);
    expect(big.ok ? [] : big.problems.map((p) => p.code)).toEqual(['file-too-large']);
  });
});

describe('short names', () => {
  it('keeps upper-case 8.3 names and aliases the rest uniquely', () => {
    expect(isShortName('BOOTX64.EFI')).toBe(true);
    expect(isShortName('bootx64.efi')).toBe(false);
    expect(isShortName('MANIFEST.JSON')).toBe(false);
    expect(isShortName('A.B.C')).toBe(false);
    const taken = new Set<string>(['MANIFE~1.JSO']);
    expect(shortAlias('manifest.json', taken)).toBe('MANIFE~2.JSO');
  });
});
