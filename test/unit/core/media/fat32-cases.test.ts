/**
 * The FAT32 volume at its edges, read back from the bytes a stick gets: folders that just fill a cluster,
 * short names next to aliases of long names, the case flags of lower-case 8.3 names, a file past cluster
 * 65535, the free count FSInfo reports against the FAT itself, the order files are laid out in, and the
 * cluster size for a volume past 260 MB.
 */
import { describe, expect, it } from 'vitest';
import { fatBytes, fsInfoSector, isShortName, planFat32, shortAlias, type Fat32Layout, type Fat32Options } from '../../../../main/core/media/fat32';

const OPTS: Fat32Options = { label: 'esxi-edge', volumeId: 1, hiddenSectors: 2048, time: { year: 2026, month: 11, day: 25, hour: 6, minute: 30, second: 10 }, freeBytes: 0, alignSectors: 2048 };

function layout(files: { path: string[]; size: number }[], opts: Partial<Fat32Options> = {}): Fat32Layout {
  const r = planFat32(files, { ...OPTS, ...opts });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.layout;
}

interface Entry {
  readonly name: string;
  readonly attr: number;
  readonly ntFlags: number;
  readonly cluster: number;
  readonly size: number;
}

/** The short entries of a directory as a FAT driver reads them: 32 bytes each, long-name entries skipped, up to the first free one. */
function entries(bytes: Uint8Array): Entry[] {
  const out: Entry[] = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let o = 0; o < bytes.length && bytes[o] !== 0; o += 32) {
    const attr = bytes[o + 11]!;
    if (attr === 0x0f) continue;
    const base = String.fromCharCode(...bytes.subarray(o, o + 8)).trimEnd();
    const ext = String.fromCharCode(...bytes.subarray(o + 8, o + 11)).trimEnd();
    out.push({ name: ext ? `${base}.${ext}` : base, attr, ntFlags: bytes[o + 12]!, cluster: (dv.getUint16(o + 20, true) << 16) | dv.getUint16(o + 26, true), size: dv.getUint32(o + 28, true) });
  }
  return out;
}

const dir = (l: Fat32Layout, path: string[]) => l.dirs.find((d) => d.path.join('/') === path.join('/'))!;
const names = (n: number, folder: string[] = []) => Array.from({ length: n }, (_, i) => ({ path: [...folder, `F${i}.V00`], size: 10 }));

describe('folders that just fill a cluster (512-byte clusters hold 16 entries)', () => {
  it('the root holds the label and 15 files in one cluster; a 16th file takes a second', () => {
    const l15 = layout(names(15));
    expect(dir(l15, []).clusters).toBe(1);
    const root = entries(dir(l15, []).bytes);
    expect([String.fromCharCode(...dir(l15, []).bytes.subarray(0, 11)), root[0]!.attr]).toEqual(['ESXI-EDGE  ', 0x08]);
    expect(root.slice(1).map((e) => e.name)).toEqual(names(15).map((f) => f.path[0]));
    expect(dir(layout(names(16)), []).clusters).toBe(2);
  });

  it('a folder holds "." and ".." and 14 files in one cluster; a 15th file takes a second, and every entry is there', () => {
    expect(dir(layout(names(14, ['MODS'])), ['MODS']).clusters).toBe(1);
    const l = layout(names(15, ['MODS']));
    const mods = dir(l, ['MODS']);
    expect(mods.clusters).toBe(2);
    expect(entries(mods.bytes).map((e) => e.name)).toEqual(['.', '..', ...names(15).map((f) => f.path[0])]);
  });
});

