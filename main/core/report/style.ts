/**
 * The report's stylesheet: system fonts, a quiet hierarchy, tables that keep rows whole, and print rules
 * for A4 and Letter (margins that fit both; the paper size is chosen when printing). Page numbers and the
 * running footer come from @page margin boxes, so they appear in Chromium's print, Electron's printToPDF
 * and a browser's own print alike.
 */
import { cssString } from './escape';

const CSS = `
:root {
  --ink: #1b1f24; --muted: #59636e; --faint: #8c959f; --rule: #d0d7de; --soft: #f3f5f7; --accent: #0b4f8a;
  --ok: #1a7f37; --action: #0b62b5; --check: #9a6700; --bad: #c4262e; --unknown: #59636e;
  --sans: system-ui, -apple-system, "Segoe UI", "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  --mono: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: var(--sans); font-size: 9.5pt; line-height: 1.42; color: var(--ink); background: #e9ecef; }
.paper { max-width: 210mm; margin: 0 auto; padding: 14mm 15mm 16mm; background: #fff; }
h1, h2, h3, h4 { line-height: 1.2; margin: 0; break-after: avoid; page-break-after: avoid; }
h2 { font-size: 14pt; margin: 9mm 0 3mm; padding-bottom: 1.5mm; border-bottom: 1.5pt solid var(--ink); }
h2 .num { color: var(--accent); margin-right: 2.5mm; font-variant-numeric: tabular-nums; }
h3 { font-size: 11pt; margin: 6mm 0 2mm; display: flex; align-items: center; gap: 3mm; flex-wrap: wrap; }
h4 { font-size: 9pt; margin: 4mm 0 1.5mm; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
p { margin: 0 0 2mm; }
.muted { color: var(--muted); }
.small { font-size: 8pt; }
.mono, code { font-family: var(--mono); font-size: 0.92em; }
.hash { font-family: var(--mono); font-size: 8pt; overflow-wrap: anywhere; word-break: break-all; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.page-break { break-before: page; page-break-before: always; }

/* Cover */
.cover { border-bottom: 1pt solid var(--rule); padding-bottom: 5mm; margin-bottom: 2mm; }
.kicker { font-size: 8pt; font-weight: 700; letter-spacing: .16em; text-transform: uppercase; color: var(--accent); }
.cover h1 { font-size: 26pt; font-weight: 700; margin: 2mm 0 1.5mm; letter-spacing: -.01em; overflow-wrap: anywhere; }
.cover .sub { font-size: 11pt; color: var(--muted); margin-bottom: 5mm; }
.status-banner { display: flex; align-items: center; gap: 3mm; padding: 3mm 4mm; border-radius: 1.5mm; border: 1pt solid; font-weight: 600; margin-bottom: 5mm; break-inside: avoid; }
.status-banner.ready { border-color: var(--ok); color: var(--ok); background: #eef8f0; }
.status-banner.open { border-color: var(--check); color: #7a5200; background: #fff8e6; }
.status-banner svg { width: 5mm; height: 5mm; flex: none; }
.facts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm 6mm; margin: 0; }
.facts div { break-inside: avoid; }
.facts dt { font-size: 7.5pt; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.facts dd { margin: .5mm 0 0; font-weight: 600; overflow-wrap: anywhere; }
.notes { margin-top: 4mm; padding: 2.5mm 3.5mm; background: var(--soft); border-left: 2pt solid var(--accent); white-space: pre-wrap; overflow-wrap: anywhere; }
ul.open-items { margin: 0 0 2mm; padding-left: 5mm; }
ul.open-items li { margin-bottom: .8mm; }

/* Tables */
table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { text-align: left; font-weight: 600; font-size: 7.5pt; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); border-bottom: 1pt solid var(--ink); padding: 1.4mm 2mm 1.2mm 0; vertical-align: bottom; }
td { border-bottom: .5pt solid var(--rule); padding: 1.5mm 2mm 1.5mm 0; vertical-align: top; overflow-wrap: anywhere; }
th:last-child, td:last-child { padding-right: 0; }
td .sub { display: block; color: var(--muted); font-size: 7.5pt; margin-top: .4mm; }
.actions li .sub { display: block; color: var(--muted); font-size: 7.5pt; margin-top: .4mm; overflow-wrap: anywhere; }
table.kv th { width: 32%; text-transform: none; letter-spacing: 0; font-size: 8.5pt; color: var(--muted); font-weight: 500; border-bottom: .5pt solid var(--rule); vertical-align: top; padding-top: 1.5mm; }
table.kv td { font-weight: 500; }
.summary-kv table.kv th { width: 45%; }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 0 7mm; }
.num-col { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }

/* Verdicts: an icon shape and a word, never colour alone */
.verdict { display: inline-flex; align-items: center; gap: 1.2mm; font-weight: 600; white-space: nowrap; }
.verdict svg { width: 3.6mm; height: 3.6mm; flex: none; }
.v-ok { color: var(--ok); } .v-action { color: var(--action); } .v-check { color: var(--check); } .v-unsupported { color: var(--bad); } .v-unknown { color: var(--unknown); }
.sev { font-size: 7pt; font-weight: 700; letter-spacing: .05em; text-transform: uppercase; padding: .2mm 1.2mm; border: .6pt solid; border-radius: .8mm; white-space: nowrap; }
.sev-error { color: var(--bad); } .sev-warning { color: var(--check); } .sev-info { color: var(--muted); }
ul.findings { list-style: none; margin: 0 0 2mm; padding: 0; }
ul.findings li { display: flex; gap: 2mm; align-items: baseline; margin-bottom: 1mm; break-inside: avoid; }

/* Hosts */
.host { border-top: 2pt solid var(--accent); margin-top: 6mm; padding-top: .5mm; }
.host .two-col, .host ul.findings { break-inside: avoid; }
.host h3 { margin-top: 2mm; font-size: 12.5pt; }
.host h3 .model { font-weight: 400; color: var(--muted); font-size: 10pt; }
.actions { margin: 0; padding-left: 5mm; }
.actions li { margin-bottom: .8mm; }

table.nics { table-layout: fixed; }
.c-nic { width: 15%; } .c-id { width: 15%; } .c-mac { width: 19%; } .c-speed { width: 10%; } .c-role { width: 16%; } .c-verdict { width: 25%; }
table.nics tbody.nic { break-inside: avoid; page-break-inside: avoid; }
table.nics tbody.nic tr:first-child td { border-bottom: 0; padding-bottom: .4mm; }
table.nics tr.detail td { padding-top: 0; }
table.nics tr.detail .sub:first-child { margin-top: 0; }
.src { font-size: 7pt; color: var(--faint); }

/* Topology */
figure.topology { margin: 0 0 3mm; padding: 4mm; border: .5pt solid var(--rule); border-radius: 1.5mm; text-align: center; break-inside: avoid; }
figure.topology img { max-width: 100%; max-height: 120mm; }
figure.topology figcaption { font-size: 8pt; color: var(--muted); margin-top: 2mm; }

/* Checklists */
.box { display: inline-block; width: 4.2mm; height: 4.2mm; border: 1pt solid var(--ink); border-radius: .6mm; vertical-align: middle; background: #fff; }
table.checklist td.tick, table.checklist th.tick { width: 16mm; text-align: center; }
table.checklist td { padding-top: 2mm; padding-bottom: 2mm; }
.cards { display: grid; grid-template-columns: 1fr; gap: 3mm; }
.card { border: .5pt solid var(--rule); border-radius: 1.5mm; padding: 3mm 4mm 1mm; break-inside: avoid; page-break-inside: avoid; }
.card h4 { margin-top: 0; color: var(--ink); text-transform: none; letter-spacing: 0; font-size: 10pt; }
.signoff { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; margin-top: 4mm; break-inside: avoid; }
.signoff .sig { border: .5pt solid var(--rule); border-radius: 1.5mm; padding: 3mm 4mm; }
.signoff .line { border-bottom: .6pt solid var(--ink); height: 9mm; margin-bottom: 1mm; display: flex; align-items: flex-end; padding-bottom: .8mm; font-weight: 600; }
.signoff .label { font-size: 7.5pt; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; margin-bottom: 2mm; }
.write-in { margin: 1mm 0 4mm; font-size: 8.5pt; display: flex; flex-wrap: wrap; gap: 2mm 8mm; }
.write-in span.blank { display: inline-block; width: 38mm; border-bottom: .6pt solid var(--ink); margin-left: 2mm; }
.colophon { margin-top: 8mm; padding-top: 2mm; border-top: .5pt solid var(--rule); font-size: 7.5pt; color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }

@media print {
  body { background: #fff; font-size: 9pt; }
  .paper { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
}
`;

/** The full stylesheet with the running footer naming the site. */
export function reportCss(footerTitle: string): string {
  const page = `
@page {
  margin: 15mm 15mm 17mm 15mm;
  @bottom-left { content: ${cssString(footerTitle)}; font-family: system-ui, "Segoe UI", "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif; font-size: 7pt; color: #59636e; vertical-align: top; padding-top: 3mm; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-family: system-ui, "Segoe UI", "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif; font-size: 7pt; color: #59636e; vertical-align: top; padding-top: 3mm; }
}
`;
  return page + CSS;
}
