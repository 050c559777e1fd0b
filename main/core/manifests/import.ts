/**
 * Imports an existing site repo folder or loose manifests into the site model (pure: takes file contents).
 *
 * A document is modelled only when Sitekit would write it back exactly: import maps it to model values,
 * rebuilds the document from those values with the generator's own builders and compares. Anything else —
 * unknown kinds, extra fields, defective files — is kept verbatim as an app manifest (per source file, with
 * its comments) so nothing is dropped, and all of it is still linted.
 */
import { parse as parseYaml } from 'yaml';
import type { Issue } from '../result';
import { Host, LocalUser, Site, SITE_API_VERSION, SITE_KIND, Vm, VmClass, VSwitch, Worker, Workloads, type SiteInput } from '../site/schema';
import { issuesFromZod } from '../site/yaml';
import type { Finding } from './findings';
import { HC_NAMES } from './generate';
import { lintFiles } from './lint';
import { readProfile, type ParsedProfile } from './lint-rules';
import { asArray, asRecord, baseName, get, parseFile, type ManifestDoc, type ManifestFile, type ParsedFile } from './manifest-docs';
import { AdvancedOption, HostSettings, MetallbPool, NfsDatastore, PtpAdapter } from '../site/host-settings';
import {
  acceptanceLevelProfile,
  accountLockoutProfile,
  advancedOptionsProfile,
  nfsProfile,
  ptpProfile,
  welcomeCustom,
  deepEqual,
  hostUsesUsbNic,
  moduleSettingsProfile,
  switchProfile,
  syslogProfile,
  timeProfile,
  usersProfile,
  USB_NIC_SCAN,
  welcomeProfile,
} from './profiles';
import {
  metallbDocs,
  METALLB_NAMESPACE,
  memoryQuantity,
  parseMemoryMiB,
  userDataKey,
  vmClassDoc,
  vmDocs,
  WORKER_CLASS,
  WORKER_CONFIGMAP,
  WORKER_NAME,
  WORKER_NAMESPACE,
  workerConfigMap,
  workerDocs,
  workerNetplan,
} from './workload-docs';

export type ImportOutcome = 'modeled' | 'verbatim' | 'skipped';

/** What happened to one document (or one whole file, docIndex -1). */
export interface ImportedItem {
  readonly file: string;
  readonly docIndex: number;
  readonly kind: string;
  readonly name: string;
  readonly outcome: ImportOutcome;
  /** Where it went in the model, e.g. `spec.ntp`, `spec.hosts[esx01].vswitches`, `spec.workloads.apps[nfs]`. */
  readonly into: string;
  /** Why it was kept verbatim or skipped (a short code: unknown-kind, not-exact, defective, generated, not-yaml…). */
  readonly reason?: string;
}

export interface ImportResult {
  /** The merged site; valid when `valid` is true, else it needs the fields in `issues` filled in. */
  readonly site: SiteInput;
  readonly valid: boolean;
  readonly issues: readonly Issue[];
  readonly items: readonly ImportedItem[];
  /** Lint of the imported files, with the merged site as context when it is valid. */
  readonly findings: readonly Finding[];
}

export interface ImportOptions {
  /** The site to merge into (the open draft); a site.yaml among the files takes precedence. */
  readonly base?: SiteInput;
}

type Mutable = Record<string, unknown>;
type HostModel = Host;
interface Working {
  readonly site: Mutable;
  readonly spec: Mutable;
  readonly hosts: HostModel[];
  readonly workloads: Workloads;
  users: Site['spec']['users'];
  hostSettings: HostSettings;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? null)) as T;
const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/\.[a-z]+$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '') || 'app';

