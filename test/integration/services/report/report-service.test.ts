/** Exporting the report into a folder: all formats from one model, written only when every one rendered. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { err } from '../../../../main/core/result';
import { ReportService } from '../../../../main/services/report/report-service';
import { CompatService } from '../../../../main/services/compat/compat-service';
import { pdfRendererFrom, type PdfRenderer } from '../../../../main/services/report/pdf';
import { sampleSite } from '../../../helpers/sample-site';
import { tempDir } from '../../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('sitekit-report-');
});
afterAll(() => dir.remove());

const now = () => new Date('2026-11-25T06:40:00Z');

describe('ReportService', () => {
  it('exports HTML, PDF and JSON of the same report into a folder', async () => {
    const compat = new CompatService({ dataDir: join(dir.path, 'data') });
    const service = new ReportService({ version: '1.2.3', now, compatList: async () => { const r = await compat.current(); return r.ok ? r.value.list : undefined; } });
    const folder = join(dir.path, 'out');
    const r = await service.export(sampleSite(), { folder });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.files.map((f) => f.format)).toEqual(['html', 'pdf', 'json']);
    expect((await readdir(folder)).sort()).toEqual(['store-0421-handover-2026-11-25.html', 'store-0421-handover-2026-11-25.json', 'store-0421-handover-2026-11-25.pdf']);
    const html = await readFile(join(folder, 'store-0421-handover-2026-11-25.html'), 'utf8');
    const json = JSON.parse(await readFile(join(folder, 'store-0421-handover-2026-11-25.json'), 'utf8'));
    const pdf = await readFile(join(folder, 'store-0421-handover-2026-11-25.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(json.site.name).toBe('Store 0421 Leeds');
    expect(json.compatListVersion).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(html).toContain(json.compatListVersion);
    // The preview is the exported HTML, byte for byte.
    expect((await service.build(sampleSite())).html).toBe(html);
    for (const f of r.value.files) expect(f.bytes).toBeGreaterThan(1000);
  });

  it('writes nothing when one format fails, and leaves an earlier export untouched', async () => {
    const failing: PdfRenderer = { name: 'broken', render: async () => err('io-error', 'Chromium could not print the report: crashed.') };
    const service = new ReportService({ version: '1.2.3', now, pdf: failing });
    const folder = join(dir.path, 'keep');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'store-0421-handover-2026-11-25.html'), 'earlier export');
    const r = await service.export(sampleSite(), { folder, formats: ['html', 'pdf'] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/could not print/);
      expect(r.error.kept).toBe('No report file was written.');
    }
    expect(await readdir(folder)).toEqual(['store-0421-handover-2026-11-25.html']);
    expect(await readFile(join(folder, 'store-0421-handover-2026-11-25.html'), 'utf8')).toBe('earlier export');
  });

  it('reports the folder it cannot write to, and what was kept', async () => {
    const service = new ReportService({ version: '1.2.3', now });
    const blocker = join(dir.path, 'a-file');
    await writeFile(blocker, 'x');
    const r = await service.export(sampleSite(), { folder: join(blocker, 'sub'), formats: ['json'] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('io-error');
      expect(r.error.message).toContain(join(blocker, 'sub'));
    }
  });

  it('takes an injected printer (as the Electron app does with printToPDF) and turns its exceptions into errors', async () => {
    const printed: string[] = [];
    const service = new ReportService({ version: '1.2.3', now, pdf: pdfRendererFrom('printToPDF', async (html, { paper }) => (printed.push(`${paper}:${html.length}`), new TextEncoder().encode('%PDF-1.7 fake'))) });
    const r = await service.render(sampleSite(), 'pdf', 'Letter');
    expect(r.ok).toBe(true);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^Letter:\d+$/);
    service.setPdfRenderer(pdfRendererFrom('printToPDF', async () => Promise.reject(new Error('window closed'))));
    const failed = await service.render(sampleSite(), 'pdf');
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.message).toBe('printToPDF could not print the report: window closed');
  });
});
