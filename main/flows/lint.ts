/**
 * Lint as one job (`manifests:lint`), for `sitekit lint` and so the site repo's CI (which runs that command),
 * the demo and browser-mode callers: read the files (inline, one folder, or several files and folders), lint
 * them each against its own site model, and say what was checked: the findings, every scope the rules that
 * compare files ran in, how many files and which site(s). The Review step's findings come with generation
 * (`manifests:generate` lints what it generated, against the site being edited).
 *
 * One folder: paths are relative to it and its name tells the layout (`sites/` holds one folder per store).
 * Several paths: each folder's files keep the folder's name in front (as given, relative to `base`), so
 * two folders never collide.
 */
import { stat } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import { summarize } from '../core/manifests/findings';
import { lintWithScopes } from '../core/manifests/lint';
import { looksLikeSiteYaml, type ManifestFile } from '../core/manifests/manifest-docs';
import { err, ok, type Result } from '../core/result';
import type { Site } from '../core/site/schema';
import { parseSiteYaml, validateSite } from '../core/site/yaml';
import { readManifestFolder, readManifestPaths } from '../services/manifests/manifest-files';
import type { ManifestsLintResult } from '../core/manifests/lint-result';
import type { FlowContext } from './types';

export interface LintInput {
  /** Files given inline (the Review step's generated files). */
  readonly files?: readonly ManifestFile[];
  /** One folder, read recursively (.git and hidden folders skipped); a file is read alone. */
  readonly dir?: string;
  /** Several files or folders (`sitekit lint a.yaml b/`), shown relative to `base`. */
  readonly paths?: readonly string[];
  /** What `paths` are shown relative to (the working folder); default the current one. */
  readonly base?: string;
  /** The model for files with no site.yaml of their own (validated here). */
  readonly site?: unknown;
  /** Folders to treat as one scope each, relative to `dir` (or `base`). */
  readonly scopes?: readonly string[];
  /** 'problems' looks up lines only for errors and warnings (callers that print notes as a count). */
  readonly lineNumbers?: 'all' | 'problems';
}

export type LintOutcome = ManifestsLintResult;

const notFound = (p: string): Result<never> => err('not-found', `Cannot read ${p}: no such file or folder.`, { hint: 'Check the path; nothing was linted.' });

/** The files to lint and, for one folder, its name (for layout detection). */
async function readInput(input: LintInput): Promise<Result<{ files: ManifestFile[]; rootName?: string }>> {
  if (input.files) return ok({ files: [...input.files] });
  if (input.dir !== undefined) {
    const st = await stat(input.dir).catch(() => undefined);
    if (!st) return notFound(input.dir);
    if (!st.isDirectory()) {
      const one = await readManifestPaths([input.dir], resolve(input.dir, '..'));
      return one.ok ? ok({ files: [...one.value.files] }) : one;
    }
    const read = await readManifestFolder(input.dir);
    return read.ok ? ok({ files: [...read.value.files], rootName: basename(resolve(input.dir)) }) : read;
  }
  if (!input.paths || input.paths.length === 0) return err('invalid-request', 'Give files, a folder or paths to lint.');
  const base = resolve(input.base ?? '.');
  const files: ManifestFile[] = [];
  for (const p of input.paths) {
    const full = resolve(base, p);
    const st = await stat(full).catch(() => undefined);
    if (!st) return notFound(p);
    if (st.isDirectory()) {
      const read = await readManifestFolder(full);
      if (!read.ok) return read;
      const prefix = relative(base, full).split(sep).join('/');
      files.push(...read.value.files.map((f) => ({ path: prefix ? `${prefix}/${f.path}` : f.path, content: f.content })));
    } else {
      const read = await readManifestPaths([full], base);
      if (!read.ok) return read;
      files.push(...read.value.files);
    }
  }
  return ok({ files });
}

export async function lintFlow(ctx: FlowContext, input: LintInput): Promise<Result<LintOutcome>> {
  let site: Site | undefined;
  if (input.site !== undefined) {
    const v = validateSite(input.site, 'the site');
    if (!v.ok) return v;
    site = v.value;
  }
  const read = await readInput(input);
  if (!read.ok) return read;
  const { files, rootName } = read.value;
  // With the compatibility list, each site's host plan is made and its install NIC, uplink and driver
  // errors are lint errors; without it (list unreadable) lint still runs on the files alone.
  const cur = await ctx.services.compat.current();
  const list = cur.ok ? cur.value.list : undefined;
  const checked = lintWithScopes(files, { site, ...(list ? { list } : {}), scopes: input.scopes, rootName, lineNumbers: input.lineNumbers });
  const summary = summarize(checked.findings);
  // The site(s) the files were checked against: the model given, the one site.yaml, or every store's own.
  const siteFiles = files.filter((f) => /\.ya?ml$/i.test(f.path) && looksLikeSiteYaml(f.content));
  const only = !site && siteFiles.length === 1 ? parseSiteYaml(siteFiles[0]!.content, siteFiles[0]!.path) : undefined;
  const named = site ?? (only?.ok ? only.value : undefined);
  ctx.services.logger.info('lint', { files: files.length, errors: summary.errors, warnings: summary.warnings, scopes: checked.scopes.length });
  return ok({
    findings: checked.findings,
    summary,
    scopes: checked.scopes,
    files: files.length,
    sites: { count: named ? 1 : siteFiles.length, ...(named ? { id: named.metadata.id } : {}) },
  });
}
