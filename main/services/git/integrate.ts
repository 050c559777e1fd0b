/**
 * Integrating the remote's newer commits before a push, without ever losing a local commit.
 *
 * After a fetch: if the remote's new commits touch this site's folder, stop and explain (a person must
 * decide). Otherwise the local commits — which only touch the site folder — are replayed on top of the
 * remote head (rebase-by-replay: each commit keeps its message, author and site tree), or, when they are
 * signed, joined with a merge commit so their signatures stay valid. The old local head is kept under
 * `refs/sitekit/backup/<branch>` and files the remote changed elsewhere are updated in the work tree and
 * index, after checking that none of them has uncommitted edits.
 */
import { ConfinedFolder, isLinkRefused } from '../confined-folder';
import { err, ok, type Result } from '../../core/result';
import type { ReplayedCommit } from '../../core/git/types';
import { git, gitFs, branchHead, remoteHead } from './runner';
import { changedPaths, isUnder, spliceTree, treeAt } from './tree';
import type { Author } from './commit';

export interface IntegrateResult {
  readonly strategy: 'none' | 'replayed' | 'merged';
  readonly head: string;
  readonly replayed: readonly ReplayedCommit[];
}

export interface IntegrateRequest {
  readonly dir: string;
  readonly branch: string;
  readonly sitePath: string;
  /** Committer of replayed commits and author of a merge commit. */
  readonly committer: Author;
  readonly now: Date;
}

const short = (oid: string): string => oid.slice(0, 7);

