/**
 * What each installed host is expected to be, in ONE pure function: `expectedHosts(site, plan, files)`.
 *
 * The acceptance check compares what a host's API says with this and nothing else. It reads the host plan
 * (main/core/host-plan: the install NIC, the uplinks and their MACs, vSwitch0 as the installer makes it, the USB
 * NIC Fling's settings) and the files `generateSiteFiles()` makes from it for the repo: the install-time facts
 * (address, netmask, host and domain name, DNS servers) from the kickstart's `network` line as the stick carries
 * it, the vSwitches, port groups, NTP servers and VMs from the manifests GitOps applies to the host (its
 * kustomization tree).
 */
import { parseAllDocuments } from 'yaml';
import type { Host, Site } from '../site/schema';
import type { HostPlan, SitePlan } from '../host-plan/types';
import { requirePlan } from '../host-plan/plan';
import { hostKickstart } from '../media/kickstart';
import { hostPath } from '../manifests/generate';
import type { GeneratedFile } from '../manifests/generate';

/** A vSwitch the host must have: from the site repo (GitOps applies it) or as the installer makes vSwitch0. */
export interface ExpectedVSwitch {
  readonly name: string;
  readonly uplinks: readonly string[];
  readonly portGroups: readonly { readonly name: string; readonly vlan: number }[];
  /** `repo`: a HostConfiguration in the site repo sets it; `install`: the installer's vSwitch0 (kickstart). */
  readonly source: 'repo' | 'install';
  /** The repo file that sets it, for messages. */
  readonly file?: string;
}

export interface ExpectedVm {
  readonly name: string;
  readonly powerState: string;
  /** The ECS Kubernetes worker node (ec-wrkr.ova). */
  readonly worker: boolean;
  readonly file: string;
}

export interface ExpectedHost {
  readonly host: string;
  /** Where the technician's laptop reaches it: the planned static management address (absent with DHCP). */
  readonly address?: string;
  /** The site's release (8.0U3). */
  readonly release: string;
  readonly hostName?: string;
  readonly domainName?: string;
  readonly vmk0?: { readonly ip: string; readonly netmask: string };
  /** Every NIC the plan uses as an uplink (role uplink, in a vSwitch, or the install NIC), with its bus. */
  readonly uplinks: readonly { readonly nic: string; readonly usb: boolean; readonly mac?: string }[];
  readonly vswitches: readonly ExpectedVSwitch[];
  /** DNS servers as the kickstart sets them; absent when the installer is not told any (DHCP). */
  readonly dnsServers?: readonly string[];
  /** NTP servers from the site repo's time configuration; absent when the site uses PTP. */
  readonly ntpServers?: readonly string[];
  readonly vms: readonly ExpectedVm[];
  /** The USB NIC Fling's module settings for this host, for the console commands when a USB uplink is down. */
  readonly usbFlingSettings?: string;
}

type Doc = { readonly kind?: unknown; readonly metadata?: { readonly name?: unknown }; readonly spec?: Record<string, unknown>; readonly resources?: unknown };

function docsOf(content: string): Doc[] {
  try {
    return parseAllDocuments(content, { logLevel: 'error' }).flatMap((d) => {
      if (!('toJS' in d) || d.errors.length > 0) return [];
      const o = d.toJS({ maxAliasCount: 100 }) as unknown;
      return o && typeof o === 'object' ? [o as Doc] : [];
    });
  } catch {
    return [];
  }
}

