/**
 * Address rules of a site's management network, checked when the site is validated (site validate, the
 * Site step, every load and save), not only at lint: a host on the subnet's network or broadcast address, a
 * gateway outside the subnet, and one address used twice (hosts, gateway, the worker's static IP).
 *
 * Small named rules returning `{ code, path, params }` and one aggregator, as in drives/constraints.ts; the
 * sentence is made by `describeNetworkProblem`, which the schema's superRefine uses for its issue message.
 * Hand-written because it is a few lines of 32-bit arithmetic over the core's IPv4 module (core/ipv4.ts).
 */
import { inCidr, ipToInt, lastOf, parseCidr, type Cidr } from '../ipv4';

export type NetworkProblemCode = 'network-address' | 'broadcast-address' | 'gateway-outside-subnet' | 'host-outside-subnet' | 'duplicate-ip';

export interface NetworkProblem {
  readonly code: NetworkProblemCode;
  /** Where in the site, as zod paths: ['spec', 'hosts', 0, 'management', 'ip']. */
  readonly path: readonly (string | number)[];
  readonly params: Readonly<Record<string, string>>;
}

/** The addresses the rules look at: what a site says about its management network. */
export interface NetworkFacts {
  readonly subnet: string;
  readonly gateway: string;
  readonly hosts: readonly { readonly name: string; readonly ip?: string }[];
  /** The ec worker's static address, when it has one. */
  readonly workerIp?: string;
}

interface Use {
  readonly ip: number;
  readonly text: string;
  readonly what: string;
  readonly path: readonly (string | number)[];
}

/** Network and broadcast addresses exist only for prefixes up to /30 (a /31 or /32 uses every address, RFC 3021). */
function reservedAddress(u: Use, c: Cidr, subnet: string): NetworkProblem | undefined {
  if (c.prefix > 30) return undefined;
  if (u.ip === c.network) return { code: 'network-address', path: u.path, params: { ip: u.text, what: u.what, subnet } };
  if (u.ip === lastOf(c)) return { code: 'broadcast-address', path: u.path, params: { ip: u.text, what: u.what, subnet } };
  return undefined;
}

export const ruleReservedAddresses = (uses: readonly Use[], c: Cidr, subnet: string): NetworkProblem[] =>
  uses.map((u) => reservedAddress(u, c, subnet)).filter((p): p is NetworkProblem => p !== undefined);

export const ruleGatewayInSubnet = (gateway: Use | undefined, c: Cidr, subnet: string): NetworkProblem[] =>
  gateway && !inCidr(gateway.ip, c) ? [{ code: 'gateway-outside-subnet', path: gateway.path, params: { ip: gateway.text, subnet } }] : [];

export const ruleHostsInSubnet = (hosts: readonly Use[], c: Cidr, subnet: string): NetworkProblem[] =>
  hosts.filter((h) => !inCidr(h.ip, c)).map((h) => ({ code: 'host-outside-subnet' as const, path: h.path, params: { ip: h.text, what: h.what, subnet } }));

/** Every second use of an address is a problem at that use's path, naming the first. */
export function ruleDuplicates(uses: readonly Use[]): NetworkProblem[] {
  const first = new Map<number, Use>();
  const out: NetworkProblem[] = [];
  for (const u of uses) {
    const prev = first.get(u.ip);
    if (prev) out.push({ code: 'duplicate-ip', path: u.path, params: { ip: u.text, what: u.what, other: prev.what } });
    else first.set(u.ip, u);
  }
  return out;
}

/** All address problems of a site's management network (empty when the subnet itself does not parse). */
export function networkProblems(f: NetworkFacts): NetworkProblem[] {
  const c = parseCidr(f.subnet);
  if (!c) return [];
  const hosts: Use[] = [];
  f.hosts.forEach((h, i) => {
    const ip = ipToInt(h.ip ?? '');
    if (ip !== undefined) hosts.push({ ip, text: h.ip!, what: `host ${h.name}`, path: ['spec', 'hosts', i, 'management', 'ip'] });
  });
  const gwIp = ipToInt(f.gateway);
  const gateway: Use | undefined = gwIp === undefined ? undefined : { ip: gwIp, text: f.gateway, what: 'the gateway', path: ['spec', 'managementNetwork', 'gateway'] };
  const wIp = ipToInt(f.workerIp ?? '');
  // Duplicates are checked gateway first, then the hosts, then the worker: a problem names the earlier use.
  const used: Use[] = [...hosts];
  if (gateway) used.unshift(gateway);
  if (wIp !== undefined) used.push({ ip: wIp, text: f.workerIp!, what: 'the worker', path: ['spec', 'workloads', 'worker', 'network', 'ip'] });
  const onSubnet = gateway ? [...hosts, gateway] : hosts;
  return [...ruleReservedAddresses(onSubnet, c, f.subnet), ...ruleGatewayInSubnet(gateway, c, f.subnet), ...ruleHostsInSubnet(hosts, c, f.subnet), ...ruleDuplicates(used)];
}

/** One sentence per problem, used as the schema issue's message (so the CLI and the Site step show it). */
export function describeNetworkProblem(p: NetworkProblem): string {
  switch (p.code) {
    case 'network-address':
      return `${p.params.ip} is the network address of ${p.params.subnet}; ${p.params.what} needs an address inside the range`;
    case 'broadcast-address':
      return `${p.params.ip} is the broadcast address of ${p.params.subnet}; ${p.params.what} needs an address inside the range`;
    case 'gateway-outside-subnet':
      return `the gateway ${p.params.ip} is outside the management subnet ${p.params.subnet}`;
    case 'host-outside-subnet':
      return `${p.params.ip} (${p.params.what}) is outside the management subnet ${p.params.subnet}`;
    case 'duplicate-ip':
      return `${p.params.what} has the same IP as ${p.params.other} (${p.params.ip}); every address must be unique`;
  }
}
