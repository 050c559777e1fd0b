/**
 * A realistic, complete two-node site for tests: two Intel NUC 12 Pro hosts (hybrid CPU, VMD), an onboard
 * I225-LM plus a 2.5G USB dongle through the USB NIC Fling each, a VLAN-tagged port group, VM classes and
 * VMs (one with cloud-init holding a password), an added app with a Secret, a local user with a password
 * hash, accepted lint findings (the real linter's, for the reboot on apply), commits and written sticks. The secrets are listed in `SAMPLE_SECRETS` so
 * tests can prove none of them reaches any output.
 */
import { generateWithPlan } from './plan';
import { Site, type SiteInput } from '../../main/core/site/schema';
import type { LintFindingInput, VerdictInput } from '../../main/core/report/inputs';
import { lintInput } from '../../main/core/report/adapt';
import { lintFiles } from '../../main/core/manifests/lint';

/** Every secret the sample holds; no report output may contain any of them. */
export const SAMPLE_SECRETS = {
  userPasswordHash: '$6$Xq7Lm2Pw9Rt4Zb8c$' + 'k9QWmZ1yH3x8LvN2pR5tU7wY0aB4cD6eF8gH1iJ3kL5mN7oP9qR2sT4uV6wX8yZ0AbCdEfGhIjKlMnOpQrStUv',
  cloudInitPassword: 'Summer-Leeds-2026!',
  cloudInitContent: '#cloud-config\nusers:\n  - name: ops\n    plain_text_passwd: Summer-Leeds-2026!\nchpasswd:\n  expire: false\n',
  appToken: 'ghp_R3aLLyS3cr3tT0k3nV4lu3XyZ0123456789',
  sysprepAdminPassword: 'W1nd0ws-Admin-Pa55',
} as const;

const APP_MANIFEST = `apiVersion: v1
kind: Secret
metadata:
  name: pos-registry
  namespace: pos
type: Opaque
stringData:
  token: ${SAMPLE_SECRETS.appToken}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: pos-api
  namespace: pos
spec:
  replicas: 1
  selector: { matchLabels: { app: pos-api } }
  template:
    metadata: { labels: { app: pos-api } }
    spec:
      containers:
        - name: api
          image: registry.example.com/pos/api:4.2.1
`;

const nuc = (serial: string, macs: [string, string]) => ({
  model: 'intel-nuc12wshi7',
  serial,
  vendor: 'Intel Corporation',
  productName: 'NUC12WSHi7',
  cpu: 'Intel Core i7-1260P',
  cores: 12,
  ramGiB: 64,
  bootDiskGB: 1000,
  nics: [
    { name: 'vmnic0', bus: 'pci' as const, vendorId: '8086', deviceId: '15f2', subVendorId: '8086', subDeviceId: '3004', mac: macs[0], speedMbps: 2500, role: 'uplink' as const, label: 'Onboard I225-LM' },
    { name: 'vusb0', bus: 'usb' as const, vendorId: '0bda', deviceId: '8156', mac: macs[1], speedMbps: 2500, role: 'uplink' as const, label: 'CableCreation 2.5G USB-C' },
  ],
});

/** What the hardware check asks of each sample host (the Fling's module options pin vusb0 to its MAC). */
const flingOptions = (usbMac: string) => `usbBusFullScanOnBootEnabled=1 vusb0_mac=${usbMac}`;
const requirements = (usbMac: string) => ({
  usbNicFling: 'ESXi803-VMKUSB-NIC-FLING-76444229-component-24179899.zip',
  kernelOptions: ['cpuUniformityHardCheckPanic=FALSE'],
  biosSettings: ['Intel VMD controller: Disabled'],
  moduleSettings: [{ module: 'vmkusb_nic_fling', options: flingOptions(usbMac) }],
});

const vswitches = [
  {
    name: 'vSwitch0',
    mtu: 1500,
    uplinks: { active: ['vmnic0'], standby: ['vusb0'] },
    portGroups: [
      { name: 'Management Network', vlan: 20 },
      { name: 'VM Network', vlan: 30 },
      { name: 'POS Devices', vlan: 40 },
    ],
  },
];

