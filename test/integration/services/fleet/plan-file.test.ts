/**
 * Plan files read with csv-parse and exceljs: line numbers a person sees in an editor, and a fast-check
 * property that random rows and random quoting never crash the import and bad rows are always named. Real
 * zip bombs (test/helpers/xlsx-bomb.ts) and oversized sheets are refused before exceljs loads them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdir, truncate, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import compat from '../../../../resources/compat/compat-list.json' with { type: 'json' };
import { validateCompatList } from '../../../../main/core/hardware/list';
import { formatPlanProblem, planSites } from '../../../../main/core/fleet/plan';
import { MAX_PLAN_BYTES, readPlanCsv, readPlanFile, readPlanXlsx, XLSX_LIMITS } from '../../../../main/services/fleet/plan-file';
import { runCli } from '../../../../main/cli/index';
import type { CliIO } from '../../../../main/cli/types';
import { lazyServices } from '../../../helpers/cli-io';
import { tempDir } from '../../../helpers/temp';
import { xlsxBomb } from '../../../helpers/xlsx-bomb';
import { csvCell, PLAN_HEADER, planCsv, planStore, planStores, planXlsx } from './make-plan';

const list = validateCompatList(compat);
if (!list.ok) throw new Error('shipped list invalid');
const models = list.value.hostModels;

/** Runs per property; the report to the lead quotes these. */
export const PROPERTY_RUNS = 300;

describe('readPlanCsv', () => {
  it('gives each row the line it starts on, across quoted line breaks, blank lines, CRLF and a BOM', () => {
    const text = '\uFEFFsite_id,site_name,Location \r\n' + 's1,One,"two\r\nlines"\r\n\r\n' + 's2,Two,x\r\n' + 's3,"Three, ""quoted""",\r\n';
    const r = readPlanCsv(text, 'p.csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.header).toEqual(['site_id', 'site_name', 'location']);
    expect(r.value.rows.map((x) => [x.line, x.cells.site_id, x.cells.location])).toEqual([
      [2, 's1', 'two\r\nlines'],
      [5, 's2', 'x'],
      [6, 's3', ''],
    ]);
    expect(r.value.rows[2]?.cells.site_name).toBe('Three, "quoted"');
  });

  it('reports an unclosed quote as a file problem with its line, and a short row as a row problem', () => {
    const bad = readPlanCsv('site_id,site_name\ns1,ok\ns2,"never closed\n', 'p.csv');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/^p\.csv:\d+: file: not readable as CSV/);
    const header = PLAN_HEADER.join(',');
    const short = readPlanCsv(`${header}\nstore-1,Store 1\n`, 'p.csv');
    expect(short.ok).toBe(true);
    if (short.ok) expect(planSites(short.value, models).problems.map(formatPlanProblem)).toContain(`p.csv:2: row: has 2 fields, the header has ${PLAN_HEADER.length}`);
  });

  it('reads .xlsx and .csv files by extension, with sheet row numbers as lines', async () => {
    const dir = await tempDir('sitekit-plan-');
    try {
      const stores = planStores(3);
      stores[1] = { ...stores[1]!, host1_ip: 'nope' };
      await writeFile(join(dir.path, 'plan.xlsx'), await planXlsx(stores));
      const x = await readPlanFile(join(dir.path, 'plan.xlsx'));
      expect(x.ok).toBe(true);
      if (!x.ok) return;
      expect(x.value.rows.map((r) => r.line)).toEqual([2, 3, 4]);
      expect(x.value.rows[0]?.cells.vlan).toBe('11');
      expect(planSites(x.value, models).problems.map(formatPlanProblem)).toEqual(['plan.xlsx:3: host1_ip: "nope" must be an IPv4 address such as 192.168.10.11 (four numbers 0–255, no leading zeros)']);
      await writeFile(join(dir.path, 'plan.ods'), 'x');
      const ods = await readPlanFile(join(dir.path, 'plan.ods'));
      expect(!ods.ok && ods.error.message).toBe('plan.ods is neither a .csv nor an .xlsx file.');
      await writeFile(join(dir.path, 'broken.xlsx'), planCsv(stores));
      const broken = await readPlanFile(join(dir.path, 'broken.xlsx'));
      expect(!broken.ok && broken.error.message).toMatch(/^broken\.xlsx:1: file: not readable as an Excel workbook/);
    } finally {
      await dir.remove();
    }
  });

  it('refuses a device, a folder or an oversized plan before reading it', async () => {
    // /dev/zero never ends: read whole, it would fill memory.
    const zero = await readPlanFile('/dev/zero', 'zero.csv');
    expect(!zero.ok && zero.error.message).toBe('zero.csv is not a file (a folder, device or pipe); nothing was imported.');
    const dir = await tempDir('sitekit-plan-');
    try {
      const folder = await readPlanFile(dir.path, 'plans.csv');
      expect(!folder.ok && folder.error.code).toBe('invalid-input');
      const big = join(dir.path, 'big.csv');
      await writeFile(big, '');
      await truncate(big, MAX_PLAN_BYTES + 1);
      const r = await readPlanFile(big);
      expect(!r.ok && r.error.message).toBe(`The plan big.csv is larger than ${MAX_PLAN_BYTES / 1024 / 1024} MB; nothing was imported.`);
      const missing = await readPlanFile(join(dir.path, 'nope.csv'));
      expect(!missing.ok && missing.error.code).toBe('not-found');
    } finally {
      await dir.remove();
    }
  });
});

