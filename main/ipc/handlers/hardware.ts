/** Binds the hardware channels to the compatibility service and the pure engine and parsers. */
import { err, ok, type Issue } from '../../core/result';
import { issuesFromZod } from '../../core/site/yaml';
import { describeInventoryIssue } from '../../core/hardware/messages';
import { parseInventory } from '../../core/inventory/parse';
import { toHostHardware } from '../../core/inventory/hardware';
import { describeMergePreview, previewInventoryMerge } from '../../core/inventory/merge';
import { findModel } from '../../core/hardware/matching';
import { HostHardware } from '../../core/site/schema';
import type { ParsedInventory } from '../../core/inventory/types';
import type { hardwareChannels } from '../channels/hardware';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';
import { checkHardwareFlow } from '../../flows/check-hardware';
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
    'hardware:parseInventory': async ({ texts, current, mode }) => {
      const cur = await s.compat.current();
      if (!cur.ok) return cur;
      const now = current === undefined ? undefined : HostHardware.safeParse(current);
      if (now && !now.success) return err('invalid-input', "The host's current hardware is not valid, so no merge preview was made.", { issues: issuesFromZod(now.error), hint: 'Reload the site and read the inventory again.' });
      const parsed: ParsedInventory[] = [];
      const issues: Issue[] = [];
      for (const [i, t] of texts.entries()) {
        const name = t.fileName ?? `inventory ${i + 1}`;
        const r = parseInventory(t.text, name);
        if (!r.ok) return r;
        parsed.push(r.value);
      }
      const hw = toHostHardware(parsed, cur.value.list);
      // parser issues carry their line; name the file they came from
      const fileOfLine = (idx: number) => texts[idx]?.fileName ?? `inventory ${idx + 1}`;
      parsed.forEach((p, idx) => p.issues.forEach((x) => issues.push({ path: fileOfLine(idx), line: x.line, message: describeInventoryIssue(x) })));
      for (const x of hw.issues) issues.push({ path: '', line: x.line, message: describeInventoryIssue(x) });
      const model = now?.success ? findModel(cur.value.list, now.data.model) : undefined;
      const preview = now?.success ? previewInventoryMerge(now.data, hw.hardware, { mode, ...(model ? { model } : {}) }) : undefined;
      return ok({
        hardware: hw.hardware,
        formats: [...new Set(parsed.flatMap((p) => p.formats))],
        issues,
        deviceCount: parsed.reduce((n, p) => n + p.devices.length, 0),
        info: cur.value.info,
        ...(preview ? { merge: { ...preview, lines: describeMergePreview(preview) } } : {}),
      });
    },
    'hardware:importList': async ({ text, checksum, fileName }) => {
      const r = await s.compat.importText(text, checksum, fileName);
      if (r.ok) s.logger.info('compatibility list in use', { listVersion: r.value.listVersion, origin: r.value.origin });
      return r;
    },
    'hardware:resetList': async () => s.compat.reset(),
  };
}
