/**
 * Binds the Git step's channels to the Git flows (main/flows/git.ts): generation, the commit author,
 * recording commits and pushes all live there. The handler keeps only which sites retry in the background.
 */
import { err, ok } from '../../core/result';
import { commitFlow, connectFlow, gitOverviewFlow, pushFlow, previewFlow } from '../../flows/git';
import type { gitChannels } from '../channels/git';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';
import { flowContext, jobDone } from './flow-context';

export function gitHandlers(s: Services): HandlersFor<keyof typeof gitChannels> {
  const retrying = new Set<string>();

  return {
    'git:connect': async (req, ctx) => {
      const r = await connectFlow(flowContext(s, ctx, `git-connect:${req.siteId}`), req);
      if (r.ok) retrying.delete(req.siteId);
      return r;
    },
    'git:status': async ({ siteId }, ctx) => {
      const r = await gitOverviewFlow(flowContext(s, ctx, `git-status:${siteId}`), { siteId });
      return r.ok ? ok({ ...r.value, autoRetry: r.value.connection !== undefined && retrying.has(siteId) }) : r;
    },
    'git:preview': async ({ siteId, reason }, ctx) => previewFlow(flowContext(s, ctx, `git-preview:${siteId}`), { siteId, reason }),
    'git:commit': async ({ siteId, reason, signingKey }, ctx) => commitFlow(flowContext(s, ctx, `git-commit:${siteId}`), { siteId, reason, signingKey }),
    'git:push': async ({ siteId, jobId }, ctx) => {
      const id = jobId ?? `git-push:${siteId}`;
      const { result, retrying: retry } = await pushFlow(flowContext(s, ctx, id), {
        siteId,
        onRetried: (info) => {
          retrying.delete(siteId);
          ctx.emit('job:done', { jobId: `git-auto-push:${siteId}`, ok: true, message: `${info.pushed} commit(s) pushed` });
        },
      });
      if (retry) retrying.add(siteId);
      else if (result.ok) retrying.delete(siteId);
      jobDone(ctx, id, result);
      return result;
    },
    'git:credentials': async ({ siteId, credentials, remember }) => {
      const conn = await s.git.connection(siteId);
      if (!conn.ok) return conn;
      if (!conn.value.url) return err('invalid-input', 'This repository has no remote, so it needs no credentials.');
      // New credentials replace stored ones only once the remote accepted them (issue 26 item 13).
      const stored = await s.git.replaceCredentials(conn.value.url, credentials ?? undefined, remember && s.secrets.persistent);
      if (!stored.ok) return stored;
      return ok({ stored: !!credentials, persistent: remember && s.secrets.persistent });
    },
  };
}
