/** A two-node site for media tests, with MACs known; `siteWith` tweaks it. */
import { Site, type SiteInput } from '../../main/core/site/schema';

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
        hardware: { nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3', mac: '00:1b:21:aa:bb:01' }] },
        requirements: { kernelOptions: ['cpuUniformityHardCheckPanic=FALSE'] },
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
