/**
 * The shared runner of the git service: one isomorphic-git instance over `gitFs`, one lock per repo, the
 * fast deflate switch, and a safe wrapper that turns exceptions into `Result`s (GitHub Desktop's lib/git:
 * one file per verb over one runner with typed errors).
 */
import git from 'isomorphic-git';
import { join, sep } from 'node:path';
import { isAppError, type AppError, type Result } from '../../core/result';
import { cleanStaleLockTemps, clearIfStale, LockHeldError } from './lock-file';
import { KeyedMutex } from '../fs-atomic';
import { classifyGitError, type ErrorContext } from './errors';
import { gitFs } from './git-fs';

export { git, gitFs };

/** A local repo and the branch / base path the technician chose for it. */
export interface RepoRef {
  readonly dir: string;
  readonly branch: string;
}

const locks = new KeyedMutex();
const networkLocks = new KeyedMutex();

/**
 * Serialises what changes a repo's branch, index and work tree (commits, integrating fetched commits) within
 * this process. No network operation runs under it, so a slow remote never holds a local commit.
 */
export function withRepoLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  return locks.run(dir, work);
}

/** Serialises the network operations (push, fetch) on one repo: one talks to its remote at a time. */
export function withNetworkLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  return networkLocks.run(dir, work);
}

let deflatePrimed = false;

/**
 * Makes isomorphic-git deflate with pako instead of web CompressionStream (docs/FIELD-NOTES.md "Deflate with pako":
 * 1,660 small blobs took 1.25 s through web streams, 0.3–0.5 s with pako). isomorphic-git decides once, on
 * its first deflate, and caches the answer; so we hide CompressionStream only for that first call (writing
 * the empty blob, which every repo may hold) and put it back, instead of changing the process for good.
 */
export async function primeDeflate(dir: string): Promise<void> {
  if (deflatePrimed) return;
  const g = globalThis as { CompressionStream?: unknown };
  const saved = g.CompressionStream;
  delete g.CompressionStream;
  try {
    await git.writeBlob({ fs: gitFs, dir, blob: new Uint8Array(0) });
    deflatePrimed = true;
  } finally {
    if (saved !== undefined) g.CompressionStream = saved;
  }
}

/**
 * Refuses to touch a repo whose index another git program holds (isomorphic-git takes no index.lock: P10).
 * A lock left by a Sitekit that was killed is recognised by its owner record and cleared (lock-file.ts).
 */
export async function checkIndexLock(dir: string): Promise<Result<void>> {
  try {
    await clearIfStale(join(dir, '.git', 'index.lock'));
    await cleanStaleLockTemps(join(dir, '.git'));
    return { ok: true, value: undefined };
  } catch (e) {
    if (e instanceof LockHeldError) return { ok: false, error: lockHeldError(e, dir) };
    throw e;
  }
}

/** The sentence for a lock Sitekit cannot prove stale: who holds it, if known, and the exact command that removes it. */
export function lockHeldError(e: LockHeldError, dir: string): AppError {
  const who = e.owner ? `Sitekit process ${e.owner.pid} on ${e.owner.host}, started ${e.owner.at || 'earlier'}, which is still running` : 'another Git program (git, an IDE), or a Sitekit older than this one';
  return {
    code: 'conflict',
    message: `Another program is working in ${dir}: ${e.lockPath} exists (held by ${who}). Sitekit changed nothing.`,
    hint: `Wait for that program to finish and try again. If no Git program is working in this repository, remove the lock with:  ${e.removeCommand}`,
    kept: 'Nothing was changed.',
    details: { lock: e.lockPath, command: e.removeCommand },
  };
}

/** HEAD of a branch, or undefined when the branch has no commit yet. */
export async function branchHead(dir: string, branch: string): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs: gitFs, dir, ref: `refs/heads/${branch}` });
  } catch {
    return undefined;
  }
}

/** The remote-tracking head (`refs/remotes/origin/<branch>`), or undefined before the first fetch/push. */
export async function remoteHead(dir: string, branch: string): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs: gitFs, dir, ref: `refs/remotes/origin/${branch}` });
  } catch {
    return undefined;
  }
}

/** The URL of `origin`, if set. */
export async function originUrl(dir: string): Promise<string | undefined> {
  const url = (await git.getConfig({ fs: gitFs, dir, path: 'remote.origin.url' }).catch(() => undefined)) as string | undefined;
  return url || undefined;
}

/** Runs a git operation, turning any throw into a classified error. */
export async function attempt<T>(ctx: ErrorContext, work: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await work();
  } catch (e) {
    const inner = (e as { error?: unknown }).error;
    if (isAppError(inner)) return { ok: false, error: inner as AppError };
    if (e instanceof LockHeldError) return { ok: false, error: lockHeldError(e, e.lockPath.split(`${sep}.git${sep}`)[0] ?? e.lockPath) };
    return { ok: false, error: classifyGitError(e, ctx) };
  }
}
