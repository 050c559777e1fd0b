/**
 * Values that pass every format check but name no host (issue 26 §12): each is refused at its field with a
 * sentence that says what the value is and what to give instead; sound values still pass.
 */
import { describe, expect, it } from 'vitest';
import { Cidr, HostOrIp, Ipv4, Mac, notUnicastReason } from '../../../../main/core/site/address-fields';
import { validateSite } from '../../../../main/core/site/yaml';
import { minimalSite } from '../../../helpers/sites';

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }): string[] => (r.success ? [] : r.error!.issues.map((i) => i.message));

/** `path: message` of every problem validateSite finds. */
const problems = (mutate: (s: any) => void): string[] => {
  const s = minimalSite() as any;
  mutate(s);
  const r = validateSite(s);
  return r.ok ? [] : (r.error.issues ?? []).map((i) => `${i.path}: ${i.message}`);
};

describe('Ipv4 (hosts, gateway, DNS servers, the worker)', () => {
  it('accepts unicast addresses at both ends of the unicast ranges', () => {
    for (const ok of ['1.0.0.1', '10.0.0.1', '126.255.255.254', '128.0.0.1', '192.168.10.11', '223.255.255.254']) expect(messages(Ipv4.safeParse(ok)), ok).toEqual([]);
  });

  it('refuses what is not four octets 0–255 without leading zeros, with one message', () => {
    for (const bad of ['192.168.10.256', '010.0.0.1', '10.0.0', 'dns.example.com', ' 10.0.0.1']) {
      expect(messages(Ipv4.safeParse(bad)), bad).toEqual(['must be an IPv4 address such as 192.168.10.11 (four numbers 0–255, no leading zeros)']);
    }
  });

  it('refuses 0.0.0.0, loopback, multicast, reserved and broadcast addresses, saying what each is', () => {
    expect(messages(Ipv4.safeParse('0.0.0.0'))).toEqual(['0.0.0.0 is not an address a host can have (0.0.0.0/8 means "this network", and 0.0.0.0 "any address"); give the real address, such as 192.168.10.11']);
    expect(messages(Ipv4.safeParse('0.1.2.3'))[0]).toMatch(/^0\.1\.2\.3 is not an address a host can have/);
    expect(messages(Ipv4.safeParse('127.0.0.1'))[0]).toMatch(/^127\.0\.0\.1 is a loopback address: on the host it would point at the host itself/);
    expect(messages(Ipv4.safeParse('224.0.0.251'))[0]).toMatch(/^224\.0\.0\.251 is a multicast address/);
    expect(messages(Ipv4.safeParse('239.255.255.255'))[0]).toMatch(/is a multicast address/);
    expect(messages(Ipv4.safeParse('240.0.0.1'))[0]).toMatch(/^240\.0\.0\.1 is in the reserved range 240\.0\.0\.0\/4/);
    expect(messages(Ipv4.safeParse('255.255.255.255'))[0]).toMatch(/^255\.255\.255\.255 is the broadcast address of every network/);
  });

  it('notUnicastReason says nothing about a usable address or about text that is no address', () => {
    expect(notUnicastReason('192.168.10.11')).toBeUndefined();
    expect(notUnicastReason('not an address')).toBeUndefined();
  });
});

