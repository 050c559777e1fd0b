/** Sample sites for the manifest tests (generation, import, lint, topology) and the corpus reader. */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Site, type SiteInput } from '../../main/core/site/schema';
import { minimalSite } from './sites';

/** A one-node site with one NIC: only a name and an IP, everything else defaults. */
export function oneNodeSite(): Site {
  return Site.parse(minimalSite());
}

const HASH = '$6$vocvaTDqp5Cg.$Q6q7pshtoHi59oeU9O9zJN4FQ4gjtobSvA1RKG1FbSeIhNIdYwrXCcYPMm8NUTb8GtkFSSjstdkQj2IYld2Qx/';

/** A two-node site using most of the model: USB NIC, VLANs, two vSwitches, users, syslog, VMs, static worker, an app. */
export function twoNodeInput(): SiteInput {
  const base = minimalSite({ twoNode: true, id: 'depot-7', name: 'Depot 7' });
  const nics = (extra: string) => [
    { name: 'vmnic0', bus: 'pci' as const, vendorId: '8086', deviceId: '15f3', speedMbps: 2500 },
    { name: extra, bus: extra.startsWith('vusb') ? ('usb' as const) : ('pci' as const), vendorId: extra.startsWith('vusb') ? '0bda' : '8086', deviceId: extra.startsWith('vusb') ? '8156' : '15f3' },
  ];
  const switches = (second: string, mtu: number) => [
    { name: 'vSwitch0', uplinks: { active: ['vmnic0'] }, portGroups: [{ name: 'Management Network', vlan: 10 }, { name: 'VM Network', vlan: 0 }] },
    { name: 'vSwitch1', mtu, uplinks: { active: [second] }, portGroups: [{ name: 'Cameras', vlan: 20 }] },
  ];
  return {
    ...base,
    spec: {
      ...base.spec,
      ntp: { servers: ['0.pool.ntp.org', '1.pool.ntp.org'] },
      syslog: [{ address: '192.168.10.5' }],
      dcuiWelcome: '{align:left}{color:yellow}Depot 7 — call 0800 123 456{/color}{/align}',
      hosts: [
        { name: 'esx01', management: { ip: '192.168.10.11', vlan: 10 }, hardware: { serial: 'G6JY1234', nics: nics('vusb0') }, requirements: { usbNicFling: 'ESXi803-VMKUSB-NIC-FLING' }, vswitches: switches('vusb0', 1500), workerIp: '192.168.10.20' },
        { name: 'esx02', management: { ip: '192.168.10.12', vlan: 10 }, hardware: { serial: 'G6JY5678', nics: nics('vmnic1') }, vswitches: switches('vmnic1', 1500), workerIp: '192.168.10.21' },
      ],
      users: [{ name: 'monitor', passwordHash: HASH, description: 'Monitoring user account' }],
      workloads: {
        vmClasses: [
          { name: 'nvr-class', cpus: 4, memoryMiB: 8192, reservation: 'guaranteed' },
          { name: 'tiny', cpus: 1, memoryMiB: 1536 },
        ],
        vms: [
          { name: 'nvr', className: 'nvr-class', image: '192.168.10.5:8000/nvr.ova', networks: ['Cameras', 'VM Network'], userData: { content: '#cloud-config\nhostname: nvr\n' } },
          { name: 'kiosk', namespace: 'store', className: 'tiny', image: '192.168.10.5:8000/kiosk.ova', powerState: 'poweredOff', host: 'esx02', userData: { transport: 'Sysprep', source: 'Secret', content: '<unattend xmlns="urn:schemas-microsoft-com:unattend"/>' } },
        ],
        // Each host runs its own worker, so each has its own address (hosts[].workerIp).
        worker: { cpus: 2, memoryGiB: 8, network: { mode: 'static', prefix: 24, gateway: '192.168.10.1', dns: ['192.168.10.3'] } },
        apps: [{ name: 'hello', manifest: '# nginx hello page\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: hello\n' }],
      },
      git: { url: 'https://git.example.com/edge/sites.git', branch: 'main', basePath: 'sites' },
    },
  };
}

