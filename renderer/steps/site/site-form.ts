/**
 * The Site step's form model: strings as typed, converted to a site and validated by the core schema, so
 * the rules live in one place (main/core/site/schema.ts). Pure; unit-tested.
 */
import { Site, VSwitch, type SiteInput, RELEASES, type Release } from '../../../main/core/site/schema';
import { formatPath } from '../../../main/core/site/yaml';

export interface HostForm {
  readonly name: string;
  readonly ip: string;
}

export interface SiteForm {
  readonly name: string;
  readonly id: string;
  /** The id follows the name until the technician edits it. */
  readonly idTouched: boolean;
  readonly location: string;
  readonly technician: string;
  readonly topology: 'one-node' | 'two-node';
  readonly release: Release;
  readonly subnet: string;
  readonly gateway: string;
  readonly vlan: string;
  readonly hosts: readonly HostForm[];
  readonly dns: string;
  readonly domain: string;
  readonly ntp: string;
}

export const emptyForm = (release: Release = '8.0U3', technician = ''): SiteForm => ({
  name: '',
  id: '',
  idTouched: false,
  location: '',
  technician,
  topology: 'one-node',
  release,
  subnet: '',
  gateway: '',
  vlan: '0',
  hosts: [{ name: 'esx01', ip: '' }],
  dns: '',
  domain: '',
  ntp: '',
});

/** A DNS-label id from a display name: "Store 0421 Leeds" → "store-0421-leeds". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
}

const list = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Applies a topology change: two-node adds a second host, one-node drops it. */
export function withTopology(form: SiteForm, topology: SiteForm['topology']): SiteForm {
  const hosts = topology === 'two-node' ? [form.hosts[0] ?? { name: 'esx01', ip: '' }, form.hosts[1] ?? { name: 'esx02', ip: '' }] : [form.hosts[0] ?? { name: 'esx01', ip: '' }];
  return { ...form, topology, hosts };
}

export function formFromSite(site: Site): SiteForm {
  return {
    name: site.metadata.name,
    id: site.metadata.id,
    idTouched: true,
    location: site.metadata.location ?? '',
    technician: site.metadata.technician ?? '',
    topology: site.spec.topology,
    release: site.spec.release,
    subnet: site.spec.managementNetwork.subnet,
    gateway: site.spec.managementNetwork.gateway,
    vlan: String(site.spec.hosts[0]?.management.vlan ?? 0),
    hosts: site.spec.hosts.map((h) => ({ name: h.name, ip: h.management.ip ?? '' })),
    dns: site.spec.dns.servers.join(', '),
    domain: site.spec.dns.domain ?? '',
    ntp: site.spec.ntp.servers.join(', '),
  };
}

/** Builds the site input from the form, on top of `base` so other steps' data is kept. */
export function siteFromForm(form: SiteForm, base?: Site): SiteInput {
  const vlan = /^\d+$/.test(form.vlan.trim()) ? Number(form.vlan.trim()) : (form.vlan as unknown as number);
  const hosts = form.hosts.map((h, i) => {
    const prev = base?.spec.hosts.find((b) => b.name === h.name) ?? base?.spec.hosts[i];
    // The Management Network port group carries the management VLAN, or the host would be cut off.
    const vswitches = (prev?.vswitches ?? [VSwitch.parse({})]).map((sw) => ({
      ...sw,
      portGroups: sw.portGroups.map((pg) => (pg.name === 'Management Network' && typeof vlan === 'number' ? { ...pg, vlan } : pg)),
    }));
    return {
      ...(prev ?? {}),
      name: h.name.trim(),
      management: { ...(prev?.management ?? {}), mode: 'static' as const, ip: h.ip.trim() || undefined, vlan },
      vswitches,
    };
  });
  return {
    apiVersion: 'sitekit/v1',
    kind: 'Site',
    metadata: {
      ...(base?.metadata ?? {}),
      name: form.name,
      id: form.id,
      location: form.location.trim() || undefined,
      technician: form.technician.trim() || undefined,
    },
    spec: {
      ...(base?.spec ?? {}),
      topology: form.topology,
      release: RELEASES.includes(form.release) ? form.release : '8.0U3',
      managementNetwork: { subnet: form.subnet.trim(), gateway: form.gateway.trim() },
      dns: { ...(base?.spec.dns ?? {}), servers: list(form.dns), domain: form.domain.trim() || undefined },
      ntp: { ...(base?.spec.ntp ?? {}), servers: list(form.ntp) },
      hosts,
    },
    records: base?.records,
  } as SiteInput;
}

/** Maps a schema path to the form field that shows its error. */
function fieldFor(path: string): string {
  if (path.startsWith('metadata.name')) return 'name';
  if (path.startsWith('metadata.id')) return 'id';
  if (path.startsWith('metadata.location')) return 'location';
  if (path.startsWith('metadata.technician')) return 'technician';
  if (path.startsWith('spec.managementNetwork.subnet')) return 'subnet';
  if (path.startsWith('spec.managementNetwork.gateway')) return 'gateway';
  let m = /^spec\.hosts\[(\d+)\]\.name/.exec(path);
  if (m) return `hosts.${m[1]}.name`;
  m = /^spec\.hosts\[(\d+)\]\.management\.vlan/.exec(path);
  if (m) return 'vlan';
  m = /^spec\.hosts\[(\d+)\]\.management/.exec(path);
  if (m) return `hosts.${m[1]}.ip`;
  if (path.startsWith('spec.hosts')) return 'topology';
  if (path.startsWith('spec.dns.servers')) return 'dns';
  if (path.startsWith('spec.dns.domain')) return 'domain';
  if (path.startsWith('spec.ntp')) return 'ntp';
  return 'form';
}

/** Validates the form; returns field → first error message. Empty when valid. */
export function validateForm(form: SiteForm, base?: Site): Record<string, string> {
  const errors: Record<string, string> = {};
  const parsed = Site.safeParse(siteFromForm(form, base));
  if (parsed.success) {
    const ips = new Map<string, number>();
    form.hosts.forEach((h, i) => {
      if (h.ip && ips.has(h.ip)) errors[`hosts.${i}.ip`] = `the same IP as host ${ips.get(h.ip)! + 1}`;
      ips.set(h.ip, i);
    });
    return errors;
  }
  for (const issue of parsed.error.issues) {
    const path = formatPath(issue.path as PropertyKey[]);
    const field = fieldFor(path);
    const message = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined ? 'is required' : issue.message;
    if (!errors[field]) errors[field] = message;
  }
  return errors;
}
