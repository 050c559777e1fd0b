import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootSector, clusterBytes, clusterOffset, fat32Geometry, fatBytes, fsInfoSector, isShortName, planFat32, reservedRegion, shortAlias, ShortNameTable, FAT32_MAX_FILE, FAT32_MIN_CLUSTERS, type Fat32Options } from '../../../../main/core/media/fat32';
import { BIOS_MESSAGE, legacyBootCode } from '../../../../main/core/media/partition';

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

/** Little-endian readers over a byte array. */
const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const ascii = (b: Uint8Array, o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));

describe('the boot sector, FSInfo and reserved region (Microsoft FAT32 specification fields)', () => {
  const r = planFat32(files, OPTS);
  if (!r.ok) throw new Error('plan failed');
  const l = r.layout;
  const boot = bootSector(l);

  it('the boot sector describes exactly this volume', () => {
    expect(Array.from(boot.subarray(0, 3))).toEqual([0xeb, 0x58, 0x90]);
    expect(ascii(boot, 3, 8)).toBe('SITEKIT ');
    expect(u16(boot, 11)).toBe(512);
    expect(boot[13]).toBe(l.sectorsPerCluster);
    expect(u16(boot, 14)).toBe(l.reservedSectors);
    expect(boot[16]).toBe(2);
    expect(u16(boot, 17)).toBe(0); // no FAT12/16 root directory
    expect(u16(boot, 19)).toBe(0); // total sectors are in the 32-bit field
    expect(boot[21]).toBe(0xf8);
    expect(u16(boot, 22)).toBe(0); // FAT size is in the 32-bit field
    expect(u16(boot, 24)).toBe(63);
    expect(u16(boot, 26)).toBe(255);
    expect(u32(boot, 28)).toBe(2048);
    expect(u32(boot, 32)).toBe(l.totalSectors);
    expect(u32(boot, 36)).toBe(l.fatSectors);
    expect(u16(boot, 40)).toBe(0); // FAT mirroring on
    expect(u16(boot, 42)).toBe(0); // version 0.0
    expect(u32(boot, 44)).toBe(2); // root directory cluster
    expect(u16(boot, 48)).toBe(1); // FSInfo sector
    expect(u16(boot, 50)).toBe(6); // backup boot sector
    expect(boot[64]).toBe(0x80);
    expect(boot[66]).toBe(0x29);
    expect(u32(boot, 67)).toBe(0xdeadbeef);
    expect(ascii(boot, 71, 11)).toBe('ESXI-EDGE  ');
    expect(ascii(boot, 82, 8)).toBe('FAT32   ');
    expect(Array.from(boot.subarray(510))).toEqual([0x55, 0xaa]);
  });

  it('legacy BIOS boot code at byte 90 prints that the stick boots in UEFI mode only', () => {
    expect(Array.from(boot.subarray(90, 90 + 26))).toEqual(Array.from(legacyBootCode(0x7c00 + 90).subarray(0, 26)));
    expect(ascii(boot, 90 + 26, BIOS_MESSAGE.length)).toBe(BIOS_MESSAGE);
  });

  it('FSInfo carries its three signatures, the free cluster count and the next free cluster', () => {
    const info = fsInfoSector(l);
    expect(u32(info, 0)).toBe(0x41615252);
    expect(u32(info, 484)).toBe(0x61417272);
    expect(u32(info, 488)).toBe(l.clusterCount - l.usedClusters);
    expect(u32(info, 492)).toBe(l.usedClusters + 2);
    expect(u32(info, 508)).toBe(0xaa550000);
    expect(info.subarray(4, 484).every((b) => b === 0)).toBe(true);
  });

  it('the reserved region holds boot sector and FSInfo at 0 and 1, their backups at 6 and 7, zeros elsewhere', () => {
    const region = reservedRegion(l);
    expect(region.length).toBe(l.reservedSectors * 512);
    const sector = (n: number) => region.subarray(n * 512, n * 512 + 512);
    expect(sector(0)).toEqual(boot);
    expect(sector(6)).toEqual(boot);
    expect(sector(1)).toEqual(fsInfoSector(l));
    expect(sector(7)).toEqual(fsInfoSector(l));
    for (const n of [2, 3, 4, 5, 8, l.reservedSectors - 1]) expect(sector(n).every((b) => b === 0), `sector ${n}`).toBe(true);
  });

  it('the volume label is upper case, padded and cut to 11 characters', () => {
    const long = planFat32(files, { ...OPTS, label: 'store-0421-leeds' });
    if (!long.ok) throw new Error('plan failed');
    expect(long.layout.label).toBe('STORE-0421-');
    expect(ascii(bootSector(long.layout), 71, 11)).toBe('STORE-0421-');
    expect(ascii(long.layout.dirs[0]!.bytes, 0, 11)).toBe('STORE-0421-');
    expect(long.layout.dirs[0]!.bytes[11]).toBe(0x08);
  });

  it('clusters are 512 bytes for small volumes and grow with the content', () => {
    const spc = (bytes: number) => {
      // Files of at most 2 GiB each (a FAT32 file is under 4 GiB), adding up to `bytes`.
      const parts = Array.from({ length: Math.ceil(bytes / 2 ** 31) }, (_, i) => ({ path: [`S${i}.V00`], size: Math.min(2 ** 31, bytes - i * 2 ** 31) }));
      const p = planFat32(parts, { ...OPTS, freeBytes: 0 });
      if (!p.ok) throw new Error('plan failed');
      return p.layout.sectorsPerCluster * 512;
    };
    expect(spc(100 * 2 ** 20)).toBe(512);
    expect(spc(260 * 2 ** 20)).toBe(4096);
    expect(spc(8 * 2 ** 30)).toBe(8192);
    expect(spc(16 * 2 ** 30 - 1)).toBe(8192);
    expect(spc(16 * 2 ** 30)).toBe(16384);
    expect(spc(32 * 2 ** 30)).toBe(32768);
  });

  it('the geometry puts the data region on an alignment boundary after two FATs big enough for every cluster', () => {
    const g = fat32Geometry(2048 * 100, 8, 2048);
    expect(g.numFats).toBe(2);
    expect(g.dataStartSector % 2048).toBe(0);
    expect(g.dataStartSector).toBe(g.reservedSectors + 2 * g.fatSectors);
    expect(g.reservedSectors).toBeGreaterThanOrEqual(32);
    expect((g.clusterCount + 2) * 4).toBeLessThanOrEqual(g.fatSectors * 512);
    expect(g.clusterCount).toBe(Math.floor((g.totalSectors - g.dataStartSector) / 8));
    expect(clusterBytes(g)).toBe(4096);
    expect(clusterOffset(g, 2)).toBe(g.dataStartSector * 512);
    expect(clusterOffset(g, 5)).toBe((g.dataStartSector + 3 * 8) * 512);
  });
});

