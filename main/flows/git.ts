/**
 * Git jobs: preview, commit and push a site, with the commit and the push recorded in the site's draft.
 * What gets committed is generated here from the site as checked now (the hardware check's module settings
 * included), with the comments a person added to the work tree's YAML kept.
 */
import { err, ok, type Result } from '../core/result';
import type { Site } from '../core/site/schema';
import { recordCommit, recordPush, siteForCommit } from '../core/site/records';
import { generateSiteFiles, siteRoot } from '../core/manifests/generate';
import type { CommitInfo, DiffPreview, GitOverview, PushInfo } from '../core/git/types';
import { resolveCommitAuthor } from '../core/git/author';
import type { RepoFile } from '../services/git/git-service';
import { readWorkTree } from '../services/git/preview';
import { checkHardwareFlow } from './check-hardware';
import type { SitePlan } from '../core/host-plan/types';
import type { FlowContext } from './types';

interface SiteFiles {
  readonly site: Site;
  readonly files: RepoFile[];
  readonly plan: SitePlan;
}

/** The draft, checked, and the files it generates (previous work-tree text kept for comments). */
async function siteFiles(ctx: FlowContext, siteId: string): Promise<Result<SiteFiles>> {
  const draft = await ctx.services.workspace.load(siteId);
  if (!draft.ok) return draft;
  const conn = await ctx.services.git.connection(siteId);
  if (!conn.ok) return conn;
  // The host plan decides the install NIC, uplinks and module settings the manifests carry.
  const checked = await checkHardwareFlow(ctx, { site: draft.value.site });
  if (!checked.ok) return checked;
  const { site, plan } = checked.value;
  const root = siteRoot(site);
  const previous = await readWorkTree(conn.value.dir, root);
  if (!previous.ok) return previous;
  return ok({ site, plan, files: generateSiteFiles(siteForCommit(site), plan, { previous: previous.value }) });
}

/** Connects the site to a repository and keeps the branch, base path and URL (never credentials) in the site. */
export async function connectFlow(ctx: FlowContext, req: Parameters<FlowContext['services']['git']['connect']>[0]): Promise<ReturnType<FlowContext['services']['git']['connect']>> {
  const draft = await ctx.services.workspace.load(req.siteId);
  if (!draft.ok) return draft;
  const conn = await ctx.services.git.connect(req);
  if (!conn.ok) return conn;
  // Another repository replaces the connection: a background push of the one before stops.
  ctx.services.git.stopAutoPush(req.siteId);
  const site = draft.value.site;
  const git = { ...site.spec.git, branch: conn.value.branch, basePath: conn.value.basePath, ...(conn.value.url ? { url: conn.value.url } : {}) };
  const saved = await ctx.services.workspace.save({ ...site, spec: { ...site.spec, git } });
  if (!saved.ok) return saved;
  return conn;
}

/** The commit author: the Git identity from Settings, else the technician from Settings, else the site's technician. */
export async function commitAuthor(ctx: FlowContext, site?: Site): Promise<Result<{ name: string; email: string }>> {
  const author = resolveCommitAuthor(await ctx.services.settings.get(), site?.metadata.technician);
  if (author.missing) {
    return err('invalid-input', `Commits need your name and email as their author, and your ${author.missing} ${author.missing === 'name and email' ? 'are' : 'is'} not set.`, {
      hint: 'Enter your name and email in Settings (Technician); they become the commit author.',
    });
  }
  return ok({ name: author.name, email: author.email });
}

/**
 * What the Git step shows on entry: the connection and where the repository stands, whether credentials
 * survive a restart, and who commits are made as (Commit stays disabled while that is incomplete).
 */
export async function gitOverviewFlow(ctx: FlowContext, input: { siteId: string }): Promise<Result<Omit<GitOverview, 'autoRetry'>>> {
  const draft = await ctx.services.workspace.load(input.siteId);
  const author = resolveCommitAuthor(await ctx.services.settings.get(), draft.ok ? draft.value.site.metadata.technician : undefined);
  const persistentCredentials = ctx.services.secrets.persistent;
  const conn = await ctx.services.git.connection(input.siteId);
  if (!conn.ok) return ok({ persistentCredentials, author });
  const status = await ctx.services.git.status(input.siteId);
  if (!status.ok) return status;
  return ok({ connection: conn.value, status: status.value, persistentCredentials, author });
}

