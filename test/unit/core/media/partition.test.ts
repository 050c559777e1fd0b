import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../../main/core/media/crc32';
import { asGuid, buildGpt, buildMbr, guidBytes, guidText, legacyBootCode, partitionLayout, BIOS_MESSAGE, ESP_TYPE_GUID } from '../../../../main/core/media/partition';

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

describe('partition table details firmware and tools read', () => {
  it('MBR CHS fields: start and end of the partition, and the "beyond CHS" marker past cylinder 1023', () => {
    const small = buildMbr(partitionLayout('mbr', 2048 * 4), 1);
    // LBA 2048 = cylinder 0, head 32, sector 33; the end LBA 10239 = cylinder 0, head 162, sector 34.
    expect(Array.from(small.subarray(447, 450))).toEqual([32, 33, 0]);
    expect(Array.from(small.subarray(451, 454))).toEqual([162, 34, 0]);
    const big = buildMbr(partitionLayout('mbr', 2048 * 8192), 1); // 8 GiB: ends past cylinder 1023
    expect(Array.from(big.subarray(451, 454))).toEqual([0xfe, 0xff, 0xff]);
    const mid = buildMbr(partitionLayout('mbr', 2048 * 2048), 1); // 2 GiB: cylinder 261
    const endLba = 2048 + 2048 * 2048 - 1;
    const c = Math.floor(endLba / (255 * 63));
    expect(Array.from(mid.subarray(451, 454))).toEqual([Math.floor(endLba / 63) % 255, ((endLba % 63) + 1) | ((c >> 2) & 0xc0), c & 0xff]);
    expect(c).toBeGreaterThan(255); // so the high cylinder bits are really used
  });

  it('legacy boot code prints the UEFI-only message from the address it is given, then halts', () => {
    const code = legacyBootCode(0x7c00);
    expect(code[5]).toBe(0xbe); // mov si, message
    expect(code[6]! | (code[7]! << 8)).toBe(0x7c00 + 26);
    expect(legacyBootCode(0x7c5a)[6]! | (legacyBootCode(0x7c5a)[7]! << 8)).toBe(0x7c5a + 26);
    expect(String.fromCharCode(...code.subarray(26, code.length - 1))).toBe(BIOS_MESSAGE);
    expect(code[code.length - 1]).toBe(0);
    expect(BIOS_MESSAGE).toMatch(/^This stick boots in UEFI mode only\. .*\r\n$/);
    const mbr = buildMbr(partitionLayout('mbr', 2048), 7);
    expect(Array.from(mbr.subarray(0, code.length))).toEqual(Array.from(code));
  });

  it('GPT header fields: revision 1.0, 92-byte header, usable LBAs between the tables, 128 entries of 128 bytes', () => {
    const layout = partitionLayout('gpt', 2048 * 10);
    const gpt = buildGpt(layout, asGuid(new Uint8Array(16).fill(1)), asGuid(new Uint8Array(16).fill(2)));
    const last = BigInt(layout.imageSectors - 1);
    for (const [header, entriesLba] of [
      [gpt.primary.subarray(0, 512), 2n],
      [gpt.backup.subarray(32 * 512), last - 32n],
    ] as const) {
      const h = dv(header);
      expect(h.getUint32(8, true)).toBe(0x00010000);
      expect(h.getUint32(12, true)).toBe(92);
      expect(h.getUint32(20, true)).toBe(0);
      expect(h.getBigUint64(40, true)).toBe(34n);
      expect(h.getBigUint64(48, true)).toBe(last - 33n);
      expect(h.getBigUint64(72, true)).toBe(entriesLba);
      expect(h.getUint32(80, true)).toBe(128);
      expect(h.getUint32(84, true)).toBe(128);
      expect(guidText(header.subarray(56, 72))).toBe(gpt.diskGuid);
      expect(header.subarray(92).every((b) => b === 0)).toBe(true);
    }
    expect(gpt.primary.length).toBe(33 * 512);
    expect(gpt.backup.length).toBe(33 * 512);
    expect(layout.imageSectors).toBe(2048 + 2048 * 10 + 2048);
  });

  it('the GPT entry: ESP type, the partition GUID, no attributes, the name in UTF-16 (at most 36 characters), the rest empty', () => {
    const layout = partitionLayout('gpt', 2048 * 10);
    const part = asGuid(new Uint8Array(16).fill(0x22));
    const gpt = buildGpt(layout, asGuid(new Uint8Array(16).fill(1)), part, 'Sitekit ESXi installer stick for store 0421');
    const e = gpt.primary.subarray(512, 640);
    expect(guidText(e.subarray(16, 32))).toBe(guidText(part));
    expect(gpt.partitionGuid).toBe(guidText(part));
    expect(dv(e).getBigUint64(48, true)).toBe(0n);
    const name = Array.from({ length: 36 }, (_, i) => dv(e).getUint16(56 + i * 2, true));
    expect(String.fromCharCode(...name)).toBe('Sitekit ESXi installer stick for sto');
    expect(gpt.primary.subarray(640).every((b) => b === 0)).toBe(true);
    const def = buildGpt(layout, asGuid(new Uint8Array(16).fill(1)), part);
    const defName = Array.from({ length: 14 }, (_, i) => dv(def.primary).getUint16(512 + 56 + i * 2, true));
    expect(String.fromCharCode(...defName)).toBe('ESXi installer');
    expect(dv(def.primary).getUint16(512 + 56 + 28, true)).toBe(0);
  });

  it('schemes: mbr is FAT32 LBA (0x0C), mbr-ef is EFI System (0xEF), gpt is protective (0xEE) with a 1 MiB tail', () => {
    expect(partitionLayout('mbr', 2048)).toEqual({ scheme: 'mbr', startLba: 2048, sectors: 2048, imageSectors: 4096, mbrType: 0x0c });
    expect(partitionLayout('mbr-ef', 2048)).toEqual({ scheme: 'mbr-ef', startLba: 2048, sectors: 2048, imageSectors: 4096, mbrType: 0xef });
    expect(partitionLayout('gpt', 2048)).toEqual({ scheme: 'gpt', startLba: 2048, sectors: 2048, imageSectors: 6144, mbrType: 0xee });
  });

  it('asGuid sets the version-4 and variant bits and keeps the other random bits', () => {
    const g = asGuid(new Uint8Array(16).fill(0xff));
    expect(g[7]).toBe(0x4f);
    expect(g[8]).toBe(0xbf);
    expect(Array.from(g.subarray(0, 7)).every((b) => b === 0xff)).toBe(true);
    expect(Array.from(g.subarray(9)).every((b) => b === 0xff)).toBe(true);
    const z = asGuid(new Uint8Array(16));
    expect(z[7]).toBe(0x40);
    expect(z[8]).toBe(0x80);
  });
});
