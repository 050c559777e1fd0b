/**
 * A fleet site repo on disk: read the sites in it, write a prepared import all or nothing, and work out the
 * status of every site from the files, the site records and the Git objects (no status scan of the repo).
 *
 * All or nothing: every file of an import is first written into a staging folder inside the repo (same file
 * system, so the final step is `rename`), and only when all of them are written are the new site folders and
 * changed files renamed into place. If writing the staging folder fails, the repo is exactly as before.
 */
import { pool } from '../pool';
import { readText } from '../small-files';
import { readdir, readFile, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AppFailure, err, ok, type Result } from '../../core/result';
import { ConfinedFolder } from '../confined-folder';
import { processAlive } from '../fs-atomic';
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

/** Site ids in the repo: folders under `basePath` that hold a site.yaml, sorted. A `basePath` that is a link is refused (LinkRefused). */
export async function listSiteIds(repo: string, basePath = 'sites'): Promise<string[]> {
  if (clean(basePath) && (await stat(repo).then((st) => st.isDirectory(), () => false))) {
    // The sites folder must be the repo's own: reading or writing through a link would leave the repo.
    await ConfinedFolder.use(repo, {}, (f) => f.check([clean(basePath)]));
  }
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

/** A step of the switch-over, for progress and for tests that stop the process at each one. */
export type FleetStep =
  | { readonly step: 'staged'; readonly moves: number }
  | { readonly step: 'journal'; readonly moves: number }
  | { readonly step: 'moved'; readonly done: number; readonly moves: number }
  | { readonly step: 'cleaned'; readonly moves: number };

/** One rename of the switch-over: from the staging folder to the repo (both repo-relative). */
interface Move {
  readonly from: string;
  readonly to: string;
}

/** `.sitekit-fleet-<pid>-<hex>`: a staging folder, and `<that>.journal` its switch-over journal. */
const STAGE_NAME = /^\.sitekit-fleet-(\d+)-[0-9a-f]{8}(\.journal)?$/;
const JOURNAL = '.journal';

/**
 * At most this many staged files are written at once, whatever the number of sites in flight: enough to keep
 * the I/O threads busy while this thread generates (16 left them waiting, twice the wake-ups), few enough to
 * keep the folders open at once bounded.
 */
const STAGE_WRITES = 128;

/** Runs at most `limit` tasks at once, in call order. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((go) => queue.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

/** Renames every move whose source is still staged (a move already done has no source left): idempotent. */
async function applyMoves(repo: ConfinedFolder, moves: readonly Move[], onMoved?: (done: number) => void): Promise<void> {
  for (const [k, m] of moves.entries()) {
    if (await repo.lstat(m.from)) await repo.rename(m.from, m.to);
    onMoved?.(k + 1);
  }
}

/**
 * A staged write of prepared sites into a repo, all or nothing, also under kill -9 (issue 26). Sites are
 * handed in as they are prepared: `add` writes a site's files into a staging folder inside the repo (same file
 * system) on the I/O threads while the caller goes on preparing. `finish` then:
 *   1. checks every destination (a link at `sites/`, a site folder or a file is refused by name; a site folder
 *      that exists without a site.yaml is named) — nothing of the repo has changed yet;
 *   2. writes the switch-over journal `<staging>.journal` atomically: the single step that decides the import.
 *      Killed before it, the import did not happen (the next import or status removes the staging folder);
 *      killed after it, it did (the next one finishes the renames from the journal);
 *   3. renames the new site folders and changed files into place, then removes the staging folder and the
 *      journal.
 * `abort` removes the staging folder. Nothing is created on disk until the first site that writes something.
 * Every path goes through the repo as a ConfinedFolder. Kill -9 is covered; a power cut is not: staged files
 * are not fsynced one by one (that would cost more than the import), only the journal is.
 */
export class FleetStage {
  /** The staging folder's name (in the repo root, so the final step is a rename). */
  private readonly name: string;
  private readonly sites: PreparedSite[] = [];
  private readonly pending: Promise<void>[] = [];
  private failure: Error | undefined;
  private readonly limit = limiter(STAGE_WRITES);
  /** The repo, opened with the staging folder made in it, on the first `add`. */
  private opened: Promise<ConfinedFolder> | undefined;

  constructor(
    private readonly repo: string,
    private readonly onStep: (step: FleetStep) => void = () => undefined,
  ) {
    this.name = `.sitekit-fleet-${process.pid}-${randomBytes(4).toString('hex')}`;
  }

  private folder(): Promise<ConfinedFolder> {
    this.opened ??= (async () => {
      const f = await ConfinedFolder.open(this.repo, { create: true });
      await f.makeFreshDir(this.name);
      return f;
    })();
    return this.opened;
  }

  /** Starts writing the site's new and changed files into the staging folder (no-op for sites that write nothing). */
  add(site: PreparedSite): void {
    if (!writesFiles(site)) return;
    this.sites.push(site);
    const files = filesToWrite(site);
    this.pending.push(
      this.folder()
        .then((f) => Promise.all(files.map((file) => this.limit(() => f.writeFile(`${this.name}/${file.path}`, file.content)))))
        .then(() => undefined)
        .catch((e: unknown) => {
          this.failure ??= e as Error;
        }),
    );
  }

  /** Waits for the staged files, then switches over (see the class comment). */
  async finish(): Promise<Result<WriteOutcome>> {
    await Promise.all(this.pending);
    if (this.failure) {
      const failure = this.failure;
      await this.abort();
      if (failure instanceof AppFailure) return { ok: false, error: { ...failure.error, kept: 'The repository was not changed (the files were staged in a temporary folder, now removed).' } };
      return err('io-error', `Could not write the site files into ${this.repo}: ${failure.message}.`, {
        kept: 'The repository was not changed (the files were staged in a temporary folder, now removed).',
        hint: 'Check that the repository folder is writable and has free space, then import again.',
      });
    }
    if (this.sites.length === 0) return ok({ written: [] });
    const repo = await this.folder();
    // Path order, whatever order the sites were staged in: the same repo either way.
    const sites = [...this.sites].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
    const moves: Move[] = sites.flatMap((s) => (s.action === 'add' ? [s.root] : s.changed).map((p) => ({ from: `${this.name}/${p}`, to: p })));
    try {
      await repo.check(moves.map((m) => m.to));
      for (const s of sites) {
        if (s.action !== 'add') continue;
        const there = await repo.lstat(s.root);
        if (there) {
          await this.abort();
          return err('conflict', `${s.root} already exists in ${this.repo} but holds no site.yaml; the import did not replace it. Nothing was written.`, {
            kept: 'The repository was not changed.',
            hint: `Move ${s.root} out of the way (or add its site.yaml), then import again.`,
          });
        }
      }
    } catch (e) {
      await this.abort();
      if (e instanceof AppFailure) return { ok: false, error: { ...e.error, kept: 'The repository was not changed (the staged files were removed).' } };
      return err('io-error', `Could not check the site folders in ${this.repo}: ${(e as Error).message}.`, { kept: 'The repository was not changed.', hint: 'Check that the repository folder is readable, then import again.' });
    }
    this.onStep({ step: 'staged', moves: moves.length });
    try {
      await repo.writeFile(`${this.name}${JOURNAL}`, JSON.stringify({ version: 1, moves }) + '\n', { atomic: true, mode: 0o600 });
    } catch (e) {
      await this.abort();
      return err('io-error', `Could not start moving the sites into ${this.repo}: ${(e as Error).message}.`, { kept: 'The repository was not changed (the staged files were removed).', hint: 'Check free space and permissions, then import again.' });
    }
    this.onStep({ step: 'journal', moves: moves.length });
    try {
      await applyMoves(repo, moves, (done) => this.onStep({ step: 'moved', done, moves: moves.length }));
      await repo.removeTree(this.name);
      await repo.unlink(`${this.name}${JOURNAL}`);
    } catch (e) {
      await repo.close();
      return err('io-error', `Could not move the staged site files into ${this.repo}: ${(e as Error).message}.`, {
        kept: `The import is recorded in ${join(this.repo, this.name + JOURNAL)}; the next fleet import or fleet status on this repository finishes it.`,
        hint: 'Fix the cause (permissions, a file in the way), then run sitekit fleet status on the repository.',
      });
    }
    this.onStep({ step: 'cleaned', moves: moves.length });
    await repo.close();
    return ok({ written: sites.flatMap((s) => filesToWrite(s).map((f) => f.path)) });
  }

  /** Drops everything staged; the repo is as it was. */
  async abort(): Promise<void> {
    await Promise.all(this.pending);
    if (!this.opened) return;
    const repo = await this.opened.catch(() => undefined);
    if (!repo) return;
    await repo.removeTree(this.name).catch(() => undefined);
    await repo.close();
  }
}

/** What `recoverFleetImports` did. */
export interface FleetRecovery {
  /** Imports killed after their journal was written, finished now (their staging folder names). */
  readonly finished: readonly string[];
  /** Staging folders of imports killed before their journal, removed. */
  readonly removed: readonly string[];
}

/**
 * Finishes or rolls back imports into `repo` that a kill (or a crash) interrupted, from the staging folders
 * and journals they left (see FleetStage): with a journal, the renames it lists are finished; without one,
 * the staging folder is removed. Leaves alone the staging of a Sitekit that is still running. Fleet import and
 * fleet status call it first, so neither ever shows half an import.
 */
export async function recoverFleetImports(repoPath: string): Promise<Result<FleetRecovery>> {
  let names: string[];
  try {
    names = await readdir(repoPath);
  } catch {
    return ok({ finished: [], removed: [] });
  }
  const stale = new Map<string, { journal: boolean }>();
  for (const n of names) {
    const m = STAGE_NAME.exec(n);
    if (!m || processAlive(Number(m[1]))) continue;
    const stem = m[2] ? n.slice(0, -JOURNAL.length) : n;
    const entry = stale.get(stem) ?? { journal: false };
    if (m[2]) entry.journal = true;
    stale.set(stem, entry);
  }
  if (stale.size === 0) return ok({ finished: [], removed: [] });
  const finished: string[] = [];
  const removed: string[] = [];
  try {
    await ConfinedFolder.use(repoPath, {}, async (repo) => {
      for (const [stem, { journal }] of [...stale].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (journal) {
          const text = await repo.readText(`${stem}${JOURNAL}`);
          const moves = (JSON.parse(text ?? '{}') as { moves?: Move[] }).moves ?? [];
          if (!moves.every((m) => typeof m.from === 'string' && m.from.startsWith(`${stem}/`) && typeof m.to === 'string')) throw new Error(`${stem}${JOURNAL} is not a journal Sitekit wrote`);
          await repo.check(moves.map((m) => m.to));
          await applyMoves(repo, moves);
          await repo.removeTree(stem);
          await repo.unlink(`${stem}${JOURNAL}`);
          finished.push(stem);
        } else {
          await repo.removeTree(stem);
          removed.push(stem);
        }
      }
    });
  } catch (e) {
    if (e instanceof AppFailure) return { ok: false, error: { ...e.error, kept: `An interrupted fleet import in ${repoPath} was not finished; its staged files stay in ${[...stale.keys()].join(', ')}.` } };
    return err('io-error', `Could not finish an interrupted fleet import in ${repoPath}: ${(e as Error).message}.`, {
      kept: `Its staged files stay in ${[...stale.keys()].map((s) => join(repoPath, s)).join(', ')}.`,
      hint: 'Fix the cause (permissions, a file in the way), then run sitekit fleet status on the repository again.',
    });
  }
  return ok({ finished, removed });
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
  let ids: string[];
  try {
    ids = await listSiteIds(repo, basePath);
  } catch (e) {
    if (e instanceof AppFailure) return { ok: false, error: { ...e.error, message: e.error.message.replace('Nothing was written.', 'Nothing was read.') } };
    throw e;
  }
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