describe('short names', () => {
  it('an alias never takes an 8.3 name already in the folder, wherever that name comes in the list', () => {
    for (const order of [['MODULE~1.V00', 'module-long.v00'], ['module-long.v00', 'MODULE~1.V00']]) {
      const l = layout(order.map((n) => ({ path: [n], size: 1 })));
      expect(entries(dir(l, []).bytes).slice(1).map((e) => e.name).sort()).toEqual(['MODULE~1.V00', 'MODULE~2.V00']);
    }
  });

  it('long names with one prefix get distinct aliases in order', () => {
    const l = layout(['module-alpha.v00', 'module-beta.v00', 'module-gamma.v00'].map((n) => ({ path: [n], size: 1 })));
    expect(entries(dir(l, []).bytes).slice(1).map((e) => e.name)).toEqual(['MODULE~1.V00', 'MODULE~2.V00', 'MODULE~3.V00']);
  });

  it('a lower-case 8.3 name is stored upper case with the NT flags for the part in lower case, without a dot too', () => {
    const l = layout(['readme', 'BOOT.cfg', 'boot.v00', 'UPPER.V01'].map((n) => ({ path: [n], size: 1 })));
    expect(entries(dir(l, []).bytes).slice(1).map((e) => [e.name, e.ntFlags])).toEqual([
      ['README', 0x08],
      ['BOOT.CFG', 0x10],
      ['BOOT.V00', 0x18],
      ['UPPER.V01', 0],
    ]);
  });

  it('aliases of names FAT cannot keep as they are: a leading dot, only blanks before the dot, a character 8.3 forbids, no extension', () => {
    expect(shortAlias('.bashrc', new Set())).toBe('BASHRC~1');
    expect(shortAlias(' .v00', new Set())).toBe('_~1.V00');
    expect(shortAlias('a+b.v00', new Set())).toBe('A_B~1.V00');
    expect(shortAlias('readme-long', new Set())).toBe('README~1');
  });

  it('8.3 means 1 to 8 characters, a dot and at most 3 more, or no dot at all', () => {
    expect(['A', 'ABCDEFGH', 'A.B', 'ABCDEFGH.ABC', 'ABCDEFGHI', 'A.', 'A.BCDE', ''].map(isShortName)).toEqual([true, true, true, true, false, false, false, false]);
  });
});

describe('clusters', () => {
  it('a file past cluster 65535 keeps the high word of its cluster number, little-endian', () => {
    const l = layout([
      { path: ['BIG.V00'], size: 40_000_000 },
      { path: ['SMALL.V00'], size: 10 },
    ]);
    const small = l.files.find((f) => f.path[0] === 'SMALL.V00')!;
    expect(small.firstCluster).toBeGreaterThan(0xffff);
    expect(entries(dir(l, []).bytes).find((e) => e.name === 'SMALL.V00')).toMatchObject({ cluster: small.firstCluster, size: 10 });
  });

  it('FSInfo reports as free exactly the clusters the FAT leaves free, and the first of them as the next free one', () => {
    const l = layout([{ path: ['A.V00'], size: 5000 }, { path: ['EMPTY'], size: 0 }, { path: ['EFI', 'BOOT', 'B.EFI'], size: 700 }], { freeBytes: 1 << 20 });
    const fat = new DataView(fatBytes(l, 0, l.fatSectors * 512).buffer);
    let free = 0;
    let firstFree = 0;
    for (let c = 2; c < l.clusterCount + 2; c++) {
      if (fat.getUint32(c * 4, true) === 0) {
        free++;
        firstFree ||= c;
      }
    }
    const info = new DataView(fsInfoSector(l).buffer);
    expect([info.getUint32(488, true), info.getUint32(492, true)]).toEqual([free, firstFree]);
    expect(l.usedClusters).toBe(l.runs.reduce((a, [, n]) => a + n, 0));
  });

  it('files are laid out in the order given (the ISO order), whatever their folders; the list runs by cluster with empty files last', () => {
    const l = layout([
      { path: ['Z', 'A.V00'], size: 600 },
      { path: ['EMPTY.V00'], size: 0 },
      { path: ['B.V00'], size: 600 },
      { path: ['Z', 'C.V00'], size: 600 },
    ]);
    expect(l.files.map((f) => [f.path.join('/'), f.index])).toEqual([
      ['Z/A.V00', 0],
      ['B.V00', 2],
      ['Z/C.V00', 3],
      ['EMPTY.V00', 1],
    ]);
    expect(l.files.slice(0, 3).map((f) => f.firstCluster)).toEqual([l.files[0]!.firstCluster, l.files[0]!.firstCluster + 2, l.files[0]!.firstCluster + 4]);
  });

  it('the cluster size follows content plus free space: 512 bytes below 260 MB, 4 KiB from there', () => {
    expect(layout([{ path: ['S.V00'], size: 200_000_000 }], { freeBytes: 100_000_000 }).sectorsPerCluster).toBe(8);
    expect(layout([{ path: ['S.V00'], size: 200_000_000 }], { freeBytes: 50_000_000 }).sectorsPerCluster).toBe(1);
  });

  it('the label is kept upper case without padding', () => {
    expect(layout([]).label).toBe('ESXI-EDGE');
  });
});
