/**
 * `lspci -nn` and `lspci -nnk` (also `-vnn`): one device per unindented line, indented detail lines below.
 *
 *   58:00.0 Ethernet controller [0200]: Intel Corporation Ethernet Controller I226-V [8086:125c] (rev 04)
 *   \tSubsystem: Intel Corporation Device [8086:0000]
 *   \tKernel driver in use: igc
 */
import { clean, hex4, type Accumulator, type FormatHandler } from './handler';
import type { InventoryDevice } from './types';

const ADDRESS = /^((?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7])\s+/;
const CLASS = /\[([0-9a-f]{4})\]\s*:/i;
const IDS = /\[([0-9a-f]{4}):([0-9a-f]{4})\]/gi;

/**
 * Splits `address class-name [cccc]: description [vvvv:dddd] (rev xx) (prog-if xx [...])` without nested
 * quantifiers (one left-to-right scan per part), so a hostile line cannot make it backtrack.
 */
function parseDeviceLine(t: string): { address: string; cls: string; desc: string; vid: string; did: string; tail: string } | undefined {
  const a = ADDRESS.exec(t);
  if (!a) return undefined;
  const rest = t.slice(a[0].length);
  const c = CLASS.exec(rest);
  if (!c) return undefined;
  const afterClass = rest.slice(c.index + c[0].length);
  let last: RegExpExecArray | undefined;
  IDS.lastIndex = 0;
  for (let m = IDS.exec(afterClass); m; m = IDS.exec(afterClass)) last = m;
  if (!last) return undefined;
  return { address: a[1]!, cls: c[1]!, desc: afterClass.slice(0, last.index), vid: last[1]!, did: last[2]!, tail: afterClass.slice(last.index + last[0].length) };
}
const SUBSYSTEM = /^\s+Subsystem:\s*(.*?)\s*\[([0-9a-f]{4}):([0-9a-f]{4})\]\s*$/i;
const DRIVER = /^\s+Kernel driver in use:\s*(\S+)/i;
const DETAIL = /^\s+\S/;

/** True when the line is an lspci device line (with or without -nn). */
export const isLspciLine = (line: string): boolean => ADDRESS.test(line.trim()) && /\]:|:\s/.test(line) && !/^\s*[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]\s*$/i.test(line);

export function createLspciHandler(acc: Accumulator): FormatHandler {
  let current: { -readonly [K in keyof InventoryDevice]: InventoryDevice[K] } | undefined;
  const flush = () => {
    if (current) acc.devices.push(current);
    current = undefined;
  };
  return {
    format: 'lspci',
    starts: (line) => parseDeviceLine(line.trim()) !== undefined || isLspciLine(line),
    accept(line, lineNo) {
      const t = line.trim();
      const m = parseDeviceLine(t);
      if (m) {
        flush();
        acc.formats.add('lspci');
        const { address, cls, desc, vid, did, tail } = m;
        const progIf = /\(prog-if\s+([0-9a-f]{2})/i.exec(tail)?.[1]?.toLowerCase() ?? '00';
        const address4 = address.length === 7 ? `0000:${address.toLowerCase()}` : address.toLowerCase();
        current = {
          source: 'lspci',
          bus: 'pci',
          address: address4,
          vendorId: hex4(vid)!,
          deviceId: hex4(did)!,
          classCode: `${cls.toLowerCase()}${progIf}`,
          description: clean(desc),
          line: lineNo,
        };
        return true;
      }
      if (ADDRESS.test(t)) {
        // an lspci line without -nn: the IDs are missing, say so rather than skip it
        acc.formats.add('lspci');
        acc.issues.push({ code: 'no-ids', line: lineNo, text: 'lspci output without -nn' });
        flush();
        return true;
      }
      if (current && DETAIL.test(line)) {
        const sub = SUBSYSTEM.exec(line);
        if (sub) {
          current.subVendorId = hex4(sub[2]);
          current.subDeviceId = hex4(sub[3]);
        }
        const drv = DRIVER.exec(line);
        if (drv) current.driver = drv[1];
        return true;
      }
      return false;
    },
    finish: flush,
  };
}