/** The sample as written in a site.yaml (before defaults). */
export function sampleSiteInput(): SiteInput {
  return {
    apiVersion: 'sitekit/v1',
    kind: 'Site',
    metadata: {
      name: 'Store 0421 Leeds',
      id: 'store-0421',
      location: 'Unit 4, Kirkstall Retail Park, Leeds LS5 3BT — comms cabinet behind the stock room',
      notes: 'Cabinet key is with the store manager. Both hosts sit on the second shelf; the UPS is below.\nUplink to the store switch on ports 23 (esx01) and 24 (esx02).',
      technician: 'Priya Natarajan',
    },
    spec: {
      topology: 'two-node',
      release: '8.0U3',
      managementNetwork: { subnet: '10.42.20.0/24', gateway: '10.42.20.1' },
      dns: { servers: ['10.42.20.2', '10.40.0.2'], domain: 'store0421.retail.example', searchDomains: ['retail.example'] },
      ntp: { protocol: 'NTP', servers: ['10.40.0.10', 'pool.ntp.org'] },
      syslog: [{ protocol: 'UDP', address: '10.40.0.20', port: 514 }],
      secureBoot: true,
      hosts: [
        { name: 'esx01', management: { mode: 'static', ip: '10.42.20.11', vlan: 20, device: 'vmnic0' }, hardware: nuc('G6WS2410001A', ['48:21:0b:5a:10:01', '00:e0:4c:68:00:a1']), requirements: requirements('00:e0:4c:68:00:a1'), vswitches, workerIp: '10.42.20.50' },
        { name: 'esx02', management: { mode: 'static', ip: '10.42.20.12', vlan: 20, device: 'vmnic0' }, hardware: nuc('G6WS2410002B', ['48:21:0b:5a:10:02', '00:e0:4c:68:00:a2']), requirements: requirements('00:e0:4c:68:00:a2'), vswitches, workerIp: '10.42.20.51' },
      ],
      users: [{ name: 'monitor', passwordHash: SAMPLE_SECRETS.userPasswordHash, description: 'Read-only account for store monitoring', access: 'ReadOnly' }],
      workloads: {
        vmClasses: [
          { name: 'pos-small', cpus: 2, memoryMiB: 4096, reservation: 'guaranteed' },
          { name: 'edge-medium', cpus: 4, memoryMiB: 8192, reservation: 'best-effort' },
        ],
        vms: [
          {
            name: 'pos-gateway',
            namespace: 'pos',
            className: 'pos-small',
            image: 'images.retail.example/ova/pos-gateway-4.2.ova',
            networks: ['POS Devices', 'VM Network'],
            host: 'esx01',
            userData: { transport: 'CloudInit', source: 'Secret', content: SAMPLE_SECRETS.cloudInitContent },
          },
          {
            name: 'backoffice',
            namespace: 'default',
            className: 'edge-medium',
            image: 'images.retail.example/ova/win-backoffice-2026.ova',
            networks: ['VM Network'],
            host: 'esx02',
            userData: { transport: 'Sysprep', source: 'Secret', content: `<AdministratorPassword><Value>${SAMPLE_SECRETS.sysprepAdminPassword}</Value></AdministratorPassword>` },
          },
        ],
        worker: { enabled: true, cpus: 4, memoryGiB: 8, network: { mode: 'static', prefix: 24, gateway: '10.42.20.1', dns: ['10.42.20.2'] } },
        apps: [{ name: 'pos-api', manifest: APP_MANIFEST }],
      },
      git: { url: 'https://git.retail.example/edge/sites.git', branch: 'main', basePath: 'sites' },
      acceptedFindings: [
        {
          code: 'reboot-on-apply',
          file: 'sites/store-0421/hosts/esx01/module-settings.yaml',
          by: 'Priya Natarajan',
          at: '2026-11-24T15:02:00Z',
          reason: 'Hosts are not in service yet; the reboot on first apply is expected.',
        },
        {
          code: 'reboot-on-apply',
          file: 'sites/store-0421/hosts/esx02/module-settings.yaml',
          by: 'Priya Natarajan',
          at: '2026-11-24T15:04:00Z',
          reason: 'Same as esx01: one reboot while the store is closed.',
        },
        {
          code: 'plaintext-password',
          file: 'sites/store-0421/workloads/hosts/esx01/pos-pos-gateway.yaml',
          by: 'Sam Okafor (team lead)',
          at: '2026-11-24T15:20:00Z',
          reason: 'One-time password, changed at first login (ticket OPS-4471); the repository is private.',
        },
      ],
    },
    records: {
      commits: [
        { sha: '4f2a9c1e7b3d5a8f0c6e2b9d4a7f1c3e5b8d0a2f', at: '2026-11-24T15:10:00Z', message: 'store-0421: initial site configuration', pushed: true },
        {
          sha: '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d',
          at: '2026-11-24T16:40:00Z',
          message: 'store-0421: POS Devices port group on VLAN 40',
          pushed: true,
          moduleSettings: [
            { host: 'esx01', module: 'vmkusb_nic_fling', options: flingOptions('00:e0:4c:68:00:a1') },
            { host: 'esx02', module: 'vmkusb_nic_fling', options: flingOptions('00:e0:4c:68:00:a2') },
          ],
        },
      ],
      media: [
        {
          at: '2026-11-24T16:05:00Z',
          target: '/dev/sdb',
          model: 'SanDisk Ultra Fit',
          serial: '4C530001230918112345',
          sizeBytes: 32_015_679_488,
          isoName: 'VMware-ECS-3.5-8.0U3-24022510.iso',
          isoSha256: 'c0ffee5e1f7d4b3a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a69',
          imageSha256: 'a3f1c2d4e5b6a7980f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978',
          hosts: ['esx01', 'esx02'],
          verified: true,
          seconds: 214,
          bytesPerSecond: 41_200_000,
          // What the stick carried for each host, as the media flow records it.
          carried: ['esx01', 'esx02'].map((host) => ({
            host,
            kernelOptions: ['cpuUniformityHardCheckPanic=FALSE'],
            drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }],
            driverOverride: false,
          })),
        },
      ],
      // Both hosts accepted on site after the install (the acceptance flow's records, issue 25).
      acceptance: ['esx01', 'esx02'].map((host, i) => ({
        at: '2026-11-25T09:30:00Z',
        run: '2026-11-25T09:29:58Z',
        host,
        address: `10.42.20.1${i + 1}`,
        port: 443,
        user: 'root',
        thumbprint: ['1A', '2B'][i]!.repeat(32).match(/../g)!.join(':'),
        trust: 'confirmed' as const,
        verdict: 'accepted' as const,
        read: {
          product: { name: 'VMware ESXi', version: '8.0.3', build: '24022510', apiVersion: '8.0.3.0', apiType: 'HostAgent' },
          hostName: host,
          domainName: 'store0421.example.com',
          vmk0: { ip: `10.42.20.1${i + 1}`, netmask: '255.255.255.0', portGroup: 'Management Network', dhcp: false },
          nics: [
            { device: 'vmnic0', driver: 'igc', mac: `48:21:0b:5a:10:0${i + 1}`, speedMb: 2500 },
            { device: 'vusb0', driver: 'vmkusb_nic_fling', mac: `00:e0:4c:68:00:a${i + 1}`, speedMb: 2500 },
          ],
          vswitches: [{ name: 'vSwitch0', uplinks: ['vmnic0', 'vusb0'], mtu: 1500 }],
          portGroups: [
            { name: 'Management Network', vlan: 20, vswitch: 'vSwitch0' },
            { name: 'VM Network', vlan: 30, vswitch: 'vSwitch0' },
            { name: 'POS Devices', vlan: 40, vswitch: 'vSwitch0' },
          ],
          dns: { servers: ['10.42.20.2'], searchDomains: [] },
          ntp: { servers: ['10.42.20.2'], running: true },
          vms: [],
        },
        differences: [],
      })),
    },
  };
}

