/**
 * The manifests feature over the file system: generate a site's repo files into a folder (keeping comments
 * in files a person edited), import a folder into a site, and record an accepted finding in the site draft.
 * Used by the IPC handlers and the CLI. Linting a folder is a job of its own: main/flows/lint.ts.
 */
import type { GeneratedFile } from '../../core/manifests/generate';
import { importFiles, type ImportResult } from '../../core/manifests/import';
import type { Finding } from '../../core/manifests/findings';
import { err, ok, type Result } from '../../core/result';
import type { SiteDraft } from '../../core/site/draft';
import type { SiteInput } from '../../core/site/schema';
import type { Workspace } from '../workspace/workspace';
import { readManifestFolder, type ReadReport, type WriteReport } from './manifest-files';

export interface GenerateOutcome {
  readonly files: readonly GeneratedFile[];
  readonly findings: readonly Finding[];
  /** Set when the files were written to a folder. */
  readonly write?: WriteReport;
}

export interface FolderImport extends ImportResult {
  readonly skipped: ReadReport['skipped'];
  readonly root: string;
}

/** Reads a folder and imports it into `base` (or into a new site when none is given). */
export async function importFolder(dir: string, base?: SiteInput): Promise<Result<FolderImport>> {
  const read = await readManifestFolder(dir);
  if (!read.ok) return read;
  if (read.value.files.length === 0) {
    return err('not-found', `${read.value.root} holds no YAML manifests; nothing was imported.`, { hint: 'Pick the folder of the site repository (the one with site.yaml or the manifests).' });
  }
  const r = importFiles(read.value.files, { base });
  return ok({ ...r, skipped: read.value.skipped, root: read.value.root });
}

export interface AcceptRequest {
  readonly id: string;
  readonly code: string;
  readonly file?: string;
  readonly path?: string;
  readonly by: string;
  readonly reason?: string;
}

/** Records who accepted a finding and why in the site draft (site.spec.acceptedFindings), then saves it. */
export async function acceptFinding(workspace: Workspace, request: AcceptRequest, now: () => Date): Promise<Result<SiteDraft>> {
  const draft = await workspace.load(request.id);
  if (!draft.ok) return draft;
  const site = draft.value.site;
  const entry = {
    code: request.code,
    ...(request.file ? { file: request.file } : {}),
    ...(request.path ? { path: request.path } : {}),
    by: request.by,
    at: now().toISOString(),
    ...(request.reason ? { reason: request.reason } : {}),
  };
  const others = site.spec.acceptedFindings.filter((a) => !(a.code === entry.code && a.file === entry.file && a.path === entry.path));
  return workspace.save({ ...site, spec: { ...site.spec, acceptedFindings: [...others, entry] } });
}

/** Removes an acceptance again. */
export async function unacceptFinding(workspace: Workspace, request: Omit<AcceptRequest, 'by' | 'reason'>): Promise<Result<SiteDraft>> {
  const draft = await workspace.load(request.id);
  if (!draft.ok) return draft;
  const site = draft.value.site;
  const kept = site.spec.acceptedFindings.filter((a) => !(a.code === request.code && a.file === request.file && a.path === request.path));
  return workspace.save({ ...site, spec: { ...site.spec, acceptedFindings: kept } });
}
