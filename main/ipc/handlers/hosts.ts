/** The acceptance channel: a thin call into the accept-hosts flow, each host's record as a `hosts:result` event. */
import { acceptHostsFlow } from '../../flows/accept-hosts';
import type { hostsChannels } from '../channels/hosts';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';
import { flowContext, jobDone } from './flow-context';

export function hostsHandlers(s: Services): HandlersFor<keyof typeof hostsChannels> {
  return {
    'hosts:accept': async ({ jobId, id, site, targets, only, user, password, trustNew, timeoutSeconds }, ctx) => {
      const job = jobId ?? 'accept';
      const r = await acceptHostsFlow(flowContext(s, ctx, job), {
        id,
        site,
        targets,
        only,
        user,
        password,
        trustNew,
        timeoutSeconds,
        onHost: (record) => ctx.emit('hosts:result', { jobId: job, record }),
      });
      jobDone(ctx, job, r);
      return r;
    },
  };
}