describe('Cidr (the management subnet)', () => {
  it('accepts subnets from /8 to /32 without host bits', () => {
    for (const ok of ['10.0.0.0/8', '172.16.0.0/12', '192.168.10.0/24', '192.168.10.8/29', '192.168.10.10/31', '192.168.10.11/32']) expect(messages(Cidr.safeParse(ok)), ok).toEqual([]);
  });

  it('refuses 0.0.0.0/0 (the kickstart would get --netmask=0.0.0.0) and any prefix under /8', () => {
    expect(messages(Cidr.safeParse('0.0.0.0/0'))).toEqual(['0.0.0.0/0 is /0, every IPv4 address: a subnet is /8 or smaller, such as 192.168.10.0/24']);
    expect(messages(Cidr.safeParse('10.0.0.0/7'))).toEqual(['10.0.0.0/7 is /7, 33,554,432 addresses: a subnet is /8 or smaller, such as 192.168.10.0/24']);
  });

  it('refuses host bits and names the subnet meant', () => {
    expect(messages(Cidr.safeParse('192.168.10.5/24'))).toEqual(['192.168.10.5/24 has host bits set: the subnet of 192.168.10.5 with /24 is 192.168.10.0/24']);
    expect(messages(Cidr.safeParse('10.1.2.3/8'))).toEqual(['10.1.2.3/8 has host bits set: the subnet of 10.1.2.3 with /8 is 10.0.0.0/8']);
  });

  it('refuses subnets no host can be in', () => {
    expect(messages(Cidr.safeParse('127.0.0.0/8'))[0]).toMatch(/^127\.0\.0\.0\/8 is not a subnet hosts can be in: 127\.0\.0\.0 is a loopback address/);
    expect(messages(Cidr.safeParse('224.0.0.0/24'))[0]).toMatch(/is not a subnet hosts can be in: 224\.0\.0\.0 is a multicast address/);
    expect(messages(Cidr.safeParse('0.0.0.0/8'))[0]).toMatch(/is not a subnet hosts can be in/);
  });

  it('refuses text that is not CIDR with the format message only', () => {
    for (const bad of ['192.168.10.0', '192.168.10.0/33', '192.168.10.0/024', '010.0.0.0/8']) expect(messages(Cidr.safeParse(bad)), bad).toEqual(['must be a subnet in CIDR form such as 192.168.10.0/24']);
  });
});

describe('Mac (a NIC of a host)', () => {
  it('normalises case and dashes of a unicast MAC', () => {
    expect(Mac.parse('00-1B-21-AA-BB-CC')).toBe('00:1b:21:aa:bb:cc');
    expect(Mac.parse('02:00:00:00:00:01')).toBe('02:00:00:00:00:01');
    expect(Mac.parse('fe:ff:ff:ff:ff:ff')).toBe('fe:ff:ff:ff:ff:ff');
  });

  it('refuses all zeros, the broadcast address and multicast addresses, saying which', () => {
    expect(messages(Mac.safeParse('00:00:00:00:00:00'))).toEqual(["00:00:00:00:00:00 is all zeros, not the MAC of a NIC; copy the NIC's own MAC from its label or from `esxcli network nic list`"]);
    expect(messages(Mac.safeParse('FF-FF-FF-FF-FF-FF'))[0]).toMatch(/^ff:ff:ff:ff:ff:ff is the broadcast address, not the MAC of one NIC/);
    expect(messages(Mac.safeParse('01:00:5e:00:00:fb'))[0]).toMatch(/^01:00:5e:00:00:fb is a multicast address \(its first byte is odd\)/);
    expect(messages(Mac.safeParse('33:33:00:00:00:01'))[0]).toMatch(/is a multicast address/);
  });

  it('ignores spaces around a MAC, and judges multicast by the first byte only', () => {
    expect(Mac.parse(' 00:1B:21:AA:BB:CC\t')).toBe('00:1b:21:aa:bb:cc');
    // Odd digits later in the address (1b, cc, 0f) say nothing: only the first byte's lowest bit marks a group address.
    expect(messages(Mac.safeParse('02:1b:21:ab:cd:0f'))).toEqual([]);
    expect(messages(Mac.safeParse('0f:00:00:00:00:00'))[0]).toMatch(/is a multicast address/);
    expect(messages(Mac.safeParse('0e:00:00:00:00:00'))).toEqual([]);
  });

  it('refuses what is not a MAC with one message', () => {
    for (const bad of ['00:1b:21:aa:bb', '00:1b:21:aa:bb:cc:dd', '00:1b:21:aa:bb:zz', 'ff:ff:ff:ff:ff:ff:ff']) expect(messages(Mac.safeParse(bad)), bad).toEqual(['must be a MAC address such as 00:1b:21:aa:bb:cc']);
  });
});

