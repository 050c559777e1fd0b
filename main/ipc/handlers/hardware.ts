/** Binds the hardware channels to the compatibility service and the pure engine and parsers. */
import { ok, type Issue } from '../../core/result';
import { validateSite } from '../../core/site/yaml';
import { checkSite } from '../../core/hardware/engine';
import { describeInventoryIssue } from '../../core/hardware/messages';
import { parseInventory } from '../../core/inventory/parse';
import { toHostHardware } from '../../core/inventory/hardware';
import type { ParsedInventory } from '../../core/inventory/types';
import type { hardwareChannels } from '../channels/hardware';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';

export function hardwareHandlers(s: Services): HandlersFor<keyof typeof hardwareChannels> {
  return {
    'hardware:catalogue': async () => {
      const cur = await s.compat.current();
      if (!cur.ok) return cur;
      return ok({ info: cur.value.info, list: cur.value.list, ...(cur.value.note ? { note: cur.value.note } : {}) });
    },
    'hardware:check': async ({ site }) => {
      const v = validateSite(site);
      if (!v.ok) return v;
      const cur = await s.compat.current();
      if (!cur.ok) return cur;
      return ok({ verdict: checkSite(v.value, cur.value.list), info: cur.value.info });
    },
    'hardware:parseInventory': async ({ texts }) => {
      const cur = await s.compat.current();
      if (!cur.ok) return cur;
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
      return ok({ hardware: hw.hardware, formats: [...new Set(parsed.flatMap((p) => p.formats))], issues, deviceCount: parsed.reduce((n, p) => n + p.devices.length, 0), info: cur.value.info });
    },
    'hardware:importList': async ({ text, checksum, fileName }) => {
      const r = await s.compat.importText(text, checksum, fileName);
      if (r.ok) s.logger.info('compatibility list in use', { listVersion: r.value.listVersion, origin: r.value.origin });
      return r;
    },
    'hardware:resetList': async () => s.compat.reset(),
  };
}
