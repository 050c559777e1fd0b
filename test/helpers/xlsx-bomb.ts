/**
 * A real .xlsx zip bomb for the plan reader's tests and the README's figure: a workbook made by exceljs whose
 * parts are written again with zip-stream (the zip writer exceljs itself uses; node's zlib deflates), the
 * first worksheet replaced by one cell holding `inflatedMB` megabytes of text, so a small file inflates to a
 * huge one. `lie` then patches the zip's central directory to declare
 * a tiny size for that sheet, as an attacker would, so only counting while inflating can catch it.
 *
 *   node --import tsx test/helpers/xlsx-bomb.ts bomb.xlsx 2048     # the 2 GB bomb measured in the README
 */
import { Readable } from 'node:stream';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/** zip-stream 4 (a dependency of exceljs, no type declarations): the two calls used here. */
interface ZipStream extends NodeJS.ReadableStream {
  entry(source: Buffer | Readable, data: { name: string }, callback: (e?: Error) => void): void;
  finalize(): void;
}
const ZipStreamCtor = createRequire(import.meta.url)('zip-stream') as new (options: { zlib: { level: number } }) => ZipStream;

const SHEET = 'xl/worksheets/sheet1.xml';

/** The sheet's XML as a stream: one inline-string cell of `bytes` letters. */
function hugeSheet(bytes: number): Readable {
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>';
  const tail = '</t></is></c></row></sheetData></worksheet>';
  const block = Buffer.alloc(1024 * 1024, 'A');
  let left = bytes;
  let started = false;
  return new Readable({
    read() {
      if (!started) {
        started = true;
        this.push(head);
        return;
      }
      if (left <= 0) {
        this.push(tail);
        this.push(null);
        return;
      }
      const n = Math.min(left, block.length);
      left -= n;
      this.push(n === block.length ? block : block.subarray(0, n));
    },
  });
}

/** Sets the uncompressed size the central directory declares for `name` (zip APPNOTE 4.3.12: offset 24). */
function declareSize(zip: Buffer, name: string, size: number): void {
  for (let i = zip.length - 46; i >= 0; i--) {
    if (zip.readUInt32LE(i) !== 0x02014b50) continue;
    const len = zip.readUInt16LE(i + 28);
    if (zip.toString('utf8', i + 46, i + 46 + len) === name) {
      zip.writeUInt32LE(size, i + 24);
      return;
    }
  }
  throw new Error(`${name} not found in the central directory`);
}

/** The bomb's bytes. */
export async function xlsxBomb(inflatedMB: number, options: { lie?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Plan').addRow(['site_id', 'site_name']);
  const parts = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  const out = new ZipStreamCtor({ zlib: { level: 9 } });
  const chunks: Buffer[] = [];
  const ended = new Promise<void>((resolve, reject) => {
    out.on('data', (c: Buffer) => chunks.push(c));
    out.on('end', () => resolve());
    out.on('error', reject);
  });
  const add = (source: Buffer | Readable, name: string): Promise<void> => new Promise((resolve, reject) => out.entry(source, { name }, (e) => (e ? reject(e) : resolve())));
  for (const name of Object.keys(parts.files).filter((n) => !parts.files[n]!.dir)) {
    if (name === SHEET) await add(hugeSheet(inflatedMB * 1024 * 1024), name);
    else await add(await parts.file(name)!.async('nodebuffer'), name);
  }
  out.finalize();
  await ended;
  const bytes = Buffer.concat(chunks);
  if (options.lie) declareSize(bytes, SHEET, 4096);
  return bytes;
}

if (process.argv[1]?.endsWith('xlsx-bomb.ts') && process.argv[2]) {
  const bytes = await xlsxBomb(Number(process.argv[3] ?? 2048), { lie: process.argv.includes('--lie') });
  await writeFile(process.argv[2], bytes);
  process.stdout.write(`${process.argv[2]}: ${bytes.length} bytes\n`);
}