/** `a/b/../c` → `a/c` (repo paths, forward slashes; core has no node:path). */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** Every manifest file GitOps applies to a host: its kustomization tree, resolved as Flux's kustomize does. */
export function hostManifestFiles(files: ReadonlyMap<string, string>, hostDir: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (dir: string): void => {
    const kpath = `${dir}/kustomization.yaml`;
    if (seen.has(kpath)) return;
    seen.add(kpath);
    const k = docsOf(files.get(kpath) ?? '')[0];
    const resources = Array.isArray(k?.resources) ? (k.resources as unknown[]).filter((r): r is string => typeof r === 'string') : [];
    for (const r of resources) {
      const target = normalize(`${dir}/${r}`);
      if (files.has(`${target}/kustomization.yaml`)) visit(target);
      else if (files.has(target) && !seen.has(target)) {
        seen.add(target);
        out.push(target);
      }
    }
  };
  visit(normalize(hostDir));
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** A HostConfiguration's JSON profile (spec.profile is a JSON string). */
function profileOf(doc: Doc): Record<string, unknown> | undefined {
  if (doc.kind !== 'HostConfiguration') return undefined;
  const text = str(doc.spec?.profile);
  if (!text) return undefined;
  try {
    return obj(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The kickstart's `network` line as `--key=value` pairs (values unquoted). */
function networkLine(site: Site, host: Host, plan: HostPlan): Map<string, string> {
  const ks = hostKickstart(site, host, plan);
  const line = ks.ok ? ks.value.network : '';
  const out = new Map<string, string>();
  for (const m of line.matchAll(/--([a-z]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) out.set(m[1]!, m[2]!.replace(/^"(.*)"$/, '$1'));
  return out;
}

function expectedHost(site: Site, host: Host, plan: HostPlan, files: ReadonlyMap<string, string>): ExpectedHost {
  const net = networkLine(site, host, plan);
  const docs = hostManifestFiles(files, hostPath(site, host)).flatMap((file) => docsOf(files.get(file) ?? '').map((doc) => ({ file, doc })));

  const vswitches: ExpectedVSwitch[] = [];
  let ntpServers: string[] | undefined;
  for (const { file, doc } of docs) {
    const esx = obj(profileOf(doc)?.esx);
    for (const sw of arr(obj(esx.network_vss).switches)) {
      const s = obj(sw);
      const name = str(s.name);
      if (!name) continue;
      const teaming = obj(obj(s.policy).nic_teaming);
      const uplinks = [...arr(teaming.active_nics), ...arr(teaming.standby_nics)].filter((n): n is string => typeof n === 'string');
      const portGroups = arr(s.port_groups).flatMap((p) => {
        const pg = obj(p);
        return typeof pg.name === 'string' ? [{ name: pg.name, vlan: typeof pg.vlan_id === 'number' ? pg.vlan_id : 0 }] : [];
      });
      vswitches.push({ name, uplinks, portGroups, source: 'repo', file });
    }
    const time = obj(obj(esx.system).system_time);
    if (time.protocol === 'NTP') ntpServers = arr(obj(time.ntp_config).server).flatMap((x) => (typeof obj(x).hostname === 'string' ? [obj(x).hostname as string] : []));
  }
  // vSwitch0 as the installer makes it, unless the repo rewrites it: the install NIC (the plan's), Management
  // Network and VM Network.
  const installNic = plan.install.nic;
  if (!vswitches.some((v) => v.name === 'vSwitch0')) {
    vswitches.unshift({ name: 'vSwitch0', uplinks: installNic ? [installNic] : [], portGroups: [{ name: 'Management Network', vlan: host.management.vlan }, { name: 'VM Network', vlan: 0 }], source: 'install' });
  }

  // Every NIC the plan uses as an uplink: the install NIC, every uplink-role NIC and every NIC a vSwitch uses.
  const nicsByName = new Map(plan.nics.map((n) => [n.name, n]));
  const uplinkNames = new Set<string>([...(installNic ? [installNic] : []), ...plan.nics.filter((n) => n.role === 'uplink').map((n) => n.name), ...vswitches.flatMap((v) => v.uplinks)]);
  const uplinks = [...uplinkNames].map((nic) => {
    const n = nicsByName.get(nic);
    return { nic, usb: n ? n.bus === 'usb' : nic.startsWith('vusb'), ...(n?.mac ? { mac: n.mac } : {}) };
  });
  const usbFlingSettings = plan.moduleSettings.find((m) => m.module === 'vmkusb_nic_fling')?.options;

  const vms: ExpectedVm[] = docs.flatMap(({ file, doc }) => {
    if (doc.kind !== 'VirtualMachine' || typeof doc.metadata?.name !== 'string') return [];
    return [{ name: doc.metadata.name, powerState: str(doc.spec?.powerState) ?? 'poweredOn', worker: str(doc.spec?.imageName) === 'ec-wrkr.ova', file }];
  });

  const fqdn = net.get('hostname');
  const dot = fqdn?.indexOf('.') ?? -1;
  const ip = net.get('ip');
  const netmask = net.get('netmask');
  return {
    host: host.name,
    ...(host.management.mode === 'static' && host.management.ip ? { address: host.management.ip } : {}),
    release: site.spec.release,
    ...(fqdn ? { hostName: dot > 0 ? fqdn.slice(0, dot) : fqdn, ...(dot > 0 ? { domainName: fqdn.slice(dot + 1) } : {}) } : {}),
    ...(ip && netmask ? { vmk0: { ip, netmask } } : {}),
    uplinks,
    vswitches,
    ...(net.get('nameserver') ? { dnsServers: net.get('nameserver')!.split(',') } : {}),
    ...(ntpServers && site.spec.ntp.protocol === 'NTP' ? { ntpServers } : {}),
    vms,
    ...(usbFlingSettings ? { usbFlingSettings } : {}),
  };
}

/** What every host of the site is expected to be, from the site and the repo files generated from it. */
export function expectedHosts(site: Site, plan: SitePlan, generatedFiles: readonly GeneratedFile[]): ExpectedHost[] {
  const files = new Map(generatedFiles.map((f) => [f.path, f.content]));
  return site.spec.hosts.map((h) => expectedHost(site, h, requirePlan(plan, h.name), files));
}
