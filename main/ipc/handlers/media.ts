/** Binds the drive and stick-writing channels to the stick service; progress and hot-plug become events. */
import { ok } from '../../core/result';
import type { mediaChannels } from '../channels/media';
import type { HandlersFor, HandlerContext } from '../dispatch';
import type { Services } from '../../services/index';

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
    'media:write': async ({ jobId, items, confirmLarge, eject }, ctx) => {
      const r = await s.sticks.write(jobId, { items, confirmLarge, eject }, (index, p) =>
        ctx.emit('job:progress', { jobId: `${jobId}/${index}`, ...p, message: items[index]?.target.kind === 'device' ? items[index].target.identity.device : items[index]?.target.path }),
      );
      if (!r.ok) return r;
      r.value.forEach((o, index) =>
        ctx.emit('job:done', { jobId: `${jobId}/${index}`, ok: o.verified, message: o.error?.message ?? o.eject.message }),
      );
      return ok({ outcomes: r.value });
    },
    'media:cancel': async ({ jobId }) => ok({ cancelled: s.sticks.cancel(jobId) }),
    'media:verify': async ({ image, target }, ctx) => {
      const jobId = `verify-${Date.now().toString(36)}`;
      let last = 0;
      return s.sticks.verify(image, target, (bytes, total) => {
        const now = Date.now();
        if (now - last < 250 && bytes < total) return;
        last = now;
        ctx.emit('job:progress', { jobId, phase: 'verifying', bytes, total, speed: 0, eta: -1, message: image });
      });
    },
    'media:audit': async ({ target }) => s.sticks.audit(target),
  };
}