function skeleton(files: readonly ParsedFile[]): SiteInput {
  // Host folders are <site>/hosts/<host>/; workloads/hosts/<host>/ holds VMs and names no host of its own.
  const hostFiles = files.map((f) => f.file.path).filter((path) => !/(?:^|\/)workloads\/hosts\//.test(path));
  const hostNames = [...new Set(hostFiles.map((path) => /(?:^|\/)hosts\/([^/]+)\/[^/]+$/.exec(path)?.[1]).filter((h): h is string => !!h))];
  const names = hostNames.length > 0 ? hostNames.slice(0, 2) : ['esx01'];
  const id = hostFiles.map((path) => /(?:^|\/)([a-z0-9-]+)\/hosts\/[^/]+\/[^/]+$/.exec(path)?.[1]).find(Boolean);
  return {
    apiVersion: SITE_API_VERSION,
    kind: SITE_KIND,
    metadata: { name: id ?? 'Imported site', id: id ?? 'imported-site' },
    spec: { topology: names.length === 2 ? 'two-node' : 'one-node', hosts: names.map((name) => ({ name, management: { mode: 'dhcp' } })) } as SiteInput['spec'],
  };
}

function working(base: SiteInput): Working {
  const site = clone(base) as unknown as Mutable;
  const spec = asRecord(site.spec);
  site.spec = spec;
  const hosts = asArray(spec.hosts).map((h) => {
    const parsed = Host.safeParse(h);
    return parsed.success ? parsed.data : (h as HostModel);
  });
  const wl = Workloads.safeParse(spec.workloads ?? {});
  const users = asArray(spec.users).flatMap((u) => {
    const p = LocalUser.safeParse(u);
    return p.success ? [p.data] : [];
  });
  const hs = HostSettings.safeParse(spec.hostSettings ?? {});
  return { site, spec, hosts, workloads: wl.success ? wl.data : Workloads.parse({}), users, hostSettings: hs.success ? hs.data : HostSettings.parse({}) };
}

/** Hosts a document applies to: the `hosts/<name>/` folder it sits in, else every host. */
function targetHosts(w: Working, file: string): HostModel[] {
  const m = /(?:^|\/)hosts\/([^/]+)\/[^/]+$/.exec(file);
  const named = m && !/workloads\/hosts\//.test(file) ? w.hosts.filter((h) => h.name === m[1]) : [];
  return named.length > 0 ? named : w.hosts;
}

/** vSwitch0 as ESXi installs it for this host (what an absent vSwitch0 in Sitekit's vswitches.yaml means). */
function installDefaultVSwitch0(h: HostModel): VSwitch {
  // No uplinks given: they follow the host plan (vSwitch0 gets the install NIC, as the installer gives it).
  return VSwitch.parse({ name: 'vSwitch0', portGroups: [{ name: 'Management Network', vlan: h.management.vlan }, { name: 'VM Network', vlan: 0 }] });
}

// ---------------------------------------------------------------------------------------------------------
// HostConfigurations: one concern each, modelled only when the rebuilt profile is identical.

type HcResult = { into: string } | { reason: string };

/**
 * The gate every HostConfiguration passes before its concern is read: the namespace and layer Sitekit writes,
 * no field it would not write back (a `status:` block, a priority in spec), a readable profile not wrapped in
 * {"profile": …}. What fails is kept as written, so regenerating the repo cannot drop it.
 */
function gateHostConfiguration(d: ManifestDoc): ParsedProfile | { reason: string } {
  if (d.namespace !== 'esx-system' || get(d.value, 'spec.layertype') !== 'Incremental') return { reason: 'not-incremental-esx-system' };
  const extra = Object.keys(asRecord(d.value)).filter((k) => !['apiVersion', 'kind', 'metadata', 'spec'].includes(k));
  if (extra.length > 0 || Object.keys(asRecord(get(d.value, 'spec'))).length !== 2) return { reason: 'extra-fields' };
  const p = readProfile(d);
  if (!p || typeof p === 'string') return { reason: 'profile-invalid' };
  if (p.wrapped) return { reason: 'profile-wrapped' };
  return p;
}

/** One HostConfiguration into the model: its local users (a profile with authentication or authorization), or the one concern it holds. */
function importHostConfigurationDoc(w: Working, d: ManifestDoc): HcResult {
  const p = gateHostConfiguration(d);
  if ('reason' in p) return p;
  const keys = Object.keys(p.esx);
  return keys.includes('authentication') || keys.includes('authorization') ? importUsers(w, d, p) : importHostConfiguration(w, d, p);
}

function importHostConfiguration(w: Working, d: ManifestDoc, p: ParsedProfile): HcResult {
  const esx = p.esx;
  const full = { esx };
  const top = Object.keys(esx);
  if (top.length !== 1) return { reason: 'several-concerns' };
  const system = asRecord(esx.system);
  if (top[0] === 'system' && Object.keys(system).length === 1 && system.system_time) {
    const st = asRecord(system.system_time);
    const servers = asArray(get(st, 'ntp_config.server')).map((s) => String(asRecord(s).hostname ?? ''));
    const ntp = st.protocol === 'PTP' ? { protocol: 'PTP' as const, servers: asArray(get(w.spec, 'ntp.servers')).map(String) } : { protocol: 'NTP' as const, servers };
    if (!deepEqual(timeProfile(ntp), full)) return { reason: 'not-exact' };
    w.spec.ntp = ntp;
    return { into: 'spec.ntp' };
  }
  if (top[0] === 'system' && Object.keys(system).length === 1 && system.welcome_message) {
    const message = get(system, 'welcome_message.message');
    const custom = typeof message === 'string' ? welcomeCustom(message) : undefined;
    if (custom === undefined || custom.length > 400 || !deepEqual(welcomeProfile(custom), full)) return { reason: 'not-exact' };
    w.spec.dcuiWelcome = custom;
    return { into: 'spec.dcuiWelcome' };
  }
  if (top.length === 1 && top[0] === 'syslog') {
    const hosts = asArray(get(esx, 'syslog.global_settings.remote_logging.log_host')).map((h) => {
      const r = asRecord(h);
      const m = /^(.*):(\d+)$/.exec(String(r.address ?? '')) ?? /^(.*)()$/.exec(String(r.address ?? ''));
      return { protocol: r.protocol as 'UDP', address: m?.[1] ?? String(r.address ?? ''), port: Number(m?.[2] || 514) };
    });
    if (!deepEqual(syslogProfile(hosts), full)) return { reason: 'not-exact' };
    w.spec.syslog = hosts;
    return { into: 'spec.syslog' };
  }
  if (top[0] === 'network_vss') {
    const switches = asArray(get(esx, 'network_vss.switches')).map((raw) => {
      const sw = asRecord(raw);
      const parsed = VSwitch.safeParse({
        name: sw.name,
        mtu: sw.mtu,
        uplinks: { active: get(sw, 'policy.nic_teaming.active_nics'), standby: get(sw, 'policy.nic_teaming.standby_nics') },
        security: {
          allowPromiscuous: get(sw, 'policy.security.allow_promiscuous'),
          macChanges: get(sw, 'policy.security.mac_changes'),
          forgedTransmits: get(sw, 'policy.security.forged_transmits'),
        },
        portGroups: asArray(sw.port_groups).map((g) => ({ name: asRecord(g).name, vlan: asRecord(g).vlan_id })),
      });
      return parsed.success && deepEqual(switchProfile({ ...parsed.data, uplinks: { active: parsed.data.uplinks.active ?? [], standby: parsed.data.uplinks.standby } }), sw) ? parsed.data : undefined;
    });
    if (switches.length === 0 || switches.some((s) => s === undefined)) return { reason: 'not-exact' };
    const targets = targetHosts(w, d.file);
    for (const h of targets) {
      // Sitekit leaves an unchanged vSwitch0 out of the file: keep the host's own vSwitch0 when the file has none.
      const keep0 = (s: VSwitch): boolean => s.name === 'vSwitch0' && !switches.some((n) => n?.name === 'vSwitch0');
      let list = d.name === HC_NAMES.vswitches ? h.vswitches.filter(keep0) : h.vswitches.filter((s) => !switches.some((n) => n?.name === s.name));
      if (d.name === HC_NAMES.vswitches && !switches.some((n) => n?.name === 'vSwitch0') && !list.some((s) => s.name === 'vSwitch0')) list = [installDefaultVSwitch0(h)];
      (h as { vswitches: VSwitch[] }).vswitches = [...list, ...clone(switches as VSwitch[])];
    }
    return { into: `spec.hosts[${targets.map((h) => h.name).join(',')}].vswitches` };
  }
  if (top[0] === 'vmkernel') {
    const settings = asArray(get(esx, 'vmkernel.module_settings')).map((m) => ({ module: String(asRecord(m).module_name ?? ''), options: String(asRecord(m).options ?? '') }));
    if (settings.some((s) => !s.module || !s.options) || !deepEqual(moduleSettingsProfile(settings), full)) return { reason: 'not-exact' };
    const targets = targetHosts(w, d.file);
    for (const h of targets) {
      // The USB NIC scan is added by generation whenever the host uses a USB NIC; keep it implicit there.
      const own = settings.filter((s) => !(hostUsesUsbNic(h) && s.module === USB_NIC_SCAN.module && s.options === USB_NIC_SCAN.options));
      const keep = d.name === HC_NAMES.moduleSettings ? [] : h.requirements.moduleSettings.filter((m) => !own.some((o) => o.module === m.module));
      (h.requirements as { moduleSettings: typeof own }).moduleSettings = [...keep, ...own];
    }
    return { into: `spec.hosts[${targets.map((h) => h.name).join(',')}].requirements.moduleSettings` };
  }
  if (top[0] === 'storage') {
    const list = asArray(get(esx, 'storage.nfs_v3_datastores')).map((x) => {
      const r = asRecord(x);
      return NfsDatastore.safeParse({ name: r.volume_name, server: r.hostname, share: r.remote_share, connections: r.connections, readOnly: r.read_only });
    });
    const ok = list.flatMap((x) => (x.success ? [x.data] : []));
    if (ok.length !== list.length || !deepEqual(nfsProfile(ok), full)) return { reason: 'not-exact' };
    w.hostSettings = { ...w.hostSettings, nfsDatastores: [...(d.name === HC_NAMES.nfs ? [] : w.hostSettings.nfsDatastores.filter((x) => !ok.some((o) => o.name === x.name))), ...ok] };
    return { into: 'spec.hostSettings.nfsDatastores' };
  }
  if (top[0] === 'advanced_options') {
    const list = Object.entries(asRecord(esx.advanced_options)).map(([group, v]) => {
      const r = asRecord(v);
      return AdvancedOption.safeParse({ group, name: r.option_name, value: r.integer_value ?? r.string_value });
    });
    const ok = list.flatMap((x) => (x.success ? [x.data] : []));
    if (ok.length !== list.length || !deepEqual(advancedOptionsProfile(ok), full)) return { reason: 'not-exact' };
    w.hostSettings = { ...w.hostSettings, advancedOptions: [...(d.name === HC_NAMES.advancedOptions ? [] : w.hostSettings.advancedOptions.filter((x) => !ok.some((o) => o.group === x.group))), ...ok] };
    return { into: 'spec.hostSettings.advancedOptions' };
  }
  if (top[0] === 'esx_update') {
    const level = HostSettings.shape.acceptanceLevel.safeParse(get(esx, 'esx_update.software.acceptance_level.level'));
    if (!level.success || level.data === undefined || !deepEqual(acceptanceLevelProfile(level.data), full)) return { reason: 'not-exact' };
    w.hostSettings = { ...w.hostSettings, acceptanceLevel: level.data };
    return { into: 'spec.hostSettings.acceptanceLevel' };
  }
  if (top[0] === 'security') {
    const lock = HostSettings.shape.accountLockout.safeParse({ failures: get(esx, 'security.settings.account_lock_failures'), unlockSeconds: get(esx, 'security.settings.account_unlock_time') });
    if (!lock.success || lock.data === undefined || !deepEqual(accountLockoutProfile(lock.data), full)) return { reason: 'not-exact' };
    w.hostSettings = { ...w.hostSettings, accountLockout: lock.data };
    return { into: 'spec.hostSettings.accountLockout' };
  }
  if (top[0] === 'network') {
    const vmk = asRecord(asArray(get(esx, 'network.vmknics'))[0]);
    const ptp = PtpAdapter.safeParse({ device: vmk.device, portGroup: vmk.port_group, mtu: vmk.mtu });
    if (!ptp.success || !deepEqual(ptpProfile(ptp.data), full)) return { reason: 'not-exact' };
    const targets = targetHosts(w, d.file);
    for (const h of targets) (h as { ptp?: PtpAdapter }).ptp = ptp.data;
    return { into: `spec.hosts[${targets.map((h) => h.name).join(',')}].ptp` };
  }
  return { reason: 'unknown-profile-keys' };
}

function importUsers(w: Working, d: ManifestDoc, p: ParsedProfile): HcResult {
  const keys = Object.keys(p.esx).sort();
  if (keys.join(',') !== 'authentication,authorization') return { reason: 'not-exact' };
  const perms = asArray(get(p.esx, 'authorization.permissions')).map(asRecord);
  const users = asArray(get(p.esx, 'authentication.user_accounts')).map((a) => {
    const acc = asRecord(a);
    const perm = perms.find((x) => x.principal === acc.name);
    return LocalUser.safeParse({ name: acc.name, passwordHash: acc.password_hash, description: acc.description, access: perm?.access_mode });
  });
  if (users.some((u) => !u.success)) return { reason: 'not-exact' };
  const list = users.flatMap((u) => (u.success ? [u.data] : []));
  if (!deepEqual(usersProfile(list), { esx: p.esx })) return { reason: 'not-exact' };
  w.users = [...(d.name === HC_NAMES.users ? [] : w.users.filter((u) => !list.some((n) => n.name === u.name))), ...list];
  return { into: 'spec.users' };
}

// ---------------------------------------------------------------------------------------------------------
// Workloads

function sameDocs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => deepEqual(x, y)));
}

