/**
 * Pure helpers of the Network & workloads step: immutable edits of the site draft and its validation.
 * Kept free of React so they are unit-tested directly.
 */
import { Site, VSwitch, type Host } from '../../../main/core/site/schema';
import { issuesFromZod } from '../../../main/core/site/yaml';
import { readinessIssues } from '../../../main/core/site/readiness';
import { suggestWorkerAddress } from '../../../main/core/site/worker-addresses';
import type { HostPlan } from '../../../main/core/host-plan/types';

/**
 * Field problems of a draft, by dotted path (`spec.hosts[0].vswitches[1].mtu`): what stops it loading, and
 * what a loaded site must not be deployed with (readiness.ts: two hosts' workers on one address).
 */
export function draftIssues(draft: Site): Map<string, string> {
  const parsed = Site.safeParse(draft);
  const out = new Map<string, string>();
  const issues = parsed.success ? readinessIssues(parsed.data) : issuesFromZod(parsed.error);
  for (const i of issues) if (!out.has(i.path)) out.set(i.path, i.message);
  return out;
}

/** One worker address field: whose worker it is, its value, where its problems are reported, an address to offer. */
export interface WorkerIpField {
  readonly host: string;
  readonly value: string;
  /** Issue paths shown under this field: the host's own, and the shared one while the host still uses it. */
  readonly issuePaths: readonly string[];
  /** A free address in the management subnet, offered while the field is empty. */
  readonly suggestion?: string;
}

const SHARED_WORKER_IP = 'spec.workloads.worker.network.ip';

/**
 * The worker address fields: one per host on a two-node site (each host runs its own worker, so each needs
 * its own address), one on a one-node site. A site.yaml from before shows the shared address in every host's
 * field, with the clash under them, until the technician gives a host its own.
 */
export function workerIpFields(site: Site): WorkerIpField[] {
  const shared = site.spec.workloads.worker.network.ip;
  return site.spec.hosts.map((h, i) => {
    const value = h.workerIp ?? shared ?? '';
    const own = `spec.hosts[${i}].workerIp`;
    const suggestion = value === '' ? suggestWorkerAddress(site, i) : undefined;
    return { host: h.name, value, issuePaths: h.workerIp === undefined ? [own, SHARED_WORKER_IP] : [own], ...(suggestion ? { suggestion } : {}) };
  });
}

/**
 * Sets host `index`'s worker address. A one-node site keeps it where it was (the worker's `network.ip`, as
 * before); on a two-node site every host gets its own `workerIp` (a shared address is copied to each host
 * first) and the shared field is cleared, so the file says per host what each worker uses.
 */
export function setWorkerIp(site: Site, index: number, ip: string | undefined): Site {
  const w = site.spec.workloads.worker;
  if (site.spec.hosts.length === 1 && site.spec.hosts[0]?.workerIp === undefined) {
    return { ...site, spec: { ...site.spec, workloads: { ...site.spec.workloads, worker: { ...w, network: { ...w.network, ip } } } } };
  }
  const hosts = site.spec.hosts.map((h, i) => {
    const next = i === index ? ip : (h.workerIp ?? w.network.ip);
    const { workerIp: _, ...rest } = h;
    return next === undefined ? rest : { ...rest, workerIp: next };
  });
  const { ip: _shared, ...network } = w.network;
  return { ...site, spec: { ...site.spec, hosts, workloads: { ...site.spec.workloads, worker: { ...w, network } } } };
}

/** Replaces element `i` of a list. */
export const replaceAt = <T>(list: readonly T[], i: number, value: T): T[] => list.map((x, n) => (n === i ? value : x));
export const removeAt = <T>(list: readonly T[], i: number): T[] => list.filter((_, n) => n !== i);

export function updateHost(site: Site, i: number, fn: (h: Host) => Host): Site {
  const host = site.spec.hosts[i];
  return host ? { ...site, spec: { ...site.spec, hosts: replaceAt(site.spec.hosts, i, fn(host)) } } : site;
}

export function updateSwitch(site: Site, hostIndex: number, swIndex: number, fn: (s: VSwitch) => VSwitch): Site {
  return updateHost(site, hostIndex, (h) => {
    const sw = h.vswitches[swIndex];
    return sw ? { ...h, vswitches: replaceAt(h.vswitches, swIndex, fn(sw)) } : h;
  });
}

/** Names offered when the Hardware step recorded no NICs: the usual PCI and USB NIC names. */
const COMMON_UPLINKS = ['vmnic0', 'vmnic1', 'vmnic2', 'vmnic3', 'vusb0', 'vusb1'];

/**
 * Uplink names offered for a host: its NICs as the host plan knows them (the model's onboard ones included; BMC
 * NICs never) and any already used; common names only when nothing is known.
 */
