/**
 * The report service: makes the handover report of a site in HTML, JSON and PDF, and exports them.
 *
 * The model and the HTML are pure (main/core/report); this service adds what needs I/O: the compatibility
 * list, the live Git status, the clock, and a `PdfRenderer` (Electron's printToPDF in the app, headless
 * Chromium elsewhere). An export renders every requested format first and only then writes, each file
 * atomically, so a failed PDF never leaves a half-written folder of mismatched reports.
 */
import { resolve, sep } from 'node:path';
import { AppFailure, err, ok, type Result } from '../../core/result';
import type { Site } from '../../core/site/schema';
import type { CompatList } from '../../core/hardware/schema';
import type { GitStatus } from '../../core/git/types';
import { collectReportInput } from '../../core/report/collect';
import { buildReport } from '../../core/report/model';
import { renderReportHtml } from '../../core/report/html';
import { renderReportJson } from '../../core/report/json';
import type { SiteReport } from '../../core/report/schema';
import { ConfinedFolder } from '../confined-folder';
import { chromiumPdfRenderer, type Paper, type PdfRenderer } from './pdf';

export const REPORT_FORMATS = ['html', 'pdf', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportServiceOptions {
  readonly version: string;
  readonly now?: () => Date;
  /** Prints HTML to PDF; default: headless Chromium found on this machine. */
  readonly pdf?: PdfRenderer;
  /** The compatibility list to check hardware against; undefined means "not available". */
  readonly compatList?: () => Promise<CompatList | undefined>;
  /** Live status of the site's Git repository, when there is one. */
  readonly gitStatus?: (site: Site) => Promise<GitStatus | undefined>;
}

export interface RenderedReport {
  readonly report: SiteReport;
  readonly html: string;
}

export interface ExportRequest {
  readonly folder: string;
  /**
   * A folder `folder` lies in and must stay in (the workspace, for the default reports folder): the folders
   * between are created as real folders, and a link among them is refused rather than followed.
   */
  readonly within?: string;
  readonly formats?: readonly ReportFormat[];
  readonly paper?: Paper;
  /** File name without extension; default `<site id>-handover-<date>`. */
  readonly baseName?: string;
}

export interface ExportedReport {
  readonly folder: string;
  readonly files: readonly { readonly format: ReportFormat; readonly path: string; readonly bytes: number }[];
  readonly status: SiteReport['summary']['status'];
  readonly openItems: readonly string[];
}

const MIME: Readonly<Record<ReportFormat, string>> = { html: 'text/html', pdf: 'application/pdf', json: 'application/json' };

export class ReportService {
  private pdfRenderer: PdfRenderer;

  constructor(private readonly options: ReportServiceOptions) {
    this.pdfRenderer = options.pdf ?? chromiumPdfRenderer();
  }

  /** Lets the Electron app swap in printToPDF after the window exists. */
  setPdfRenderer(renderer: PdfRenderer): void {
    this.pdfRenderer = renderer;
  }

  /** Builds the model and its HTML for a site. */
  async build(site: Site): Promise<RenderedReport> {
    const [list, git] = await Promise.all([
      this.options.compatList?.().catch(() => undefined),
      this.options.gitStatus?.(site).catch(() => undefined),
    ]);
    const now = (this.options.now ?? (() => new Date()))();
    const report = buildReport(collectReportInput(site, { list, git, sitekitVersion: this.options.version, generatedAt: now.toISOString() }));
    return { report, html: renderReportHtml(report) };
  }

  /** One format as bytes or text. */
  async render(site: Site, format: ReportFormat, paper: Paper = 'A4'): Promise<Result<{ readonly data: string | Uint8Array; readonly mime: string; readonly report: SiteReport }>> {
    const { report, html } = await this.build(site);
    return this.renderBuilt({ report, html }, format, paper);
  }

  private async renderBuilt(built: RenderedReport, format: ReportFormat, paper: Paper): Promise<Result<{ readonly data: string | Uint8Array; readonly mime: string; readonly report: SiteReport }>> {
    const { report, html } = built;
    if (format === 'html') return ok({ data: html, mime: MIME.html, report });
    if (format === 'json') {
      const json = renderReportJson(report);
      return json.ok ? ok({ data: json.value, mime: MIME.json, report }) : json;
    }
    const pdf = await this.pdfRenderer.render(html, { paper });
    return pdf.ok ? ok({ data: pdf.value, mime: MIME.pdf, report }) : pdf;
  }

  /** Writes the requested formats into a folder; all are rendered before the first file is written. */
  async export(site: Site, request: ExportRequest): Promise<Result<ExportedReport>> {
    const formats = [...new Set(request.formats ?? REPORT_FORMATS)];
    if (formats.length === 0) return err('invalid-input', 'No report format was chosen.', { hint: 'Pick at least one of HTML, PDF or JSON.' });
    const built = await this.build(site);
    const rendered: { format: ReportFormat; data: string | Uint8Array }[] = [];
    for (const format of formats) {
      const r = await this.renderBuilt(built, format, request.paper ?? 'A4');
      if (!r.ok) return err(r.error.code, r.error.message, { ...r.error, kept: 'No report file was written.' });
      rendered.push({ format, data: r.value.data });
    }
    const base = request.baseName ?? defaultBaseName(built.report);
    if (!/^[^/\\\0]+$/.test(base) || base === '.' || base === '..') return err('invalid-input', `"${base}" is not a file name.`, { hint: 'Give a name without folders, such as store-0421-handover.', kept: 'No report file was written.' });
    let folder = resolve(request.folder);
    const within = request.within ? resolve(request.within) : undefined;
    const sub = within && folder.startsWith(within + sep) ? folder.slice(within.length + 1).split(sep).join('/') : undefined;
    const files: { format: ReportFormat; path: string; bytes: number }[] = [];
    try {
      // The folder is decided once (its real path) and each file is written into it, never through a link.
      await ConfinedFolder.use(sub ? (within as string) : folder, { create: true }, async (out) => {
        folder = sub ? out.pathOf(sub) : out.root;
        for (const { format, data } of rendered) {
          const rel = sub ? `${sub}/${base}.${format}` : `${base}.${format}`;
          await out.writeFile(rel, data, { atomic: true, mode: 0o644 });
          files.push({ format, path: out.pathOf(rel), bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength });
        }
      });
    } catch (e) {
      const kept = files.length ? `Already written: ${files.map((f) => f.path).join(', ')}.` : 'No report file was written.';
      if (e instanceof AppFailure) return { ok: false, error: { ...e.error, kept } };
      return err('io-error', `Could not write the report into ${folder}: ${(e as Error).message}`, {
        hint: 'Choose a folder you can write to (and, for a stick, check it is mounted and not full).',
        kept,
      });
    }
    return ok({ folder, files, status: built.report.summary.status, openItems: built.report.summary.openItems });
  }
}

/** `store-0421-handover-2026-11-25`. */
export function defaultBaseName(report: SiteReport): string {
  return `${report.site.id}-handover-${report.generatedAt.slice(0, 10)}`;
}
