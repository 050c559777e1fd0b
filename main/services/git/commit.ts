/**
 * `commit`: writes a site's generated files into the work tree under `<basePath>/<site>/`, stages exactly
 * those paths, and commits a tree that is HEAD with only that folder replaced.
 *
 * Fast path from research/git-baseline.md: the generated list is the change list (no statusMatrix over the
 * repo), one `add([...])` and one `remove([...])` with a shared cache, blobs hashed in-process, and only the
 * directories that changed are rewritten as trees. Because the commit tree is built from objects, whatever
 * else is staged or dirty in the repo (other sites, a technician's own edits) is neither committed nor touched.
 */
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { err, ok, type Result } from '../../core/result';
import type { CommitInfo } from '../../core/git/types';
import { git, gitFs, attempt, checkIndexLock, primeDeflate, withRepoLock, type RepoRef } from './runner';
import { checkFiles, computeSiteChanges, type RepoFile } from './changes';
import { spliceTree, isUnder } from './tree';
import { signerFor, type SigningKey } from './sign';

export interface Author {
  readonly name: string;
  readonly email: string;
}

export interface CommitRequest extends RepoRef {
  readonly sitePath: string;
  readonly files: readonly RepoFile[];
  readonly author: Author;
  /** The commit message, or a function of the changes (the preview's message builder). */
  readonly message: string | ((changes: readonly { path: string; kind: 'added' | 'modified' | 'deleted' }[]) => string);
  readonly signingKey?: SigningKey;
  readonly now: Date;
  /** Receives the time of each phase in ms (bench and logs: where the time goes). */
  readonly onPhase?: (phase: 'read' | 'worktree' | 'stage' | 'trees' | 'commit', ms: number) => void;
}

/** Runs `work` over items with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** Index entries (path → oid) under a folder, read from the index in one pass. */
async function stagedUnder(dir: string, folder: string, cache: object): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await git.walk({
    fs: gitFs,
    dir,
    cache,
    trees: [git.STAGE()],
    map: async (filepath, [entry]) => {
      if (filepath !== '.' && !isUnder(filepath, folder) && !folder.startsWith(filepath + '/')) return null;
      if (entry && isUnder(filepath, folder) && (await entry.type()) === 'blob') out.set(filepath, (await entry.oid()) as string);
      return true;
    },
  });
  return out;
}

export async function commitSite(req: CommitRequest): Promise<Result<CommitInfo>> {
  if (!req.author.name.trim() || !req.author.email.trim()) {
    return err('invalid-input', 'A commit needs the technician\'s name and email.', { hint: 'Enter them in Settings (they are written into the commit as its author).' });
  }
  const bad = checkFiles(req.sitePath, req.files);
  if (bad) return err('invalid-input', `The generated file ${bad} is not inside ${req.sitePath}/.`, { hint: 'This is a bug in the generator; nothing was written.' });
  return withRepoLock(req.dir, () =>
    attempt({ action: 'Committing in', auth: 'none', kept: 'The work tree and earlier commits are unchanged or complete; nothing was lost.' }, async () => {
      const locked = await checkIndexLock(req.dir);
      if (!locked.ok) return locked;
      const current = await git.currentBranch({ fs: gitFs, dir: req.dir, fullname: false }).catch(() => undefined);
      if (current && current !== req.branch) {
        return err('conflict', `The repository at ${req.dir} is on branch "${current}", but this site commits to "${req.branch}".`, {
          hint: `Switch the repository back to "${req.branch}" with Git, or choose "${current}" as the site's branch.`,
          kept: 'Nothing was changed.',
        });
      }
      await primeDeflate(req.dir);
      let mark = performance.now();
      const phase = (name: Parameters<NonNullable<CommitRequest['onPhase']>>[0]): void => {
        const t = performance.now();
        req.onPhase?.(name, t - mark);
        mark = t;
      };
      const cache = {};
      const c = await computeSiteChanges(req.dir, req.branch, req.sitePath, req.files, cache);
      phase('read');

      // 1. Work tree: write files whose bytes differ, remove files of the site that are no longer generated.
      const written: string[] = [];
      await pool(req.files, 32, async (f) => {
        const full = join(req.dir, f.path);
        const now = await readFile(full, 'utf8').catch(() => undefined);
        if (now === f.content) return;
        await mkdir(dirname(full), { recursive: true });
        await writeFile(full, f.content);
        written.push(f.path);
      });
      const deleted = c.changes.filter((x) => x.kind === 'deleted').map((x) => x.path);
      await pool(deleted, 32, async (p) => {
        await unlink(join(req.dir, p)).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOENT') throw e;
        });
      });

      phase('worktree');
      // 2. Index: stage exactly the site's paths that differ from what the index holds.
      const staged = await stagedUnder(req.dir, req.sitePath, cache);
      const writtenSet = new Set(written);
      const toAdd = req.files
        .filter((f) => writtenSet.has(f.path) || staged.get(f.path) !== c.generated.get(f.path))
        .map((f) => f.path);
      const toRemove = deleted.filter((p) => staged.has(p));
      if (toAdd.length) await git.add({ fs: gitFs, dir: req.dir, filepath: toAdd, force: true, cache });
      if (toRemove.length) await git.remove({ fs: gitFs, dir: req.dir, filepath: toRemove, cache });

      phase('stage');
      // 3. Tree: HEAD with the site folder replaced by the generated files.
      const message = typeof req.message === 'string' ? req.message : req.message(c.changes);
      const branch = req.branch;
      if (c.changes.length === 0 && c.head) {
        return ok({ sha: c.head, committed: false, message, branch, files: 0, signed: false, at: req.now.toISOString() });
      }
      const siteTree = await c.writeTrees();
      const rootTree = await spliceTree(req.dir, c.headTree, req.sitePath, siteTree, cache);

      phase('trees');
      // 4. Commit (optionally signed) and move the branch.
      let onSign;
      if (req.signingKey) {
        const signer = await signerFor(req.signingKey);
        if (!signer.ok) return { ok: false, error: { ...signer.error, kept: 'The files are written and staged; nothing was committed.' } };
        onSign = signer.value;
      }
      const who = { name: req.author.name, email: req.author.email, timestamp: Math.floor(req.now.getTime() / 1000), timezoneOffset: req.now.getTimezoneOffset() };
      const sha = await git.commit({
        fs: gitFs,
        dir: req.dir,
        message,
        author: who,
        committer: who,
        tree: rootTree,
        parent: c.head ? [c.head] : [],
        ref: `refs/heads/${branch}`,
        ...(onSign ? { onSign, signingKey: req.signingKey!.armoredKey } : {}),
        cache,
      });
      phase('commit');
      return ok({ sha, committed: true, message, branch, files: c.changes.length, signed: !!onSign, at: req.now.toISOString() });
    }),
  );
}
