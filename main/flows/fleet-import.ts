/**
 * Fleet import as one job: a plan (CSV or XLSX, one row per store) becomes `sites/<id>/site.yaml` and the
 * generated manifests of every store, all or nothing.
 *
 * Steps: read the plan (maintained parsers), build every site through the Site schema with the models of
 * the compatibility list in use, generate and lint every site, compare with the repo, and only when no row
 * has a problem write everything (staged, then renamed into place). Existing sites change only with
 * `update`, and the outcome carries their diff so a transport can show it. Same input, same bytes out.
 */
import { basename } from 'node:path';
import { formatPlanProblem, planSites } from '../core/fleet/plan';
import { prepareFleetImport, type SiteAction } from '../core/fleet/import';
import { err, ok, type Result } from '../core/result';
import { readPlanFile } from '../services/fleet/plan-file';
import { readExistingSites, siteFolder, writePreparedSites } from '../services/fleet/fleet-repo';
import type { FlowContext } from './types';

export interface FleetImportInput {
  /** Path of the plan file (.csv or .xlsx). */
  readonly plan: string;
  /** Name used in messages (`PLAN.csv:LINE: …`); default the file's base name. */
  readonly planName?: string;
  /** The site repo folder (created if missing). */
  readonly repo: string;
  readonly update?: boolean;
  /** Work out and report everything, write nothing. */
  readonly dryRun?: boolean;
}

export interface FleetImportSite {
  readonly id: string;
  readonly line: number;
  readonly action: SiteAction;
  readonly path: string;
  readonly files: number;
  readonly changed: readonly string[];
  readonly lint: { readonly errors: number; readonly warnings: number };
}

export interface FleetImportOutcome {
  readonly repo: string;
  readonly plan: string;
  readonly sites: readonly FleetImportSite[];
  /** Unified diffs of the files of existing sites that `update` changes (empty without --update). */
  readonly diffs: readonly { readonly path: string; readonly text: string }[];
  readonly notes: readonly string[];
  /** Repo-relative paths written (none on a dry run). */
  readonly written: number;
  readonly dryRun: boolean;
}

export async function fleetImportFlow(ctx: FlowContext, input: FleetImportInput): Promise<Result<FleetImportOutcome>> {
  const name = input.planName ?? basename(input.plan);
  ctx.progress({ phase: 'read', bytes: 0, total: 1, message: `Reading ${name}` });
  const table = await readPlanFile(input.plan, name);
  if (!table.ok) return table;
  const compat = await ctx.services.compat.current();
  if (!compat.ok) return compat;
  const plan = planSites(table.value, compat.value.list.hostModels);
  const basePath = 'sites';
  const existing = await readExistingSites(input.repo, basePath, plan.sites.map((s) => s.site.metadata.id));
  ctx.progress({ phase: 'generate', bytes: 0, total: plan.sites.length, message: `Generating ${plan.sites.length} site(s)` });
  if (ctx.signal?.aborted) return err('cancelled', 'The fleet import was cancelled; nothing was written.', { kept: 'The repository was not changed.' });
  const prepared = prepareFleetImport(plan, name, existing, { update: input.update });
  if (prepared.problems.length > 0) {
    const n = prepared.problems.length;
    return err('invalid-input', `${name} has ${n} problem${n === 1 ? '' : 's'}; nothing was written.`, {
      file: name,
      issues: prepared.problems.map((p) => ({ path: p.column, message: p.message, line: p.line })),
      details: { problems: prepared.problems.map(formatPlanProblem), notes: prepared.notes },
      kept: 'The repository was not changed.',
      hint: 'Fix the rows listed (each line names the plan line and column) and import again.',
    });
  }
  const sites: FleetImportSite[] = prepared.sites.map((s) => ({
    id: s.id,
    line: s.line,
    action: s.action,
    path: siteFolder(basePath, s.id),
    files: s.files.length,
    changed: s.changed,
    lint: s.lint,
  }));
  const diffs = prepared.sites.flatMap((s) => s.diffs);
  if (input.dryRun) return ok({ repo: input.repo, plan: name, sites, diffs, notes: prepared.notes, written: 0, dryRun: true });
  const total = prepared.sites.reduce((n, s) => n + s.changed.length, 0);
  ctx.progress({ phase: 'write', bytes: 0, total, message: `Writing ${total} file(s)` });
  const write = await writePreparedSites(input.repo, prepared.sites);
  if (!write.ok) return write;
  ctx.progress({ phase: 'write', bytes: total, total });
  ctx.services.logger.info('fleet import', { repo: input.repo, plan: name, sites: sites.length, written: write.value.written.length });
  return ok({ repo: input.repo, plan: name, sites, diffs, notes: prepared.notes, written: write.value.written.length, dryRun: false });
}
