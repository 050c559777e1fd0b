/**
 * Reads a fleet plan file into a `PlanTable` (header + rows with their line numbers): CSV with csv-parse,
 * XLSX with exceljs. Both are maintained parsers; nothing here splits text by hand.
 *
 * Line numbers are what a person sees in an editor: for CSV the line a row starts on (a quoted cell may span
 * lines), for XLSX the sheet's row number. Header names are trimmed and lower-cased so `Site_ID ` works.
 */
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
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

/** Reads the first worksheet of an XLSX workbook. */
export async function readPlanXlsx(bytes: Uint8Array, file: string): Promise<Result<PlanTable>> {
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
