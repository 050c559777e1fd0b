/**
 * Fleet import as one job: a plan (CSV or XLSX, one row per store) becomes `sites/<id>/site.yaml` and the
 * generated manifests of every store, all or nothing.
 *
 * Steps: read the plan (maintained parsers), build every site through the Site schema with the models of
 * the compatibility list in use, give each the requirements the hardware check derives from its models,
 * generate and lint every site, compare with the repo, and only when no row
 * has a problem write everything (staged, then renamed into place). Existing sites change only with
 * `update`, and the outcome carries their diff so a transport can show it. Same input, same bytes out.
 *
 * A prepared site's files go into the staging folder while the next sites are prepared (the file system's
 * work runs on the I/O threads, the generation on this one); the first problem stops the staging, and the
 * staging folder is removed unless every row passed.
 */
import { basename } from 'node:path';
import { formatPlanProblem, planSites, type PlanProblem } from '../core/fleet/plan';
import { prepareSite, type FleetImportOutcome, type FleetImportSite, type PreparedSite } from '../core/fleet/import';
import { AppFailure, err, ok, type Result } from '../core/result';
import { readPlanFile } from '../services/fleet/plan-file';
import { FleetStage, readExistingSites, recoverFleetImports, siteFolder, type FleetRecovery, type FleetStep } from '../services/fleet/fleet-repo';
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

export async function fleetImportFlow(ctx: FlowContext, input: FleetImportInput): Promise<Result<FleetImportOutcome>> {
  const name = input.planName ?? basename(input.plan);
  ctx.progress({ phase: 'read', bytes: 0, total: 1, message: `Reading ${name}` });
  const table = await readPlanFile(input.plan, name);
  if (!table.ok) return table;
  const compat = await ctx.services.compat.current();
  if (!compat.ok) return compat;
  const plan = planSites(table.value, compat.value.list.hostModels);
  const basePath = 'sites';
  // An import killed earlier is finished (its journal was written) or its staging removed, before anything is read.
  const recovered = input.dryRun ? ok({ finished: [], removed: [] }) : await recoverFleetImports(input.repo);
  if (!recovered.ok) return recovered;
  let existing;
  try {
    existing = await readExistingSites(input.repo, basePath, plan.sites.map((s) => s.site.metadata.id));
  } catch (e) {
    // A `sites` folder that is a link (LinkRefused): named, and nothing was written.
    if (e instanceof AppFailure) return { ok: false, error: e.error };
    throw e;
  }
  const total = plan.sites.length;
  ctx.progress({ phase: 'generate', bytes: 0, total, message: `Generating ${total} site(s)` });
  // Each site's files go into the staging folder (on the I/O threads) while the next sites are prepared.
  const stage = input.dryRun ? undefined : new FleetStage(input.repo, (s) => ctx.progress(switchProgress(s)));
  const problems: PlanProblem[] = [...plan.problems];
  const notes: string[] = [...plan.notes, ...recoveryNotes(recovered.value)];
  const prepared: PreparedSite[] = [];
  for (const [k, planned] of plan.sites.entries()) {
    const r = prepareSite(planned, name, existing.get(planned.site.metadata.id), { update: input.update, list: compat.value.list });
    problems.push(...r.problems);
    notes.push(...r.notes);
    if (r.site) prepared.push(r.site);
    if (r.site && problems.length === 0) stage?.add(r.site);
    if (k % 16 === 15) {
      // Lets finished writes be followed by the next ones, and a cancel be seen.
      await new Promise<void>((resolve) => setImmediate(resolve));
      ctx.progress({ phase: 'generate', bytes: k + 1, total });
      if (ctx.signal?.aborted) break;
    }
  }
  if (ctx.signal?.aborted) {
    await stage?.abort();
    return err('cancelled', 'The fleet import was cancelled; nothing was written.', { kept: 'The repository was not changed.' });
  }
  if (problems.length > 0) {
    await stage?.abort();
    const n = problems.length;
    return err('invalid-input', `${name} has ${n} problem${n === 1 ? '' : 's'}; nothing was written.`, {
      file: name,
      issues: problems.map((p) => ({ path: p.column, message: p.message, line: p.line })),
      details: { problems: problems.map(formatPlanProblem), notes },
      kept: 'The repository was not changed.',
      hint: 'Fix the rows listed (each line names the plan line and column) and import again.',
    });
  }
  const sites: FleetImportSite[] = prepared.map((s) => ({
    id: s.id,
    line: s.line,
    action: s.action,
    path: siteFolder(basePath, s.id),
    files: s.files.length,
    changed: s.changed,
    lint: s.lint,
  }));
  const diffs = prepared.flatMap((s) => s.diffs);
  if (!stage) return ok({ repo: input.repo, plan: name, sites, diffs, notes, written: 0, dryRun: true });
  const files = prepared.reduce((n, s) => n + s.changed.length, 0);
  ctx.progress({ phase: 'write', bytes: 0, total: files, message: `Writing ${files} file(s)` });
  const write = await stage.finish();
  if (!write.ok) return write;
  ctx.services.logger.info('fleet import', { repo: input.repo, plan: name, sites: sites.length, written: write.value.written.length });
  return ok({ repo: input.repo, plan: name, sites, diffs, notes, written: write.value.written.length, dryRun: false });
}

/** The switch-over's steps as progress: staged, switching (the journal is written), each move, done. */
function switchProgress(s: FleetStep): { phase: string; bytes: number; total: number; message?: string } {
  switch (s.step) {
    case 'staged':
      return { phase: 'switch', bytes: 0, total: s.moves, message: `Staged; moving ${s.moves} site folder(s) and file(s) into place` };
    case 'journal':
      return { phase: 'switch', bytes: 0, total: s.moves, message: 'Switch-over recorded' };
    case 'moved':
      return { phase: 'switch', bytes: s.done, total: s.moves };
    case 'cleaned':
      return { phase: 'switch', bytes: s.moves, total: s.moves, message: 'Done' };
  }
}

/** What finishing or rolling back earlier, interrupted imports did, for the outcome's notes. */
export function recoveryNotes(r: FleetRecovery): string[] {
  return [
    ...(r.finished.length ? [`An import interrupted earlier was finished from its journal (${r.finished.join(', ')}).`] : []),
    ...(r.removed.length ? [`Staged files of an import interrupted earlier were removed (${r.removed.join(', ')}); that import had not changed the repository.`] : []),
  ];
}
