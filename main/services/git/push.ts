/**
 * `push`: sends the branch to origin with progress. A push that fails leaves every commit in place (they
 * are the offline queue, counted by `status`). When the remote moved, fetch it, integrate (see
 * integrate.ts) and push again; when integration would touch this site's folder, stop and explain.
 *
 * Locks: the network part (push, fetch) runs under the repo's network lock only, within one deadline and
 * size bound (http-client.ts); it pushes a snapshot of the branch (`refs/sitekit/push/<branch>`), so a local
 * commit made meanwhile neither waits for a slow remote nor is counted as pushed. Only integrating the
 * remote's commits (which moves the branch and writes the work tree) takes the repo lock, as commits do.
 */
import { err, ok, type Result } from '../../core/result';
import type { PushInfo } from '../../core/git/types';
import { git, gitFs, attempt, branchHead, originUrl, primeDeflate, withNetworkLock, withRepoLock, type RepoRef } from './runner';
import { authHooks, type GitCredentials } from './auth';
import { integrateRemote } from './integrate';
import { unpushedCommits } from './status';
import { classifyGitError, stripCredentials } from './errors';
import type { Author } from './commit';
import type { ReplayedCommit } from '../../core/git/types';
import { STRICT_NETWORK, type NetworkPolicy } from './connect';
import { boundedHttp, PROBE_DEADLINE_MS, type BoundedHttp } from './http-client';

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
  /** Deadline, size bounds and remote rule (default: https only, DEFAULT_LIMITS). */
  readonly net?: NetworkPolicy;
}

const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

export async function pushSite(req: PushRequest): Promise<Result<PushInfo>> {
  const net = req.net ?? STRICT_NETWORK;
  return withNetworkLock(req.dir, async () => {
    const client = boundedHttp(net.limits, net.remotes);
    try {
      return await pushUnderNetworkLock(req, client);
    } finally {
      client.dispose();
    }
  });
}

async function pushUnderNetworkLock(req: PushRequest, client: BoundedHttp): Promise<Result<PushInfo>> {
  const http = client.http;
  {
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
    const snapshotRef = `refs/sitekit/push/${req.branch}`;
    for (let attemptNo = 1; ; attemptNo++) {
      // What this attempt pushes: the branch as it is now. A commit made while the network is slow is not
      // part of it (and stays waiting); the remote-tracking ref is moved to exactly what was pushed.
      const snapshot = (await branchHead(req.dir, req.branch)) as string;
      await git.writeRef({ fs: gitFs, dir: req.dir, ref: snapshotRef, value: snapshot, force: true });
      const pending = (await unpushedCommits(req.dir, req.branch, {}, snapshot)).length;
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
            ref: snapshotRef,
            remoteRef: `refs/heads/${req.branch}`,
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
          return { ok: false, error: classifyGitError(client.failure ?? e, { ...ctx, kept: keptFor(pending) }) };
        }
        // isomorphic-git updates the remote-tracking ref itself; make sure, so the queue reads what is left.
        await git.writeRef({ fs: gitFs, dir: req.dir, ref: `refs/remotes/origin/${req.branch}`, value: snapshot, force: true });
        return ok({ branch: req.branch, remote: stripCredentials(url), head: snapshot, pushed: pending, integrated, replayed });
      });
      if (!pushed.ok) return pushed;
      if (pushed.value !== 'rejected') return ok(pushed.value);
      if (attemptNo >= tries) {
        return err('rejected', `The remote branch "${req.branch}" kept moving while Sitekit was pushing (${tries} attempts).`, { kept: keptFor(pending), hint: 'Push again in a moment.' });
      }
      // The remote moved: fetch it and integrate.
      const fetched = await attempt<void>({ ...ctx, action: 'Fetching from', kept: keptFor(pending) }, async () => {
        try {
          await git.fetch({ fs: gitFs, http, dir: req.dir, remote: 'origin', ref: req.branch, singleBranch: true, tags: false, onAuth: auth.onAuth, onProgress: req.onProgress });
        } catch (e) {
          throw client.failure ?? e;
        }
        return ok(undefined);
      });
      if (!fetched.ok) return fetched;
      // Integrating moves the branch and writes the work tree: only this part waits for local commits.
      const merged = await withRepoLock(req.dir, () =>
        attempt({ ...ctx, action: 'Integrating the remote changes from', kept: keptFor(pending) }, () =>
          integrateRemote({ dir: req.dir, branch: req.branch, sitePath: req.sitePath, committer: req.committer, now: req.now }),
        ),
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
  }
}

/** Asks the remote for its refs (cheap GET): used to see whether the network is back. Bounded like every call. */
export async function probeRemote(repo: RepoRef, credentials: GitCredentials | undefined, net: NetworkPolicy = STRICT_NETWORK): Promise<Result<void>> {
  const url = await originUrl(repo.dir);
  if (!url) return err('invalid-input', 'No remote is configured.');
  return probeUrl(url, credentials, net);
}

/**
 * Asks `url` for the refs a push would see, with `credentials`: proves that the remote answers and accepts
 * them for pushing (servers ask for credentials on the push service even where reading is anonymous).
 */
export async function probeUrl(url: string, credentials: GitCredentials | undefined, net: NetworkPolicy = STRICT_NETWORK): Promise<Result<void>> {
  const auth = authHooks(credentials);
  const client = boundedHttp({ ...net.limits, deadlineMs: Math.min(net.limits.deadlineMs, PROBE_DEADLINE_MS) }, net.remotes);
  try {
    await git.getRemoteInfo({ http: client.http, url, onAuth: auth.onAuth, forPush: true });
    return ok(undefined);
  } catch (e) {
    return { ok: false, error: classifyGitError(client.failure ?? e, { action: 'Reaching', url, auth: auth.kind }) };
  } finally {
    client.dispose();
  }
}
