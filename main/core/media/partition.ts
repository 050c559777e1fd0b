/**
 * Partition layout and the bytes of the partition tables: MBR (type 0x0C or 0xEF) or GPT with an EFI
 * System Partition, one partition at 1 MiB (docs/FIELD-NOTES.md "Stick partition layout and the ESP").
 *
 * Everything is a pure function of the layout and a few random bytes passed in by the caller (disk
 * signature, GUIDs), so the same inputs always give the same image bytes and the image hash can be
 * known before a single byte is written.
 */
import { crc32 } from './crc32';

export const SECTOR_BYTES = 512;
/** The partition starts at 1 MiB: aligned for every flash erase block we know of. */
export const PARTITION_START_LBA = 2048;
/** Sectors at the end of a GPT image reserved for the backup table (1 MiB, the backup sits in its last 33). */
export const GPT_TAIL_SECTORS = 2048;

export type PartitionScheme = 'mbr' | 'mbr-ef' | 'gpt';
export const PARTITION_SCHEMES: readonly PartitionScheme[] = ['mbr', 'mbr-ef', 'gpt'];

/** Where the one partition lives and how big the whole image is, in 512-byte sectors. */
export interface PartitionLayout {
  readonly scheme: PartitionScheme;
  readonly startLba: number;
  readonly sectors: number;
  readonly imageSectors: number;
  /** MBR partition type byte: 0x0C (FAT32 LBA), 0xEF (EFI System) or 0xEE (GPT protective). */
  readonly mbrType: number;
}

/** Lays out one partition of `partitionSectors` (a multiple of 2048) under `scheme`. */
export function partitionLayout(scheme: PartitionScheme, partitionSectors: number): PartitionLayout {
  const tail = scheme === 'gpt' ? GPT_TAIL_SECTORS : 0;
  return {
    scheme,
    startLba: PARTITION_START_LBA,
    sectors: partitionSectors,
    imageSectors: PARTITION_START_LBA + partitionSectors + tail,
    mbrType: scheme === 'mbr' ? 0x0c : scheme === 'mbr-ef' ? 0xef : 0xee,
  };
}

/** The message the MBR and boot-sector boot code prints when a PC tries to boot the stick in legacy BIOS mode. */
export const BIOS_MESSAGE = 'This stick boots in UEFI mode only. Choose the UEFI USB entry in the boot menu.\r\n';

/**
 * x86 real-mode boot code: print the NUL-terminated message that follows it with INT 10h, then halt.
 * `base` is the address the code runs at (0x7C00 + its offset in the sector).
 */
export function legacyBootCode(base: number): Uint8Array {
  const msgAddr = base + 26;
  const code = [
    0xfa, 0x31, 0xc0, 0x8e, 0xd8, 0xbe, msgAddr & 0xff, (msgAddr >> 8) & 0xff, 0xfc, 0xac, 0x84, 0xc0, 0x74, 0x09,
    0xb4, 0x0e, 0xbb, 0x07, 0x00, 0xcd, 0x10, 0xeb, 0xf2, 0xf4, 0xeb, 0xfd,
  ];
  const msg = Array.from(BIOS_MESSAGE, (c) => c.charCodeAt(0));
  return Uint8Array.from([...code, ...msg, 0]);
}

function chs(lba: number): [number, number, number] {
  const heads = 255;
  const spt = 63;
  const c = Math.floor(lba / (heads * spt));
  if (c > 1023) return [0xfe, 0xff, 0xff];
  const h = Math.floor(lba / spt) % heads;
  const s = (lba % spt) + 1;
  return [h, (s & 0x3f) | ((c >> 2) & 0xc0), c & 0xff];
}

function writeMbrEntry(sector: Uint8Array, index: number, active: boolean, type: number, start: number, count: number): void {
  const o = 446 + index * 16;
  const dv = new DataView(sector.buffer, sector.byteOffset, sector.byteLength);
  sector[o] = active ? 0x80 : 0;
  sector.set(chs(start), o + 1);
  sector[o + 4] = type;
  sector.set(chs(start + count - 1), o + 5);
  dv.setUint32(o + 8, start, true);
  dv.setUint32(o + 12, Math.min(count, 0xffffffff), true);
}

/**
 * The first sector of the image: legacy boot code, disk signature, one partition entry and 0x55AA.
 * For GPT this is the protective MBR (type 0xEE covering the whole image).
 */
