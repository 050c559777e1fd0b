/**
 * Report rendering cost: the pure model + HTML for a full two-node site, and the PDF through headless
 * Chromium against a baseline of printing a one-line page with the same renderer (browser start-up).
 * Run: npx tsx bench/report.bench.ts
 */
import { topologyWithPlan } from '../test/helpers/plan';
import { performance } from 'node:perf_hooks';
import { buildReport } from '../main/core/report/model';
import { renderReportHtml } from '../main/core/report/html';
import { chromiumPdfRenderer } from '../main/services/report/pdf';
import { sampleLint, sampleSite, sampleVerdict } from '../test/helpers/sample-site';

const site = sampleSite();
const lint = sampleLint();
const verdict = sampleVerdict();
const make = () => renderReportHtml(buildReport({ site, verdict, lint, topologySvg: topologyWithPlan(site), sitekitVersion: 'bench', generatedAt: '2026-11-25T06:40:00Z' }));

const N = 200;
make();
let t = performance.now();
for (let i = 0; i < N; i++) make();
const htmlMs = (performance.now() - t) / N;

const pdf = chromiumPdfRenderer();
const time = async (html: string, runs: number) => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    const r = await pdf.render(html, { paper: 'A4' });
    if (!r.ok) throw new Error(r.error.message);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
};
const html = make();
await time('<p>x</p>', 1); // warm the disk cache
const blank = await time('<!doctype html><p>x</p>', 3);
const full = await time(html, 3);
console.log(`model + HTML: ${htmlMs.toFixed(2)} ms per report (${(html.length / 1024).toFixed(0)} KiB, ${N} runs)`);
console.log(`PDF, median of 3: report ${(full / 1000).toFixed(2)} s vs one-line page ${(blank / 1000).toFixed(2)} s`);
console.log(`Report: two-node handover report HTML in ${htmlMs.toFixed(1)} ms; PDF in ${(full / 1000).toFixed(1)} s = ${(full / blank).toFixed(2)}× printing a blank page (Chromium start-up dominates).`);
