/**
 * `push`: sends the branch to origin with progress. A push that fails leaves every commit in place (they
 * are the offline queue, counted by `status`). When the remote moved, fetch it, integrate (see
 * integrate.ts) and push again; when integration would touch this site's folder, stop and explain.
 */
import http from 'isomorphic-git/http/node';
import { err, ok, type Result } from '../../core/result';
import type { PushInfo } from '../../core/git/types';
import { git, gitFs, attempt, branchHead, originUrl, primeDeflate, withRepoLock, type RepoRef } from './runner';
import { authHooks, type GitCredentials } from './auth';
import { integrateRemote } from './integrate';
import { unpushedCommits } from './status';
import { classifyGitError, stripCredentials } from './errors';
import type { Author } from './commit';
import type { ReplayedCommit } from '../../core/git/types';

/** Progress as isomorphic-git reports it (phase text, counts). */
export interface GitProgress {
  readonly phase: string;
  readonly loaded: number;
  readonly total: number;
}

export interface PushRequest extends RepoRef {
  readonly sitePath: string;
  readonly credentials?: GitCredentials;
  /** Committer for replayed commits or a merge commit. */
  readonly committer: Author;
  readonly now: Date;
  readonly onProgress?: (p: GitProgress) => void;
  /** How many times to fetch-integrate-push when the remote keeps moving (default 3). */
  readonly attempts?: number;
}

const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

export async function pushSite(req: PushRequest): Promise<Result<PushInfo>> {
  return withRepoLock(req.dir, async () => {
    const url = await originUrl(req.dir);
    if (!url) return err('invalid-input', `The repository at ${req.dir} has no remote to push to.`, { hint: 'Connect the site to a remote repository (clone from its URL) first.', kept: 'Your commits are in the local repository.' });
    const head = await branchHead(req.dir, req.branch);
    if (!head) return err('not-found', `Branch "${req.branch}" has no commits yet; there is nothing to push.`, { hint: 'Commit the site first.' });
    const auth = authHooks(req.credentials);
    const waiting = await unpushedCommits(req.dir, req.branch);
    const keptFor = (n: number): string => `${plural(n, 'commit')} waiting to push ${n === 1 ? 'is' : 'are'} kept in the local repository.`;
    const ctx = { action: 'Pushing to', url, auth: auth.kind, kept: keptFor(waiting.length || 1) };
    await primeDeflate(req.dir);
    const replayed: ReplayedCommit[] = [];
    let integrated: PushInfo['integrated'] = 'none';
    const tries = req.attempts ?? 3;
    for (let attemptNo = 1; ; attemptNo++) {
      const pending = (await unpushedCommits(req.dir, req.branch)).length;
      const serverSaid: string[] = [];
      const refused = (why: string): Result<never> => {
        const said = serverSaid.join('').split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
        return err('rejected', `${stripCredentials(url)} refused the push (${why})${said ? `; the server said: "${said.slice(0, 300)}"` : ''}.`, {
          kept: keptFor(pending),
          hint: 'A server rule (branch protection or a hook) refused it. Ask the repository admin, or use a branch you may push to.',
        });
      };
      const pushed = await attempt<PushInfo | 'rejected'>({ ...ctx, kept: keptFor(pending || 1) }, async () => {
        try {
          const result = await git.push({
            fs: gitFs,
            http,
            dir: req.dir,
            remote: 'origin',
            ref: req.branch,
            remoteRef: req.branch,
            onAuth: auth.onAuth,
            onProgress: req.onProgress,
            onMessage: (m) => void serverSaid.push(m),
          });
          if (!result.ok) {
            const why = Object.values(result.refs ?? {}).find((r) => !r.ok)?.error ?? result.error ?? 'refused';
            if (/fast-forward|fetch first|stale/i.test(String(why))) return ok('rejected' as const);
            return refused(String(why));
          }
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code === 'PushRejectedError') return ok('rejected' as const);
          if (code === 'GitPushError') {
            const refs = (e as { data?: { result?: { refs?: Record<string, { ok: boolean; error?: string }> } } }).data?.result?.refs ?? {};
            const why = Object.values(refs).find((r) => !r.ok)?.error ?? 'refused';
            if (/fast-forward|fetch first|stale/i.test(why)) return ok('rejected' as const);
            return refused(why);
          }
          return { ok: false, error: classifyGitError(e, { ...ctx, kept: keptFor(pending) }) };
        }
        const tip = (await branchHead(req.dir, req.branch)) as string;
        // isomorphic-git updates the remote-tracking ref itself; make sure, so the queue reads 0.
        await git.writeRef({ fs: gitFs, dir: req.dir, ref: `refs/remotes/origin/${req.branch}`, value: tip, force: true });
        return ok({ branch: req.branch, remote: stripCredentials(url), head: tip, pushed: pending, integrated, replayed });
      });
      if (!pushed.ok) return pushed;
      if (pushed.value !== 'rejected') return ok(pushed.value);
      if (attemptNo >= tries) {
        return err('rejected', `The remote branch "${req.branch}" kept moving while Sitekit was pushing (${tries} attempts).`, { kept: keptFor(pending), hint: 'Push again in a moment.' });
      }
      // The remote moved: fetch it and integrate.
      const fetched = await attempt<void>({ ...ctx, action: 'Fetching from', kept: keptFor(pending) }, async () => {
        await git.fetch({ fs: gitFs, http, dir: req.dir, remote: 'origin', ref: req.branch, singleBranch: true, tags: false, onAuth: auth.onAuth, onProgress: req.onProgress });
        return ok(undefined);
      });
      if (!fetched.ok) return fetched;
      const merged = await attempt({ ...ctx, action: 'Integrating the remote changes from', kept: keptFor(pending) }, () =>
        integrateRemote({ dir: req.dir, branch: req.branch, sitePath: req.sitePath, committer: req.committer, now: req.now }),
      );
      if (!merged.ok) return merged;
      if (merged.value.strategy !== 'none') integrated = merged.value.strategy;
      // Chain replays: a commit replayed twice maps from its first id to its last.
      for (const r of merged.value.replayed) {
        const earlier = replayed.findIndex((x) => x.to === r.from);
        if (earlier >= 0) replayed[earlier] = { from: replayed[earlier]!.from, to: r.to };
        else replayed.push(r);
      }
    }
  });
}

/** Asks the remote for its refs (cheap GET): used to see whether the network is back. */
export async function probeRemote(repo: RepoRef, credentials: GitCredentials | undefined, timeoutMs = 10_000): Promise<Result<void>> {
  const url = await originUrl(repo.dir);
  if (!url) return err('invalid-input', 'No remote is configured.');
  const auth = authHooks(credentials);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    await Promise.race([git.getRemoteInfo({ http, url, onAuth: auth.onAuth, forPush: true }), timeout]);
    return ok(undefined);
  } catch (e) {
    return { ok: false, error: classifyGitError(e, { action: 'Reaching', url, auth: auth.kind }) };
  } finally {
    clearTimeout(timer);
  }
}