export function buildMbr(layout: PartitionLayout, diskSignature: number): Uint8Array {
  const sector = new Uint8Array(SECTOR_BYTES);
  sector.set(legacyBootCode(0x7c00), 0);
  new DataView(sector.buffer).setUint32(440, diskSignature >>> 0, true);
  if (layout.scheme === 'gpt') writeMbrEntry(sector, 0, false, 0xee, 1, layout.imageSectors - 1);
  else writeMbrEntry(sector, 0, true, layout.mbrType, layout.startLba, layout.sectors);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

/** Converts a textual GUID to its on-disk (mixed-endian) 16 bytes. */
export function guidBytes(text: string): Uint8Array {
  const hex = text.replace(/-/g, '');
  const b = Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  const swap = (a: number, n: number) => b.subarray(a, a + n).reverse();
  swap(0, 4);
  swap(4, 2);
  swap(6, 2);
  return b;
}

/** Formats 16 on-disk GUID bytes as text. */
export function guidText(bytes: Uint8Array): string {
  const b = Array.from(bytes);
  const h = (xs: number[]) => xs.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h(b.slice(0, 4).reverse())}-${h(b.slice(4, 6).reverse())}-${h(b.slice(6, 8).reverse())}-${h(b.slice(8, 10))}-${h(b.slice(10, 16))}`.toUpperCase();
}

export const ESP_TYPE_GUID = 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B';
const GPT_ENTRIES = 128;
const GPT_ENTRY_BYTES = 128;
const GPT_ARRAY_SECTORS = (GPT_ENTRIES * GPT_ENTRY_BYTES) / SECTOR_BYTES;

/** Makes a random 16-byte value a version-4 GUID in on-disk order. */
export function asGuid(random16: Uint8Array): Uint8Array {
  const b = Uint8Array.from(random16.subarray(0, 16));
  b[7] = (b[7]! & 0x0f) | 0x40; // version nibble sits in the high nibble of the (little-endian) 3rd field
  b[8] = (b[8]! & 0x3f) | 0x80;
  return b;
}

/** GPT structures: `primary` covers LBA 1..33, `backup` the last 33 sectors of the image. */
export interface GptBytes {
  readonly primary: Uint8Array;
  readonly backup: Uint8Array;
  readonly diskGuid: string;
  readonly partitionGuid: string;
}

/** Builds the primary and backup GPT for the layout (one ESP partition named `name`). */
export function buildGpt(layout: PartitionLayout, diskGuid: Uint8Array, partitionGuid: Uint8Array, name = 'ESXi installer'): GptBytes {
  const last = layout.imageSectors - 1;
  const entries = new Uint8Array(GPT_ENTRIES * GPT_ENTRY_BYTES);
  entries.set(guidBytes(ESP_TYPE_GUID), 0);
  entries.set(partitionGuid.subarray(0, 16), 16);
  const ev = new DataView(entries.buffer);
  ev.setBigUint64(32, BigInt(layout.startLba), true);
  ev.setBigUint64(40, BigInt(layout.startLba + layout.sectors - 1), true);
  ev.setBigUint64(48, 0n, true);
  for (let i = 0; i < Math.min(name.length, 36); i++) ev.setUint16(56 + i * 2, name.charCodeAt(i), true);
  const entriesCrc = crc32(entries);

  const header = (myLba: number, altLba: number, entriesLba: number): Uint8Array => {
    const s = new Uint8Array(SECTOR_BYTES);
    const dv = new DataView(s.buffer);
    s.set(Array.from('EFI PART', (c) => c.charCodeAt(0)), 0);
    dv.setUint32(8, 0x00010000, true);
    dv.setUint32(12, 92, true);
    dv.setBigUint64(24, BigInt(myLba), true);
    dv.setBigUint64(32, BigInt(altLba), true);
    dv.setBigUint64(40, BigInt(1 + 1 + GPT_ARRAY_SECTORS), true);
    dv.setBigUint64(48, BigInt(last - 1 - GPT_ARRAY_SECTORS), true);
    s.set(diskGuid.subarray(0, 16), 56);
    dv.setBigUint64(72, BigInt(entriesLba), true);
    dv.setUint32(80, GPT_ENTRIES, true);
    dv.setUint32(84, GPT_ENTRY_BYTES, true);
    dv.setUint32(88, entriesCrc, true);
    dv.setUint32(16, crc32(s.subarray(0, 92)), true);
    return s;
  };
  const primary = new Uint8Array((1 + GPT_ARRAY_SECTORS) * SECTOR_BYTES);
  primary.set(header(1, last, 2), 0);
  primary.set(entries, SECTOR_BYTES);
  const backup = new Uint8Array((1 + GPT_ARRAY_SECTORS) * SECTOR_BYTES);
  backup.set(entries, 0);
  backup.set(header(last, 1, last - GPT_ARRAY_SECTORS), GPT_ARRAY_SECTORS * SECTOR_BYTES);
  return { primary, backup, diskGuid: guidText(diskGuid), partitionGuid: guidText(partitionGuid) };
}
