import { describe, expect, it } from 'vitest';
import { Site } from '../../../../main/core/site/schema';
import { validateSite, formatPath } from '../../../../main/core/site/yaml';
import { minimalSite } from '../../../helpers/sites';

const errorsOf = (input: unknown) => {
  const r = validateSite(input);
  return r.ok ? [] : (r.error.issues ?? []).map((i) => `${i.path}: ${i.message}`);
};

describe('site schema', () => {
  it('accepts a one-node site with only a name and an IP, filling sensible defaults', () => {
    const r = validateSite(minimalSite());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const host = r.value.spec.hosts[0]!;
    expect(r.value.spec.release).toBe('8.0U3');
    expect(r.value.spec.secureBoot).toBe(true);
    expect(host.management.mode).toBe('static');
    expect(host.vswitches[0]?.name).toBe('vSwitch0');
    // Uplinks not given: they follow the host plan (vSwitch0 gets the install NIC, main/core/host-plan).
    expect(host.vswitches[0]?.uplinks.active).toBeUndefined();
    expect(host.vswitches[0]?.portGroups.map((p) => p.name)).toEqual(['Management Network', 'VM Network']);
    expect(r.value.spec.workloads.worker.enabled).toBe(true);
  });

  it('accepts a two-node site', () => {
    expect(validateSite(minimalSite({ twoNode: true })).ok).toBe(true);
  });

  // Each field's error message, as the technician sees it.
  const cases: [string, (s: ReturnType<typeof minimalSite>) => void, string][] = [
    ['metadata.name', (s) => (s.metadata.name = ''), 'metadata.name: the site needs a name'],
    ['metadata.name', (s) => (s.metadata.name = 'x'.repeat(81)), 'metadata.name: at most 80 characters'],
    ['metadata.id', (s) => (s.metadata.id = 'Store 1'), 'metadata.id: must be lower-case letters, digits and hyphens'],
    ['subnet', (s) => (s.spec.managementNetwork.subnet = '192.168.10.0'), 'spec.managementNetwork.subnet: must be a subnet in CIDR form'],
    ['gateway', (s) => (s.spec.managementNetwork.gateway = '192.168.10.256'), 'spec.managementNetwork.gateway: must be an IPv4 address'],
    ['dns', (s) => (s.spec.dns.servers = []), 'spec.dns.servers: at least one DNS server'],
    ['dns', (s) => (s.spec.dns.servers = ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4']), 'spec.dns.servers: at most three DNS servers'],
    ['dns ip', (s) => (s.spec.dns.servers = ['dns.example.com']), 'spec.dns.servers[0]: must be an IPv4 address'],
    ['ntp', (s) => (s.spec.ntp.servers = []), 'spec.ntp.servers: at least one NTP server'],
    ['ntp name', (s) => (s.spec.ntp.servers = ['bad name!']), 'spec.ntp.servers[0]: must be a host name or IP'],
    ['host name', (s) => (s.spec.hosts[0]!.name = 'esx_01'), 'spec.hosts[0].name: must be a host name'],
    ['host ip', (s) => ((s.spec.hosts[0]!.management as { ip?: string }).ip = undefined), 'spec.hosts[0].management.ip: a static management address needs an IP'],
    ['topology', (s) => (s.spec.topology = 'two-node'), 'spec.hosts: a two-node site needs exactly 2 hosts, found 1'],
    ['release', (s) => ((s.spec as { release?: string }).release = '6.7'), 'spec.release:'],
    ['vlan', (s) => ((s.spec.hosts[0]!.management as { vlan?: number }).vlan = 4095), 'spec.hosts[0].management.vlan: VLAN ID must be 0 (untagged) to 4094'],
  ];
  it.each(cases)('reports %s errors with the field path and a readable message', (_name, mutate, expected) => {
    const s = minimalSite();
    mutate(s);
    expect(errorsOf(s).join('\n')).toContain(expected);
  });

  it('rejects the same host name twice', () => {
    const s = minimalSite({ twoNode: true });
    s.spec.hosts[1]!.name = 'ESX01';
    expect(errorsOf(s)).toContain('spec.hosts[1].name: host name "ESX01" is used twice');
  });

  it('refuses plain passwords for local users and accepts a $6$ hash without rounds', () => {
    const s = minimalSite() as Record<string, any>;
    s.spec.users = [{ name: 'monitor', passwordHash: 'Secret123!' }];
    expect(errorsOf(s).join()).toContain('must be a $6$ SHA-512 crypt hash');
    s.spec.users = [{ name: 'monitor', passwordHash: '$6$rounds=5000$abc$' + 'a'.repeat(86) }];
    expect(errorsOf(s).join()).toContain('must be a $6$ SHA-512 crypt hash');
    s.spec.users = [{ name: 'monitor', passwordHash: '$6$saltsalt$' + 'a'.repeat(86) }];
    expect(errorsOf(s)).toEqual([]);
  });

  it('refuses a Git URL with credentials in it', () => {
    const s = minimalSite() as Record<string, any>;
    s.spec.git = { url: 'https://user:tok@git.example.com/site.git' };
    expect(errorsOf(s).join()).toContain('must not contain credentials');
  });

  it('normalises MACs and PCI IDs', () => {
    const s = minimalSite() as Record<string, any>;
    s.spec.hosts[0].hardware = { nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '0x8086', deviceId: '125C', mac: '00-1B-21-AA-BB-CC' }] };
    const r = Site.parse(s);
    expect(r.spec.hosts[0]!.hardware.nics[0]).toMatchObject({ vendorId: '8086', deviceId: '125c', mac: '00:1b:21:aa:bb:cc', role: 'uplink' });
  });

  it('refuses a file from a newer Sitekit without trying to read it', () => {
    const r = validateSite({ ...minimalSite(), apiVersion: 'sitekit/v2' }, 'site.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('newer-version');
      expect(r.error.message).toContain('sitekit/v2');
      expect(r.error.hint).toContain('not changed');
    }
  });

  it('formats paths with indexes', () => {
    expect(formatPath(['spec', 'hosts', 1, 'management', 'ip'])).toBe('spec.hosts[1].management.ip');
  });
});
