/**
 * The PDF printed by headless Chromium from the report HTML, checked with poppler's tools as oracles:
 * pdfinfo (pages, paper), pdftotext (the words a reader sees), pdftoppm (it rasterises; pages have ink).
 */
import { topologyWithPlan } from '../../../helpers/plan';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildReport } from '../../../../main/core/report/model';
import { renderReportHtml } from '../../../../main/core/report/html';
import { chromiumPdfRenderer, findChromium } from '../../../../main/services/report/pdf';
import { SAMPLE_SECRETS, sampleLint, sampleSite, sampleVerdict } from '../../../helpers/sample-site';
import { tempDir } from '../../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('sitekit-pdf-');
});
afterAll(() => dir.remove());

const tool = (cmd: string, ...args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return r.stdout;
};

const site = sampleSite();
const html = renderReportHtml(
  buildReport({ site, verdict: sampleVerdict(), lint: sampleLint(), topologySvg: topologyWithPlan(site), listVersion: '2026.11.1', sitekitVersion: '1.2.3', generatedAt: '2026-11-25T06:40:00Z' }),
);

async function printTo(name: string, paper: 'A4' | 'Letter'): Promise<{ path: string; blocked: string[] }> {
  const blocked: string[] = [];
  const pdf = await chromiumPdfRenderer({ onBlockedRequest: (u) => blocked.push(u) }).render(html, { paper });
  if (!pdf.ok) throw new Error(pdf.error.message);
  const path = join(dir.path, name);
  await writeFile(path, pdf.value);
  return { path, blocked };
}

describe('PDF report through headless Chromium', () => {
  it('prints A4 pages with page numbers, every section and the key facts, and fetches nothing', async () => {
    const { path, blocked } = await printTo('report-a4.pdf', 'A4');
    expect(blocked).toEqual([]);
    const info = tool('pdfinfo', path);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(pages).toBeLessThanOrEqual(12);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)|Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);

    const text = tool('pdftotext', '-layout', path, '-');
    for (const words of ['Store 0421 Leeds', 'Hosts and hardware', 'Network plan', 'Workloads', 'Accepted lint findings', 'BIOS / firmware checklist', 'Handover', 'G6WS2410001A', '48:21:0b:5a:10:01', 'sites/store-0421/hosts/esx01', '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d', 'Verified: read back and matched', 'Intel VMD controller: Disabled']) {
      expect(text, words).toContain(words);
    }
    // Page numbers from the @page margin boxes, on every page.
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Page ${p} of ${pages}`);
    // Each page starts on its own page of text; the first is the cover.
    const first = text.split('\f')[0] ?? '';
    expect(first).toContain('Ready for handover');
  });

  it('contains no secret from the site file in its text', async () => {
    const { path } = await printTo('report-secrets.pdf', 'A4');
    const text = tool('pdftotext', path, '-');
    const raw = (await readFile(path)).toString('latin1');
    for (const secret of [SAMPLE_SECRETS.userPasswordHash, SAMPLE_SECRETS.cloudInitPassword, SAMPLE_SECRETS.appToken, SAMPLE_SECRETS.sysprepAdminPassword]) {
      expect(text).not.toContain(secret);
      expect(raw).not.toContain(secret);
    }
  });

  it('prints Letter as well, and every page rasterises with pdftoppm', async () => {
    const { path } = await printTo('report-letter.pdf', 'Letter');
    expect(tool('pdfinfo', path)).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    tool('pdftoppm', '-r', '40', '-png', path, join(dir.path, 'letter'));
    const pngs = (await readdir(dir.path)).filter((f) => f.startsWith('letter') && f.endsWith('.png'));
    const pages = Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', path))?.[1]);
    expect(pngs).toHaveLength(pages);
    for (const png of pngs) expect((await stat(join(dir.path, png))).size).toBeGreaterThan(2000);
  });

  it('says clearly when no browser can be found', async () => {
    const none = await findChromium({ PATH: dir.path, SITEKIT_CHROMIUM: join(dir.path, 'no-such-chromium') });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.message).toMatch(/SITEKIT_CHROMIUM points at .*no-such-chromium, which is not an executable file/);
    const r = await chromiumPdfRenderer({ env: { PATH: dir.path }, fixedPaths: [] }).render('<p>x</p>', { paper: 'A4' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('not-found');
      expect(r.error.message).toBe('No Chromium or Google Chrome was found to print the PDF report.');
      expect(r.error.hint).toMatch(/SITEKIT_CHROMIUM/);
    }
  });
});
