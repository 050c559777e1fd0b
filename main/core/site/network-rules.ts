/**
 * Address rules of a site's management network, checked when the site is validated (site validate, the
 * Site step, every load and save), not only at lint: a host on the subnet's network or broadcast address, a
 * gateway outside the subnet, and one address used twice (hosts, gateway, the workers' static IPs). The
 * workers' own rules (each host's worker its own address, inside the subnet) are `workerProblems`, which
 * site validate, the Network & workloads step and lint report but loading does not (worker-addresses.ts).
 *
 * Small named rules returning `{ code, path, params }` and one aggregator, as in drives/constraints.ts; the
 * sentence is made by `describeNetworkProblem`, which the schema's superRefine uses for its issue message.
 * Hand-written because it is a few lines of 32-bit arithmetic over the core's IPv4 module (core/ipv4.ts).
 */
import { inCidr, ipToInt, lastOf, parseCidr, type Cidr } from '../ipv4';

export type NetworkProblemCode = 'network-address' | 'broadcast-address' | 'gateway-outside-subnet' | 'host-outside-subnet' | 'duplicate-ip' | 'worker-address-shared';

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
  /** The ec workers' static addresses: one per host that runs one (worker-addresses.ts). */
  readonly workers?: readonly WorkerUse[];
}

/** One host's worker's static address. */
export interface WorkerUse {
  readonly host: string;
  readonly ip: string;
  readonly path: readonly (string | number)[];
  /** How a sentence names it; default `the worker on <host>` ("the worker" when one field serves every host). */
  readonly what?: string;
}

interface Use {
  readonly ip: number;
  readonly text: string;
  readonly what: string;
  readonly path: readonly (string | number)[];
  /** The host whose worker this is (worker uses only). */
  readonly worker?: string;
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

/**
 * Every second use of an address is a problem at that use's path, naming the first. Two workers on one
 * address are left to `ruleWorkersShared`, which says why each host needs its own.
 */
export function ruleDuplicates(uses: readonly Use[]): NetworkProblem[] {
  const first = new Map<number, Use>();
  const out: NetworkProblem[] = [];
  const said = new Set<string>();
  for (const u of uses) {
    const prev = first.get(u.ip);
    if (!prev) first.set(u.ip, u);
    // One problem per field: two hosts' workers that both use the shared worker address are one field to fix.
    else if (!(prev.worker !== undefined && u.worker !== undefined) && !said.has(u.path.join('.'))) {
      said.add(u.path.join('.'));
      out.push({ code: 'duplicate-ip', path: u.path, params: { ip: u.text, what: u.what, other: prev.what } });
    }
  }
  return out;
}

/** Two hosts' workers on one address: a problem at the second one's field, naming both hosts. */
export function ruleWorkersShared(workers: readonly Use[]): NetworkProblem[] {
  const first = new Map<number, Use>();
  const out: NetworkProblem[] = [];
  for (const u of workers) {
    const prev = first.get(u.ip);
    if (prev) out.push({ code: 'worker-address-shared', path: u.path, params: { ip: u.text, host: prev.worker!, other: u.worker! } });
    else first.set(u.ip, u);
  }
  return out;
}

function parts(f: NetworkFacts): { c: Cidr; hosts: Use[]; gateway?: Use; workers: Use[] } | undefined {
  const c = parseCidr(f.subnet);
  if (!c) return undefined;
  const hosts: Use[] = [];
  f.hosts.forEach((h, i) => {
    const ip = ipToInt(h.ip ?? '');
    if (ip !== undefined) hosts.push({ ip, text: h.ip!, what: `host ${h.name}`, path: ['spec', 'hosts', i, 'management', 'ip'] });
  });
  const gwIp = ipToInt(f.gateway);
  const gateway: Use | undefined = gwIp === undefined ? undefined : { ip: gwIp, text: f.gateway, what: 'the gateway', path: ['spec', 'managementNetwork', 'gateway'] };
  const workers: Use[] = [];
  for (const w of f.workers ?? []) {
    const ip = ipToInt(w.ip);
    if (ip !== undefined) workers.push({ ip, text: w.ip, what: w.what ?? `the worker on ${w.host}`, path: w.path, worker: w.host });
  }
  return { c, hosts, ...(gateway ? { gateway } : {}), workers };
}

/**
 * The address problems that stop a site from loading (empty when the subnet itself does not parse): hosts
 * and gateway on reserved addresses or outside the subnet, and any address used twice, a worker's included,
 * except two workers sharing one (`workerProblems`).
 */
export function networkProblems(f: NetworkFacts): NetworkProblem[] {
  const p = parts(f);
  if (!p) return [];
  const { c, hosts, gateway, workers } = p;
  // Duplicates are checked gateway first, then the hosts, then the workers: a problem names the earlier use.
  const used: Use[] = [...(gateway ? [gateway] : []), ...hosts, ...workers];
  const onSubnet = gateway ? [...hosts, gateway] : hosts;
  return [...ruleReservedAddresses(onSubnet, c, f.subnet), ...ruleGatewayInSubnet(gateway, c, f.subnet), ...ruleHostsInSubnet(hosts, c, f.subnet), ...ruleDuplicates(used)];
}

/**
 * The workers' own address problems, which do not stop a site from loading (worker-addresses.ts says why):
 * two hosts' workers on one address, a worker outside the management subnet (lint reports the worker's
 * netplan address there too) or on its network or broadcast address.
 */
export function workerProblems(f: NetworkFacts): NetworkProblem[] {
  const p = parts(f);
  if (!p) return [];
  const all = [...ruleWorkersShared(p.workers), ...ruleReservedAddresses(p.workers, p.c, f.subnet), ...ruleHostsInSubnet(p.workers, p.c, f.subnet)];
  // Two hosts using the shared worker address are one field to fix: one problem of each kind per field.
  return all.filter((x, i) => all.findIndex((y) => y.code === x.code && y.path.join('.') === x.path.join('.')) === i);
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
    case 'worker-address-shared':
      return `${p.params.host} and ${p.params.other} would both run their Kubernetes worker at ${p.params.ip}, and two workers on one address clash on the LAN (every host runs its own worker); give each host's worker its own address, or use DHCP for the worker`;
  }
}
