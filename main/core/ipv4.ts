/**
 * IPv4 addresses, subnets and ranges: the one vocabulary of the core. The site schema, the site's network
 * rules, the manifest lint and the kickstart all read addresses through this module, so an address one of
 * them accepts is an address all of them accept.
 *
 * Text is recognised by zod's validators (`z.ipv4()`, `z.cidrv4()`): four decimal octets 0–255 with no
 * leading zeros and no spaces. A leading zero is refused on purpose: `010.0.0.1` is 8.0.0.1 to inet_aton
 * (octal) and 10.0.0.1 to most other tools, so no reading of it is safe. The arithmetic on top (an address
 * as an unsigned 32-bit number, masks, ranges, the kind of an address) is a few lines of integer maths that
 * is written here with its own tests rather than pulled in with a general IP library.
 */
import { z } from 'zod';

const IPV4_TEXT = z.ipv4();
const CIDR_TEXT = z.cidrv4();

/** Addresses in one IPv4 network: 2^32. */
const SPACE = 2 ** 32;

/** True when `text` is a dotted-decimal IPv4 address (no leading zeros, no spaces). */
export const isIpv4 = (text: string): boolean => IPV4_TEXT.safeParse(text).success;

/** The address as an unsigned 32-bit number; undefined when `text` is not an address. */
export function ipToInt(text: string): number | undefined {
  if (!isIpv4(text)) return undefined;
  return text.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** Dotted-decimal text of an unsigned 32-bit number. */
export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

/** The netmask of a prefix length as a number: /24 → 0xffffff00, /0 → 0. */
export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The netmask in dotted form, as a kickstart's `--netmask=` wants it: /24 → 255.255.255.0. */
export const netmaskOf = (prefix: number): string => intToIp(maskOf(prefix));

export interface Cidr {
  /** The network address (host bits cleared). */
  readonly network: number;
  readonly prefix: number;
}

/** A parsed `a.b.c.d/n`: the network it names, and the address as written (it may have host bits set). */
export interface ParsedCidr extends Cidr {
  readonly address: number;
}

/** Parses `a.b.c.d/n` (n 0–32); undefined when it is not CIDR text. */
export function parseCidr(text: string): ParsedCidr | undefined {
  if (!CIDR_TEXT.safeParse(text).success) return undefined;
  const [ip = '', bits = ''] = text.split('/');
  const address = ipToInt(ip)!;
  const prefix = Number(bits);
  return { network: (address & maskOf(prefix)) >>> 0, prefix, address };
}

/** Addresses in a network of this prefix: /24 → 256. */
export const sizeOf = (prefix: number): number => 2 ** (32 - prefix);

/** The last address of a network (its broadcast address for prefixes up to /30). */
export const lastOf = (c: Cidr): number => c.network + sizeOf(c.prefix) - 1;

/** True when `ip` lies in the network. */
export function inCidr(ip: number, c: Cidr): boolean {
  return ((ip & maskOf(c.prefix)) >>> 0) === c.network;
}

/** True when the address as written has bits set beyond the prefix (`192.168.10.5/24`). */
export const hasHostBits = (c: ParsedCidr): boolean => c.address !== c.network;

/** An inclusive range of addresses. */
export interface AddressRange {
  readonly from: number;
  readonly to: number;
}

/**
 * An address range as MetalLB reads a pool entry: `first-last` (spaces around the dash allowed) or a
 * CIDR. Undefined when either end is not an address or the first is after the last (MetalLB refuses that).
 */
export function parseRange(text: string): AddressRange | undefined {
  const dash = text.split('-');
  if (dash.length === 2) {
    const from = ipToInt(dash[0]!.trim());
    const to = ipToInt(dash[1]!.trim());
    return from !== undefined && to !== undefined && from <= to ? { from, to } : undefined;
  }
  if (dash.length > 2) return undefined;
  const c = parseCidr(text.trim());
  return c ? { from: c.network, to: lastOf(c) } : undefined;
}

/**
 * What an address is for (RFC 1122 §3.2.1.3, RFC 5771, RFC 1112 §4): only `unicast` can be a host's, a
 * gateway's or a server's address. `this-network` is 0.0.0.0/8 (0.0.0.0 means "any address"), `loopback`
 * 127.0.0.0/8, `multicast` 224.0.0.0/4, `broadcast` 255.255.255.255 and `reserved` the rest of 240.0.0.0/4.
 */
export type AddressKind = 'unicast' | 'this-network' | 'loopback' | 'multicast' | 'reserved' | 'broadcast';

export function addressKind(ip: number): AddressKind {
  const first = ip >>> 24;
  if (first === 0) return 'this-network';
  if (first === 127) return 'loopback';
  if (first >= 224 && first <= 239) return 'multicast';
  if (ip === SPACE - 1) return 'broadcast';
  if (first >= 240) return 'reserved';
  return 'unicast';
}
