import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fatBytes, isShortName, planFat32, shortAlias, ShortNameTable, FAT32_MIN_CLUSTERS, type Fat32Options } from '../../../../main/core/media/fat32';

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

describe('short names in large folders (issue 26 item 16)', () => {
  // 5,000 long names with one prefix, as a folder of modules has: trying ~1, ~2, … from the start for each
  // made n²/2 = 12.5 million tries (and 30,000 files took 35 s); the table's work grows with n.
  const names = Array.from({ length: 5000 }, (_, i) => `module-file-number-${i}.v00`);

  it('makes each alias with a bounded number of tries, however many names share a prefix', () => {
    const table = new ShortNameTable();
    const aliases = names.map((n) => table.alias(n));
    expect(new Set(aliases).size).toBe(names.length);
    expect(table.probes).toBeLessThanOrEqual(2 * names.length);
  });

  it('gives the same aliases as taking the lowest free ~N each time (images stay byte-identical)', () => {
    const mixed = [...names.slice(0, 1200), 'MODULE~3.V00', 'Release-Notes.html', 'release-notes.htm', 'a.b.c', 'x'.repeat(40) + '.json', ...names.slice(1200, 1500)];
    const table = new ShortNameTable();
    const taken = new Set<string>();
    for (const n of mixed) {
      if (isShortName(n)) {
        table.add(n);
        taken.add(n);
        continue;
      }
      const expected = shortAlias(n, taken);
      taken.add(expected);
      expect(table.alias(n)).toBe(expected);
    }
  });

  it('plans 20,000 files in one folder and 2,000 folders with the names and parents they had', () => {
    const files = [...names, ...names.map((n) => n.toUpperCase().replace('.V00', '.V01')), ...Array.from({ length: 2000 }, (_, i) => `D${i}/module-${i}.v00`)].map((p) => ({ path: p.includes('/') ? p.split('/') : ['MODS', p], size: 100 }));
    const r = planFat32(files, OPTS);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const mods = r.layout.dirs.find((d) => d.path.join('/') === 'MODS')!;
    // 10,000 entries (with their long-name entries) in MODS, each short name unique.
    const shortNames = new Set<string>();
    for (let o = 64; o < mods.bytes.length; o += 32) {
      if (mods.bytes[o] === 0) break;
      if (mods.bytes[o + 11] === 0x0f) continue;
      shortNames.add(String.fromCharCode(...mods.bytes.subarray(o, o + 11)));
    }
    expect(shortNames.size).toBe(2 * names.length);
    // A folder's ".." names its parent: the root (cluster 0) for top-level folders.
    const d7 = r.layout.dirs.find((d) => d.path.join('/') === 'D7')!;
    expect(d7.bytes[32 + 26]! | (d7.bytes[32 + 27]! << 8)).toBe(0);
  });
});

