/**
 * `lsusb` and the device headers of `lsusb -v`.
 *
 *   Bus 002 Device 003: ID 0bda:8156 Realtek Semiconductor Corp. RTL8156 2.5G Ethernet Adapter
 *
 * With `-v`, the descriptor lines below each device give the interface classes (to spot generic CDC NICs)
 * and, for CDC Ethernet, the MAC address (`iMACAddress`).
 */
import { clean, hex4, normaliseMac, type Accumulator, type FormatHandler } from './handler';
import type { InventoryDevice } from './types';

const DEVICE = /^Bus\s+(\d{1,3})\s+Device\s+(\d{1,3})\s*:\s*ID\s+([0-9a-f]{4}):([0-9a-f]{4})\s*(.*)$/i;
const IFACE_CLASS = /^\s+bInterfaceClass\s+(\d+)/;
const IFACE_SUB = /^\s+bInterfaceSubClass\s+(\d+)/;
const IFACE_PROTO = /^\s+bInterfaceProtocol\s+(\d+)/;
const MAC = /^\s+iMACAddress\s+\d+\s+([0-9a-fA-F]{12})\b/i;
/** Non-indented lines `lsusb -v` prints between devices. */
const VERBOSE_TOPLEVEL = /^(Device Descriptor|Device Status|Device Qualifier|Binary Object Store Descriptor|Hub Descriptor|Hub Port Status|Couldn't open device|can't get|cannot|OTG Descriptor|Debug descriptor)/i;

const hex2 = (n: string | undefined): string => Number(n ?? '0').toString(16).padStart(2, '0').slice(-2);

export function createLsusbHandler(acc: Accumulator): FormatHandler {
  let current: { -readonly [K in keyof InventoryDevice]: InventoryDevice[K] } | undefined;
  let classes: string[] = [];
  let pending: { c?: string; s?: string } = {};
  let verbose = false;
  const flush = () => {
    if (current) {
      if (classes.length) current.interfaceClasses = [...new Set(classes)];
      acc.devices.push(current);
    }
    current = undefined;
    classes = [];
    pending = {};
  };
  return {
    format: 'lsusb',
    starts: (line) => DEVICE.test(line.trim()),
    accept(line, lineNo) {
      const t = line.trim();
      const m = DEVICE.exec(t);
      if (m) {
        flush();
        acc.formats.add('lsusb');
        const [, bus, dev, vid, pid, desc] = m as unknown as [string, string, string, string, string, string];
        current = {
          source: 'lsusb',
          bus: 'usb',
          address: `${bus.padStart(3, '0')}:${dev.padStart(3, '0')}`,
          vendorId: hex4(vid)!,
          deviceId: hex4(pid)!,
          description: clean(desc) || `USB ${hex4(vid)}:${hex4(pid)}`,
          line: lineNo,
        };
        return true;
      }
      if (!current) return false;
      if (/^\s/.test(line) || VERBOSE_TOPLEVEL.test(t)) {
        if (!verbose) {
          verbose = true;
          acc.formats.add('lsusb-verbose');
        }
        const c = IFACE_CLASS.exec(line);
        if (c) pending = { c: hex2(c[1]) };
        const s = IFACE_SUB.exec(line);
        if (s && pending.c) pending.s = hex2(s[1]);
        const p = IFACE_PROTO.exec(line);
        if (p && pending.c) {
          classes.push(`${pending.c}${pending.s ?? '00'}${hex2(p[1])}`);
          pending = {};
        }
        const mac = MAC.exec(line);
        if (mac) {
          const v = normaliseMac(mac[1]);
          if (v) current.mac = v;
        }
        return true;
      }
      return false;
    },
    finish: flush,
  };
}
