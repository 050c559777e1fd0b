#!/usr/bin/env node
// Draws Sitekit's app icon (a blue rounded square with a white diamond) as a 512×512 PNG, with no
// image tools: raw RGBA rows, zlib, CRC32. Run once; the PNG is committed in resources/icons.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

const S = 512;
const px = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) {
  px[y * (S * 4 + 1)] = 0;
  for (let x = 0; x < S; x++) {
    const i = y * (S * 4 + 1) + 1 + x * 4;
    const r = 96, inset = 24;
    const cx = Math.min(Math.max(x, inset + r), S - inset - r), cy = Math.min(Math.max(y, inset + r), S - inset - r);
    const inSquare = (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= inset && x < S - inset && y >= inset && y < S - inset;
    const d = Math.abs(x - S / 2) + Math.abs(y - S / 2);
    const diamond = d < 150, ring = d >= 150 && d < 170;
    const [R, G, B, A] = !inSquare ? [0, 0, 0, 0] : diamond ? [255, 255, 255, 255] : ring ? [255, 176, 0, 255] : [11, 92, 173, 255];
    px[i] = R; px[i + 1] = G; px[i + 2] = B; px[i + 3] = A;
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(S, 0); ihdr.writeUInt32BE(S, 4); ihdr[8] = 8; ihdr[9] = 6;
mkdirSync('resources/icons', { recursive: true });
writeFileSync('resources/icons/icon.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(px, { level: 9 })), chunk('IEND', Buffer.alloc(0))]));
console.log('wrote resources/icons/icon.png');
