/** Test helpers for the hardware step: the real shipped list, the sample inventories, a demo site. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompatList } from '../../main/core/hardware/schema';
import { Site, type SiteInput } from '../../main/core/site/schema';

const root = join(import.meta.dirname, '..', '..');
export const COMPAT_LIST_PATH = join(root, 'resources', 'compat', 'compat-list.json');
export const SAMPLES_DIR = join(root, 'resources', 'samples', 'inventory');

let cached: CompatList | undefined;
/** The real shipped list, validated. */
export function shippedList(): CompatList {
  cached ??= CompatList.parse(JSON.parse(readFileSync(COMPAT_LIST_PATH, 'utf8')));
  return cached;
}

/** Text of a sample inventory file. */
export function sample(name: string): string {
  return readFileSync(join(SAMPLES_DIR, name), 'utf8');
}

type HostInput = NonNullable<SiteInput['spec']>['hosts'][number];

/** A two-node demo site (esx01 NUC 13 Pro with I226-V, esx02 UDOO Bolt with RTL8111 unused + USB RTL8156 uplink). */
export function demoSiteInput(overrides: { release?: string; hosts?: HostInput[] } = {}): SiteInput {
  return {
    apiVersion: 'sitekit/v1',
    kind: 'Site',
    metadata: { name: 'Store 0421', id: 'store-0421' },
    spec: {
      topology: 'two-node',
      release: (overrides.release ?? '8.0U3') as never,
      managementNetwork: { subnet: '192.168.10.0/24', gateway: '192.168.10.1' },
      dns: { servers: ['192.168.10.2'] },
      ntp: { servers: ['pool.ntp.org'] },
      hosts: overrides.hosts ?? [
        {
          name: 'esx01',
          management: { ip: '192.168.10.11' },
          hardware: {
            model: 'intel-nuc13anh',
            ramGiB: 64,
            bootDiskGB: 1000,
            nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', mac: '48:21:0b:5a:1c:07' }],
          },
        },
        {
          name: 'esx02',
          management: { ip: '192.168.10.12' },
          hardware: {
            model: 'udoo-bolt-v8',
            ramGiB: 32,
            bootDiskGB: 250,
            nics: [
              { name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168', role: 'unused' },
              { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156', mac: '00:e0:4c:68:15:6a' },
            ],
          },
          vswitches: [{ uplinks: { active: ['vusb0'] } }],
        },
      ],
    },
  };
}

export function demoSite(overrides: Parameters<typeof demoSiteInput>[0] = {}): Site {
  return Site.parse(demoSiteInput(overrides));
}
