/**
 * The Kubernetes worker's static address on each host, and the problems of those addresses.
 *
 * Every host applies workloads/common, so every host runs its own `ec-worker` VM (manifests/generate.ts): a
 * two-node site with a static worker has two workers and needs two addresses. A host's worker uses the host's
 * `workerIp`, else the worker's `network.ip` (a one-node site, and every site.yaml written before hosts had
 * their own). Everything that shows or writes a worker address (manifests, topology, report, the Network &
 * workloads step) reads it from here, so they cannot disagree.
 *
 * Two tiers of problems, on purpose. A host without any address is a load problem (the schema refuses it, as
 * it refused a static worker without an IP before). Two workers on one address, or a worker outside the
 * management subnet, is reported by `workerAddressProblems` and is not a load problem: a two-node site.yaml
 * from before this change (one `network.ip` for both hosts) must still open, in the app and the CLI, so the
 * technician can fix it. `site validate`, the Network & workloads step and lint report it as an error.
 */
import type { Site } from './schema';
import { inCidr, intToIp, ipToInt, lastOf, parseCidr } from '../ipv4';
import { workerProblems, type NetworkFacts, type NetworkProblem, type WorkerUse } from './network-rules';

/** One host's worker address: where it comes from (the field to fix) and the address, when there is one. */
export interface WorkerAddress {
  readonly host: string;
  readonly ip?: string;
  /** The field that holds it: `spec.hosts.N.workerIp`, or the shared `spec.workloads.worker.network.ip`. */
  readonly path: readonly (string | number)[];
}

const SHARED_PATH = ['spec', 'workloads', 'worker', 'network', 'ip'] as const;

/** True when the site's worker runs with a static address (enabled and static). */
export function workerIsStatic(site: Site): boolean {
  const w = site.spec.workloads.worker;
  return w.enabled && w.network.mode === 'static';
}

/** Each host's static worker address, in host order; empty when the worker is disabled or on DHCP. */
export function workerAddresses(site: Site): WorkerAddress[] {
  if (!workerIsStatic(site)) return [];
  const shared = site.spec.workloads.worker.network.ip;
  return site.spec.hosts.map((h, i) =>
    h.workerIp !== undefined ? { host: h.name, ip: h.workerIp, path: ['spec', 'hosts', i, 'workerIp'] } : { host: h.name, ...(shared !== undefined ? { ip: shared } : {}), path: [...SHARED_PATH] },
  );
}

/** The static address of the worker on `host`, or undefined (DHCP, disabled, or none given). */
export function workerAddressOf(site: Site, host: string): string | undefined {
  return workerAddresses(site).find((a) => a.host === host)?.ip;
}

/** The management network facts the address rules read, the workers' addresses included. */
export function networkFacts(site: Site): NetworkFacts {
  const workers: WorkerUse[] = [];
  for (const a of workerAddresses(site)) {
    // The shared field (a one-node site's, or an older two-node file's) is "the worker": it is one field to fix.
    if (a.ip !== undefined) workers.push({ host: a.host, ip: a.ip, path: a.path, ...(a.path[1] === 'workloads' ? { what: 'the worker' } : {}) });
  }
  return {
    subnet: site.spec.managementNetwork.subnet,
    gateway: site.spec.managementNetwork.gateway,
    hosts: site.spec.hosts.map((h) => ({ name: h.name, ip: h.management.mode === 'static' ? h.management.ip : undefined })),
    workers,
  };
}

/** Load problems: a static worker on a host that has no address at all (a sentence and the field to fill). */
export function missingWorkerAddresses(site: Site): { readonly message: string; readonly path: readonly (string | number)[] }[] {
  const missing = workerAddresses(site).filter((a) => a.ip === undefined);
  if (missing.length === 0) return [];
  if (site.spec.hosts.length === 1) return [{ message: 'a static worker address needs an IP', path: [...SHARED_PATH] }];
  return missing.map((a) => {
    const i = site.spec.hosts.findIndex((h) => h.name === a.host);
    return { message: `the worker on ${a.host} needs its own static address (every host runs its own worker); enter one for ${a.host}, or use DHCP for the worker`, path: ['spec', 'hosts', i, 'workerIp'] };
  });
}

/**
 * Problems of the workers' addresses that do not stop a site from loading: two hosts' workers on one address,
 * a worker outside the management subnet or on its network or broadcast address. Empty when the worker is
 * disabled or on DHCP.
 */
export function workerAddressProblems(site: Site): NetworkProblem[] {
  return workerProblems(networkFacts(site));
}

/**
 * An address to offer for a host's worker: the next address after the other workers' (or, with none, after
 * the hosts' management addresses) that is inside the management subnet, not its network or broadcast
 * address, and used by nothing else on the site. Undefined when there is none or the subnet does not parse.
 */
export function suggestWorkerAddress(site: Site, hostIndex: number): string | undefined {
  const c = parseCidr(site.spec.managementNetwork.subnet);
  if (!c) return undefined;
  const ints = (list: readonly (string | undefined)[]): number[] => list.map((ip) => ipToInt(ip ?? '')).filter((n): n is number => n !== undefined);
  const others = ints(workerAddresses(site).filter((_, i) => i !== hostIndex).map((a) => a.ip));
  const hosts = ints(site.spec.hosts.map((h) => (h.management.mode === 'static' ? h.management.ip : undefined)));
  const used = new Set([...ints([site.spec.managementNetwork.gateway]), ...hosts, ...others]);
  const from = Math.max(...(others.length > 0 ? others : hosts.length > 0 ? hosts : [c.network]));
  const last = lastOf(c);
  const reserved = c.prefix <= 30;
  for (let ip = from + 1; ip <= last; ip++) {
    if (reserved && ip === last) break;
    if (!used.has(ip) && inCidr(ip, c)) return intToIp(ip);
  }
  return undefined;
}
