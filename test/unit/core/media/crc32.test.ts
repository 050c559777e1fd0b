/** CRC-32 as GPT stores it: the standard check values, and a CRC continued over pieces equals the CRC of the whole. */
import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../../main/core/media/crc32';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('crc32', () => {
  it('gives the published check values', () => {
    expect(crc32(bytes('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(bytes('a'))).toBe(0xe8b7be43);
    expect(crc32(bytes('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    expect(crc32(new Uint8Array(32))).toBe(0x190a55ad);
    expect(crc32(new Uint8Array(32).fill(0xff))).toBe(0xff6cab0b);
  });

  it("agrees with zlib's CRC-32 (an independent implementation) on random data", () => {
    for (const n of [1, 7, 92, 512, 16384]) {
      const data = randomBytes(n);
      expect(crc32(data), `${n} bytes`).toBe(zlibCrc32(data));
    }
  });

  it('continues from an earlier CRC, so pieces give the CRC of the whole', () => {
    const all = bytes('EFI PART header and the partition entry array');
    for (const cut of [0, 1, 8, 20, all.length]) expect(crc32(all.subarray(cut), crc32(all.subarray(0, cut)))).toBe(crc32(all));
  });

  it('is an unsigned 32-bit number for every input', () => {
    for (let n = 0; n < 256; n++) {
      const c = crc32(Uint8Array.of(n));
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(0xffffffff);
      expect(Number.isInteger(c)).toBe(true);
    }
  });
});
