/** The comparison: a host as planned has no difference; each kind of drift is one coded difference. */
import { describe, expect, it } from 'vitest';
import { compareHost, faultVerdict, readVerdict } from '../../../../main/core/acceptance/compare';
import type { ExpectedHost } from '../../../../main/core/acceptance/expected';
import { describeDifference, describeFault } from '../../../../main/core/acceptance/messages';
import { HostFacts } from '../../../../main/core/site/acceptance-record';

const expected: ExpectedHost = {
  host: 'esx02',
  address: '192.168.42.12',
  release: '8.0U3',
  hostName: 'esx02',
  domainName: 'store0421.example.com',
  vmk0: { ip: '192.168.42.12', netmask: '255.255.255.0' },
  uplinks: [{ nic: 'vusb0', usb: true, mac: '00:e0:4c:68:15:6a' }],
  vswitches: [{ name: 'vSwitch0', uplinks: ['vusb0'], portGroups: [{ name: 'Management Network', vlan: 0 }, { name: 'POS', vlan: 42 }], source: 'repo', file: 'sites/s/hosts/esx02/vswitches.yaml' }],
  dnsServers: ['192.168.42.2'],
  ntpServers: ['0.pool.ntp.org', '1.pool.ntp.org'],
  vms: [{ name: 'ec-worker', powerState: 'poweredOff', worker: true, file: 'sites/s/workloads/common/worker.yaml' }],
  usbFlingSettings: 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a',
};

/** The host as a correct install leaves it (written by hand). */
const good = (): HostFacts =>
  HostFacts.parse({
    product: { version: '8.0.3', build: '24280767' },
    hostName: 'esx02',
    domainName: 'store0421.example.com',
    vmk0: { ip: '192.168.42.12', netmask: '255.255.255.0' },
    nics: [{ device: 'vmnic0' }, { device: 'vusb0', speedMb: 2500 }],
    vswitches: [{ name: 'vSwitch0', uplinks: ['vusb0'] }],
    portGroups: [{ name: 'Management Network', vlan: 0, vswitch: 'vSwitch0' }, { name: 'POS', vlan: 42, vswitch: 'vSwitch0' }],
    dns: { servers: ['192.168.42.2'] },
    ntp: { servers: ['1.pool.ntp.org', '0.pool.ntp.org'], running: true },
    vms: [{ name: 'ec-worker', powerState: 'poweredOff' }],
  });

const codes = (f: HostFacts, stick = {}) => compareHost(expected, f, stick).map((d) => d.code);

describe('compareHost', () => {
  it('finds nothing on a host as planned (unused NICs, order of NTP servers, case of names do not matter)', () => {
    const f = good();
    expect(compareHost(expected, { ...f, hostName: 'ESX02' })).toEqual([]);
    expect(readVerdict([])).toBe('accepted');
  });

  it('names a USB uplink without link, with the Fling settings and the console command as the next step', () => {
    const f = good();
    const d = compareHost(expected, { ...f, nics: [{ device: 'vmnic0' }, { device: 'vusb0' }] });
    expect(d).toEqual([{ code: 'usb-nic-no-link', params: { nic: 'vusb0', settings: expected.usbFlingSettings! } }]);
    const t = describeDifference(d[0]!);
    expect(t.text).toBe('The USB NIC vusb0 has no link.');
    expect(t.cause).toMatch(/lost its binding after the reboot/);
    expect(t.next).toContain('esxcli system module parameters set -m vmkusb_nic_fling -p "usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a"');
    expect(readVerdict(d)).toBe('differences');
    expect(codes({ ...f, nics: [{ device: 'vmnic0' }] })).toEqual(['usb-nic-missing']);
  });

  it('says a missing port group means the site repo is not applied, and what to check', () => {
    const f = good();
    const d = compareHost(expected, { ...f, portGroups: f.portGroups.filter((g) => g.name !== 'POS') });
    expect(d.map((x) => x.code)).toEqual(['portgroup-missing']);
    const t = describeDifference(d[0]!);
    expect(t.text).toBe('Port group "POS" (VLAN 42) is missing on vSwitch0.');
    expect(t.cause).toMatch(/has not applied the site repo/);
    expect(t.next).toMatch(/repository URL, branch and path.*route to the Git server/);
    expect(codes({ ...f, portGroups: f.portGroups.map((g) => (g.name === 'POS' ? { ...g, vlan: 41 } : g)) })).toEqual(['portgroup-vlan']);
    expect(codes({ ...f, vswitches: [] })).toEqual(['vswitch-missing']);
  });

  it('compares the build with the site\'s release and with the ISO of the host\'s recorded stick', () => {
    const f = good();
    expect(codes({ ...f, product: { version: '8.0.2', build: '22380479' } })).toEqual(['release']);
    expect(describeDifference(compareHost(expected, { ...f, product: { version: '8.0.2', build: '22380479' } })[0]!).text).toBe('Runs ESXi 8.0.2 build 22380479 (8.0U2); the site is planned for 8.0U3.');
    expect(codes(f, { isoBuild: '24414501', isoName: 'ECS.iso' })).toEqual(['build']);
    expect(codes(f, { isoBuild: '24280767' })).toEqual([]);
  });

  it('checks names, vmk0, DNS, NTP, ntpd, VMs and maintenance mode', () => {
    const f = good();
    expect(codes({ ...f, hostName: 'localhost', domainName: '' })).toEqual(['host-name', 'domain-name']);
    expect(codes({ ...f, vmk0: { ip: '192.168.42.99', netmask: '255.255.0.0', dhcp: true } })).toEqual(['vmk0-address', 'vmk0-netmask']);
    expect(codes({ ...f, vmk0: undefined })).toEqual(['vmk0-missing']);
    expect(codes({ ...f, dns: { servers: ['8.8.8.8'], searchDomains: [] } })).toEqual(['dns-servers']);
    expect(codes({ ...f, ntp: { servers: [], running: false } })).toEqual(['ntp-servers', 'ntpd-stopped']);
    expect(codes({ ...f, vms: [] })).toEqual(['worker-missing']);
    expect(codes({ ...f, vms: [{ name: 'ec-worker', powerState: 'poweredOn' }] })).toEqual(['worker-power']);
    expect(codes({ ...f, inMaintenanceMode: true })).toEqual(['maintenance-mode']);
  });

  it('maps each fault to its verdict and says what to do', () => {
    expect(['refused', 'timeout', 'no-route', 'no-address'].map(faultVerdict)).toEqual(['unreachable', 'unreachable', 'unreachable', 'unreachable']);
    expect(['untrusted', 'thumbprint-mismatch', 'login', 'vcenter', 'not-vsphere', 'malformed', 'tls', 'soap-fault'].map(faultVerdict)).toEqual([
      'untrusted',
      'thumbprint-mismatch',
      'login-failed',
      'not-esxi',
      'not-esxi',
      'malformed',
      'tls-error',
      'failed',
    ]);
    const login = describeFault({ code: 'login', params: { user: 'root' } });
    expect(login.cause).toMatch(/lockdown mode/);
    expect(login.next).toMatch(/esxcli network nic list/);
    expect(describeFault({ code: 'timeout', params: { address: '10.0.0.9', port: 443, seconds: 15, stage: 'connect' } }).text).toBe('Not reachable: no answer from 10.0.0.9:443 within 15 s.');
  });
});