/** The worker's network from a netplan ConfigMap, when it is exactly what Sitekit writes for that network. */
function readWorkerNetplan(cm: ManifestDoc, fallbackDns: readonly string[]): { network: Workloads['worker']['network']; text: string } | undefined {
  const text = String(get(cm.value, 'data.networkconfig') ?? '');
  let plan: unknown;
  try {
    plan = parseYaml(text);
  } catch {
    return undefined;
  }
  const eth = asRecord(get(plan, 'ethernets.eth0'));
  const [ip, prefix] = String(asArray(eth.addresses)[0] ?? '').split('/');
  const dns = asArray(get(eth, 'nameservers.addresses')).map(String);
  const network = { mode: 'static' as const, ip, prefix: Number(prefix), gateway: String(get(asArray(eth.routes)[0], 'via') ?? ''), dns: deepEqual(dns, fallbackDns) ? [] : dns };
  return deepEqual(plan, workerNetplan(network, fallbackDns)) ? { network, text } : undefined;
}

const isWorkerConfig = (d: ManifestDoc): boolean => d.kind === 'ConfigMap' && d.name === WORKER_CONFIGMAP && d.namespace === WORKER_NAMESPACE;

/**
 * The worker node from its class, namespace, VM and optional ConfigMap; all of them or none. The ConfigMap
 * sits with the VM (one node), or one per host in workloads/hosts/<host>/ (`perHost`, two nodes: each host's
 * worker has its own address); then every host must have one, and they may differ only in the address.
 */
