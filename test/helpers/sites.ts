/** Small valid site inputs for tests. */
import { Site, type SiteInput } from '../../main/core/site/schema';

export function minimalSite(overrides: { id?: string; name?: string; twoNode?: boolean } = {}): SiteInput {
  const hosts = [{ name: 'esx01', management: { ip: '192.168.10.11' } }];
  if (overrides.twoNode) hosts.push({ name: 'esx02', management: { ip: '192.168.10.12' } });
  return {
    apiVersion: 'sitekit/v1',
    kind: 'Site',
    metadata: { name: overrides.name ?? 'Store 0421', id: overrides.id ?? 'store-0421' },
    spec: {
      topology: overrides.twoNode ? 'two-node' : 'one-node',
      managementNetwork: { subnet: '192.168.10.0/24', gateway: '192.168.10.1' },
      dns: { servers: ['192.168.10.2'] },
      ntp: { servers: ['pool.ntp.org'] },
      hosts,
    },
  };
}

/** The minimal site with its one host replaced by `host` and `spec` fields over it, parsed. */
export function oneHostSite(host: SiteInput['spec']['hosts'][number], spec: Partial<SiteInput['spec']> = {}): Site {
  const base = minimalSite();
  return Site.parse({ ...base, spec: { ...base.spec, ...spec, hosts: [host] } });
}
