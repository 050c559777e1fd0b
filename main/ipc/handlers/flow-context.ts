/** What a handler hands a flow: the services, progress as `job:progress` events for a job id, the clock. */
import { progressReporter } from '../../flows/progress';
import type { FlowContext, ProgressSink } from '../../flows/types';
import type { Services } from '../../services/index';
import type { HandlerContext } from '../dispatch';

export function flowContext(s: Services, ctx: HandlerContext, jobId: string): FlowContext {
  return { services: s, progress: jobProgress(ctx, jobId), now: () => s.options.now?.() ?? new Date() };
}

/** `job:progress` events for one job (or one part of it, `<jobId>/<index>`), throttled with speed and ETA. */
export function jobProgress(ctx: HandlerContext, jobId: string): ProgressSink {
  return progressReporter(jobId, (p) => ctx.emit('job:progress', p));
}

/** `job:done` for a job, from its result. */
export function jobDone(ctx: HandlerContext, jobId: string, r: { ok: boolean; error?: { message: string } }): void {
  ctx.emit('job:done', { jobId, ok: r.ok, ...(r.ok ? {} : { message: r.error?.message }) });
}