function importWorker(w: Working, docs: readonly ManifestDoc[], fallbackDns: readonly string[], perHost: readonly ManifestDoc[]): ManifestDoc[] | undefined {
  const vm = docs.find((d) => d.kind === 'VirtualMachine' && d.name === WORKER_NAME && d.namespace === WORKER_NAMESPACE);
  const cls = docs.find((d) => d.kind === 'VirtualMachineClass' && d.name === WORKER_CLASS);
  if (!vm || !cls) return undefined;
  const ns = docs.find((d) => d.kind === 'Namespace' && d.name === WORKER_NAMESPACE);
  const cm = docs.find(isWorkerConfig);
  const cpus = get(cls.value, 'spec.hardware.cpus');
  const mib = parseMemoryMiB(get(cls.value, 'spec.hardware.memory'));
  if (typeof cpus !== 'number' || mib === undefined || mib % 1024 !== 0) return undefined;
  let network: Workloads['worker']['network'] = { mode: 'dhcp', prefix: 24, dns: [] };
  let netplan: string | 'per-host' | undefined;
  const hostIps = new Map<string, string>();
  if (cm) {
    const read = readWorkerNetplan(cm, fallbackDns);
    if (!read) return undefined;
    network = read.network;
    netplan = read.text;
  } else if (perHost.length > 0 && typeof get(vm.value, 'spec.vmMetadata.configMapName') === 'string') {
    for (const d of perHost) {
      const host = /(?:^|\/)workloads\/hosts\/([^/]+)\/[^/]+$/.exec(d.file)?.[1];
      const read = readWorkerNetplan(d, fallbackDns);
      if (!read || !host || hostIps.has(host) || !w.hosts.some((h) => h.name === host)) return undefined;
      const { ip, ...shared } = read.network;
      const { ip: _, ...before } = network;
      if (hostIps.size > 0 && !deepEqual(shared, before)) return undefined;
      network = { ...shared };
      hostIps.set(host, ip ?? '');
    }
    if (w.hosts.length < 2 || w.hosts.some((h) => !hostIps.has(h.name))) return undefined;
    netplan = 'per-host';
  }
  const worker = Worker.safeParse({ enabled: true, cpus, memoryGiB: mib / 1024, network, powerState: get(vm.value, 'spec.powerState') });
  if (!worker.success) return undefined;
  const rebuilt = workerDocs(worker.data, netplan);
  const found = [cls, ...(ns ? [ns] : []), vm, ...(cm ? [cm] : [])];
  // The netplan text is compared as data above; compare the rest exactly.
  const strip = (o: unknown): unknown => (asRecord(o).kind === 'ConfigMap' ? { ...asRecord(o), data: {} } : o);
  const expected = rebuilt.filter((r) => ns || asRecord(r).kind !== 'Namespace');
  if (!sameDocs(found.map((d) => strip(d.value)), expected.map(strip))) return undefined;
  if (hostIps.size > 0 && !perHost.every((d) => deepEqual(strip(d.value), strip(workerConfigMap(''))))) return undefined;
  (w.workloads as { worker: Workloads['worker'] }).worker = worker.data;
  for (const h of w.hosts) if (hostIps.has(h.name)) (h as { workerIp?: string }).workerIp = hostIps.get(h.name);
  return [...found, ...(hostIps.size > 0 ? perHost : [])];
}

