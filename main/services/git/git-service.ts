/**
 * The git service: the verbs (connect, status, preview, commit, push, probe) bound to a workspace folder of
 * repos, a registry of which site uses which repo, and the credential store. The IPC handlers and the CLI
 * call this; the verbs themselves (one file each) know nothing about sites beyond a path and a file list.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { err, ok, type Result } from '../../core/result';
import type { Connection, ConnectMode, CommitInfo, DiffPreview, GitStatus, PushInfo } from '../../core/git/types';
import { commitMessage } from '../../core/git/message';
import type { SecretStore } from '../secrets';
import { writeFileAtomic, KeyedMutex } from '../fs-atomic';
import { nullLogger, type Logger } from '../logger';
import type { GitCredentials } from './auth';
import { cloneRepo, initRepo, openRepo, unpushableRemote, validBranch, type NetworkPolicy } from './connect';
import { preview } from './preview';
import { commitSite, type Author } from './commit';
import { probeRemote, probeUrl, pushSite, type GitProgress } from './push';
import { DEFAULT_LIMITS, type NetworkLimits } from './http-client';
import { hostOf } from './errors';
import type { RemotePolicy } from '../../core/git/remote-rule';
import { status, unpushedCommits } from './status';
import { stripCredentials } from './errors';
import { originUrl } from './runner';
import type { RepoFile } from './changes';
import type { SigningKey } from './sign';
import { createPushRetrier, type PushRetrier } from './retry';

export type { RepoFile, GitCredentials, SigningKey, GitProgress, Author };

export interface GitServiceOptions {
  /** Folder holding the site repos (inside the workspace). */
  readonly reposRoot: string;
  readonly secrets: SecretStore;
  readonly logger?: Logger;
  readonly now?: () => Date;
  readonly version?: string;
  /** Deadline and size bounds of each network operation (default DEFAULT_LIMITS). */
  readonly network?: Partial<NetworkLimits>;
  /** Which remotes besides https:// are allowed (default none; see core/git/remote-rule.ts). */
  readonly remotes?: RemotePolicy;
}

export interface ConnectRequest {
  readonly siteId: string;
  readonly mode: ConnectMode;
  /** Remote HTTPS URL (clone; optional for init). Never with credentials in it. */
  readonly url?: string;
  /** Local folder (open; optional for clone/init, default a folder in the repos root). */
  readonly dir?: string;
  readonly branch: string;
  readonly basePath: string;
  readonly credentials?: GitCredentials;
  /** Keep the credentials in the secret store (keychain) rather than for this session only. */
  readonly remember?: boolean;
  readonly onProgress?: (p: GitProgress) => void;
}

const SITE_ID = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A folder name for a remote URL: host, port and path, e.g. `git.example.com-org-sites`. */
export function repoFolderName(url: string): string {
  try {
    const u = new URL(url);
    const raw = `${u.hostname}${u.port ? '-' + u.port : ''}${u.pathname.replace(/\.git$/, '')}`;
    return raw.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'repo';
  } catch {
    return 'repo';
  }
}

/** The folder a site's files live in: `<basePath>/<siteId>`. */
export function sitePathOf(basePath: string, siteId: string): string {
  const base = basePath.replace(/^\/+|\/+$/g, '');
  return base ? `${base}/${siteId}` : siteId;
}

export class GitService {
  private readonly session = new Map<string, GitCredentials>();
  private readonly mutex = new KeyedMutex();
  private readonly retriers = new Map<string, PushRetrier>();
  private readonly logger: Logger;
  private readonly now: () => Date;

  private readonly net: NetworkPolicy;

  constructor(private readonly options: GitServiceOptions) {
    this.logger = options.logger ?? nullLogger;
    this.now = options.now ?? (() => new Date());
    this.net = { limits: { ...DEFAULT_LIMITS, ...options.network }, remotes: options.remotes ?? { allowLoopbackHttp: false } };
  }

  /** The remote rule in force (the UI and the CLI say when plain http:// to this computer is allowed). */
  get remotes(): RemotePolicy {
    return this.net.remotes;
  }

  get reposRoot(): string {
    return this.options.reposRoot;
  }

  private get registryPath(): string {
    return join(this.options.reposRoot, 'connections.json');
  }

  private async registry(): Promise<Record<string, Connection>> {
    try {
      return JSON.parse(await readFile(this.registryPath, 'utf8')) as Record<string, Connection>;
    } catch {
      return {};
    }
  }