describe('directory entries', () => {
  const r = planFat32([{ path: ['EFI', 'BOOT', 'BOOTX64.EFI'], size: 1000 }, { path: ['A Long File Name.json'], size: 10 }], OPTS);
  if (!r.ok) throw new Error('plan failed');
  const l = r.layout;
  const entries = (bytes: Uint8Array) => Array.from({ length: bytes.length / 32 }, (_, i) => bytes.subarray(i * 32, i * 32 + 32)).filter((e) => e[0] !== 0);

  it('each entry carries its cluster, size, attribute and the given time', () => {
    const efi = l.dirs.find((d) => d.path.join('/') === 'EFI')!;
    const boot = l.dirs.find((d) => d.path.join('/') === 'EFI/BOOT')!;
    const file = l.files.find((f) => f.shortName === 'BOOTX64.EFI')!;
    const [dot, dotdot, bootDir] = entries(efi.bytes);
    expect(ascii(dot!, 0, 11)).toBe('.          ');
    expect(dot![11]).toBe(0x10);
    expect(u16(dot!, 26) | (u16(dot!, 20) << 16)).toBe(efi.firstCluster);
    expect(ascii(dotdot!, 0, 11)).toBe('..         ');
    expect(u16(dotdot!, 26) | (u16(dotdot!, 20) << 16)).toBe(0); // parent is the root
    expect(ascii(bootDir!, 0, 11)).toBe('BOOT       ');
    expect(u16(bootDir!, 26)).toBe(boot.firstCluster);
    const [, bootDotDot, exe] = entries(boot.bytes);
    expect(u16(bootDotDot!, 26)).toBe(efi.firstCluster);
    expect(ascii(exe!, 0, 11)).toBe('BOOTX64 EFI');
    expect(exe![11]).toBe(0x20);
    expect(u32(exe!, 28)).toBe(1000);
    expect(u16(exe!, 26) | (u16(exe!, 20) << 16)).toBe(file.firstCluster);
    // 2026-11-25 06:30:10 in FAT date/time: date ((46 << 9) | (11 << 5) | 25), time ((6 << 11) | (30 << 5) | 5).
    for (const o of [16, 18, 24]) expect(u16(exe!, o), `date at ${o}`).toBe((46 << 9) | (11 << 5) | 25);
    for (const o of [14, 22]) expect(u16(exe!, o), `time at ${o}`).toBe((6 << 11) | (30 << 5) | 5);
  });

  it('a long name is stored in LFN entries (13 UTF-16 units each, last first) with the short name\'s checksum', () => {
    const root = entries(l.dirs[0]!.bytes);
    const name = 'A Long File Name.json';
    const lfns = root.filter((e) => e[11] === 0x0f);
    expect(lfns).toHaveLength(2);
    expect(lfns[0]![0]).toBe(0x42); // sequence 2, last
    expect(lfns[1]![0]).toBe(0x01);
    const offs = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];
    const unitsOf = (e: Uint8Array) => offs.map((o) => u16(e, o));
    const units = [...unitsOf(lfns[1]!), ...unitsOf(lfns[0]!)];
    expect(String.fromCharCode(...units.slice(0, name.length))).toBe(name);
    expect(units[name.length]).toBe(0);
    expect(units.slice(name.length + 1).every((u) => u === 0xffff)).toBe(true);
    const short = root[root.indexOf(lfns[1]!) + 1]!;
    expect(ascii(short, 0, 11)).toBe('ALONGF~1JSO');
    let sum = 0;
    for (let i = 0; i < 11; i++) sum = (((sum & 1) << 7) + (sum >> 1) + short[i]!) & 0xff;
    for (const e of lfns) expect(e[13]).toBe(sum);
  });

  it('a name of exactly 13 characters needs one LFN entry and no terminator', () => {
    const p = planFat32([{ path: ['thirteen-char'], size: 1 }], OPTS);
    if (!p.ok) throw new Error('plan failed');
    const lfns = entries(p.layout.dirs[0]!.bytes).filter((e) => e[11] === 0x0f);
    expect(lfns).toHaveLength(1);
    expect(lfns[0]![0]).toBe(0x41);
    expect(u16(lfns[0]!, 30)).toBe('r'.charCodeAt(0));
  });

  it('refuses names no FAT volume can hold, naming the path', () => {
    for (const bad of ['a:b', 'a*b', 'a?b', 'a"b', 'a<b', 'a>b', 'a|b', 'a\\b', '.', '..', '', 'x'.repeat(256), 'tab\there']) {
      const p = planFat32([{ path: ['DIR', bad], size: 1 }], OPTS);
      expect(p.ok ? [] : p.problems, JSON.stringify(bad)).toEqual([{ code: 'bad-name', params: { path: `/DIR/${bad}` } }]);
    }
    const fine = planFat32([{ path: ['x'.repeat(255)], size: 1 }], OPTS);
    expect(fine.ok).toBe(true);
  });

  it('a file and a folder of the same name clash; files in a shared folder do not', () => {
    const clash = planFat32([{ path: ['EFI'], size: 1 }, { path: ['efi', 'BOOT.CFG'], size: 1 }], OPTS);
    expect(clash.ok ? [] : clash.problems).toEqual([{ code: 'name-clash', params: { path: '/efi/BOOT.CFG' } }]);
    const shared = planFat32([{ path: ['EFI', 'A.CFG'], size: 1 }, { path: ['efi', 'B.CFG'], size: 1 }], OPTS);
    expect(shared.ok && shared.layout.dirs.map((d) => d.path.join('/'))).toEqual(['', 'EFI']);
  });

  it('a file is at most 4 GiB - 1 byte', () => {
    expect(planFat32([{ path: ['BIG.BIN'], size: FAT32_MAX_FILE }], { ...OPTS, freeBytes: 0 }).ok).toBe(true);
  });
});