/** Integrates `refs/remotes/origin/<branch>` (already fetched) into the local branch. */
export async function integrateRemote(req: IntegrateRequest): Promise<Result<IntegrateResult>> {
  const { dir, branch, sitePath } = req;
  const cache = {};
  const local = await branchHead(dir, branch);
  const remote = await remoteHead(dir, branch);
  if (!local || !remote) return ok({ strategy: 'none', head: local ?? '', replayed: [] });
  if (local === remote) return ok({ strategy: 'none', head: local, replayed: [] });
  const bases = await git.findMergeBase({ fs: gitFs, dir, oids: [local, remote], cache });
  const base = bases[0] as string | undefined;
  if (base === remote) return ok({ strategy: 'none', head: local, replayed: [] }); // already ahead
  const treeOf = async (oid: string | undefined): Promise<string | undefined> => (oid ? (await git.readCommit({ fs: gitFs, dir, oid, cache })).commit.tree : undefined);

  // Local commits since the base, oldest first (first-parent).
  const localCommits: { oid: string; commit: Awaited<ReturnType<typeof git.readCommit>>['commit'] }[] = [];
  for (let oid: string | undefined = local; oid && oid !== base; ) {
    const { commit } = await git.readCommit({ fs: gitFs, dir, oid, cache });
    localCommits.unshift({ oid, commit });
    oid = commit.parent[0];
  }
  const keptText = `Your ${localCommits.length} local commit${localCommits.length === 1 ? ' is' : 's are'} kept on branch "${branch}" (head ${short(local)}).`;

  // What the remote changed since the base.
  const remoteTree = await treeOf(remote);
  const remoteChanged = await changedPaths(dir, await treeOf(base), remoteTree, cache);
  const clash = remoteChanged.filter((p) => isUnder(p, sitePath));
  if (clash.length > 0) {
    return err('conflict', `The remote branch "${branch}" has new commits that also change ${sitePath} (${clash.length} file${clash.length === 1 ? '' : 's'}, e.g. ${clash[0]}). Sitekit did not push, to avoid overwriting someone else's work.`, {
      kept: keptText,
      hint: `Someone else changed this site. Compare the two versions with Git (git fetch, then git log -p origin/${branch} -- ${sitePath}), decide which one is right, and reconcile on a computer with Git; or regenerate the site from its latest site.yaml and commit again. Nothing was lost.`,
      details: { files: clash.slice(0, 50) },
    });
  }
  // Every local commit must touch only the site folder, else a person must merge.
  for (const c of localCommits) {
    if (c.commit.parent.length > 1) continue;
    const touched = await changedPaths(dir, await treeOf(c.commit.parent[0]), c.commit.tree, cache);
    const outside = touched.filter((p) => !isUnder(p, sitePath));
    if (outside.length) {
      return err('conflict', `The remote branch "${branch}" moved, and local commit ${short(c.oid)} changes files outside ${sitePath} (e.g. ${outside[0]}), which Sitekit cannot integrate safely.`, {
        kept: keptText,
        hint: `Integrate with Git on this repository (git pull --rebase origin ${branch}), then push again from Sitekit.`,
      });
    }
  }
  // Files the remote changed must not have uncommitted edits here, since the work tree will be updated.
  if (remoteChanged.length) {
    const wanted = new Set(remoteChanged);
    const rows = await git.statusMatrix({ fs: gitFs, dir, cache, filepaths: topFolders(remoteChanged), filter: (f) => wanted.has(f) });
    const dirty = rows.filter(([, h, w, s]) => !(h === w && w === s)).map(([f]) => f);
    if (dirty.length) {
      return err('conflict', `The remote changed ${dirty[0]}${dirty.length > 1 ? ` and ${dirty.length - 1} more file(s)` : ''}, which ${dirty.length > 1 ? 'have' : 'has'} uncommitted changes in this repository.`, {
        kept: `${keptText} Your uncommitted files are untouched.`,
        hint: 'Commit or discard those changes with Git, then push again.',
        details: { files: dirty.slice(0, 50) },
      });
    }
  }

  const signed = localCommits.some((c) => !!c.commit.gpgsig) || localCommits.some((c) => c.commit.parent.length > 1);
  const stamp = { name: req.committer.name, email: req.committer.email, timestamp: Math.floor(req.now.getTime() / 1000), timezoneOffset: req.now.getTimezoneOffset() };
  let newHead: string;
  const replayed: ReplayedCommit[] = [];
  let strategy: IntegrateResult['strategy'];
  if (!signed) {
    // Rebase by replay: the remote tree with the site folder as each local commit had it.
    let parent = remote;
    let tree = remoteTree;
    for (const c of localCommits) {
      const site = await treeAt(dir, c.commit.tree, sitePath, cache);
      tree = await spliceTree(dir, tree, sitePath, site, cache);
      parent = await git.writeCommit({
        fs: gitFs,
        dir,
        commit: { message: c.commit.message, tree: tree as string, parent: [parent], author: c.commit.author, committer: stamp },
      });
      replayed.push({ from: c.oid, to: parent });
    }
    newHead = parent;
    strategy = 'replayed';
  } else {
    const site = await treeAt(dir, await treeOf(local), sitePath, cache);
    const tree = await spliceTree(dir, remoteTree, sitePath, site, cache);
    newHead = await git.writeCommit({
      fs: gitFs,
      dir,
      commit: { message: `Merge ${remote.slice(0, 7)} from origin/${branch} (changes outside ${sitePath})\n`, tree, parent: [local, remote], author: stamp, committer: stamp },
    });
    strategy = 'merged';
  }

  // Keep the old head, move the branch, then bring the remote's files into the work tree and index; a link in
  // the work tree on the way of those files is refused before the branch moves.
  const sync = await planSync(dir, remoteTree, remoteChanged, cache);
  try {
    await checkSync(dir, sync);
  } catch (e) {
    if (isLinkRefused(e)) {
      const { hint, details } = e.error;
      return err('rejected', `${e.error.message} The remote's new files would be written there, so Sitekit did not integrate or push.`, { hint, details, kept: `${keptText} The work tree is unchanged.` });
    }
    throw e;
  }
  await git.writeRef({ fs: gitFs, dir, ref: `refs/sitekit/backup/${branch}`, value: local, force: true });
  await git.writeRef({ fs: gitFs, dir, ref: `refs/heads/${branch}`, value: newHead, force: true });
  await applySync(dir, sync, cache);
  return ok({ strategy, head: newHead, replayed });
}

