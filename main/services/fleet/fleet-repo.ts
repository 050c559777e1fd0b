/**
 * A fleet site repo on disk: read the sites in it, write a prepared import all or nothing, and work out the
 * status of every site from the files, the site records and the Git objects (no status scan of the repo).
 *
 * All or nothing: every file of an import is first written into a staging folder inside the repo (same file
 * system, so the final step is `rename`), and only when all of them are written are the new site folders and
 * changed files renamed into place. If writing the staging folder fails, the repo is exactly as before.
 */
import { pool } from '../pool';
import { makeDir, makeDirs, readText, writeSmallFile } from '../small-files';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { err, ok, type Result } from '../../core/result';
import { filesToWrite, writesFiles, type ExistingSite, type PreparedSite } from '../../core/fleet/import';
import { countStages, reportRecords, siteAccepted, stageOf, verifiedSticks, type FleetRow, type FleetStatus } from '../../core/fleet/status';
import { summarize } from '../../core/manifests/findings';
import { applyPlanToSite, planSite } from '../../core/host-plan/plan';
import type { CompatList } from '../../core/hardware/schema';
import { generateSiteFiles } from '../../core/manifests/generate';
import { lintFiles } from '../../core/manifests/lint';
import { parseSiteYaml } from '../../core/site/yaml';
import { folderTreeOid } from '../git/changes';
import { branchHead, git, gitFs, remoteHead } from '../git/runner';
import { folderEntriesAt } from '../git/tree';

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
      const st = await stat(join(repo, clean(basePath), e.name, 'site.yaml')).catch(() => undefined);
      if (st?.isFile()) ids.push(e.name);
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
  const texts = new Array<string>(paths.length);
  await pool(
    paths.map((p, k) => [p, k] as const),
    32,
    async ([p, k]) => {
      texts[k] = await readText(join(repo, p));
    },
  );
  return new Map(paths.map((p, k) => [p, texts[k] as string]));
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
 * A staged write of prepared sites into a repo, all or nothing (see the file comment). Sites are handed in as
 * they are prepared: `add` writes a site's files into the staging folder on the I/O threads while the caller
 * goes on preparing. `finish` waits for the writes and moves every site into place; `abort` removes the
 * staging folder. Nothing is created on disk until the first site that writes something.
 */
export class FleetStage {
  /** The staging folder (inside the repo, so the final step is a rename). */
  private readonly dir: string;
  private readonly sites: PreparedSite[] = [];
  private readonly pending: Promise<void>[] = [];
  private failure: Error | undefined;
  /** Folders made (or being made) in the staging folder, created with it on the first `add`. */
  private created: Promise<Map<string, Promise<void>>> | undefined;

  constructor(private readonly repo: string) {
    this.dir = join(repo, `.sitekit-fleet-${process.pid}-${randomBytes(4).toString('hex')}`);
  }

  /** Starts writing the site's new and changed files into the staging folder (no-op for sites that write nothing). */
  add(site: PreparedSite): void {
    if (!writesFiles(site)) return;
    this.sites.push(site);
    const files = filesToWrite(site);
    this.pending.push(
      this.folders(files.map((f) => dirname(f.path)))
        .then(() => pool(files, 8, (f) => writeSmallFile(join(this.dir, f.path), f.content)))
        .catch((e: unknown) => {
          this.failure ??= e as Error;
        }),
    );
  }

  /**
   * Creates the folders (and their parents) inside the staging folder, each once, parents first: one mkdir
   * per folder. `mkdir -p` per file's folder made twice the calls, half of them failing on folders that
   * were there, and file creation in the file system is the slowest part of an import.
   */
  private async folders(dirs: readonly string[]): Promise<void> {
    const wanted = new Set<string>();
    for (let d of dirs) for (; d !== '.' && d !== '' && !wanted.has(d); d = dirname(d)) wanted.add(d);
    const ordered = [...wanted].sort((a, b) => a.split('/').length - b.split('/').length);
    this.created ??= makeDirs(this.dir).then(() => new Map<string, Promise<void>>());
    const made = await this.created;
    for (const d of ordered) {
      const parent = dirname(d);
      let done = made.get(d);
      if (!done) {
        done = (made.get(parent) ?? Promise.resolve()).then(() => makeDir(join(this.dir, d)));
        made.set(d, done);
      }
      await done;
    }
  }

