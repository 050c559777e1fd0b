/**
 * A fleet site repo on disk: read the sites in it, write a prepared import all or nothing, and work out the
 * status of every site from the files, the site records and the Git objects (no status scan of the repo).
 *
 * All or nothing: every file of an import is first written into a staging folder inside the repo (same file
 * system, so the final step is `rename`), and only when all of them are written are the new site folders and
 * changed files renamed into place. If writing the staging folder fails, the repo is exactly as before.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { err, ok, type Result } from '../../core/result';
import type { ExistingSite, PreparedSite } from '../../core/fleet/import';
import { countStages, reportRecords, stageOf, verifiedSticks, type FleetRow, type FleetStatus } from '../../core/fleet/status';
import { summarize } from '../../core/manifests/findings';
import { generateSiteFiles } from '../../core/manifests/generate';
import { lintFiles } from '../../core/manifests/lint';
import { parseSiteYaml } from '../../core/site/yaml';
import { folderTreeOid } from '../git/changes';
import { branchHead, git, gitFs, remoteHead } from '../git/runner';
import { folderEntriesAt } from '../git/tree';

/** Runs `work` over items with at most `limit` in flight (file creation is slow one at a time). */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

const clean = (base: string): string => base.replace(/^\/+|\/+$/g, '');
export const siteFolder = (basePath: string, id: string): string => (clean(basePath) ? `${clean(basePath)}/${id}` : id);

/** Site ids in the repo: folders under `basePath` that hold a site.yaml, sorted. */
export async function listSiteIds(repo: string, basePath = 'sites'): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(repo, clean(basePath)), { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const ids: string[] = [];
  await pool(
    entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')),
    32,
    async (e) => {
      const has = await readFile(join(repo, clean(basePath), e.name, 'site.yaml'), 'utf8').then(
        () => true,
        () => false,
      );
      if (has) ids.push(e.name);
    },
  );
  return ids.sort();
}