export function twoNodeSite(): Site {
  return Site.parse(twoNodeInput());
}

/**
 * The two-node site as a site.yaml written before each host had its own worker address: one
 * `workloads.worker.network.ip` (192.168.10.20) that both hosts' workers would use.
 */
export function twoNodeSharedWorkerInput(): SiteInput {
  const input = twoNodeInput();
  const spec = input.spec;
  return {
    ...input,
    spec: {
      ...spec,
      hosts: spec.hosts.map(({ workerIp: _, ...h }) => h),
      workloads: { ...spec.workloads, worker: { ...spec.workloads?.worker, network: { ...spec.workloads?.worker?.network, ip: '192.168.10.20' } } },
    },
  };
}

/**
 * A one-node site that changes vSwitch0 (jumbo frames), has DNS search domains, and uses every block modelled
 * from real repos: NFS, advanced options, acceptance level, account lockout, PTP, VM class configSpec and GPU
 * passthrough, MetalLB pools.
 */
export function settingsSite(): Site {
  const base = minimalSite();
  const host = (base.spec.hosts as SiteInput['spec']['hosts'])[0]!;
  return Site.parse({
    ...base,
    spec: {
      ...base.spec,
      dns: { servers: ['192.168.10.2'], searchDomains: ['store.example.com', 'example.com'] },
      ntp: { protocol: 'PTP', servers: ['pool.ntp.org'] },
      hosts: [
        {
          ...host,
          hardware: { nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3' }, { name: 'vmnic1', bus: 'pci', vendorId: '8086', deviceId: '15f3' }] },
          vswitches: [
            { name: 'vSwitch0', mtu: 9000, uplinks: { active: ['vmnic0'] } },
            { name: 'vSwitch1', uplinks: { active: ['vmnic1'] }, portGroups: [{ name: 'PTP-PG', vlan: 0 }] },
          ],
          ptp: { portGroup: 'PTP-PG' },
        },
      ],
      hostSettings: {
        nfsDatastores: [{ name: 'NFS', server: '192.168.10.45', share: '/data/NFS' }],
        advancedOptions: [{ group: 'mem', name: 'ShareForceSalting', value: 2 }],
        acceptanceLevel: 'PARTNER',
        accountLockout: { failures: 5, unlockSeconds: 900 },
      },
      workloads: {
        vmClasses: [{ name: 'gpu-small', cpus: 2, memoryMiB: 8192, reservation: 'guaranteed', latencySensitivity: 'high', extraConfig: [{ key: 'pciPassthru.use64bitMMIO', value: 'true' }], passthroughDevices: [{ vendorId: '10de', deviceId: '25b6', label: 'NVIDIA A2' }] }],
        metallbPools: [{ name: 'default', addresses: ['192.168.10.240-192.168.10.250'] }],
      },
    },
  });
}

/** corpus/ecs-example, resolved from this file: <repo>/../shared/corpus/ecs-example. */
export const CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/ecs-example');

/** False in a clone without ../shared beside it: the corpus tests then skip and say why. */
export const HAS_CORPUS = existsSync(CORPUS_DIR);

/** A corpus test's title, which says why it skipped when the corpus is missing. */
export const corpusTitle = (title: string): string => (HAS_CORPUS ? title : `${title} — skipped: the ECS example corpus is not at ${CORPUS_DIR} (clone without ../shared beside it)`);

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat();
}

/** Every corpus file as {path, content}, sorted by path. */
export async function readCorpus(): Promise<{ path: string; content: string }[]> {
  const files = await walk(CORPUS_DIR);
  const out = await Promise.all(files.map(async (f) => ({ path: relative(CORPUS_DIR, f).split('\\').join('/'), content: await readFile(f, 'utf8') })));
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
