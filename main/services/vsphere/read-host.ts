/**
 * Reads what an acceptance check needs from one installed ESXi host in one round
 * (docs/FIELD-NOTES.md "The vSphere properties read"): RetrieveServiceContent → Login → CreateContainerView
 * (HostSystem, VirtualMachine) → RetrievePropertiesEx (continued while the host pages) → Logout.
 *
 * Trust comes first: the certificate is checked against the pin (or shown, when unknown) before any call.
 * The service content is read before the login, so a vCenter Server or a server that is not a vSphere API
 * is named as such without the password ever being sent to it.
 */
import type { AcceptanceItem, HostFacts } from '../../core/site/acceptance-record';
import { connectPinned } from './pinned-tls';
import { child, list, moRef, ref, SoapSession, text, type MoRef, type Xml } from './soap';

export interface ReadHostOptions {
  readonly address: string;
  readonly port: number;
  readonly user: string;
  /** Held only for this call; never stored, logged or returned. */
  readonly password: string;
  /** The pinned thumbprint, when one is known. */
  readonly pin?: string;
  /** Trust an unknown certificate (confirmed by the technician). A pin that differs is still refused. */
  readonly trustNew?: boolean;
  /** Deadline for connecting and for each answer. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export type HostRead =
  | { readonly ok: true; readonly thumbprint: string; readonly facts: HostFacts }
  | { readonly ok: false; readonly fault: AcceptanceItem; readonly thumbprint?: string };

const HOST_PROPERTIES = [
  'summary.config.product',
  'config.network.dnsConfig',
  'config.network.vnic',
  'config.network.pnic',
  'config.network.vswitch',
  'config.network.portgroup',
  'config.dateTimeInfo',
  'config.service',
  'config.lockdownMode',
  'runtime.connectionState',
  'runtime.inMaintenanceMode',
] as const;

const bool = (x: Xml): boolean | undefined => (text(x) === 'true' ? true : text(x) === 'false' ? false : undefined);
const num = (x: Xml): number | undefined => {
  const t = text(x);
  return t !== undefined && /^-?\d+$/.test(t.trim()) ? Number(t) : undefined;
};
const strings = (x: Xml, key: string): string[] => list(x, key).flatMap((v) => (text(v) ? [text(v)!] : []));

/** Maps the HostSystem's properties onto the facts the comparison reads. */
export function hostFacts(props: ReadonlyMap<string, Xml>, vms: readonly { name: string; powerState: string }[]): HostFacts | string {
  const product = props.get('summary.config.product');
  const version = text(child(product, 'version'));
  const build = text(child(product, 'build'));
  if (!version || !build) return 'the host did not report its product version and build';
  const dns = props.get('config.network.dnsConfig');
  const vmk0 = list(props.get('config.network.vnic'), 'HostVirtualNic').find((v) => text(child(v, 'device')) === 'vmk0');
  const ip = child(child(vmk0, 'spec'), 'ip');
  const pnics = list(props.get('config.network.pnic'), 'PhysicalNic');
  const deviceByKey = new Map(pnics.map((p) => [text(child(p, 'key')) ?? '', text(child(p, 'device')) ?? '']));
  const services = list(props.get('config.service'), 'service');
  const ntpd = services.find((s) => text(child(s, 'key')) === 'ntpd');
  return {
    product: {
      version,
      build,
      ...(text(child(product, 'name')) ? { name: text(child(product, 'name'))! } : {}),
      ...(text(child(product, 'apiVersion')) ? { apiVersion: text(child(product, 'apiVersion'))! } : {}),
      ...(text(child(product, 'apiType')) ? { apiType: text(child(product, 'apiType'))! } : {}),
    },
    ...(text(child(dns, 'hostName')) ? { hostName: text(child(dns, 'hostName'))! } : {}),
    ...(text(child(dns, 'domainName')) !== undefined ? { domainName: text(child(dns, 'domainName'))! } : {}),
    ...(vmk0
      ? {
          vmk0: {
            ...(text(child(ip, 'ipAddress')) ? { ip: text(child(ip, 'ipAddress'))! } : {}),
            ...(text(child(ip, 'subnetMask')) ? { netmask: text(child(ip, 'subnetMask'))! } : {}),
            ...(text(child(vmk0, 'portgroup')) ? { portGroup: text(child(vmk0, 'portgroup'))! } : {}),
            ...(bool(child(ip, 'dhcp')) !== undefined ? { dhcp: bool(child(ip, 'dhcp'))! } : {}),
          },
        }
      : {}),
    nics: pnics.map((p) => {
      const speed = num(child(child(p, 'linkSpeed'), 'speedMb'));
      return {
        device: text(child(p, 'device')) ?? '',
        ...(text(child(p, 'driver')) ? { driver: text(child(p, 'driver'))! } : {}),
        ...(text(child(p, 'mac')) ? { mac: text(child(p, 'mac'))!.toLowerCase() } : {}),
        ...(speed !== undefined && speed > 0 ? { speedMb: speed } : {}),
      };
    }),
    vswitches: list(props.get('config.network.vswitch'), 'HostVirtualSwitch').map((s) => ({
      name: text(child(s, 'name')) ?? '',
      uplinks: strings(s, 'pnic').map((k) => deviceByKey.get(k) ?? k.replace(/^key-vim\.host\.PhysicalNic-/, '')),
      ...(num(child(s, 'mtu')) !== undefined ? { mtu: num(child(s, 'mtu'))! } : {}),
    })),
    portGroups: list(props.get('config.network.portgroup'), 'HostPortGroup').map((g) => {
      const spec = child(g, 'spec');
      return { name: text(child(spec, 'name')) ?? '', vlan: num(child(spec, 'vlanId')) ?? 0, vswitch: text(child(spec, 'vswitchName')) ?? '' };
    }),
    dns: { servers: strings(dns, 'address'), searchDomains: strings(dns, 'searchDomain') },
    ntp: {
      servers: strings(child(props.get('config.dateTimeInfo'), 'ntpConfig'), 'server'),
      ...(ntpd ? { running: bool(child(ntpd, 'running')) === true } : {}),
    },
    vms: [...vms],
    ...(text(props.get('runtime.connectionState')) ? { connectionState: text(props.get('runtime.connectionState'))! } : {}),
    ...(bool(props.get('runtime.inMaintenanceMode')) !== undefined ? { inMaintenanceMode: bool(props.get('runtime.inMaintenanceMode'))! } : {}),
    ...(text(props.get('config.lockdownMode')) ? { lockdownMode: text(props.get('config.lockdownMode'))! } : {}),
  };
}

/** Connects (pin first), reads the host in one round and logs out. Never throws. */
export async function readHost(o: ReadHostOptions): Promise<HostRead> {
  // 1. Trust: the certificate against the pin, nothing written yet.
  const probe = await connectPinned({ address: o.address, port: o.port }, { pin: o.pin, trustNew: o.trustNew, timeoutMs: o.timeoutMs, signal: o.signal });
  if (!probe.ok) return probe;
  probe.socket.destroy();
  const thumbprint = probe.thumbprint;
  const fail = (fault: AcceptanceItem): HostRead => ({ ok: false, fault, thumbprint });
  const session = new SoapSession({ address: o.address, port: o.port, thumbprint, timeoutMs: o.timeoutMs, signal: o.signal });

  // 2. What answers here: an ESXi host (HostAgent), before any credential is sent.
  const sc = await session.call('RetrieveServiceContent', { _this: ref({ type: 'ServiceInstance', value: 'ServiceInstance' }) });
  if (!sc.ok) return fail(sc.fault);
  const content = child(sc.value, 'returnval');
  const about = child(content, 'about');
  const apiType = text(child(about, 'apiType'));
  if (apiType === 'VirtualCenter') return fail({ code: 'vcenter', params: { address: o.address, product: text(child(about, 'fullName')) ?? 'vCenter Server' } });
  const sessionManager = moRef(child(content, 'sessionManager'));
  const viewManager = moRef(child(content, 'viewManager'));
  const propertyCollector = moRef(child(content, 'propertyCollector'));
  const rootFolder = moRef(child(content, 'rootFolder'));
  if (apiType !== 'HostAgent' || !sessionManager || !viewManager || !propertyCollector || !rootFolder) {
    return fail({ code: 'not-vsphere', params: { address: o.address, port: o.port, answer: apiType ? `as ${apiType}, not an ESXi host agent` : 'a service content without the ESXi host agent\'s managers' } });
  }
  const apiVersion = text(child(about, 'apiVersion'));
  if (apiVersion && /^[\d.]+$/.test(apiVersion)) session.apiVersion = apiVersion;

  // 3. Login: the only call that carries the password.
  const login = await session.call('Login', { _this: ref(sessionManager), userName: o.user, password: o.password });
  if (!login.ok) return fail(login.fault.code === 'login' ? { code: 'login', params: { user: o.user } } : login.fault);
  try {
    // 4. One container view over every host and VM, read in one property round (paged when the host pages).
    const view = await session.call('CreateContainerView', { _this: ref(viewManager), container: ref(rootFolder), type: ['HostSystem', 'VirtualMachine'], recursive: 'true' });
    if (!view.ok) return fail(view.fault);
    const viewRef = moRef(child(view.value, 'returnval'));
    if (!viewRef) return fail({ code: 'malformed', params: { detail: 'CreateContainerView returned no view' } });
    const spec = {
      propSet: [
        { type: 'HostSystem', pathSet: [...HOST_PROPERTIES] },
        { type: 'VirtualMachine', pathSet: ['name', 'runtime.powerState'] },
      ],
      objectSet: { obj: ref(viewRef), skip: 'true', selectSet: { '@_xsi:type': 'TraversalSpec', name: 'view', type: 'ContainerView', path: 'view', skip: 'false' } },
    };
    const objects: Xml[] = [];
    let page = await session.call('RetrievePropertiesEx', { _this: ref(propertyCollector), specSet: spec, options: '' });
    for (let pages = 0; ; pages++) {
      if (!page.ok) return fail(page.fault);
      const rv = child(page.value, 'returnval');
      objects.push(...list(rv, 'objects'));
      const token = text(child(rv, 'token'));
      if (!token || pages > 1000) break;
      page = await session.call('ContinueRetrievePropertiesEx', { _this: ref(propertyCollector), token });
    }
    const byType = (type: string) => objects.filter((x) => moRef(child(x, 'obj'))?.type === type).map((x) => new Map(list(x, 'propSet').map((p) => [text(child(p, 'name')) ?? '', child(p, 'val')])));
    const hosts = byType('HostSystem');
    if (hosts.length !== 1) return fail({ code: 'malformed', params: { detail: hosts.length === 0 ? 'the host reported no HostSystem' : `the server reported ${hosts.length} hosts; an ESXi host reports itself only` } });
    const vms = byType('VirtualMachine').map((v) => ({ name: text(v.get('name')) ?? '', powerState: text(v.get('runtime.powerState')) ?? 'unknown' }));
    const facts = hostFacts(hosts[0]!, vms);
    if (typeof facts === 'string') return fail({ code: 'malformed', params: { detail: facts } });
    return { ok: true, thumbprint, facts };
  } finally {
    // 5. Logout, best effort: the session would expire on its own.
    await session.call('Logout', { _this: ref(sessionManager as MoRef) }).catch(() => undefined);
  }
}