  /** Every connection of the workspace, one per repo folder (first seen wins), by site id. */
  async connections(): Promise<Connection[]> {
    const seen = new Set<string>();
    return Object.values(await this.registry())
      .sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0))
      .filter((c) => !seen.has(c.dir) && (seen.add(c.dir), true));
  }

  /** The repo a site is connected to. */
  async connection(siteId: string): Promise<Result<Connection>> {
    const c = (await this.registry())[siteId];
    if (!c) return err('not-found', `Site "${siteId}" is not connected to a Git repository yet.`, { hint: 'Connect a repository in the Git step (clone, open or create one).' });
    return ok(c);
  }

  private credentialKey(url: string): string {
    return `git:${stripCredentials(url)}`;
  }

  /** Credentials for a remote: this session's first, then the secret store. */
  async credentials(url: string | undefined): Promise<GitCredentials | undefined> {
    if (!url) return undefined;
    const key = this.credentialKey(url);
    const s = this.session.get(key);
    if (s) return s;
    const stored = await this.options.secrets.get(key);
    if (!stored) return undefined;
    try {
      return JSON.parse(stored) as GitCredentials;
    } catch {
      return undefined;
    }
  }

  async setCredentials(url: string, creds: GitCredentials | undefined, remember: boolean): Promise<void> {
    const key = this.credentialKey(url);
    if (!creds || (!creds.token && !creds.password && !creds.username)) {
      this.session.delete(key);
      await this.options.secrets.delete(key);
      return;
    }
    this.session.set(key, creds);
    if (remember) await this.options.secrets.set(key, JSON.stringify(creds));
  }

  /**
   * Proves credentials entered for `url` against the remote before they may replace the ones stored for it:
   * several sites can share one repo, and a wrong password stored without a check broke every other site's
   * pushes (issue 26 item 13). Credentials equal to the stored ones, and the first ones for a repo started
   * offline (init), need no proof.
   */
  private async proveNewCredentials(url: string, creds: GitCredentials, mode: ConnectMode | 'set'): Promise<Result<void>> {
    const current = await this.credentials(url);
    const same = (a: GitCredentials | undefined, b: GitCredentials): boolean => !!a && (a.username ?? '') === (b.username ?? '') && (a.password ?? '') === (b.password ?? '') && (a.token ?? '') === (b.token ?? '');
    if (same(current, creds) || ((mode === 'init' || mode === 'set') && !current)) return ok(undefined);
    const proven = await probeUrl(url, creds, this.net);
    if (proven.ok) return proven;
    const rejected = proven.error.code === 'unauthorized' || proven.error.code === 'auth-expired';
    return err(proven.error.code, `${rejected ? 'The credentials entered were not accepted' : 'The credentials entered could not be checked'} by ${hostOf(url)}: ${proven.error.message}`, {
      kept: current ? `The credentials already stored for ${stripCredentials(url)} are kept unchanged (other sites on this repository keep pushing with them); the site was not connected.` : 'Nothing was stored; the site was not connected.',
      hint: rejected
        ? 'Check the user name and password (or token) and connect again; or connect without entering credentials to use the ones already stored for this repository.'
        : `New credentials replace stored ones only after the server accepts them. ${proven.error.hint ?? 'Connect again when the server can be reached.'}`,
      details: proven.error.details,
    });
  }

  /**
   * Stores credentials for a connected site's remote (the Git step's "Save credentials", the CLI's
   * environment credentials): replacing stored ones only after the remote accepted the new ones. Removing
   * them (undefined) needs no proof.
   */
  async replaceCredentials(url: string, creds: GitCredentials | undefined, remember: boolean): Promise<Result<void>> {
    if (creds && (creds.password || creds.token) && !unpushableRemote(url, this.net.remotes)) {
      const proven = await this.proveNewCredentials(url, creds, 'set');
      if (!proven.ok) return { ok: false, error: { ...proven.error, message: proven.error.message, kept: proven.error.kept?.replace('; the site was not connected.', '.').replace(' the site was not connected.', '') } };
    }
    await this.setCredentials(url, creds, remember);
    return ok(undefined);
  }

  async connect(req: ConnectRequest): Promise<Result<Connection>> {
    if (!SITE_ID.test(req.siteId)) return err('invalid-input', `"${req.siteId}" is not a valid site id.`);
    if (!validBranch(req.branch)) return err('invalid-input', `"${req.branch}" is not a valid branch name.`);
    if (req.basePath.split('/').some((p) => p === '..')) return err('invalid-input', 'The base path must stay inside the repository.');
    const basePath = req.basePath.replace(/^\/+|\/+$/g, '');
    if (req.credentials && (req.credentials.password || req.credentials.token)) {
      const remote = req.mode === 'open' ? (req.dir ? await originUrl(resolve(req.dir)).catch(() => undefined) : undefined) : req.url;
      if (remote && !unpushableRemote(remote, this.net.remotes)) {
        const proven = await this.proveNewCredentials(remote, req.credentials, req.mode);
        if (!proven.ok) return proven;
      }
    }
    let dir: string;
    let result: Result<{ dir: string }>;
    if (req.mode === 'clone') {
      if (!req.url) return err('invalid-input', 'Cloning needs the repository URL.');
      dir = resolve(req.dir ?? join(this.options.reposRoot, repoFolderName(req.url)));
      await mkdir(this.options.reposRoot, { recursive: true });
      const creds = req.credentials ?? (await this.credentials(req.url));
      result = await cloneRepo({ url: req.url, dir, branch: req.branch, credentials: creds, onProgress: req.onProgress, net: this.net });
      if (result.ok && req.credentials) await this.setCredentials(req.url, req.credentials, req.remember ?? false);
    } else if (req.mode === 'open') {
      if (!req.dir) return err('invalid-input', 'Opening a repository needs its folder.');
      dir = resolve(req.dir);
      result = await openRepo({ dir, branch: req.branch, remotes: this.net.remotes });
      const origin = result.ok ? await originUrl(dir) : undefined;
      if (result.ok && origin && req.credentials) await this.setCredentials(origin, req.credentials, req.remember ?? false);
    } else {
      dir = resolve(req.dir ?? join(this.options.reposRoot, req.siteId));
      result = await initRepo({ dir, branch: req.branch, url: req.url, remotes: this.net.remotes });
      if (result.ok && req.url && req.credentials) await this.setCredentials(req.url, req.credentials, req.remember ?? false);
    }
    if (!result.ok) return result;
    const url = await originUrl(dir);
    const connection: Connection = { siteId: req.siteId, dir, branch: req.branch, basePath, ...(url ? { url: stripCredentials(url) } : {}) };
    await this.mutex.run('registry', async () => {
      const all = await this.registry();
      all[req.siteId] = connection;
      await writeFileAtomic(this.registryPath, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
    });
    this.logger.info('git connected', { siteId: req.siteId, mode: req.mode, dir, branch: req.branch });
    return ok(connection);
  }

  async status(siteId: string): Promise<Result<GitStatus>> {
    const c = await this.connection(siteId);
    if (!c.ok) return c;
    return status(c.value, !!(await this.credentials(c.value.url)));
  }

  async preview(siteId: string, input: { siteName: string; files: readonly RepoFile[]; reason?: string }): Promise<Result<DiffPreview>> {
    const c = await this.connection(siteId);
    if (!c.ok) return c;
    return preview({ ...c.value, sitePath: sitePathOf(c.value.basePath, siteId), siteId, siteName: input.siteName, files: input.files, reason: input.reason, version: this.options.version });
  }

  async commit(siteId: string, input: { siteName: string; files: readonly RepoFile[]; author: Author; reason?: string; signingKey?: SigningKey }): Promise<Result<CommitInfo>> {
    const c = await this.connection(siteId);
    if (!c.ok) return c;
    const sitePath = sitePathOf(c.value.basePath, siteId);
    const result = await commitSite({
      dir: c.value.dir,
      branch: c.value.branch,
      sitePath,
      files: input.files,
      author: input.author,
      signingKey: input.signingKey,
      now: this.now(),
      message: (changes) => commitMessage({ siteId, siteName: input.siteName, sitePath, files: changes, reason: input.reason, version: this.options.version }),
    });
    if (result.ok) this.logger.info('git commit', { siteId, sha: result.value.sha, committed: result.value.committed, files: result.value.files });
    else this.logger.warn('git commit failed', { siteId, code: result.error.code, message: result.error.message });
    return result;
  }

  async push(siteId: string, input: { committer: Author; onProgress?: (p: GitProgress) => void }): Promise<Result<PushInfo>> {
    const c = await this.connection(siteId);
    if (!c.ok) return c;
    const result = await pushSite({
      dir: c.value.dir,
      branch: c.value.branch,
      sitePath: sitePathOf(c.value.basePath, siteId),
      credentials: await this.credentials(c.value.url),
      committer: input.committer,
      now: this.now(),
      onProgress: input.onProgress,
      net: this.net,
    });
    if (result.ok) this.logger.info('git push', { siteId, head: result.value.head, pushed: result.value.pushed, integrated: result.value.integrated });
    else this.logger.warn('git push failed', { siteId, code: result.error.code, message: result.error.message });
    return result;
  }

  /** Whether the remote answers now (for "the app sees the remote again"). */
  async probe(siteId: string): Promise<Result<void>> {
    const c = await this.connection(siteId);
    if (!c.ok) return c;
    return probeRemote(c.value, await this.credentials(c.value.url), this.net);
  }

  /** Starts pushing by itself whenever the remote answers again; one loop per site. */
  autoPush(siteId: string, input: { committer: Author; onPushed?: (info: PushInfo) => void; minDelayMs?: number; maxDelayMs?: number }): PushRetrier {
    this.retriers.get(siteId)?.stop();
    const retrier = createPushRetrier({
      probe: () => this.probe(siteId),
      push: () => this.push(siteId, { committer: input.committer }),
      waiting: async () => {
        const c = await this.connection(siteId);
        return c.ok ? (await unpushedCommits(c.value.dir, c.value.branch)).length : 0;
      },
      onPushed: input.onPushed,
      minDelayMs: input.minDelayMs,
      maxDelayMs: input.maxDelayMs,
    });
    this.retriers.set(siteId, retrier);
    retrier.start();
    return retrier;
  }

  /** Stops the retry loop of one site (after a manual push succeeded). */
  stopAutoPush(siteId: string): void {
    this.retriers.get(siteId)?.stop();
    this.retriers.delete(siteId);
  }

  /** Stops every retry loop (app shutdown, tests). */
  dispose(): void {
    for (const r of this.retriers.values()) r.stop();
    this.retriers.clear();
  }
}