/** The distinct first-level folders (or files) of a path list, to scope a statusMatrix. */
function topFolders(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    out.add(parts.length > 2 ? parts.slice(0, 2).join('/') : p);
  }
  return [...out];
}

/** What bringing the remote's files into the work tree writes (with its blob) and removes. */
interface WorkTreeSync {
  readonly present: readonly { readonly path: string; readonly oid: string; readonly mode: string }[];
  readonly gone: readonly string[];
}

/** Which of `paths` the remote tree has (to write) and which it no longer has (to remove). */
async function planSync(dir: string, tree: string | undefined, paths: readonly string[], cache: object): Promise<WorkTreeSync> {
  const present: { path: string; oid: string; mode: string }[] = [];
  const gone: string[] = [];
  const dirs = new Map<string, Map<string, { oid: string; mode: string }>>();
  const entryOf = async (p: string): Promise<{ oid: string; mode: string } | undefined> => {
    const i = p.lastIndexOf('/');
    const parent = i < 0 ? '' : p.slice(0, i);
    let entries = dirs.get(parent);
    if (!entries) {
      const oid = await treeAt(dir, tree, parent, cache);
      entries = new Map(oid ? (await git.readTree({ fs: gitFs, dir, oid, cache })).tree.filter((e) => e.type === 'blob').map((e) => [e.path, { oid: e.oid, mode: e.mode }]) : []);
      dirs.set(parent, entries);
    }
    return entries.get(i < 0 ? p : p.slice(i + 1));
  };
  for (const p of paths) {
    const entry = await entryOf(p);
    if (entry) present.push({ path: p, ...entry });
    else gone.push(p);
  }
  return { present, gone };
}

/**
 * Refuses, before the branch moves, a sync that would write through a link of the work tree: every path whose
 * folders are not removed by the sync itself (a link the remote turned into a folder goes first) is checked.
 */
async function checkSync(dir: string, sync: WorkTreeSync): Promise<void> {
  const removed = new Set(sync.gone);
  const viaRemoved = (p: string): boolean => p.split('/').some((_, i, parts) => i > 0 && removed.has(parts.slice(0, i).join('/')));
  // A path to remove may itself be a link (it is removed, not followed); its folders may not.
  const parents = sync.gone.map((p) => p.slice(0, Math.max(0, p.lastIndexOf('/')))).filter(Boolean);
  await ConfinedFolder.use(dir, {}, (work) => work.check([...parents, ...sync.present.map((e) => e.path)].filter((p) => !viaRemoved(p))));
}

/**
 * Writes (or deletes) the planned paths in the work tree as they are in the remote tree, and stages them.
 * Through the repo as a ConfinedFolder: removals first, then writes, none of them through a link.
 */
async function applySync(dir: string, sync: WorkTreeSync, cache: object): Promise<void> {
  await ConfinedFolder.use(dir, {}, async (work) => {
    for (const p of sync.gone) await work.unlink(p);
    for (const { path, oid, mode } of sync.present) {
      const { blob } = await git.readBlob({ fs: gitFs, dir, oid, cache });
      await work.unlink(path);
      // Keep the file's kind: executable bit and symbolic links as the remote has them (made, never followed).
      if (mode === '120000') await work.makeLink(path, Buffer.from(blob).toString('utf8'));
      else await work.writeFile(path, blob, { mode: mode === '100755' ? 0o755 : 0o644 });
    }
  });
  if (sync.present.length) await git.add({ fs: gitFs, dir, filepath: sync.present.map((p) => p.path), force: true, cache });
  if (sync.gone.length) await git.remove({ fs: gitFs, dir, filepath: [...sync.gone], cache });
}
