/** Binds the hardware channels: the check and the inventory reading to their flows, the list in use to the compatibility service. */
import { ok } from '../../core/result';
import type { hardwareChannels } from '../channels/hardware';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';
import { checkHardwareFlow } from '../../flows/check-hardware';
import { readInventoryFlow } from '../../flows/read-inventory';
import { resolveSite } from '../../flows/site-ref';
import { flowContext } from './flow-context';

export function hardwareHandlers(s: Services): HandlersFor<keyof typeof hardwareChannels> {
  return {
    'hardware:catalogue': async () => {
      const cur = await s.compat.current();
      if (!cur.ok) return cur;
      return ok({ info: cur.value.info, list: cur.value.list, ...(cur.value.note ? { note: cur.value.note } : {}) });
    },
    'hardware:check': async ({ site, id, inventories, replace }, ctx) => {
      const v = await resolveSite(s, { id, site });
      if (!v.ok) return v;
      const r = await checkHardwareFlow(flowContext(s, ctx, 'hardware-check'), { site: v.value, inventories, ...(replace ? { mode: 'replace' as const } : {}) });
      if (!r.ok) return r;
      const { plan, verdict, info, note, inventoryIssues, merges, problems } = r.value;
      return ok({ plan, verdict, info, site: r.value.site, inventoryIssues, merges, problems, ...(note ? { note } : {}) });
    },
    'hardware:parseInventory': ({ texts, current, mode }, ctx) => readInventoryFlow(flowContext(s, ctx, 'inventory'), { texts, current, mode }),
    'hardware:importList': async ({ text, checksum, fileName }) => {
      const r = await s.compat.importText(text, checksum, fileName);
      if (r.ok) s.logger.info('compatibility list in use', { listVersion: r.value.listVersion, origin: r.value.origin });
      return r;
    },
    'hardware:resetList': async () => s.compat.reset(),
  };
}