/** The sample, parsed with defaults. */
export function sampleSite(): Site {
  return Site.parse(sampleSiteInput());
}

/** A hardware verdict for the sample, as the hardware engine would give it (adapted to the report's input). */
export function sampleVerdict(): VerdictInput {
  const host = (name: string) => ({
    host: name,
    status: 'action' as const,
    modelLabel: 'Intel NUC 12 Pro (NUC12WSHi7)',
    modelId: 'intel-nuc12wshi7',
    findings: [
      { severity: 'warning' as const, code: 'hybrid-cpu', message: 'Hybrid CPU (P- and E-cores): the installer needs cpuUniformityHardCheckPanic=FALSE, which is on the stick.' },
      { severity: 'info' as const, code: 'vmd', message: 'Intel VMD must be off in the BIOS or ESXi cannot see the NVMe disk.' },
    ],
    devices: [
      { nic: 'vmnic0', status: 'ok' as const, product: 'Intel I225-LM', driver: 'cndi_igc (inbox)', evidence: 'verified-doc', sources: ['ESXi 8.0U3 VIB list'] },
      {
        nic: 'vusb0',
        status: 'action' as const,
        product: 'Realtek RTL8156 2.5G',
        driver: 'vmkusb_nic_fling',
        evidence: 'verified-binary',
        sources: ['USB NIC Fling 1.14-2 driver table'],
        findings: [{ severity: 'info' as const, code: 'needs-fling', message: 'Needs the USB NIC Fling in the installer image.' }],
      },
    ],
    bios: [
      { setting: 'Intel VMD controller: Disabled', why: 'ESXi has no VMD driver for this board; with VMD on the NVMe disk is invisible.', source: 'Minisforum/NUC homelab notes (community)' },
      { setting: 'Hyper-Threading: Enabled, E-cores: Enabled', why: 'Kept on; cpuUniformityHardCheckPanic=FALSE lets the installer start.', source: 'virten.net (verified-doc)' },
    ],
  });
  return { listVersion: '2026.11.1', hosts: [host('esx01'), host('esx02')] };
}

/** Lint findings of the sample's generated files, from the real generator and linter. */
export function sampleLint(): LintFindingInput[] {
  const site = sampleSite();
  return lintInput(lintFiles(generateWithPlan(site), { site }));
}
