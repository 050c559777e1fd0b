/**
 * `connect`: clone a site repo from an HTTPS URL, open an existing local clone, or start a new repo.
 *
 * Cloning an empty repo leaves isomorphic-git's HEAD on an unborn `master` even when the server's HEAD is `main`
 * (docs/FIELD-NOTES.md "Default branch of an empty clone"), so HEAD is pointed at the chosen branch before the
 * first commit. A failed clone removes only the folder it created; an existing folder is never overwritten.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../core/result';
import { git, gitFs, attempt, branchHead, originUrl } from './runner';
import { authHooks, type GitCredentials } from './auth';
import { stripCredentials } from './errors';
import type { GitProgress } from './push';
import { remoteProblem, type RemotePolicy } from '../../core/git/remote-rule';
import { DEFAULT_LIMITS, withBoundedHttp, type NetworkLimits } from './http-client';

/** The bounds and the remote rule every network operation of the git service runs under. */
export interface NetworkPolicy {
  readonly limits: NetworkLimits;
  readonly remotes: RemotePolicy;
}

/** HTTPS only, default bounds: what a caller that says nothing gets. */
export const STRICT_NETWORK: NetworkPolicy = { limits: DEFAULT_LIMITS, remotes: { allowLoopbackHttp: false } };

export interface CloneRequest {
  readonly url: string;
  readonly dir: string;
  readonly branch: string;
  readonly credentials?: GitCredentials;
  readonly onProgress?: (p: GitProgress) => void;
  readonly net?: NetworkPolicy;
}