describe('HostOrIp (NTP and NFS servers)', () => {
  it('takes names and unicast addresses', () => {
    for (const ok of ['pool.ntp.org', 'ntp1', '10.0.0.2']) expect(messages(HostOrIp.safeParse(ok)), ok).toEqual([]);
  });

  it('a name is checked as a whole: one character is a name, a leading or trailing dot or dash is not', () => {
    for (const ok of ['n', 'ntp1.2.3.4', '10.0.0.1.example.com', 'a-b.c']) expect(messages(HostOrIp.safeParse(ok)), ok).toEqual([]);
    for (const bad of ['-ntp', 'ntp-', '.ntp', 'ntp.', 'nt p', '']) expect(messages(HostOrIp.safeParse(bad)), bad).toEqual(['must be a host name or IP']);
  });

  it('refuses an address that names no server, and a dotted text that is no address', () => {
    expect(messages(HostOrIp.safeParse('0.0.0.0'))[0]).toMatch(/^0\.0\.0\.0 is not an address a host can have .*; give the server's real address or name$/);
    expect(messages(HostOrIp.safeParse('300.1.1.1'))).toEqual(['300.1.1.1 is not an IPv4 address (four numbers 0–255, no leading zeros)']);
  });
});

describe('in a whole site (site validate, every load, the Site step)', () => {
  it('refuses each value of issue 26 §12 at its field', () => {
    expect(problems((s) => (s.spec.managementNetwork.subnet = '0.0.0.0/0'))).toContain('spec.managementNetwork.subnet: 0.0.0.0/0 is /0, every IPv4 address: a subnet is /8 or smaller, such as 192.168.10.0/24');
    expect(problems((s) => (s.spec.managementNetwork.subnet = '192.168.10.1/24')).join('\n')).toMatch(/^spec\.managementNetwork\.subnet: 192\.168\.10\.1\/24 has host bits set/m);
    expect(problems((s) => (s.spec.dns.servers = ['0.0.0.0'])).join('\n')).toMatch(/^spec\.dns\.servers\[0\]: 0\.0\.0\.0 is not an address a host can have/m);
    expect(problems((s) => (s.spec.managementNetwork.gateway = '255.255.255.255')).join('\n')).toMatch(/^spec\.managementNetwork\.gateway: 255\.255\.255\.255 is the broadcast address/m);
    expect(problems((s) => (s.spec.ntp.servers = ['0.0.0.0'])).join('\n')).toMatch(/^spec\.ntp\.servers\[0\]: 0\.0\.0\.0 is not an address/m);
    const nic = (mac: string) => (s: any) => (s.spec.hosts[0].hardware = { nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', mac }] });
    expect(problems(nic('ff:ff:ff:ff:ff:ff')).join('\n')).toMatch(/^spec\.hosts\[0\]\.hardware\.nics\[0\]\.mac: ff:ff:ff:ff:ff:ff is the broadcast address/m);
    expect(problems(nic('00:00:00:00:00:00')).join('\n')).toMatch(/nics\[0\]\.mac: 00:00:00:00:00:00 is all zeros/);
    expect(problems(nic('01:80:c2:00:00:0e')).join('\n')).toMatch(/nics\[0\]\.mac: 01:80:c2:00:00:0e is a multicast address/);
    expect(problems((s) => (s.spec.hosts[0].management.device = 'FF:FF:FF:FF:FF:FF')).join('\n')).toMatch(/^spec\.hosts\[0\]\.management\.device: ff:ff:ff:ff:ff:ff is the broadcast address/m);
    expect(problems((s) => (s.spec.hosts[0].management.device = 'vmnic1'))).toEqual([]);
    expect(problems((s) => (s.spec.workloads = { worker: { network: { mode: 'static', ip: '192.168.10.50', gateway: '192.168.10.1', dns: ['127.0.0.53'] } } })).join('\n')).toMatch(
      /^spec\.workloads\.worker\.network\.dns\[0\]: 127\.0\.0\.53 is a loopback address/m,
    );
    expect(problems((s) => (s.spec.hostSettings = { nfsDatastores: [{ name: 'ds', server: '0.0.0.0', share: '/data' }] })).join('\n')).toMatch(/nfsDatastores\[0\]\.server: 0\.0\.0\.0 is not an address/);
    expect(problems((s) => (s.spec.syslog = [{ address: '255.255.255.255' }])).join('\n')).toMatch(/^spec\.syslog\[0\]\.address: 255\.255\.255\.255 is the broadcast address/m);
    expect(problems((s) => (s.spec.syslog = [{ address: 'logs.example.com' }]))).toEqual([]);
  });

  it('bounds every number of a host to what hardware has: 1e308 GiB of memory is refused', () => {
    const hw = (hardware: object) => (s: any) => (s.spec.hosts[0].hardware = hardware);
    expect(problems(hw({ ramGiB: 1e308 }))).toEqual(['spec.hosts[0].hardware.ramGiB: must be the memory in GiB, at most 24576 (24 TiB, the most ESXi supports)']);
    expect(problems(hw({ ramGiB: 24_576 }))).toEqual([]);
    expect(problems(hw({ ramGiB: 24_577 }))).toHaveLength(1);
    expect(problems(hw({ cores: 1025 }))).toEqual(['spec.hosts[0].hardware.cores: must be the number of CPU cores, at most 1024']);
    expect(problems(hw({ cores: 1024 }))).toEqual([]);
    expect(problems(hw({ bootDiskGB: 65_537 }))).toEqual(['spec.hosts[0].hardware.bootDiskGB: must be the boot disk size in GB, at most 65536']);
    expect(problems(hw({ bootDiskGB: 65_536 }))).toEqual([]);
    const speed = (speedMbps: number) => hw({ nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', speedMbps }] });
    expect(problems(speed(800_000))).toEqual([]);
    expect(problems(speed(800_001))).toEqual(['spec.hosts[0].hardware.nics[0].speedMbps: must be a link speed in Mb/s, at most 800000 (800 Gb/s)']);
    const vmClass = (memoryMiB: number) => (s: any) => (s.spec.workloads = { vmClasses: [{ name: 'big', cpus: 2, memoryMiB }] });
    expect(problems(vmClass(25_165_824))).toEqual([]);
    expect(problems(vmClass(25_165_825))).toEqual(['spec.workloads.vmClasses[0].memoryMiB: must be at most 25165824 MiB (24 TiB, the most ESXi gives one VM)']);
    const prefix = (p: number) => (s: any) => (s.spec.workloads = { worker: { network: { mode: 'static', ip: '192.168.10.50', gateway: '192.168.10.1', prefix: p } } });
    expect(problems(prefix(8))).toEqual([]);
    expect(problems(prefix(7))).toEqual(['spec.workloads.worker.network.prefix: must be a prefix length from 8 to 32, such as 24']);
    const record = (extra: object) => (s: any) => (s.records = { media: [{ at: '2026-12-01T10:00:00Z', target: '/dev/sdb', imageSha256: 'a'.repeat(64), verified: true, ...extra }] });
    expect(problems(record({ sizeBytes: -1 })).join('\n')).toMatch(/^records\.media\[0\]\.sizeBytes: /m);
    expect(problems(record({ seconds: -1 })).join('\n')).toMatch(/^records\.media\[0\]\.seconds: /m);
    expect(problems(record({ sizeBytes: 8_000_000_000, seconds: 12.5, bytesPerSecond: 6.4e8 }))).toEqual([]);
  });

  it('a MetalLB pool takes ranges and CIDRs as MetalLB reads them, and refuses a reversed range', () => {
    const pool = (addresses: string[]) => (s: any) => (s.spec.workloads = { metallbPools: [{ name: 'lb', addresses }] });
    expect(problems(pool(['192.168.10.240-192.168.10.250', '192.168.10.32/28']))).toEqual([]);
    const msg = 'must be a range such as 192.168.4.240-192.168.4.254 (first address not after the last) or a CIDR such as 192.168.4.240/28';
    expect(problems(pool(['192.168.10.250-192.168.10.240']))).toEqual([`spec.workloads.metallbPools[0].addresses[0]: ${msg}`]);
    expect(problems(pool(['192.168.10.240-192.168.10.256']))).toEqual([`spec.workloads.metallbPools[0].addresses[0]: ${msg}`]);
    expect(problems(pool(['010.0.0.1-010.0.0.9']))).toEqual([`spec.workloads.metallbPools[0].addresses[0]: ${msg}`]);
  });
});