export function uplinkChoices(host: Host, plan?: HostPlan): string[] {
  const known = plan ? plan.nics : host.hardware.nics;
  const names = new Set<string>(known.filter((n) => n.role !== 'bmc').map((n) => n.name));
  if (names.size === 0) for (const n of COMMON_UPLINKS) names.add(n);
  for (const sw of plan?.vswitches ?? host.vswitches) for (const u of [...(sw.uplinks.active ?? []), ...sw.uplinks.standby]) names.add(u);
  return [...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

export type UplinkRole = 'unused' | 'active' | 'standby';

type WithUplinks = { readonly uplinks: { readonly active?: readonly string[]; readonly standby: readonly string[] } };

export function uplinkRole(sw: WithUplinks, name: string): UplinkRole {
  return (sw.uplinks.active ?? []).includes(name) ? 'active' : sw.uplinks.standby.includes(name) ? 'standby' : 'unused';
}

/**
 * Sets an uplink's role on one switch; an uplink made active/standby here is taken off the host's other switches.
 * A switch whose uplinks followed the host plan gets the plan's uplinks written down first (the technician now
 * chooses them).
 */
export function setUplinkRole(host: Host, swIndex: number, name: string, role: UplinkRole, planned: readonly WithUplinks[] = []): Host {
  const vswitches = host.vswitches.map((sw, i) => {
    const current = sw.uplinks.active ?? [...(planned[i]?.uplinks.active ?? [])];
    const active = current.filter((u) => u !== name);
    const standby = sw.uplinks.standby.filter((u) => u !== name);
    if (i === swIndex) {
      if (role === 'active') active.push(name);
      if (role === 'standby') standby.push(name);
      return { ...sw, uplinks: { active, standby } };
    }
    const touched = current.includes(name) || sw.uplinks.standby.includes(name);
    return role === 'unused' || !touched ? sw : { ...sw, uplinks: { active, standby } };
  });
  return { ...host, vswitches };
}

/** Lets a switch's uplinks follow the host plan again (vSwitch0: the install NIC, as the installer gives it). */
export function followHostPlan(host: Host, swIndex: number): Host {
  return { ...host, vswitches: host.vswitches.map((sw, i) => (i === swIndex ? { ...sw, uplinks: { standby: [] } } : sw)) };
}

/** A new vSwitch with the next free name and one port group. */
export function newSwitch(host: Host): VSwitch {
  let n = host.vswitches.length;
  while (host.vswitches.some((s) => s.name === `vSwitch${n}`)) n++;
  return VSwitch.parse({ name: `vSwitch${n}`, uplinks: { active: [] }, portGroups: [{ name: `PG ${n}`, vlan: 0 }] });
}

/** Splits a comma-separated input into trimmed, non-empty items. */
export const splitList = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** A number input's value: a number, or NaN for an empty field (so validation names it). */
export const numberValue = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

/**
 * Built-in VM Service classes offered next to the site's own
 * (docs/FIELD-NOTES.md "Built-in VM classes", presumed built-in).
 */
export const BUILTIN_CLASSES = ['best-effort-xsmall', 'best-effort-small', 'best-effort-medium', 'best-effort-large', 'guaranteed-small', 'guaranteed-medium'];

/** VM classes a VM can pick: the site's own first, then the built-in ones. */
export function vmClassChoices(site: Site): string[] {
  const own = site.spec.workloads.vmClasses.map((c) => c.name).filter(Boolean);
  return [...own, ...BUILTIN_CLASSES.filter((b) => !own.includes(b))];
}

/** True when a class name is neither defined on the site nor a built-in class name. */
export function isUnknownClass(site: Site, name: string): boolean {
  return name.trim() !== '' && !vmClassChoices(site).includes(name) && !/^(best-effort|guaranteed)-(xsmall|small|medium|large|xlarge|\d+xlarge)$/.test(name);
}

/** Port groups a VM on `hostName` (the first host when absent) can attach to, from that host's vSwitches. */
export function portGroupChoices(site: Site, hostName: string | undefined): string[] {
  const host = site.spec.hosts.find((h) => h.name === hostName) ?? site.spec.hosts[0];
  const names = new Set<string>();
  for (const sw of host?.vswitches ?? []) for (const pg of sw.portGroups) if (pg.name && pg.name !== 'Management Network') names.add(pg.name);
  return [...names];
}

/** Networks of a VM that no port group on its host defines (the Review step would flag them). */
export function unknownNetworks(site: Site, hostName: string | undefined, networks: readonly string[]): string[] {
  const known = portGroupChoices(site, hostName);
  return networks.filter((n) => !known.includes(n));
}

/** `key=value` lines (extraConfig) ↔ a list; lines without `=` are ignored. */
export function parseKeyValues(text: string): { key: string; value: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes('='))
    .map((l) => ({ key: l.slice(0, l.indexOf('=')).trim(), value: l.slice(l.indexOf('=') + 1).trim() }));
}
export const formatKeyValues = (list: readonly { key: string; value: string }[]): string => list.map((e) => `${e.key}=${e.value}`).join('\n');

/** `10de:25b6` lines (PCI vendor:device, as `lspci -nn` shows them) ↔ passthrough devices. */
export function parsePciIds(text: string): { vendorId: string; deviceId: string }[] {
  return text
    .split(/[\n,]/)
    .map((l) => /^\s*(?:0x)?([0-9a-fA-F]{1,4})\s*:\s*(?:0x)?([0-9a-fA-F]{1,4})\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ vendorId: `0x${(m[1] ?? '').toLowerCase().padStart(4, '0')}`, deviceId: `0x${(m[2] ?? '').toLowerCase().padStart(4, '0')}` }));
}
export const formatPciIds = (list: readonly { vendorId: string; deviceId: string }[]): string => list.map((d) => `${d.vendorId.replace(/^0x/, '')}:${d.deviceId.replace(/^0x/, '')}`).join('\n');