function importVm(w: Working, d: ManifestDoc, all: readonly ManifestDoc[]): ManifestDoc[] | undefined {
  const v = asRecord(d.value);
  const spec = asRecord(v.spec);
  const meta = asRecord(spec.vmMetadata);
  const ns = d.namespace || 'default';
  const source = typeof meta.secretName === 'string' ? 'Secret' : typeof meta.configMapName === 'string' ? 'ConfigMap' : undefined;
  const refName = String(meta.secretName ?? meta.configMapName ?? '');
  const ref = source ? all.find((x) => x.kind === source && x.name === refName && (x.namespace || 'default') === ns) : undefined;
  if (source && !ref) return undefined;
  const transport = meta.transport === 'Sysprep' ? 'Sysprep' : 'CloudInit';
  const key = transport === 'Sysprep' ? 'unattend' : 'user-data';
  const content = ref ? get(ref.value, source === 'Secret' ? `stringData.${key}` : `data.${key}`) : undefined;
  if (ref && typeof content !== 'string') return undefined;
  // Sitekit writes a host's VMs to workloads/hosts/<host>/; one found in the host's own folder runs there too.
  const hostDir = /(?:^|\/)hosts\/([^/]+)\/[^/]+$/.exec(d.file)?.[1];
  const host = hostDir && hostDir !== w.hosts[0]?.name && w.hosts.some((h) => h.name === hostDir) ? hostDir : undefined;
  const parsed = Vm.safeParse({
    name: d.name,
    namespace: ns,
    className: spec.className,
    image: spec.imageName,
    powerState: spec.powerState,
    networks: asArray(spec.networkInterfaces).map((n) => asRecord(n).networkName),
    ...(source ? { userData: { transport, source, content } } : {}),
    ...(host ? { host } : {}),
  });
  if (!parsed.success) return undefined;
  const vm = parsed.data;
  if (ref && userDataKey(vm) !== key) return undefined;
  // Compare with the generator's documents, with the user-data object under its original name.
  const rebuilt = vmDocs(vm).map((o) => {
    const r = clone(o) as Mutable;
    if (r.kind === 'VirtualMachine' && source) asRecord(asRecord(r.spec).vmMetadata)[source === 'Secret' ? 'secretName' : 'configMapName'] = refName;
    if (r.kind !== 'VirtualMachine') asRecord(r.metadata).name = refName;
    return r;
  });
  const found = [d, ...(ref ? [ref] : [])];
  const normal = (o: unknown): unknown => {
    const r = clone(o) as Mutable;
    if (!asRecord(r.metadata).namespace) asRecord(r.metadata).namespace = 'default';
    if (r.kind === 'Secret' && r.type === undefined) r.type = 'Opaque';
    return r;
  };
  if (!sameDocs(found.map((x) => normal(x.value)), rebuilt.map(normal))) return undefined;
  w.workloads.vms.push(vm);
  return found;
}