/** Every regular file under a site folder, repo-relative path → text (sorted by path). */
export async function readSiteFolder(repo: string, folder: string): Promise<Map<string, string>> {
  let entries;
  try {
    entries = await readdir(join(repo, folder), { withFileTypes: true, recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw e;
  }
  const paths = entries
    .filter((e) => e.isFile())
    .map((e) => {
      const parent = (e as unknown as { parentPath?: string; path?: string }).parentPath ?? (e as unknown as { path: string }).path;
      return `${parent.slice(repo.length + 1).split('\\').join('/')}/${e.name}`;
    })
    .filter((p) => !/(^|\/)\.[^/]*\.tmp$/.test(p))
    .sort();
  const out = new Map<string, string>();
  const texts = new Array<string>(paths.length);
  let i = 0;
  await pool(
    paths.map((p) => [i++, p] as const),
    32,
    async ([k, p]) => {
      texts[k] = await readFile(join(repo, p), 'utf8');
    },
  );
  paths.forEach((p, k) => out.set(p, texts[k] as string));
  return out;
}

/** The sites with these ids that are already in the repo, parsed, with their files. */
export async function readExistingSites(repo: string, basePath: string, ids: readonly string[]): Promise<Map<string, ExistingSite>> {
  const present = new Set(await listSiteIds(repo, basePath));
  const out = new Map<string, ExistingSite>();
  await pool(
    ids.filter((id) => present.has(id)),
    16,
    async (id) => {
      const folder = siteFolder(basePath, id);
      const files = await readSiteFolder(repo, folder);
      const text = files.get(`${folder}/site.yaml`) ?? '';
      const parsed = parseSiteYaml(text, `${folder}/site.yaml`);
      out.set(id, parsed.ok ? { site: parsed.value, files } : { error: parsed.error.message, files });
    },
  );
  return out;
}

export interface WriteOutcome {
  /** Repo-relative paths written (new sites' files and changed files of updated sites). */
  readonly written: readonly string[];
}

/**
 * Writes the prepared sites that add or update something, all or nothing (see the file comment).
 * New site folders are renamed into place whole; changed files of existing sites one by one.
 */
export async function writePreparedSites(repo: string, sites: readonly PreparedSite[]): Promise<Result<WriteOutcome>> {
  const work = sites.filter((s) => s.action === 'add' || s.action === 'update');
  if (work.length === 0) return ok({ written: [] });
  const stage = join(repo, `.sitekit-fleet-${process.pid}-${randomBytes(4).toString('hex')}`);
  const files = work.flatMap((s) => {
    const changed = new Set(s.changed);
    return s.files.filter((f) => s.action === 'add' || changed.has(f.path));
  });
  try {
    const dirs = [...new Set(files.map((f) => dirname(f.path)))].sort();
    // Parents first; mkdir of leaves with recursive creates the rest, so only leaves are needed.
    const leaves = dirs.filter((d, i) => !(dirs[i + 1]?.startsWith(d + '/') ?? false));
    await pool(leaves, 32, (d) => mkdir(join(stage, d), { recursive: true }).then(() => undefined));
    await pool(files, 64, (f) => writeFile(join(stage, f.path), f.content, { mode: 0o644 }));
  } catch (e) {
    await rm(stage, { recursive: true, force: true });
    return err('io-error', `Could not write the site files into ${repo}: ${(e as Error).message}.`, {
      kept: 'The repository was not changed (the files were staged in a temporary folder, now removed).',
      hint: 'Check that the repository folder is writable and has free space, then import again.',
    });
  }
  const moved: string[] = [];
  try {
    for (const s of work) {
      if (s.action === 'add') {
        await mkdir(dirname(join(repo, s.root)), { recursive: true });
        await rename(join(stage, s.root), join(repo, s.root));
        moved.push(s.root);
      } else {
        for (const p of s.changed) {
          await mkdir(dirname(join(repo, p)), { recursive: true });
          await rename(join(stage, p), join(repo, p));
        }
        moved.push(s.root);
      }
    }
  } catch (e) {
    return err('io-error', `Could not move the staged site files into ${repo}: ${(e as Error).message}.`, {
      kept: `${moved.length} of ${work.length} site folder(s) were moved in completely; the rest are still in ${stage}.`,
      hint: 'Fix the cause (permissions, a file in the way), then import again: finished sites show as unchanged.',
    });
  }
  await rm(stage, { recursive: true, force: true });
  return ok({ written: files.map((f) => f.path) });
}

export interface StatusOptions {
  readonly basePath?: string;
  /** Branch to compare with; default the repo's current branch. */
  readonly branch?: string;
  /** Extra records for a site (e.g. from the workspace draft): merged with the repo's site.yaml records. */
  readonly records?: (id: string) => Promise<{ sticks: number; reports: number } | undefined>;
  /** Include each site's site.yaml text in its row. */
  readonly withSiteText?: boolean;
  /** Called after each site, for progress. */
  readonly onSite?: (done: number, total: number) => void;
}

/** One row per site of the repo: manifests up to date, lint, committed/pushed, sticks, reports. */
export async function fleetStatus(repo: string, options: StatusOptions = {}): Promise<Result<FleetStatus>> {
  const basePath = clean(options.basePath ?? 'sites');
  const ids = await listSiteIds(repo, basePath);
  const isRepo = await readFile(join(repo, '.git', 'HEAD'), 'utf8').then(
    () => true,
    () => false,
  );
  const cache = {};
  const branch = isRepo ? (options.branch ?? (await git.currentBranch({ fs: gitFs, dir: repo, fullname: false }).catch(() => undefined)) ?? undefined) : undefined;
  const head = isRepo && branch ? await branchHead(repo, branch) : undefined;
  const remote = isRepo && branch ? await remoteHead(repo, branch) : undefined;
  const headSites = await folderEntriesAt(repo, head, basePath, cache);
  const remoteSites = await folderEntriesAt(repo, remote, basePath, cache);
  const rows: FleetRow[] = new Array(ids.length);
  let done = 0;
  await pool(
    ids.map((id, i) => [id, i] as const),
    8,
    async ([id, i]) => {
      const folder = siteFolder(basePath, id);
      const files = await readSiteFolder(repo, folder);
      const treeOid = folderTreeOid(folder, [...files].map(([path, content]) => ({ path, content })));
      const committed = !!treeOid && headSites.get(id) === treeOid;
      const pushed = committed && remoteSites.get(id) === treeOid;
      const parsed = parseSiteYaml(files.get(`${folder}/site.yaml`) ?? '', `${folder}/site.yaml`);
      if (!parsed.ok) {
        rows[i] = { id, name: id, path: folder, hosts: [], error: parsed.error.message, manifestsUpToDate: false, outdatedFiles: [], lint: { errors: 0, warnings: 0 }, committed, pushed, sticks: 0, reports: 0, stage: stageOf({ committed, sticks: 0, reports: 0 }) };
      } else {
        const site = parsed.value;
        const generated = generateSiteFiles(site, { previous: files });
        const outdatedFiles = generated.filter((f) => files.get(f.path) !== f.content).map((f) => f.path);
        const manifests = [...files].filter(([p]) => /\.(ya?ml)$/.test(p)).map(([path, content]) => ({ path, content }));
        const summary = summarize(lintFiles(manifests, { site }));
        const extra = await options.records?.(id);
        const sticks = Math.max(verifiedSticks(site), extra?.sticks ?? 0);
        const reports = Math.max(reportRecords(site).length, extra?.reports ?? 0);
        rows[i] = {
          id,
          name: site.metadata.name,
          path: folder,
          topology: site.spec.topology,
          hosts: site.spec.hosts.map((h) => h.name),
          ...(site.metadata.technician ? { technician: site.metadata.technician } : {}),
          ...(site.metadata.location ? { location: site.metadata.location } : {}),
          manifestsUpToDate: outdatedFiles.length === 0,
          outdatedFiles,
          lint: { errors: summary.errors, warnings: summary.warnings },
          committed,
          pushed,
          sticks,
          reports,
          stage: stageOf({ committed, sticks, reports }),
          ...(options.withSiteText ? { siteText: files.get(`${folder}/site.yaml`) ?? '' } : {}),
        };
      }
      options.onSite?.(++done, ids.length);
    },
  );
  return ok({ repo, ...(branch ? { branch } : {}), ...(head ? { head } : {}), rows, counts: countStages(rows) });
}
