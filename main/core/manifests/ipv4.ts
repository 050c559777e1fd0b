/** Small IPv4 helpers for the address rules (pure, no Node). */

/** Parses dotted IPv4 into an unsigned 32-bit number; undefined when not an address. */
export function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return (((parts[0] ?? 0) << 24) >>> 0) + ((parts[1] ?? 0) << 16) + ((parts[2] ?? 0) << 8) + (parts[3] ?? 0);
}

export interface Cidr {
  readonly network: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; the address part may be a host address inside the network. */
export function parseCidr(text: string): (Cidr & { readonly address: number }) | undefined {
  const [ip, p] = text.trim().split('/');
  const address = ipToInt(ip ?? '');
  const prefix = Number(p);
  if (address === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network: (address & mask) >>> 0, prefix, address };
}

export function inCidr(ip: number, cidr: Cidr): boolean {
  const mask = cidr.prefix === 0 ? 0 : (0xffffffff << (32 - cidr.prefix)) >>> 0;
  return ((ip & mask) >>> 0) === cidr.network;
}

/** An address range from a MetalLB pool entry: `a-b` or a CIDR. */
export function parseRange(text: string): { readonly from: number; readonly to: number } | undefined {
  if (text.includes('-')) {
    const [a, b] = text.split('-').map((s) => ipToInt(s.trim()));
    return a !== undefined && b !== undefined ? { from: Math.min(a, b), to: Math.max(a, b) } : undefined;
  }
  const c = parseCidr(text);
  if (!c) return undefined;
  const size = 2 ** (32 - c.prefix);
  return { from: c.network, to: c.network + size - 1 };
}