function importClass(w: Working, d: ManifestDoc): boolean {
  const spec = asRecord(get(d.value, 'spec'));
  const cpus = get(spec, 'hardware.cpus');
  const mib = parseMemoryMiB(get(spec, 'hardware.memory'));
  const cs = asRecord(spec.configSpec);
  const parsed = VmClass.safeParse({
    name: d.name,
    cpus,
    memoryMiB: mib,
    reservation: spec.policies ? 'guaranteed' : 'best-effort',
    latencySensitivity: get(cs, 'latencySensitivity.level'),
    extraConfig: asArray(cs.extraConfig).map((e) => ({ key: asRecord(e).key, value: asRecord(e).value })),
    passthroughDevices: asArray(get(spec, 'hardware.devices.dynamicDirectPathIODevices')).map((x) => {
      const r = asRecord(x);
      const hex = (n: unknown): unknown => (typeof n === 'number' ? `0x${n.toString(16).padStart(4, '0')}` : n);
      return { vendorId: hex(r.vendorID), deviceId: hex(r.deviceID) };
    }),
  });
  if (!parsed.success || !deepEqual(vmClassDoc(parsed.data), d.value)) return false;
  if (mib !== undefined && memoryQuantity(mib) !== get(spec, 'hardware.memory')) return false;
  const list = w.workloads.vmClasses as VmClass[];
  const i = list.findIndex((c) => c.name === d.name);
  if (i >= 0) list.splice(i, 1, parsed.data);
  else list.push(parsed.data);
  return true;
}

/** MetalLB pools written by Sitekit: IPAddressPools plus the one L2Advertisement announcing exactly them. */
function importMetallb(w: Working, docs: readonly ManifestDoc[]): ManifestDoc[] | undefined {
  const pools = docs.filter((d) => d.kind === 'IPAddressPool' && d.namespace === METALLB_NAMESPACE);
  const l2 = docs.find((d) => d.kind === 'L2Advertisement' && d.name === 'sitekit-l2' && d.namespace === METALLB_NAMESPACE);
  if (pools.length === 0 || !l2) return undefined;
  const parsed = pools.map((d) => MetallbPool.safeParse({ name: d.name, addresses: get(d.value, 'spec.addresses'), autoAssign: get(d.value, 'spec.autoAssign') ?? true }));
  const ok = parsed.flatMap((p) => (p.success ? [p.data] : []));
  if (ok.length !== parsed.length) return undefined;
  const found = [...pools, l2];
  if (!sameDocs(found.map((d) => d.value), metallbDocs(ok))) return undefined;
  (w.workloads as { metallbPools: MetallbPool[] }).metallbPools = ok;
  return found;
}

const vmKey = (v: { name: string; namespace?: string }): string => `${v.namespace ?? 'default'}/${v.name}`;

/** Sorts `list` in place by the position of each key in `order`; unknown keys keep their order at the end. */
function orderLike<T>(list: T[], order: readonly string[], key: (t: T) => string): void {
  const pos = (t: T): number => {
    const i = order.indexOf(key(t));
    return i < 0 ? order.length : i;
  };
  const indexed = list.map((t, i) => ({ t, i }));
  indexed.sort((a, b) => pos(a.t) - pos(b.t) || a.i - b.i);
  indexed.forEach((x, i) => (list[i] = x.t));
}

