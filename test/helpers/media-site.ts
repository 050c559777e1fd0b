/** A two-node site for media tests, with MACs known; `siteWith` tweaks it. */
import { Site, type SiteInput } from '../../main/core/site/schema';
import type { SitePlan } from '../../main/core/host-plan/types';
import { planOf } from './plan';

export const SITE_INPUT: SiteInput = {
  apiVersion: 'sitekit/v1',
  kind: 'Site',
  metadata: { name: 'Store 0421 Leeds', id: 'store-0421' },
  spec: {
    topology: 'two-node',
    managementNetwork: { subnet: '192.168.10.0/24', gateway: '192.168.10.1' },
    dns: { servers: ['192.168.10.2', '192.168.10.3', '192.168.10.4'], domain: 'store0421.example.com' },
    ntp: { servers: ['pool.ntp.org'] },
    secureBoot: true,
    hosts: [
      {
        name: 'esx01',
        management: { ip: '192.168.10.11', vlan: 10 },
        // A hybrid CPU (4 P-cores with two threads, 8 E-cores): the host plan asks for cpuUniformityHardCheckPanic.
        hardware: { cpu: '12th Gen Intel(R) Core(TM) i7-1260P', cores: 12, threads: 16, nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3', mac: '00:1b:21:aa:bb:01' }] },
      },
      { name: 'esx02', management: { ip: '192.168.10.12', device: '00:1B:21:AA:BB:02' } },
    ],
  },
};

/** The sample site after `patch` (a function editing a deep copy of the input). */
export function siteWith(patch: (s: SiteInput & { spec: Record<string, unknown> }) => void = () => undefined): Site {
  const copy = structuredClone(SITE_INPUT) as SiteInput & { spec: Record<string, unknown> };
  patch(copy);
  return Site.parse(copy);
}

/** A valid `$6$` hash (of "Vm-ware!2024x" with salt "saltsaltsaltsalt"), for planning without crypt. */
export const HASH = '$6$saltsaltsaltsalt$' + 'a'.repeat(86);

/** The host plan of a media test site (the shipped list). */
export const planFor = (site: Site): SitePlan => planOf(site);