export async function previewFlow(ctx: FlowContext, input: { siteId: string; reason?: string }): Promise<Result<DiffPreview>> {
  const f = await siteFiles(ctx, input.siteId);
  if (!f.ok) return f;
  return ctx.services.git.preview(input.siteId, { siteName: f.value.site.metadata.name, files: f.value.files, reason: input.reason });
}

export interface CommitInput {
  readonly siteId: string;
  readonly reason?: string;
  readonly signingKey?: Parameters<FlowContext['services']['git']['commit']>[1]['signingKey'];
}

/** Commits the site's files and records the commit (with the module settings it carries) in the draft. */
export async function commitFlow(ctx: FlowContext, input: CommitInput): Promise<Result<CommitInfo>> {
  const f = await siteFiles(ctx, input.siteId);
  if (!f.ok) return f;
  const who = await commitAuthor(ctx, f.value.site);
  if (!who.ok) return who;
  const done = await ctx.services.git.commit(input.siteId, { siteName: f.value.site.metadata.name, files: f.value.files, author: who.value, reason: input.reason, signingKey: input.signingKey });
  if (!done.ok || !done.value.committed) return done;
  const draft = await ctx.services.workspace.load(input.siteId);
  if (!draft.ok) return draft;
  const moduleSettings = f.value.plan.hosts.flatMap((h) => h.moduleSettings.map((m) => ({ host: h.host, module: m.module, options: m.options })));
  const site = recordCommit(draft.value.site, { sha: done.value.sha, at: done.value.at, message: done.value.message.split('\n')[0] ?? '', pushed: false, ...(moduleSettings.length ? { moduleSettings } : {}) });
  const saved = await ctx.services.workspace.save(site);
  if (!saved.ok) {
    return err(saved.error.code, `The commit ${done.value.sha.slice(0, 7)} was made, but recording it in the site draft failed: ${saved.error.message}`, {
      kept: 'The commit is in the local repository.',
      hint: saved.error.hint,
    });
  }
  return done;
}

async function savePush(ctx: FlowContext, siteId: string, info: PushInfo): Promise<void> {
  const draft = await ctx.services.workspace.load(siteId);
  if (!draft.ok) return;
  await ctx.services.workspace.save(recordPush(draft.value.site, info.replayed));
}

export interface PushOutcome {
  readonly result: Result<PushInfo>;
  /** True when the remote could not be reached and Sitekit keeps trying in the background. */
  readonly retrying: boolean;
}

/**
 * Pushes; a successful push is recorded. When the remote is unreachable, a background retry starts and
 * `onRetried` is called when it gets through (and that push is recorded too).
 */
export async function pushFlow(ctx: FlowContext, input: { siteId: string; onRetried?: (info: PushInfo) => void }): Promise<PushOutcome> {
  const draft = await ctx.services.workspace.load(input.siteId);
  const who = await commitAuthor(ctx, draft.ok ? draft.value.site : undefined);
  if (!who.ok) return { result: who, retrying: false };
  const pushed = await ctx.services.git.push(input.siteId, {
    committer: who.value,
    onProgress: (p) => ctx.progress({ phase: p.phase, bytes: p.loaded, total: p.total }),
  });
  if (pushed.ok) {
    ctx.services.git.stopAutoPush(input.siteId);
    await savePush(ctx, input.siteId, pushed.value);
    return { result: pushed, retrying: false };
  }
  if (pushed.error.code === 'network-unreachable' || pushed.error.code === 'unknown-host') {
    ctx.services.git.autoPush(input.siteId, {
      committer: who.value,
      onPushed: (info) => {
        void savePush(ctx, input.siteId, info).then(() => input.onRetried?.(info));
      },
    });
    return { result: pushed, retrying: true };
  }
  return { result: pushed, retrying: false };
}
