import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../../main/core/media/crc32';
import { asGuid, buildGpt, buildMbr, guidBytes, guidText, partitionLayout, ESP_TYPE_GUID } from '../../../../main/core/media/partition';

const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('MBR', () => {
  it.each([
    ['mbr', 0x0c],
    ['mbr-ef', 0xef],
  ] as const)('%s: one active partition at LBA 2048 with type %i', (scheme, type) => {
    const layout = partitionLayout(scheme, 4096 * 2048);
    const mbr = buildMbr(layout, 0x12345678);
    expect(mbr[510]).toBe(0x55);
    expect(mbr[511]).toBe(0xaa);
    expect(dv(mbr).getUint32(440, true)).toBe(0x12345678);
    expect(mbr[446]).toBe(0x80);
    expect(mbr[450]).toBe(type);
    expect(dv(mbr).getUint32(454, true)).toBe(2048);
    expect(dv(mbr).getUint32(458, true)).toBe(4096 * 2048);
    expect(Array.from(mbr.subarray(462, 510)).every((b) => b === 0)).toBe(true);
    expect(layout.imageSectors).toBe(2048 + 4096 * 2048);
  });

  it('for GPT is protective: type 0xEE from LBA 1 to the end, not active', () => {
    const layout = partitionLayout('gpt', 2048 * 10);
    const mbr = buildMbr(layout, 1);
    expect(mbr[446]).toBe(0);
    expect(mbr[450]).toBe(0xee);
    expect(dv(mbr).getUint32(454, true)).toBe(1);
    expect(dv(mbr).getUint32(458, true)).toBe(layout.imageSectors - 1);
  });
});

describe('GPT', () => {
  const layout = partitionLayout('gpt', 2048 * 10);
  const disk = asGuid(new Uint8Array(16).fill(0x11));
  const part = asGuid(new Uint8Array(16).fill(0x22));
  const gpt = buildGpt(layout, disk, part);

  it('has valid header and entry CRCs in the primary and the backup', () => {
    for (const [header, entries] of [
      [gpt.primary.subarray(0, 512), gpt.primary.subarray(512)],
      [gpt.backup.subarray(32 * 512), gpt.backup.subarray(0, 32 * 512)],
    ] as const) {
      expect(new TextDecoder().decode(header.subarray(0, 8))).toBe('EFI PART');
      const copy = Uint8Array.from(header.subarray(0, 92));
      const stored = dv(copy).getUint32(16, true);
      dv(copy).setUint32(16, 0, true);
      expect(crc32(copy)).toBe(stored);
      expect(crc32(entries)).toBe(dv(header).getUint32(88, true));
    }
  });

  it('points primary and backup at each other and describes one ESP at 1 MiB', () => {
    const last = BigInt(layout.imageSectors - 1);
    const p = dv(gpt.primary);
    const b = dv(gpt.backup.subarray(32 * 512));
    expect(p.getBigUint64(24, true)).toBe(1n);
    expect(p.getBigUint64(32, true)).toBe(last);
    expect(b.getBigUint64(24, true)).toBe(last);
    expect(b.getBigUint64(32, true)).toBe(1n);
    expect(b.getBigUint64(72, true)).toBe(last - 32n);
    const entry = gpt.primary.subarray(512, 640);
    expect(guidText(entry.subarray(0, 16))).toBe(ESP_TYPE_GUID);
    expect(dv(entry).getBigUint64(32, true)).toBe(2048n);
    expect(dv(entry).getBigUint64(40, true)).toBe(BigInt(2048 + layout.sectors - 1));
  });

  it('writes GUIDs as version 4 and round-trips their text', () => {
    expect(gpt.diskGuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(guidText(guidBytes(ESP_TYPE_GUID))).toBe(ESP_TYPE_GUID);
  });
});
