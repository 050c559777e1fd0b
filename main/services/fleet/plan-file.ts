/**
 * Reads a fleet plan file into a `PlanTable` (header + rows with their line numbers): CSV with csv-parse,
 * XLSX with exceljs. Both are maintained parsers; nothing here splits text by hand.
 *
 * A workbook is a zip: 2 MB of it inflated to 2 GB and took browser mode down (issue 26 item 4). Before
 * exceljs sees it, the zip is read with yauzl: the sizes its central directory declares must stay within
 * XLSX_LIMITS, and every entry is inflated as a stream (nothing kept) while its bytes are counted against
 * the declared size and the limit — the directory can lie — and the worksheets' rows and cells are counted
 * with saxes. Only a workbook that passes is loaded, so the memory exceljs needs is bounded too.
 *
 * Line numbers are what a person sees in an editor: for CSV the line a row starts on (a quoted cell may span
 * lines), for XLSX the sheet's row number. Header names are trimmed and lower-cased so `Site_ID ` works.
 */
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { err, ok, type Result } from '../../core/result';
import type { PlanRow, PlanTable } from '../../core/fleet/plan';

/** Plans bigger than this are refused (a 10,000-store plan is about 2 MB). */
export const MAX_PLAN_BYTES = 32 * 1024 * 1024;

const headerName = (s: string): string => s.replace(/^\uFEFF/, '').trim().toLowerCase();

/** A plan problem that stops reading the file (bad quoting, not a workbook), as an error naming the line. */
function fileProblem(file: string, line: number, message: string): Result<never> {
  return err('parse-error', `${file}:${line}: file: ${message}`, {
    file,
    issues: [{ path: 'file', message, line }],
    hint: 'Fix the plan at the line shown and import again; nothing was written.',
    kept: 'The repository was not changed.',
  });
}

/** Parses CSV text; `file` is the name used in messages. */
export function readPlanCsv(text: string, file: string): Result<PlanTable> {
  const bytes = Buffer.from(text, 'utf8');
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parseCsv(bytes, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { bytes: number } }[];
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines ?? 1;
      return fileProblem(file, line, `not readable as CSV: ${e.message.replace(/^Invalid Record Length: |^Quote Not Closed: /, '')}`);
    }
    throw e;
  }
  // The line a record starts on, as an editor numbers lines (CRLF, CR and LF each end one line). csv-parse's
  // own line count counts CR and LF inside quoted cells separately, so count from the byte offsets instead:
  // a record starts where the previous one ended, after any blank lines.
  const lineAt = new Array<number>(records.length);
  let pos = 0;
  let line = 1;
  records.forEach((r, k) => {
    while (pos < bytes.length && (bytes[pos] === 0x0a || bytes[pos] === 0x0d)) {
      if (bytes[pos] === 0x0d && bytes[pos + 1] === 0x0a) pos++;
      pos++;
      line++;
    }
    lineAt[k] = line;
    for (; pos < r.info.bytes && pos < bytes.length; pos++) {
      if (bytes[pos] === 0x0d && bytes[pos + 1] === 0x0a) continue;
      if (bytes[pos] === 0x0d || bytes[pos] === 0x0a) line++;
    }
  });
  const lined = records.map((r, k) => ({ record: r.record, line: lineAt[k] ?? 1 }));
  const [head, ...body] = lined.filter((r) => r.record.some((c) => c.trim() !== ''));
  if (!head) return fileProblem(file, 1, 'the plan is empty: it needs a header row and one row per store');
  const header = head.record.map(headerName);
  const rows: PlanRow[] = body.map((r) => {
    const cells: Record<string, string> = {};
    header.forEach((h, i) => {
      if (h && !(h in cells)) cells[h] = r.record[i] ?? '';
    });
    return { line: r.line, cells, ...(r.record.length !== header.length ? { fieldCount: r.record.length } : {}) };
  });
  return ok({ file, header, headerLine: head.line, rows });
}

/**
 * What a workbook may hold before Sitekit loads it. A 10,000-store plan with 18 columns is 180,000 cells and
 * about 15 MB of sheet XML; these leave room for that and refuse what only a crafted file needs. The largest
 * workbook they accept (11,999 rows × 25 cells) peaked at 294 MB RSS (README, Reliability).
 */
export const XLSX_LIMITS = {
  /** Sum of the inflated sizes of every zip entry (declared, and counted while inflating). */
  maxInflatedBytes: 64 * 1024 * 1024,
  maxEntries: 500,
  /** Over every worksheet (exceljs reads them all). */
  maxRows: 12_000,
  maxCells: 300_000,
  /** Highest column a cell may name (200 = GR). */
  maxColumn: 200,
} as const;

export type XlsxLimits = { readonly [K in keyof typeof XLSX_LIMITS]: number };

const MB = (n: number): string => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Column number of a cell reference such as "AB12" (A = 1). */
function columnOf(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

const openZip = (bytes: Buffer): Promise<ZipFile> =>
  new Promise((resolve, reject) => fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (e, z) => (e ? reject(e) : resolve(z))));

const openEntry = (zip: ZipFile, entry: Entry): Promise<Readable> => new Promise((resolve, reject) => zip.openReadStream(entry, (e, s) => (e ? reject(e) : resolve(s))));

/** Every entry of the central directory, without inflating anything. */
function centralDirectory(zip: ZipFile, maxEntries: number): Promise<Entry[] | string> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      entries.push(e);
      if (entries.length > maxEntries) {
        zip.close();
        resolve(`it has more than ${maxEntries} parts (a plan workbook has a few dozen)`);
      } else zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * Why the workbook must not be loaded (too large inflated, too many rows or cells), or undefined when it is
 * within `limits`. Memory stays bounded: entries are inflated as streams and only counted.
 */
