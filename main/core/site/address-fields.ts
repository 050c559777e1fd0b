/**
 * The address fields of a site: IPv4 addresses, subnets, names-or-addresses and MACs, as zod schemas with
 * sentences a technician understands. They accept what the core's IPv4 vocabulary (core/ipv4.ts) accepts and
 * then refuse values that pass every format check but name no host: 0.0.0.0 as a DNS server, a subnet with
 * host bits set or of /0 (the kickstart would get --netmask=0.0.0.0), the broadcast MAC (issue 26 §12).
 */
import { z } from 'zod';
import { addressKind, hasHostBits, intToIp, ipToInt, parseCidr, sizeOf, type AddressKind } from '../ipv4';
import { addProblem } from './problem';

const FQDN_OR_IP = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$/;
/** Looks like a MAC (six hex pairs, `:` or `-`), whatever its case: then it is checked as one. */
export const MAC_LIKE = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;

/** Our sentence for a value in the wrong format; zod's own for a missing one (shown as "is required", yaml.ts). */
const formatError =
  (message: string) =>
  (issue: { readonly input?: unknown }): string | undefined =>
    issue.input === undefined ? undefined : message;

/** Why an address of this kind cannot be a host's, a gateway's or a server's (core/ipv4.ts `addressKind`). */
const NOT_UNICAST: Record<Exclude<AddressKind, 'unicast'>, string> = {
  'this-network': 'is not an address a host can have (0.0.0.0/8 means "this network", and 0.0.0.0 "any address")',
  loopback: 'is a loopback address: on the host it would point at the host itself',
  multicast: 'is a multicast address (224.0.0.0/4), not the address of one host',
  broadcast: 'is the broadcast address of every network, not the address of one host',
  reserved: 'is in the reserved range 240.0.0.0/4, which no host can use',
};

/** The sentence for an address that is not unicast, or undefined for a usable one (or for text that is no address). */
export function notUnicastReason(text: string): string | undefined {
  const ip = ipToInt(text);
  if (ip === undefined) return undefined;
  const kind = addressKind(ip);
  return kind === 'unicast' ? undefined : `${text} ${NOT_UNICAST[kind]}`;
}

/**
 * An address a host, gateway or server has: dotted IPv4 by zod's validator (core/ipv4.ts), and unicast
 * (0.0.0.0 as a DNS server, 255.255.255.255 as a gateway or 127.0.0.1 as a host pass every format check).
 */
export const Ipv4 = z
  .ipv4({ error: formatError('must be an IPv4 address such as 192.168.10.11 (four numbers 0–255, no leading zeros)') })
  .superRefine((text, ctx) => {
    const why = notUnicastReason(text);
    if (why) addProblem(ctx, `${why}; give the real address, such as 192.168.10.11`);
  });

/** Text of four dot-separated numbers is meant as an address, whatever a host-name pattern would allow. */
const DOTTED = /^\d+(\.\d+){3}$/;

/** For fields that take a name or an address: an address must be a valid, unicast one (0.0.0.0 and 300.1.1.1 are no server). */
export function dottedMustBeUnicast(text: string, ctx: z.RefinementCtx): void {
  if (!DOTTED.test(text)) return;
  if (ipToInt(text) === undefined) addProblem(ctx, `${text} is not an IPv4 address (four numbers 0–255, no leading zeros)`);
  else {
    const why = notUnicastReason(text);
    if (why) addProblem(ctx, `${why}; give the server's real address or name`);
  }
}

/** A server given by name or address (NTP, NFS). */
export const HostOrIp = z.string().regex(FQDN_OR_IP, 'must be a host name or IP').superRefine(dottedMustBeUnicast);

/** The smallest prefix a subnet may have: a /8 already holds 16 million addresses. */
export const MIN_PREFIX = 8;

/**
 * A subnet hosts live in: CIDR by zod's validator, no host bits (192.168.10.5/24 is refused with the subnet
 * it probably means), at most a /8 (0.0.0.0/0 would give the kickstart --netmask=0.0.0.0), unicast.
 */
export const Cidr = z
  .cidrv4({ error: formatError('must be a subnet in CIDR form such as 192.168.10.0/24') })
  .superRefine((text, ctx) => {
    const c = parseCidr(text);
    if (!c) return;
    const network = `${intToIp(c.network)}/${c.prefix}`;
    if (c.prefix < MIN_PREFIX) {
      const what = c.prefix === 0 ? 'every IPv4 address' : `${sizeOf(c.prefix).toLocaleString('en-US')} addresses`;
      addProblem(ctx, `${text} is /${c.prefix}, ${what}: a subnet is /${MIN_PREFIX} or smaller, such as 192.168.10.0/24`);
    } else if (hasHostBits(c)) {
      addProblem(ctx, `${text} has host bits set: the subnet of ${intToIp(c.address)} with /${c.prefix} is ${network}`);
    } else if (addressKind(c.network) !== 'unicast') {
      addProblem(ctx, `${text} is not a subnet hosts can be in: ${intToIp(c.network)} ${NOT_UNICAST[addressKind(c.network) as Exclude<AddressKind, 'unicast'>]}`);
    }
  });
/**
 * A NIC's own MAC, written `00:1b:21:aa:bb:cc` (upper case and `-` are accepted and normalised). A MAC of
 * one NIC is unicast: all zeros, the broadcast address and multicast addresses (first byte odd) are refused.
 */
export const Mac = z
  .string()
  .transform((s) => s.trim().toLowerCase().replace(/-/g, ':'))
  .pipe(
    z.mac({ delimiter: ':', error: 'must be a MAC address such as 00:1b:21:aa:bb:cc' }).superRefine((mac, ctx) => {
      if (!MAC_LIKE.test(mac)) return;
      // The I/G bit, the lowest bit of the first byte: set on group (multicast) addresses.
      const multicast = /^.[13579bdf]/.test(mac);
      const hint = "; copy the NIC's own MAC from its label or from `esxcli network nic list`";
      if (mac === '00:00:00:00:00:00') addProblem(ctx, `${mac} is all zeros, not the MAC of a NIC${hint}`);
      else if (mac === 'ff:ff:ff:ff:ff:ff') addProblem(ctx, `${mac} is the broadcast address, not the MAC of one NIC${hint}`);
      else if (multicast) addProblem(ctx, `${mac} is a multicast address (its first byte is odd), not the MAC of one NIC${hint}`);
    }),
  );
