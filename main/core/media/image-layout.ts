/**
 * The image as an ordered list of segments, from byte 0 to the end: partition tables, the FAT32 reserved
 * region, two FAT copies, directories, file data, zero padding, free space and (GPT) the backup table.
 * The image builder walks this list and never seeks, so the image is a pure stream.
 */
import { clusterBytes, clusterOffset, reservedRegion } from './fat32';
import { buildGpt, buildMbr, SECTOR_BYTES } from './partition';
import type { MediaPlan } from './plan';

export type Segment =
  | { readonly kind: 'bytes'; readonly offset: number; readonly data: Uint8Array }
  | { readonly kind: 'zeros'; readonly offset: number; readonly length: number }
  /** One FAT copy; bytes come from `fatBytes(plan.fat, from, len)`. */
  | { readonly kind: 'fat'; readonly offset: number; readonly length: number }
  /** A file's data (without the cluster padding, which follows as zeros). */
  | { readonly kind: 'file'; readonly offset: number; readonly length: number; readonly file: number };

/** Every segment of the image in order; consecutive segments touch, the last ends at `plan.imageBytes`. */
export function imageSegments(plan: MediaPlan): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  const push = (s: Segment, length: number) => {
    if (s.offset !== pos) throw new Error(`segment at ${s.offset}, expected ${pos}`);
    if (length > 0) out.push(s);
    pos += length;
  };
  const zerosTo = (end: number) => {
    if (end > pos) push({ kind: 'zeros', offset: pos, length: end - pos }, end - pos);
  };
  const bytes = (data: Uint8Array) => push({ kind: 'bytes', offset: pos, data }, data.length);

  const { partition: p, fat } = plan;
  bytes(buildMbr(p, plan.diskSignature));
  const gpt = p.scheme === 'gpt' ? buildGpt(p, plan.diskGuid, plan.partitionGuid) : undefined;
  if (gpt) bytes(gpt.primary);
  zerosTo(plan.partitionOffset);

  bytes(reservedRegion(fat));
  const fatLen = fat.fatSectors * SECTOR_BYTES;
  push({ kind: 'fat', offset: pos, length: fatLen }, fatLen);
  push({ kind: 'fat', offset: pos, length: fatLen }, fatLen);

  const cb = clusterBytes(fat);
  for (const d of fat.dirs) {
    const at = plan.partitionOffset + clusterOffset(fat, d.firstCluster);
    zerosTo(at);
    bytes(d.bytes);
  }
  for (const f of fat.files) {
    if (f.clusters === 0) continue;
    const at = plan.partitionOffset + clusterOffset(fat, f.firstCluster);
    zerosTo(at);
    push({ kind: 'file', offset: pos, length: f.size, file: f.index }, f.size);
    zerosTo(at + f.clusters * cb);
  }
  const partitionEnd = plan.partitionOffset + p.sectors * SECTOR_BYTES;
  if (gpt) {
    zerosTo(plan.imageBytes - gpt.backup.length);
    bytes(gpt.backup);
  }
  zerosTo(Math.max(partitionEnd, plan.imageBytes));
  return out;
}