  /** Waits for the staged files, then moves the sites into place. */
  async finish(): Promise<Result<WriteOutcome>> {
    await Promise.all(this.pending);
    if (this.failure) {
      await this.abort();
      return err('io-error', `Could not write the site files into ${this.repo}: ${this.failure.message}.`, {
        kept: 'The repository was not changed (the files were staged in a temporary folder, now removed).',
        hint: 'Check that the repository folder is writable and has free space, then import again.',
      });
    }
    if (this.sites.length === 0) return ok({ written: [] });
    // Path order, whatever order the sites were staged in: the same repo either way.
    const sites = [...this.sites].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
    const moved: string[] = [];
    const parents = new Set<string>();
    const moveIn = async (path: string): Promise<void> => {
      const parent = dirname(join(this.repo, path));
      if (!parents.has(parent)) await makeDirs(parent);
      parents.add(parent);
      await rename(join(this.dir, path), join(this.repo, path));
    };
    try {
      for (const s of sites) {
        if (s.action === 'add') await moveIn(s.root);
        else for (const p of s.changed) await moveIn(p);
        moved.push(s.root);
      }
    } catch (e) {
      return err('io-error', `Could not move the staged site files into ${this.repo}: ${(e as Error).message}.`, {
        kept: `${moved.length} of ${sites.length} site folder(s) were moved in completely; the rest are still in ${this.dir}.`,
        hint: 'Fix the cause (permissions, a file in the way), then import again: finished sites show as unchanged.',
      });
    }
    await rm(this.dir, { recursive: true, force: true });
    return ok({ written: sites.flatMap((s) => filesToWrite(s).map((f) => f.path)) });
  }

  /** Drops everything staged; the repo is as it was. */
  async abort(): Promise<void> {
    await Promise.all(this.pending);
    await rm(this.dir, { recursive: true, force: true });
  }
}


/** Writes the prepared sites that add or update something, all or nothing (see FleetStage). */
export async function writePreparedSites(repo: string, sites: readonly PreparedSite[]): Promise<Result<WriteOutcome>> {
  const stage = new FleetStage(repo);
  for (const s of sites) stage.add(s);
  return stage.finish();
}

export interface StatusOptions {
  /** The compatibility list: each site's host plan decides what its manifests should hold. */
  readonly list: CompatList;
  readonly basePath?: string;
  /** Branch to compare with; default the repo's current branch. */
  readonly branch?: string;
  /** Extra records for a site (e.g. from the workspace draft): merged with the repo's site.yaml records. */
  readonly records?: (id: string) => Promise<{ sticks: number; reports: number; accepted?: boolean } | undefined>;
  /** Include each site's site.yaml text in its row. */
  readonly withSiteText?: boolean;
  /** Called after each site, for progress. */
  readonly onSite?: (done: number, total: number) => void;
}

/** One row per site of the repo: manifests up to date, lint, committed/pushed, sticks, reports. */
export async function fleetStatus(repo: string, options: StatusOptions): Promise<Result<FleetStatus>> {
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
        rows[i] = { id, name: id, path: folder, hosts: [], error: parsed.error.message, manifestsUpToDate: false, outdatedFiles: [], lint: { errors: 0, warnings: 0 }, committed, pushed, sticks: 0, reports: 0, accepted: false, stage: stageOf({ committed, sticks: 0, reports: 0, accepted: false }) };
      } else {
        const plan = planSite(parsed.value, options.list);
        const site = applyPlanToSite(parsed.value, plan);
        const generated = generateSiteFiles(site, plan, { previous: files });
        const outdatedFiles = generated.filter((f) => files.get(f.path) !== f.content).map((f) => f.path);
        const manifests = [...files].filter(([p]) => /\.(ya?ml)$/.test(p)).map(([path, content]) => ({ path, content }));
        const summary = summarize(lintFiles(manifests, { site, plan, lineNumbers: 'problems' }));
        const extra = await options.records?.(id);
        const sticks = Math.max(verifiedSticks(site), extra?.sticks ?? 0);
        const reports = Math.max(reportRecords(site).length, extra?.reports ?? 0);
        // The draft on this machine holds every record the repo's site.yaml has, and later ones.
        const accepted = extra?.accepted ?? siteAccepted(site);
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
          accepted,
          stage: stageOf({ committed, sticks, reports, accepted }),
          ...(options.withSiteText ? { siteText: files.get(`${folder}/site.yaml`) ?? '' } : {}),
        };
      }
      options.onSite?.(++done, ids.length);
    },
  );
  return ok({ repo, ...(branch ? { branch } : {}), ...(head ? { head } : {}), rows, counts: countStages(rows) });
}
