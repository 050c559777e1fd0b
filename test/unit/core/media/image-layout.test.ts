/**
 * Where each part of the stick lands in the image (imageSegments): the partition tables, the FAT32 reserved
 * region, both FAT copies, every directory and file at the cluster the FAT gives it, and the GPT backup at the
 * very end. The image builder streams these segments as they come, so an offset off here is a file the
 * firmware or ESXi reads from the wrong place.
 */
import { describe, expect, it } from 'vitest';
import { imageSegments, type Segment } from '../../../../main/core/media/image-layout';
import { planMedia, type MediaPlan } from '../../../../main/core/media/plan';
import { HASH, planFor, siteWith } from '../../../helpers/media-site';

const CFG = 'kernel=/b.b00\nkernelopt=cdromBoot runweasel\nmodules=/s.v00 --- /imgpayld.tgz --- /empty.v00\nbuild=8.0.3-0.35.24280767\n';
const FILES = [
  { path: '/BOOT.CFG', size: CFG.length, offset: 200 * 2048 },
  { path: '/EFI/BOOT/BOOT.CFG', size: CFG.length, offset: 250 * 2048 },
  { path: '/EFI/BOOT/BOOTX64.EFI', size: 60_000, offset: 300 * 2048 },
  { path: '/B.B00', size: 40_000, offset: 400 * 2048 },
  { path: '/S.V00', size: 30_720, offset: 600 * 2048 }, // a whole number of 512-byte clusters: no padding after it
  { path: '/EMPTY.V00', size: 0, offset: 650 * 2048 },
  { path: '/IMGPAYLD.TGZ', size: 2_000, offset: 700 * 2048 },
];
const site = siteWith();

function plan(scheme: 'mbr' | 'gpt'): MediaPlan {
  const r = planMedia({
    site,
    plan: planFor(site),
    hosts: { kind: 'one', host: 'esx01' },
    iso: { name: 'ESXi.iso', size: 1_000_000, files: FILES, bootCfg: { bios: CFG, uefi: CFG } },
    passwordHash: HASH,
    scheme,
    createdAt: '2026-11-25T06:00:00.000Z',
    random: new Uint8Array(40).fill(7),
    versions: { sitekit: '0.1.0' },
    freeBytes: 0,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.findings));
  return r.plan;
}

const length = (s: Segment) => (s.kind === 'bytes' ? s.data.length : s.length);
const ascii = (b: Uint8Array) => String.fromCharCode(...b);

for (const scheme of ['mbr', 'gpt'] as const) {
  describe(`the ${scheme} image`, () => {
    // Planned inside each test (not when the file is collected), so mutation testing sees which test runs what.
    const setup = () => {
      const p = plan(scheme);
      const segs = imageSegments(p);
      const fat = p.fat;
      const partition = p.partitionOffset;
      const cluster = (n: number) => partition + (fat.dataStartSector + (n - 2) * fat.sectorsPerCluster) * 512;
      const at = (offset: number) => segs.find((s) => s.offset === offset);
      return { p, segs, fat, partition, cluster, at };
    };

    it('starts with the MBR (boot signature, the partition at LBA 2048), then (GPT) the primary table, then zeros to the partition at 1 MiB', () => {
      const { segs, partition } = setup();
      const mbr = segs[0] as Extract<Segment, { kind: 'bytes' }>;
      expect([mbr.kind, mbr.offset, mbr.data.length, mbr.data[510], mbr.data[511]]).toEqual(['bytes', 0, 512, 0x55, 0xaa]);
      if (scheme === 'gpt') {
        const gpt = segs[1] as Extract<Segment, { kind: 'bytes' }>;
        expect([gpt.kind, gpt.offset, gpt.data.length, ascii(gpt.data.subarray(0, 8))]).toEqual(['bytes', 512, 33 * 512, 'EFI PART']);
        expect(segs[2]).toEqual({ kind: 'zeros', offset: 512 + 33 * 512, length: partition - 512 - 33 * 512 });
      } else {
        expect(new DataView(mbr.data.buffer, mbr.data.byteOffset).getUint32(446 + 8, true)).toBe(2048);
        expect(segs[1]).toEqual({ kind: 'zeros', offset: 512, length: partition - 512 });
      }
      expect(partition).toBe(2048 * 512);
    });

    it('the reserved region (boot sector first) and the two FAT copies follow each other from the partition start', () => {
      const { segs, fat, partition, at } = setup();
      const reserved = at(partition) as Extract<Segment, { kind: 'bytes' }>;
      expect([reserved.kind, reserved.data.length, ascii(reserved.data.subarray(82, 90))]).toEqual(['bytes', fat.reservedSectors * 512, 'FAT32   ']);
      const fat1 = partition + fat.reservedSectors * 512;
      expect(at(fat1)).toEqual({ kind: 'fat', offset: fat1, length: fat.fatSectors * 512 });
      expect(at(fat1 + fat.fatSectors * 512)).toEqual({ kind: 'fat', offset: fat1 + fat.fatSectors * 512, length: fat.fatSectors * 512 });
      expect(segs.filter((s) => s.kind === 'fat')).toHaveLength(2);
    });

    it('every directory is at its first cluster, with its bytes', () => {
      const { fat, cluster, at } = setup();
      expect(fat.dirs.length).toBe(4); // /, /EFI, /EFI/BOOT, /SITEKIT
      for (const d of fat.dirs) expect(at(cluster(d.firstCluster))).toEqual({ kind: 'bytes', offset: cluster(d.firstCluster), data: d.bytes });
    });

    it('every file with data is at its first cluster with its own length; an empty file has no segment', () => {
      const { p, segs, fat, cluster } = setup();
      const withData = fat.files.filter((f) => f.size > 0);
      expect(segs.filter((s) => s.kind === 'file').map((s) => [s.offset, length(s), (s as { file: number }).file])).toEqual(withData.map((f) => [cluster(f.firstCluster), f.size, f.index]));
      expect(withData).toHaveLength(p.files.length - 1);
      expect(segs.some((s) => s.kind === 'file' && p.files[s.file]!.path === '/EMPTY.V00')).toBe(false);
    });

    it('every byte in between is zeros, no segment is empty, and the image ends exactly at its size (GPT: with the backup table in the last 33 sectors)', () => {
      const { p, segs, partition } = setup();
      let pos = 0;
      for (const s of segs) {
        expect(s.offset).toBe(pos);
        expect(length(s)).toBeGreaterThan(0);
        pos += length(s);
      }
      expect(pos).toBe(p.imageBytes);
      const last = segs.at(-1)!;
      if (scheme === 'gpt') {
        expect([last.kind, last.offset, length(last)]).toEqual(['bytes', p.imageBytes - 33 * 512, 33 * 512]);
        expect(ascii((last as Extract<Segment, { kind: 'bytes' }>).data.subarray(32 * 512, 32 * 512 + 8))).toBe('EFI PART');
      } else {
        expect(last.kind).toBe('zeros');
        expect(p.imageBytes).toBe(partition + p.partition.sectors * 512);
      }
    });
  });
}
