/**
 * Exporting the handover report as one job: render from the site's records, write the files, and record the
 * export (files and their SHA-256) in the site, so a later summary can say the report was exported.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ok, type Result } from '../core/result';
import { recordReportExport } from '../core/site/records';
import type { ExportedReport, ReportFormat } from '../services/report/report-service';
import type { Paper } from '../services/report/pdf';
import type { FlowContext } from './types';

export interface ExportReportInput {
  readonly siteId: string;
  /** Default: `reports/` in the site's workspace folder. */
  readonly folder?: string;
  readonly formats?: readonly ReportFormat[];
  readonly paper?: Paper;
  readonly baseName?: string;
}

/** Where exports go when the technician does not pick a folder: next to the site's draft. */
export function defaultReportFolder(ctx: FlowContext, siteId: string): string {
  return join(ctx.services.workspace.siteDir(siteId), 'reports');
}

export async function exportReportFlow(ctx: FlowContext, input: ExportReportInput): Promise<Result<ExportedReport>> {
  const draft = await ctx.services.workspace.load(input.siteId);
  if (!draft.ok) return draft;
  // The default folder lies in the workspace and is written as part of it: a link in the workspace is refused.
  const within = input.folder ? undefined : ctx.services.workspace.root;
  const out = await ctx.services.report.export(draft.value.site, { folder: input.folder ?? defaultReportFolder(ctx, input.siteId), within, formats: input.formats, paper: input.paper, baseName: input.baseName });
  if (!out.ok) {
    ctx.services.logger.warn('report export failed', { id: input.siteId, code: out.error.code });
    return out;
  }
  const files = await Promise.all(
    out.value.files.map(async (f) => ({ format: f.format, path: f.path, sha256: createHash('sha256').update(await readFile(f.path)).digest('hex') })),
  );
  // Recorded in the draft as it is now (the export may have taken seconds).
  const now = await ctx.services.workspace.load(input.siteId);
  if (now.ok) await ctx.services.workspace.save(recordReportExport(now.value.site, { at: ctx.now().toISOString(), folder: out.value.folder, files }));
  ctx.services.logger.info('report exported', { id: input.siteId, files: files.map((f) => f.path) });
  return ok(out.value);
}