/** Any text, weighted towards what breaks CSV: quotes, commas, line breaks, semicolons. */
const nasty = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\n', '\r\n', ';', 'é', '\t', '#', "'", '\u0000'), maxLength: 30 });

describe('fleet CSV import (property)', () => {
  it(`never throws on random rows and quoting (${PROPERTY_RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.array(nasty, { maxLength: 20 }), { maxLength: 8 }), fc.boolean(), (rows, withHeader) => {
        const body = rows.map((r) => r.map(csvCell).join(',')).join('\n');
        const text = withHeader ? `${PLAN_HEADER.join(',')}\n${body}` : body;
        const table = readPlanCsv(text, 'r.csv');
        if (!table.ok) {
          expect(table.error.message).toMatch(/^r\.csv:\d+: file: /);
          return;
        }
        const plan = planSites(table.value, models);
        for (const p of plan.problems) expect(formatPlanProblem(p)).toMatch(/^r\.csv:\d+: [a-z_0-9]+: \S/);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it(`names exactly the bad rows by the line they start on, whatever the quoting of the others (${PROPERTY_RUNS} cases)`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ bad: fc.boolean(), location: nasty, extra: nasty }), { minLength: 1, maxLength: 12 }),
        (specs) => {
          const header = [...PLAN_HEADER];
          const encoded = specs.map((s, i) => {
            const store: Record<string, string> = { ...planStore(i + 1), location: s.location.replace(/\u0000/g, ''), region_manager: s.extra };
            if (s.bad) store.host1_ip = '10.0.0.999';
            return header.map((h) => csvCell(store[h] ?? '')).join(',');
          });
          // The line each row starts on: after the header, plus the line breaks inside earlier rows.
          const starts: number[] = [];
          let line = 2;
          for (const e of encoded) {
            starts.push(line);
            line += (e.match(/\n/g)?.length ?? 0) + 1;
          }
          const table = readPlanCsv(`${header.join(',')}\n${encoded.join('\n')}\n`, 'p.csv');
          expect(table.ok).toBe(true);
          if (!table.ok) return;
          const plan = planSites(table.value, models);
          const named = new Set(plan.problems.map((p) => p.line));
          const expected = new Set(specs.flatMap((s, i) => (s.bad ? [starts[i] as number] : [])));
          expect(named).toEqual(expected);
          for (const p of plan.problems) expect(formatPlanProblem(p)).toBe(`p.csv:${p.line}: host1_ip: "10.0.0.999" must be an IPv4 address such as 192.168.10.11 (four numbers 0–255, no leading zeros)`);
          expect(plan.sites.length).toBe(specs.filter((s) => !s.bad).length);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe('workbooks shaped to exhaust memory (issue 26 item 4)', () => {
  it('a small .xlsx that inflates far beyond the limit is refused from its central directory, before inflating', async () => {
    const bomb = await xlsxBomb(96);
    expect(bomb.length).toBeLessThan(300 * 1024);
    const r = await readPlanXlsx(bomb, 'bomb.xlsx');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('parse-error');
      expect(r.error.message).toMatch(/^bomb\.xlsx:1: file: it would inflate to 96 MB, more than the 64 MB Sitekit reads from a plan \(a zip bomb\?\); nothing was read from it$/);
      expect(r.error.kept).toBe('The repository was not changed.');
    }
  });

  it('a bomb whose directory lies about the size is stopped while inflating', async () => {
    const r = await readPlanXlsx(await xlsxBomb(96, { lie: true }), 'liar.xlsx');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^liar\.xlsx:1: file: xl\/worksheets\/sheet1\.xml cannot be inflated: .*too many bytes.*\(it holds more than its directory declares: a zip bomb\?\)/);
  });

  it('rows, cells and far columns are bounded before exceljs builds its model', async () => {
    const stores = planStores(30);
    const xlsx = await planXlsx(stores);
    const limits = { ...XLSX_LIMITS };
    const rows = await readPlanXlsx(xlsx, 'p.xlsx', { ...limits, maxRows: 20 });
    expect(!rows.ok && rows.error.message).toMatch(/its worksheets have more than 20 rows/);
    const cells = await readPlanXlsx(xlsx, 'p.xlsx', { ...limits, maxCells: 100 });
    expect(!cells.ok && cells.error.message).toMatch(/its worksheets have more than 100 cells/);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Plan');
    ws.addRow(PLAN_HEADER);
    ws.getCell('XFD2').value = 'far away';
    const far = await readPlanXlsx(Buffer.from(await wb.xlsx.writeBuffer()), 'far.xlsx');
    expect(!far.ok && far.error.message).toMatch(/a cell \(XFD2\) lies beyond column 200/);
    // Within the limits the same plan reads as before.
    expect((await readPlanXlsx(xlsx, 'p.xlsx')).ok).toBe(true);
  });

  it('sitekit fleet import of the bomb exits 3 and leaves the repository as it was', async () => {
    const dir = await tempDir('sitekit-bomb-');
    try {
      await writeFile(join(dir.path, 'bomb.xlsx'), await xlsxBomb(96, { lie: true }));
      let err = '';
      const io: CliIO = { out: () => undefined, err: (t) => (err += t), env: {}, cwd: dir.path, tty: false, readSecret: () => Promise.reject(new Error('no terminal')), ...lazyServices() };
      expect(await runCli(['fleet', 'import', 'bomb.xlsx', '--repo', 'repo'], io)).toBe(3);
      expect(err).toMatch(/bomb\.xlsx:1: file: .*a zip bomb\?/);
      expect(await readdir(dir.path)).toEqual(['bomb.xlsx']);
    } finally {
      await dir.remove();
    }
  });
});