export async function workbookProblem(bytes: Buffer, limits: XlsxLimits = XLSX_LIMITS): Promise<string | undefined> {
  let zip: ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (e) {
    return `not readable as an Excel workbook (.xlsx): ${(e as Error).message}`;
  }
  try {
    const entries = await centralDirectory(zip, limits.maxEntries);
    if (typeof entries === 'string') return entries;
    const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (declared > limits.maxInflatedBytes) return `it would inflate to ${MB(declared)}, more than the ${MB(limits.maxInflatedBytes)} Sitekit reads from a plan (a zip bomb?)`;
    let inflated = 0;
    let rows = 0;
    let cells = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const sheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(entry.fileName);
      const stream = await openEntry(zip, entry);
      const problem = await new Promise<string | undefined>((resolve) => {
        let done = false;
        const finish = (why: string | undefined): void => {
          if (done) return;
          done = true;
          if (why) stream.destroy();
          resolve(why);
        };
        let parser: SaxesParser | undefined;
        const text = new StringDecoder('utf8'); // a chunk may end inside a character
        if (sheet) {
          parser = new SaxesParser();
          parser.on('opentag', (tag) => {
            const name = tag.name.replace(/^.*:/, '');
            if (name === 'row' && ++rows > limits.maxRows) finish(`its worksheets have more than ${limits.maxRows.toLocaleString('en-US')} rows`);
            else if (name === 'c') {
              if (++cells > limits.maxCells) finish(`its worksheets have more than ${limits.maxCells.toLocaleString('en-US')} cells`);
              const ref = tag.attributes.r;
              if (typeof ref === 'string' && columnOf(ref) > limits.maxColumn) finish(`a cell (${ref.slice(0, 12)}) lies beyond column ${limits.maxColumn}`);
            }
          });
          parser.on('error', (e) => finish(`${entry.fileName} is not well-formed XML: ${e.message.split('\n')[0]}`));
        }
        stream.on('data', (chunk: Buffer) => {
          if (done) return;
          inflated += chunk.length;
          // yauzl stops an entry that inflates beyond its declared size; this bounds the sum as well.
          if (inflated > limits.maxInflatedBytes) return finish(`it inflates to more than ${MB(limits.maxInflatedBytes)} (its directory declared ${MB(declared)}: a zip bomb?)`);
          parser?.write(text.write(chunk));
        });
        stream.on('error', (e) => finish(`${entry.fileName} cannot be inflated: ${e.message}${/too many bytes/i.test(e.message) ? ' (it holds more than its directory declares: a zip bomb?)' : ''}`));
        stream.on('end', () => {
          parser?.close();
          finish(undefined);
        });
      });
      if (problem) return problem;
    }
    return undefined;
  } catch (e) {
    return `not readable as an Excel workbook (.xlsx): ${(e as Error).message}`;
  } finally {
    zip.close();
  }
}

/** Reads the first worksheet of an XLSX workbook, after workbookProblem found it within the limits. */
export async function readPlanXlsx(bytes: Uint8Array, file: string, limits: XlsxLimits = XLSX_LIMITS): Promise<Result<PlanTable>> {
  const problem = await workbookProblem(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  if (problem) return fileProblem(file, 1, `${problem}; nothing was read from it`);
  // exceljs is loaded only for a workbook: it is large, and every other command would pay for it at start.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    return fileProblem(file, 1, `not readable as an Excel workbook (.xlsx): ${(e as Error).message}`);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return fileProblem(file, 1, 'the workbook has no worksheet');
  const lines: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text ?? '');
    if (cells.some((x) => x.trim() !== '')) lines.push({ line: n, cells });
  });
  const [head, ...body] = lines;
  if (!head) return fileProblem(file, 1, 'the first worksheet is empty: it needs a header row and one row per store');
  const header = head.cells.map(headerName);
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  const rows: PlanRow[] = body.map((r) => {
    const cells: Record<string, string> = {};
    header.forEach((h, i) => {
      if (h && !(h in cells)) cells[h] = r.cells[i] ?? '';
    });
    return { line: r.line, cells };
  });
  return ok({ file, header, headerLine: head.line, rows });
}

/** Reads a plan file by its extension (.csv, .xlsx); `name` defaults to the file's base name. */
export async function readPlanFile(path: string, name = basename(path)): Promise<Result<PlanTable>> {
  let bytes: Buffer;
  const tooLarge = (): Result<never> => err('invalid-input', `The plan ${name} is larger than ${MAX_PLAN_BYTES / 1024 / 1024} MB; nothing was imported.`, { file: path });
  try {
    // Size and kind first: a device or a pipe (/dev/zero) would otherwise be read until memory runs out.
    const handle = await open(path, 'r');
    try {
      const st = await handle.stat();
      if (!st.isFile()) return err('invalid-input', `${name} is not a file (a folder, device or pipe); nothing was imported.`, { file: path, hint: 'Give the path of the plan file (.csv or .xlsx).' });
      if (st.size > MAX_PLAN_BYTES) return tooLarge();
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return err('not-found', `Cannot read the plan ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}.`, { file: path, hint: 'Check the path of the plan file.' });
  }
  if (bytes.byteLength > MAX_PLAN_BYTES) return tooLarge();
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return readPlanXlsx(bytes, name);
  if (ext === '.csv' || ext === '.txt') return readPlanCsv(bytes.toString('utf8'), name);
  return err('invalid-input', `${name} is neither a .csv nor an .xlsx file.`, { file: path, hint: 'Save the plan as CSV (UTF-8) or as an Excel workbook (.xlsx).' });
}
