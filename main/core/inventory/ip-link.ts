/**
 * `ip link` / `ip addr` and `ip -br link` from a Linux live stick: the one place a Linux inventory shows MACs of
 * PCI NICs (lspci and lsusb carry none; only `lsusb -v` shows a CDC adapter's). Chosen because the technician
 * already runs lspci and lsusb on that stick, and `ip` is on every live image (iproute2), unlike ethtool.
 *
 *   2: enp1s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default
 *       link/ether 70:85:c2:4d:20:01 brd ff:ff:ff:ff:ff:ff
 *       altname enx7085c24d2001
 *   enp1s0           UP             70:85:c2:4d:20:01 <BROADCAST,MULTICAST,UP,LOWER_UP>
 *
 * Which adapter an interface is comes from systemd's predictable name (`enp<bus>s<slot>[f<fn>]` is the PCI
 * address, in decimal; a `u<port>` after it is a USB device on that controller), from any `altname` line, or —
 * for `enx<mac>` names — from the MAC alone. Only Ethernet interfaces (`en*`, `eth*`) are kept; loopback,
 * Wi-Fi, bridges and tunnels are skipped.
 */
import { normaliseMac, type Accumulator, type FormatHandler } from './handler';
import type { LinkRow } from './types';

/** `2: enp1s0: <FLAGS> mtu 1500 … state UP …` (`enp1s0@if3` for veth pairs). */
const HEAD = /^(\d{1,5}):\s+([A-Za-z0-9_.:-]{1,32}?)(?:@[A-Za-z0-9_.-]{1,32})?:\s+<([A-Z0-9_,-]*)>(.*)$/;
const ETHER = /^\s+link\/ether\s+([0-9a-fA-F:]{17})\b/;
const ALTNAME = /^\s+altname\s+(\S{1,32})\s*$/;
/** Indented lines `ip addr` and `ip -d link` print under an interface. */
const DETAIL = /^\s+(link\/\S+|altname|inet6?|valid_lft|\S+\s+(?:min)?mtu\b|vf\s|alias\s|prop\s|permaddr\s|[a-z_]+\s)/;
/** `ip -br link`: name, state, MAC, <FLAGS>. */
const BRIEF = /^([A-Za-z0-9_.-]{1,32})(?:@\S{1,32})?\s+(UP|DOWN|UNKNOWN|LOWERLAYERDOWN|DORMANT|NOTPRESENT|TESTING)\s+([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})\s+<([A-Z0-9_,-]*)>\s*$/;

const ETHERNET_NAME = /^(en|eth)/;

/** The PCI address and USB-ness systemd's path name encodes: enp0s31f6 → 0000:00:1f.6; enp0s20f0u1 → USB. */
export function linkLocation(name: string): { pciAddress?: string; usb: boolean } | undefined {
  const m = /^en(?:P(\d+))?p(\d+)s(\d+)(?:f(\d+))?(?:n\d+|d\d+)*(u\d.*)?$/.exec(name);
  if (!m) return undefined;
  const [, domain, bus, slot, fn, usb] = m;
  const hex = (v: string | undefined, w: number) => Number(v ?? '0').toString(16).padStart(w, '0');
  if (Number(bus) > 255 || Number(slot) > 31 || Number(fn ?? 0) > 7) return undefined;
  return { pciAddress: `${hex(domain, 4)}:${hex(bus, 2)}:${hex(slot, 2)}.${Number(fn ?? 0)}`, usb: usb !== undefined };
}

/** Where the interface sits, from the first of its names that is a path name; `enx<mac>` and `eth0` say nothing. */
function locate(names: readonly string[]): Pick<LinkRow, 'pciAddress' | 'usb'> {
  for (const n of names) {
    const loc = linkLocation(n);
    // a USB NIC's path name carries its host controller's PCI address, not its own
    if (loc) return loc.usb ? { usb: true } : { pciAddress: loc.pciAddress!, usb: false };
  }
  return {};
}

export function createIpLinkHandler(acc: Accumulator): FormatHandler {
  let current: { name: string; up: boolean; line: number; mac?: string; names: string[] } | undefined;
  const flush = () => {
    if (current?.mac && ETHERNET_NAME.test(current.name)) {
      acc.links.push({ name: current.name, mac: current.mac, up: current.up, ...locate(current.names), line: current.line });
    }
    current = undefined;
  };
  return {
    format: 'ip-link',
    starts: (line) => HEAD.test(line.trim()) || BRIEF.test(line.trim()),
    accept(line, lineNo) {
      const t = line.trim();
      const head = !/^\s/.test(line) ? HEAD.exec(t) : null;
      if (head) {
        flush();
        acc.formats.add('ip-link');
        const flags = head[3]!.split(',');
        current = { name: head[2]!, up: flags.includes('LOWER_UP') || /\bstate UP\b/.test(head[4]!), line: lineNo, names: [head[2]!] };
        return true;
      }
      const brief = !/^\s/.test(line) ? BRIEF.exec(t) : null;
      if (brief) {
        flush();
        acc.formats.add('ip-link');
        const mac = normaliseMac(brief[3]);
        const name = brief[1]!;
        if (mac && ETHERNET_NAME.test(name)) acc.links.push({ name, mac, up: brief[2] === 'UP' || brief[4]!.split(',').includes('LOWER_UP'), ...locate([name]), line: lineNo });
        return true;
      }
      if (!current) return false;
      const ether = ETHER.exec(line);
      if (ether) {
        const mac = normaliseMac(ether[1]);
        if (mac) current.mac = mac;
        return true;
      }
      const alt = ALTNAME.exec(line);
      if (alt) {
        current.names.push(alt[1]!);
        return true;
      }
      return DETAIL.test(line);
    },
    finish: flush,
  };
}
