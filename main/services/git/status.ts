/** `status`: branch, head, remote, and the offline queue ("N commits waiting to push"). */
import { ok, type Result } from '../../core/result';
import type { GitStatus } from '../../core/git/types';
import { git, gitFs, attempt, branchHead, originUrl, remoteHead, type RepoRef } from './runner';
import { stripCredentials } from './errors';

/** Local commits on `branch` (or up to `tip`) that the remote-tracking branch does not have, newest first. */
export async function unpushedCommits(dir: string, branch: string, cache: object = {}, tip?: string): Promise<{ oid: string; message: string; at: string; parents: readonly string[]; signed: boolean }[]> {
  const local = tip ?? (await branchHead(dir, branch));
  if (!local) return [];
  const remote = await remoteHead(dir, branch);
  let base: string | undefined;
  if (remote) {
    const bases = await git.findMergeBase({ fs: gitFs, dir, oids: [local, remote], cache });
    base = bases[0] as string | undefined;
  }
  const out: { oid: string; message: string; at: string; parents: readonly string[]; signed: boolean }[] = [];
  // First-parent walk back to the merge base.
  let oid: string | undefined = local;
  while (oid && oid !== base) {
    const { commit } = await git.readCommit({ fs: gitFs, dir, oid, cache });
    out.push({ oid, message: commit.message, at: new Date(commit.committer.timestamp * 1000).toISOString(), parents: commit.parent, signed: !!commit.gpgsig });
    oid = commit.parent[0];
  }
  return out;
}

export async function status(repo: RepoRef, hasCredentials: boolean): Promise<Result<GitStatus>> {
  return attempt({ action: 'Reading the repository in', auth: 'none' }, async () => {
    const head = await branchHead(repo.dir, repo.branch);
    const remote = await originUrl(repo.dir);
    const remoteTip = await remoteHead(repo.dir, repo.branch);
    const waiting = remote ? await unpushedCommits(repo.dir, repo.branch) : [];
    return ok({
      dir: repo.dir,
      branch: repo.branch,
      head,
      remote: remote ? stripCredentials(remote) : undefined,
      waitingToPush: waiting.length,
      waiting: waiting.map((w) => ({ sha: w.oid, message: w.message.split('\n')[0] ?? '', at: w.at })),
      remoteEmpty: !remoteTip,
      hasCredentials,
    });
  });
}
