/**
 * `dmidecode -t system` (and `-t 1`): the System Information block gives manufacturer, product name and serial.
 * Vendor placeholders ("To Be Filled By O.E.M.", "Default string") are dropped, not reported as a serial.
 * With `-t memory` / `-t processor` (or a full `dmidecode`), module sizes are summed into the installed memory
 * and core/thread counts summed over sockets.
 */
import { clean, type Accumulator, type FormatHandler } from './handler';
import type { SystemInfo } from './types';

const PREAMBLE = /^(#\s*dmidecode\b|Getting SMBIOS data from|SMBIOS\s+[\d.]+\s+present|Table at 0x|# SMBIOS entry point|# No SMBIOS nor DMI entry point found|Invalid entry length)/i;
const HANDLE = /^Handle\s+0x[0-9a-f]+,\s*DMI type\s+\d+,\s*\d+\s+bytes/i;
const FIELD = /^\s+([A-Za-z][A-Za-z0-9 /-]*?):\s*(.*)$/;
const PLACEHOLDER = /^(to be filled by o\.?e\.?m\.?|default string|system serial number|system product name|system manufacturer|not specified|not applicable|none|n\/a|0+|x+|o\.e\.m\.?|123456789|chassis serial number)$/i;

const KEYS: Readonly<Record<string, keyof SystemInfo>> = {
  manufacturer: 'manufacturer',
  'product name': 'productName',
  version: 'version',
  'serial number': 'serial',
  uuid: 'uuid',
  'sku number': 'sku',
  family: 'family',
};

/** "32 GB", "16384 MB", "8 GiB", "1 TB" → MiB; "No Module Installed" and the like → undefined. */
export function sizeToMiB(text: string): number | undefined {
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*(k|m|g|t)i?b\b/i.exec(text);
  if (!m) return undefined;
  const v = Number(m[1]!.replace(',', '.'));
  const unit = m[2]!.toLowerCase();
  const mib = unit === 'k' ? v / 1024 : unit === 'm' ? v : unit === 'g' ? v * 1024 : v * 1024 * 1024;
  return mib > 0 ? Math.round(mib) : undefined;
}

export function createDmidecodeHandler(acc: Accumulator): FormatHandler {
  let section: string | undefined;
  let afterHandle = false;
  let seen = false;
  return {
    format: 'dmidecode-system',
    starts: (line) => PREAMBLE.test(line.trim()) || HANDLE.test(line.trim()) || line.trim() === 'System Information',
    accept(line, _lineNo) {
      const t = line.trim();
      if (PREAMBLE.test(t)) {
        mark();
        return true;
      }
      if (HANDLE.test(t)) {
        mark();
        afterHandle = true;
        section = undefined;
        return true;
      }
      if (!seen && t !== 'System Information') return false;
      if (!/^\s/.test(line) && (afterHandle || t === 'System Information')) {
        mark();
        section = t;
        afterHandle = false;
        return true;
      }
      const f = FIELD.exec(line);
      if (f && section) {
        if (section === 'Memory Device' && /^size$/i.test(f[1]!.trim())) {
          const mib = sizeToMiB(f[2] ?? '');
          if (mib) acc.system = { ...(acc.system ?? {}), memoryMiB: (acc.system?.memoryMiB ?? 0) + mib };
        }
        if (section === 'Processor Information') {
          const k = f[1]!.trim().toLowerCase();
          const n = Number((f[2] ?? '').trim());
          if ((k === 'core count' || k === 'thread count') && Number.isInteger(n) && n > 0) {
            const key = k === 'core count' ? 'cpuCores' : 'cpuThreads';
            acc.system = { ...(acc.system ?? {}), [key]: (acc.system?.[key] ?? 0) + n };
          }
          if (k === 'version' && f[2] && !PLACEHOLDER.test(clean(f[2]))) acc.system = { ...(acc.system ?? {}), cpu: clean(f[2]).slice(0, 120) };
        }
        if (section === 'System Information') {
          const key = KEYS[f[1]!.trim().toLowerCase()];
          const value = clean(f[2] ?? '');
          if (key && value && !PLACEHOLDER.test(value)) acc.system = { ...(acc.system ?? {}), [key]: value.slice(0, key === 'serial' ? 64 : 120) };
        }
        return true;
      }
      // option lists and other indented values inside a section (e.g. "Option 1: ...", capability lines)
      if (section && /^\s/.test(line)) return true;
      return false;
    },
    finish: () => {
      section = undefined;
      afterHandle = false;
    },
  };
  function mark() {
    seen = true;
    acc.formats.add('dmidecode-system');
  }
}
