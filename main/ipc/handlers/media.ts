/** Binds the drive and stick-writing channels to the stick service; progress and hot-plug become events. */
import { ok } from '../../core/result';
import type { mediaChannels } from '../channels/media';
import type { HandlersFor, HandlerContext } from '../dispatch';
import type { Services } from '../../services/index';
import type { WriteJobRequest } from '../../services/writer/runner';
import { writeMediaFlow } from '../../flows/write-media';
import { auditMediaFlow } from '../../flows/audit-media';
import { verifyMediaFlow } from '../../flows/verify-media';
import { flowContext, jobDone, jobProgress } from './flow-context';

export function mediaHandlers(s: Services): HandlersFor<keyof typeof mediaChannels> {
  let emit: HandlerContext['emit'] | undefined;
  let watching = false;
  return {
    'drives:list': async (req, ctx) => {
      // Hot-plug: the first listing starts polling; changes go to whoever asked last.
      emit = ctx.emit;
      if (!watching) {
        watching = true;
        s.sticks.watch((drives) => emit?.('drives:changed', { count: drives.length }));
      }
      return s.sticks.list(req);
    },
    'media:write': async ({ jobId, items, eject, confirm }, ctx) => {
      const request: WriteJobRequest = { items, eject, confirm };
      const r = await writeMediaFlow(flowContext(s, ctx, jobId), { jobId, request, progressFor: (index) => jobProgress(ctx, `${jobId}/${index}`) });
      if (!r.ok) return r;
      r.value.outcomes.forEach((o, index) => ctx.emit('job:done', { jobId: `${jobId}/${index}`, ok: o.verified, message: o.error?.message ?? o.eject.message }));
      return ok({ outcomes: r.value.outcomes, recorded: r.value.recorded });
    },
    'media:cancel': async ({ jobId }) => ok({ cancelled: s.sticks.cancel(jobId) }),
    'media:verify': async ({ image, target, jobId }, ctx) => {
      const id = jobId ?? `verify-${Date.now().toString(36)}`;
      const r = await verifyMediaFlow(flowContext(s, ctx, id), { image, target });
      jobDone(ctx, id, r);
      return r;
    },
    'media:audit': async ({ target }, ctx) => auditMediaFlow(flowContext(s, ctx, 'audit'), { target }),
  };
}
