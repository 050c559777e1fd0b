/**
 * Binds the Git step's channels: generation (pure, main/core/manifests) + the git service. The handler is
 * where a site becomes a file list, where the technician's name/email come from settings, and where the
 * commit is recorded in the site draft (`records.commits`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../core/result';
import type { Site } from '../../core/site/schema';
import { generateSiteFiles, siteRoot } from '../../core/manifests/generate';
import type { PushInfo } from '../../core/git/types';
import type { gitChannels } from '../channels/git';
import type { HandlerContext, HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';
import type { RepoFile } from '../../services/git/git-service';
import { workTreeFiles } from '../../services/git/preview';

/** Loads the draft and checks it is connected with the same base path the generator will use. */
async function siteAndFiles(s: Services, siteId: string): Promise<Result<{ site: Site; files: RepoFile[] }>> {
  const draft = await s.workspace.load(siteId);
  if (!draft.ok) return draft;
  const site = draft.value.site;
  const conn = await s.git.connection(siteId);
  if (!conn.ok) return conn;
  const root = siteRoot(site);
  // Files as they are in the work tree, so comments a person added to generated YAML are kept.
  const previous = new Map<string, string>();
  for (const p of await workTreeFiles(conn.value.dir, root)) {
    const text = await readFile(join(conn.value.dir, p), 'utf8').catch(() => undefined);
    if (text !== undefined) previous.set(p, text);
  }
  // A commit cannot contain its own id, and the repo's history is the record of its commits: the committed
  // site.yaml leaves `records.commits` out, or every commit would leave a one-line change behind it.
  const committed: Site = { ...site, records: { ...site.records, commits: [] } };
  return ok({ site, files: generateSiteFiles(committed, { previous }) });
}

async function author(s: Services): Promise<Result<{ name: string; email: string }>> {
  const t = (await s.settings.get()).technician;
  if (!t.name.trim() || !t.email.trim()) {
    return err('invalid-input', 'Commits need your name and email, and they are not set.', { hint: 'Enter your name and email in Settings; they become the commit author.' });
  }
  return ok({ name: t.name, email: t.email });
}

/** Marks the site's waiting commits as pushed, following replayed ids. */
async function recordPush(s: Services, siteId: string, info: PushInfo): Promise<void> {
  const draft = await s.workspace.load(siteId);
  if (!draft.ok) return;
  const map = new Map(info.replayed.map((r) => [r.from, r.to]));
  const commits = draft.value.site.records.commits.map((c) => ({ ...c, sha: map.get(c.sha) ?? c.sha, pushed: true }));
  await s.workspace.save({ ...draft.value.site, records: { ...draft.value.site.records, commits } });
}

/** About four progress events a second (STYLE.md §9). */
function progressEmitter(ctx: HandlerContext, jobId: string): (p: { phase: string; loaded: number; total: number }) => void {
  let last = 0;
  return (p) => {
    const t = Date.now();
    if (t - last < 250 && p.loaded < p.total) return;
    last = t;
    ctx.emit('job:progress', { jobId, phase: p.phase, bytes: p.loaded, total: p.total, speed: 0, eta: -1, message: p.phase });
  };
}

export function gitHandlers(s: Services): HandlersFor<keyof typeof gitChannels> {
  const retrying = new Set<string>();
  const startAutoPush = async (siteId: string, ctx: HandlerContext): Promise<void> => {
    const who = await author(s);
    if (!who.ok) return;
    retrying.add(siteId);
    s.git.autoPush(siteId, {
      committer: who.value,
      onPushed: (info) => {
        retrying.delete(siteId);
        void recordPush(s, siteId, info);
        ctx.emit('job:done', { jobId: `git-auto-push:${siteId}`, ok: true, message: `${info.pushed} commit(s) pushed` });
      },
    });
  };

  return {
    'git:connect': async (req) => {
      const draft = await s.workspace.load(req.siteId);
      if (!draft.ok) return draft;
      const conn = await s.git.connect({ ...req, credentials: req.credentials });
      if (!conn.ok) return conn;
      const site = draft.value.site;
      const git = { ...site.spec.git, branch: conn.value.branch, basePath: conn.value.basePath, ...(conn.value.url ? { url: conn.value.url } : {}) };
      const saved = await s.workspace.save({ ...site, spec: { ...site.spec, git } });
      if (!saved.ok) return saved;
      return conn;
    },
    'git:status': async ({ siteId }) => {
      const persistentCredentials = s.secrets.persistent;
      const conn = await s.git.connection(siteId);
      if (!conn.ok) return ok({ persistentCredentials, autoRetry: false });
      const status = await s.git.status(siteId);
      if (!status.ok) return status;
      return ok({ connection: conn.value, status: status.value, persistentCredentials, autoRetry: retrying.has(siteId) });
    },
    'git:preview': async ({ siteId, reason }) => {
      const input = await siteAndFiles(s, siteId);
      if (!input.ok) return input;
      return s.git.preview(siteId, { siteName: input.value.site.metadata.name, files: input.value.files, reason });
    },
    'git:commit': async ({ siteId, reason, signingKey }) => {
      const who = await author(s);
      if (!who.ok) return who;
      const input = await siteAndFiles(s, siteId);
      if (!input.ok) return input;
      const done = await s.git.commit(siteId, { siteName: input.value.site.metadata.name, files: input.value.files, author: who.value, reason, signingKey });
      if (!done.ok || !done.value.committed) return done;
      const site = input.value.site;
      const record = { sha: done.value.sha, at: done.value.at, message: done.value.message.split('\n')[0] ?? '', pushed: false };
      const saved = await s.workspace.save({ ...site, records: { ...site.records, commits: [...site.records.commits, record] } });
      if (!saved.ok) {
        return err(saved.error.code, `The commit ${done.value.sha.slice(0, 7)} was made, but recording it in the site draft failed: ${saved.error.message}`, { kept: 'The commit is in the local repository.', hint: saved.error.hint });
      }
      return done;
    },
    'git:push': async ({ siteId, jobId }, ctx) => {
      const who = await author(s);
      if (!who.ok) return who;
      const id = jobId ?? `git-push:${siteId}`;
      const pushed = await s.git.push(siteId, { committer: who.value, onProgress: progressEmitter(ctx, id) });
      if (pushed.ok) {
        s.git.stopAutoPush(siteId);
        retrying.delete(siteId);
        await recordPush(s, siteId, pushed.value);
      } else if (pushed.error.code === 'network-unreachable' || pushed.error.code === 'unknown-host') {
        await startAutoPush(siteId, ctx);
      }
      ctx.emit('job:done', { jobId: id, ok: pushed.ok, message: pushed.ok ? undefined : pushed.error.message });
      return pushed;
    },
    'git:credentials': async ({ siteId, credentials, remember }) => {
      const conn = await s.git.connection(siteId);
      if (!conn.ok) return conn;
      if (!conn.value.url) return err('invalid-input', 'This repository has no remote, so it needs no credentials.');
      await s.git.setCredentials(conn.value.url, credentials ?? undefined, remember && s.secrets.persistent);
      return ok({ stored: !!credentials, persistent: remember && s.secrets.persistent });
    },
  };
}