const BRANCH = /^(?!\/|.*\/\/|.*\.\.|.*@\{|.*\.lock$|.*\/$)[A-Za-z0-9._/-]{1,200}$/;

/** Checks a branch name the way `git check-ref-format --branch` would for ordinary names. */
export function validBranch(name: string): boolean {
  return BRANCH.test(name) && !name.startsWith('-');
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

async function isRepo(dir: string): Promise<boolean> {
  return stat(join(dir, '.git')).then((s) => s.isDirectory(), () => false);
}

/** Points HEAD at `branch`; if the branch has no commit yet it becomes the unborn branch of the next commit. */
async function useBranch(dir: string, branch: string): Promise<void> {
  const current = await git.currentBranch({ fs: gitFs, dir, fullname: false }).catch(() => undefined);
  if (current === branch) return;
  const exists = await branchHead(dir, branch);
  const remote = await git.resolveRef({ fs: gitFs, dir, ref: `refs/remotes/origin/${branch}` }).catch(() => undefined);
  if (!exists && remote) await git.writeRef({ fs: gitFs, dir, ref: `refs/heads/${branch}`, value: remote });
  if (exists || remote) {
    await git.checkout({ fs: gitFs, dir, ref: branch });
  } else {
    await git.writeRef({ fs: gitFs, dir, ref: 'HEAD', value: `refs/heads/${branch}`, symbolic: true, force: true });
  }
}

/**
 * Why Sitekit cannot use `url` as a remote, or undefined when it can: the one rule of core/git/remote-rule.ts
 * (https://; plain http:// only to this computer and only when allowed).
 */
export function unpushableRemote(url: string, remotes: RemotePolicy = STRICT_NETWORK.remotes): string | undefined {
  return remoteProblem(url, remotes);
}

const HTTPS_HINT = 'Use the repository\'s HTTPS clone URL, e.g. https://git.example.com/org/sites.git (your Git server shows it next to the SSH one).';

export async function cloneRepo(req: CloneRequest): Promise<Result<{ dir: string }>> {
  if (/^[a-z]+:\/\/[^/]*@/i.test(req.url)) {
    return err('invalid-input', 'The repository URL must not contain a user name or password.', { hint: 'Remove "user:password@" from the URL and enter the credentials in their own fields; they are kept in the keychain.' });
  }
  const net = req.net ?? STRICT_NETWORK;
  const cannot = unpushableRemote(req.url, net.remotes);
  if (cannot) return err('unsupported', `${cannot} Nothing was cloned.`, { hint: HTTPS_HINT });
  if (!validBranch(req.branch)) return err('invalid-input', `"${req.branch}" is not a valid branch name.`);
  if (await isRepo(req.dir)) {
    const existing = await originUrl(req.dir);
    if (existing && stripCredentials(existing) === stripCredentials(req.url)) return openRepo({ dir: req.dir, branch: req.branch, remotes: net.remotes });
    return err('conflict', `${req.dir} already holds another repository (${existing ? stripCredentials(existing) : 'no remote'}).`, { kept: `${req.dir} (unchanged)`, hint: 'Choose another folder, or open that repository instead.' });
  }
  if (!(await isEmptyOrMissing(req.dir))) {
    return err('conflict', `${req.dir} is not empty; Sitekit will not clone over existing files.`, { kept: `${req.dir} (unchanged)`, hint: 'Choose an empty folder.' });
  }
  const auth = authHooks(req.credentials);
  return attempt({ action: 'Cloning from', url: req.url, auth: auth.kind }, async () => {
    await mkdir(req.dir, { recursive: true });
    try {
      // One deadline and one size bound for the whole clone (ref listing and pack).
      await withBoundedHttp(net.limits, net.remotes, async (http) => {
        const info = await git.getRemoteInfo({ http, url: req.url, onAuth: auth.onAuth });
        const hasBranch = !!info.refs?.heads?.[req.branch];
        const empty = !info.refs?.heads || Object.keys(info.refs.heads).length === 0;
        await git.clone({
          fs: gitFs,
          http,
          dir: req.dir,
          url: req.url,
          singleBranch: hasBranch || empty,
          ...(hasBranch ? { ref: req.branch } : {}),
          noTags: true,
          onAuth: auth.onAuth,
          onProgress: req.onProgress,
        });
      });
      await useBranch(req.dir, req.branch);
    } catch (e) {
      await rm(req.dir, { recursive: true, force: true });
      throw e;
    }
    return ok({ dir: req.dir });
  });
}

/** Opens an existing local clone and puts it on `branch`; its origin must pass the remote rule. */
export async function openRepo(req: { dir: string; branch: string; remotes?: RemotePolicy }): Promise<Result<{ dir: string }>> {
  if (!(await isRepo(req.dir))) return err('not-found', `${req.dir} is not a Git repository (no .git folder).`, { hint: 'Pick the folder that contains .git, or clone the repository instead.' });
  if (!validBranch(req.branch)) return err('invalid-input', `"${req.branch}" is not a valid branch name.`);
  // A clone whose origin isomorphic-git cannot push to would commit fine and fail at every push: refuse now.
  const origin = await originUrl(req.dir).catch(() => undefined);
  const cannot = origin ? unpushableRemote(origin, req.remotes) : undefined;
  if (cannot)
    return err('unsupported', `${req.dir} has an origin Sitekit does not connect to. ${cannot} The repository was not changed.`, {
      kept: `${req.dir} (unchanged)`,
      hint: `Point origin at the HTTPS URL (git remote set-url origin https://…), or clone it from its HTTPS URL instead. ${HTTPS_HINT}`,
    });
  return attempt({ action: 'Opening the repository in', auth: 'none' }, async () => {
    const version = await git.getConfig({ fs: gitFs, dir: req.dir, path: 'index.version' }).catch(() => undefined);
    if (String(version) === '4') {
      return err('unsupported', `${req.dir} uses Git index version 4, which Sitekit cannot read.`, { hint: 'Run "git update-index --index-version 3" in that repository (and unset feature.manyFiles), then open it again.' });
    }
    const current = await git.currentBranch({ fs: gitFs, dir: req.dir, fullname: false }).catch(() => undefined);
    if (current !== req.branch) {
      const status = await git.statusMatrix({ fs: gitFs, dir: req.dir }).catch(() => []);
      const dirty = status.some(([, h, w, s]) => !(h === w && w === s));
      if (dirty && (await branchHead(req.dir, req.branch))) {
        return err('conflict', `${req.dir} is on branch "${current}" with uncommitted changes; Sitekit will not switch it to "${req.branch}".`, { kept: 'The repository is unchanged.', hint: 'Commit or stash those changes with Git, or choose the current branch.' });
      }
      await useBranch(req.dir, req.branch);
    }
    return ok({ dir: req.dir });
  });
}

/** Starts a new repository (optionally with a remote to push to later). */
export async function initRepo(req: { dir: string; branch: string; url?: string; remotes?: RemotePolicy }): Promise<Result<{ dir: string }>> {
  if (!validBranch(req.branch)) return err('invalid-input', `"${req.branch}" is not a valid branch name.`);
  if (req.url && /^[a-z]+:\/\/[^/]*@/i.test(req.url)) return err('invalid-input', 'The repository URL must not contain a user name or password.');
  const cannot = req.url ? unpushableRemote(req.url, req.remotes) : undefined;
  if (cannot) return err('unsupported', `${cannot} No repository was created.`, { hint: HTTPS_HINT });
  if (await isRepo(req.dir)) return err('conflict', `${req.dir} already is a Git repository.`, { kept: `${req.dir} (unchanged)`, hint: 'Open it instead.' });
  return attempt({ action: 'Creating a repository in', auth: 'none' }, async () => {
    await mkdir(req.dir, { recursive: true });
    await git.init({ fs: gitFs, dir: req.dir, defaultBranch: req.branch });
    if (req.url) await git.addRemote({ fs: gitFs, dir: req.dir, remote: 'origin', url: req.url });
    return ok({ dir: req.dir });
  });
}