// ---------------------------------------------------------------------------------------------------------

/** Imports files into a site model; see the module comment for what is modelled and what is kept verbatim. */
export function importFiles(files: readonly ManifestFile[], options: ImportOptions = {}): ImportResult {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parsed = sorted.map((f) => parseFile(f));
  const items: ImportedItem[] = [];
  const siteFile = parsed.find((p) => p.role === 'site');
  const base: SiteInput = (siteFile?.docs.find((d) => d.kind === 'Site')?.value as SiteInput | undefined) ?? options.base ?? skeleton(parsed);
  const w = working(base);
  const fallbackDns = asArray(get(w.spec, 'dns.servers')).map(String);
  if (siteFile) items.push({ file: siteFile.file.path, docIndex: 0, kind: SITE_KIND, name: String(get(base, 'metadata.id') ?? ''), outcome: 'modeled', into: '(site)' });
  // A repo's own site.yaml already lists its apps and VMs; the files found replace them.
  const baseOrder = { vms: w.workloads.vms.map(vmKey), classes: w.workloads.vmClasses.map((c) => c.name), apps: w.workloads.apps.map((a) => a.name) };
  if (siteFile) {
    (w.workloads as { apps: unknown[] }).apps = [];
    (w.workloads as { vms: unknown[] }).vms = [];
  }

  const consumed = new Set<ManifestDoc>();
  const verbatim = new Map<string, { file: ParsedFile; docs: ManifestDoc[]; reason: string }>();
  const reasons = new Map<ManifestDoc, string>();
  const keep = (p: ParsedFile, d: ManifestDoc | undefined, reason: string): void => {
    const e = verbatim.get(p.file.path) ?? { file: p, docs: [], reason };
    if (d) e.docs.push(d);
    verbatim.set(p.file.path, e);
  };
  const manifests = parsed.filter((p) => p.role === 'manifests');
  const allDocs = manifests.flatMap((p) => p.docs).filter((d) => d.value !== null);

  // The worker first: its documents are modelled together, or kept together.
  const workerFiles = manifests.filter((p) => p.docs.some((d) => d.kind === 'VirtualMachine' && d.name === WORKER_NAME));
  let workerModelled = false;
  // Two definitions of the worker cannot both be Sitekit's: model neither, keep both as they are.
  const ownWorkerFiles = workerFiles.filter((p) => !/\/apps\/[^/]+$/.test(p.file.path));
  // A two-node site's per-host worker addresses: worker-config ConfigMaps in workloads/hosts/<host>/.
  const perHostConfigs = manifests.filter((p) => /(?:^|\/)workloads\/hosts\/[^/]+\/[^/]+$/.test(p.file.path)).flatMap((p) => p.docs.filter(isWorkerConfig));
  for (const p of ownWorkerFiles) {
    const found = workerModelled || ownWorkerFiles.length > 1 ? undefined : importWorker(w, p.docs, fallbackDns, perHostConfigs);
    if (found) {
      workerModelled = true;
      for (const d of found) {
        consumed.add(d);
        items.push({ file: d.file, docIndex: d.docIndex, kind: d.kind, name: d.name, outcome: 'modeled', into: 'spec.workloads.worker' });
      }
    } else for (const d of p.docs) reasons.set(d, 'worker-not-exact');
  }
  const metallbFile = manifests.find((p) => p.docs.some((d) => d.kind === 'L2Advertisement' && d.name === 'sitekit-l2') && !/\/apps\/[^/]+$/.test(p.file.path));
  const metallb = metallbFile ? importMetallb(w, metallbFile.docs) : undefined;
  for (const d of metallb ?? []) {
    consumed.add(d);
    items.push({ file: d.file, docIndex: d.docIndex, kind: d.kind, name: d.name, outcome: 'modeled', into: 'spec.workloads.metallbPools' });
  }
  if (workerFiles.length > 0 && !workerModelled) (w.workloads as { worker: Workloads['worker'] }).worker = { ...w.workloads.worker, enabled: false };

  for (const p of parsed) {
    const path = p.file.path;
    if (p.role === 'site') continue;
    if (p.role === 'kustomization') {
      items.push({ file: path, docIndex: -1, kind: 'Kustomization', name: '', outcome: 'skipped', into: '', reason: 'generated' });
      continue;
    }
    if (p.role === 'other') {
      items.push({ file: path, docIndex: -1, kind: '', name: '', outcome: 'skipped', into: '', reason: /README\.md$/i.test(path) ? 'generated' : 'not-yaml' });
      continue;
    }
    if (/(?:^|\/)workloads\/common\/apps\/[^/]+$/.test(path) || p.errors.length > 0 || p.docs.every((d) => d.value === null)) {
      keep(p, undefined, p.errors.length > 0 ? 'yaml-syntax' : p.docs.every((d) => d.value === null) ? 'no-documents' : 'app');
      continue;
    }
    for (const d of p.docs) {
      if (consumed.has(d) || d.value === null) continue;
      let into: string | undefined;
      // A reason given already (the worker's documents that were not modelled) is kept.
      let reason = reasons.get(d) ?? 'unknown-kind';
      if (d.kind === 'HostConfiguration') {
        const r = importHostConfigurationDoc(w, d);
        if ('into' in r) into = r.into;
        else reason = r.reason;
      } else if (d.kind === 'VirtualMachineClass' && d.name !== WORKER_CLASS) {
        if (importClass(w, d)) into = `spec.workloads.vmClasses[${d.name}]`;
        else reason = 'not-exact';
      } else if (d.kind === 'VirtualMachine' && d.name !== WORKER_NAME) {
        const found = importVm(w, d, allDocs);
        if (found) {
          into = `spec.workloads.vms[${d.name}]`;
          for (const x of found.slice(1)) {
            consumed.add(x);
            items.push({ file: x.file, docIndex: x.docIndex, kind: x.kind, name: x.name, outcome: 'modeled', into: `spec.workloads.vms[${d.name}].userData` });
          }
        } else reason = 'not-exact';
      }
      if (into) {
        consumed.add(d);
        items.push({ file: path, docIndex: d.docIndex, kind: d.kind, name: d.name, outcome: 'modeled', into });
      }
      else reasons.set(d, reason);
    }
  }
  // Namespaces that only exist for modelled VMs are written again by the generator.
  const vmNamespaces = new Set(w.workloads.vms.map((v) => v.namespace));
  for (const p of manifests) {
    for (const d of p.docs) {
      if (consumed.has(d) || d.value === null || verbatim.get(p.file.path)?.reason === 'app') continue;
      if (d.kind === 'Namespace' && vmNamespaces.has(d.name) && deepEqual(d.value, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: d.name } })) {
        consumed.add(d);
        items.push({ file: p.file.path, docIndex: d.docIndex, kind: d.kind, name: d.name, outcome: 'modeled', into: `spec.workloads.vms (namespace ${d.name})` });
        continue;
      }
      if (!/(?:^|\/)workloads\/common\/apps\//.test(p.file.path) && p.errors.length === 0) keep(p, d, reasons.get(d) ?? 'unknown-kind');
    }
  }

  // Verbatim files become apps: whole files byte for byte, or the remaining documents with their comments.
  const apps = w.workloads.apps as { name: string; manifest: string }[];
  const names = new Set(apps.map((a) => a.name));
  for (const [path, e] of verbatim) {
    const own = /(?:^|\/)workloads\/common\/apps\/([^/]+)\.ya?ml$/.exec(path)?.[1];
    let name = own ?? slug(baseName(path));
    if (own) {
      const i = apps.findIndex((a) => a.name === own);
      if (i >= 0) apps.splice(i, 1);
    } else {
      for (let n = 2; names.has(name); n++) name = `${slug(baseName(path)).slice(0, 58)}-${n}`;
    }
    names.add(name);
    const whole = e.docs.length === 0 || e.docs.length === e.file.docs.filter((d) => d.value !== null).length;
    // Each document's own "---" (when its source had one) is dropped: the join writes exactly one between them.
    const manifest = whole ? e.file.file.content : e.docs.map((d) => d.doc.toString({ lineWidth: 0 }).replace(/^---[ \t]*\n/, '')).join('---\n');
    apps.push({ name, manifest: manifest.length > 0 ? manifest : '# (empty file)\n' });
    const docs = e.docs.length > 0 ? e.docs : [undefined];
    for (const d of docs) items.push({ file: path, docIndex: d?.docIndex ?? -1, kind: d?.kind ?? '', name: d?.name ?? '', outcome: 'verbatim', into: `spec.workloads.apps[${name}]`, reason: (d && reasons.get(d)) ?? e.reason });
  }
  apps.sort((a, b) => a.name.localeCompare(b.name));
  // Keep the order the base site had, so a round trip gives the same model (new entries go last).
  orderLike(apps, baseOrder.apps, (a) => a.name);
  orderLike(w.workloads.vms, baseOrder.vms, vmKey);
  orderLike(w.workloads.vmClasses, baseOrder.classes, (c) => c.name);

  w.spec.hosts = w.hosts;
  w.spec.users = w.users;
  w.spec.hostSettings = w.hostSettings;
  w.spec.workloads = w.workloads;
  const site = w.site as unknown as SiteInput;
  const check = Site.safeParse(site);
  const issues = check.success ? [] : issuesFromZod(check.error);
  const findings = lintFiles(files, check.success ? { site: check.data } : {});
  items.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.docIndex - b.docIndex));
  return { site: check.success ? (clone(check.data) as SiteInput) : site, valid: check.success, issues, items, findings };
}
