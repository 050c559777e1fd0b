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

/** A site with every block filled with only what is required, so each block's defaults show. */
const fullInput = (): any => {
  const s = minimalSite({ twoNode: true }) as any;
  s.spec.hosts[0].hardware = { nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c' }] };
  s.spec.hosts[0].vswitches = [{}];
  s.spec.hosts[0].ptp = { portGroup: 'PTP' };
  s.spec.users = [{ name: 'monitor', passwordHash: '$6$saltsalt$' + 'a'.repeat(86) }];
  s.spec.syslog = [{ address: 'logs.example.com' }];
  s.spec.hostSettings = { nfsDatastores: [{ name: 'ds1', server: 'nas.example.com', share: '/data' }] };
  s.spec.workloads = {
    vmClasses: [{ name: 'small', cpus: 2, memoryMiB: 2048 }],
    vms: [{ name: 'vm1', className: 'small', image: 'x.ova', userData: { content: '#cloud-config' } }],
    metallbPools: [{ name: 'lb', addresses: ['192.168.10.240/28'] }],
  };
  s.records = { commits: [{ sha: 'abc', at: 't', message: 'm' }], media: [{ at: 't', target: '/dev/sdb', imageSha256: 'a'.repeat(64), verified: true, carried: [{ host: 'esx01' }] }] };
  return s;
};

describe('what a site gets when a field is left out (the defaults every later step uses)', () => {
  it('a minimal one-node site: exactly these settings', () => {
    expect(Site.parse(minimalSite())).toEqual({
      apiVersion: 'sitekit/v1',
      kind: 'Site',
      metadata: { name: 'Store 0421', id: 'store-0421' },
      spec: {
        topology: 'one-node',
        release: '8.0U3',
        managementNetwork: { subnet: '192.168.10.0/24', gateway: '192.168.10.1' },
        dns: { servers: ['192.168.10.2'], searchDomains: [] },
        ntp: { protocol: 'NTP', servers: ['pool.ntp.org'] },
        syslog: [],
        secureBoot: true,
        hosts: [
          {
            name: 'esx01',
            management: { mode: 'static', ip: '192.168.10.11', vlan: 0 },
            hardware: { nics: [] },
            requirements: { kernelOptions: [], biosSettings: [], moduleSettings: [] },
            vswitches: [
              {
                name: 'vSwitch0',
                mtu: 1500,
                uplinks: { standby: [] }, // no active list: vSwitch0 follows the host plan's install NIC
                security: { allowPromiscuous: false, macChanges: false, forgedTransmits: false },
                portGroups: [
                  { name: 'Management Network', vlan: 0 },
                  { name: 'VM Network', vlan: 0 },
                ],
              },
            ],
            install: { overwriteVmfs: true },
          },
        ],
        users: [],
        hostSettings: { nfsDatastores: [], advancedOptions: [] },
        workloads: { vmClasses: [], vms: [], worker: { enabled: true, cpus: 4, powerState: 'poweredOff', memoryGiB: 8, network: { mode: 'dhcp', prefix: 24, dns: [] } }, apps: [], metallbPools: [] },
        git: { branch: 'main', basePath: 'sites' },
        acceptedFindings: [],
      },
      records: { commits: [], media: [], reports: [], audits: [] },
    });
  });

  it('each block filled with only what it requires', () => {
    const s = Site.parse(fullInput());
    expect(s.spec.hosts[0]!.hardware.nics[0]).toEqual({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', role: 'uplink' });
    expect(s.spec.hosts[0]!.vswitches).toEqual(Site.parse(minimalSite()).spec.hosts[0]!.vswitches);
    expect(s.spec.hosts[0]!.ptp).toEqual({ device: 'vmk1', portGroup: 'PTP', mtu: 1500 });
    expect(s.spec.users[0]).toMatchObject({ name: 'monitor', access: 'ReadOnly' });
    expect(s.spec.syslog[0]).toEqual({ protocol: 'UDP', address: 'logs.example.com', port: 514 });
    expect(s.spec.hostSettings.nfsDatastores[0]).toEqual({ name: 'ds1', server: 'nas.example.com', share: '/data', readOnly: false, connections: 1 });
    expect(s.spec.workloads.vmClasses[0]).toEqual({ name: 'small', cpus: 2, memoryMiB: 2048, reservation: 'best-effort', extraConfig: [], passthroughDevices: [] });
    expect(s.spec.workloads.vms[0]).toEqual({
      name: 'vm1',
      namespace: 'default',
      className: 'small',
      image: 'x.ova',
      powerState: 'poweredOn',
      networks: ['VM Network'],
      userData: { transport: 'CloudInit', source: 'ConfigMap', content: '#cloud-config' },
    });
    expect(s.spec.workloads.metallbPools[0]).toEqual({ name: 'lb', addresses: ['192.168.10.240/28'], autoAssign: true });
    expect(s.records.commits[0]).toEqual({ sha: 'abc', at: 't', message: 'm', pushed: false });
    expect(s.records.media[0]).toMatchObject({ hosts: [], carried: [{ host: 'esx01', kernelOptions: [], drivers: [], driverOverride: false }] });
  });
});

describe('every choice a field offers is accepted, and nothing else', () => {
  const accepts = (mutate: (s: any) => void) => {
    const s = fullInput();
    mutate(s);
    return errorsOf(s);
  };
  const cases: [string, readonly string[], (s: any, v: string) => void][] = [
    ['release', ['7.0U3', '8.0', '8.0U1', '8.0U2', '8.0U3', '9.0'], (s, v) => (s.spec.release = v)],
    ['NIC bus', ['pci', 'usb'], (s, v) => (s.spec.hosts[0].hardware.nics[0].bus = v)],
    ['NIC role', ['uplink', 'bmc', 'unused'], (s, v) => (s.spec.hosts[0].hardware.nics[0].role = v)],
    ['management mode', ['static', 'dhcp'], (s, v) => (s.spec.hosts[1].management.mode = v)],
    ['user access', ['ReadOnly', 'Admin'], (s, v) => (s.spec.users[0].access = v)],
    ['class reservation', ['best-effort', 'guaranteed'], (s, v) => (s.spec.workloads.vmClasses[0].reservation = v)],
    ['user-data transport', ['CloudInit', 'Sysprep'], (s, v) => (s.spec.workloads.vms[0].userData.transport = v)],
    ['user-data source', ['ConfigMap', 'Secret'], (s, v) => (s.spec.workloads.vms[0].userData.source = v)],
    ['VM power', ['poweredOn', 'poweredOff'], (s, v) => (s.spec.workloads.vms[0].powerState = v)],
    ['worker power', ['poweredOn', 'poweredOff'], (s, v) => (s.spec.workloads.worker = { powerState: v })],
    ['worker network mode', ['dhcp'], (s, v) => (s.spec.workloads.worker = { network: { mode: v } })],
    ['time protocol', ['NTP', 'PTP'], (s, v) => (s.spec.ntp.protocol = v)],
    ['syslog protocol', ['UDP', 'TCP', 'TLS'], (s, v) => (s.spec.syslog[0].protocol = v)],
    ['record target kind', ['device', 'file'], (s, v) => (s.records.media[0].targetKind = v)],
    ['latency sensitivity', ['normal', 'low', 'medium', 'high'], (s, v) => (s.spec.workloads.vmClasses[0].latencySensitivity = v)],
    ['acceptance level', ['VMWARE_CERTIFIED', 'VMWARE_ACCEPTED', 'PARTNER', 'COMMUNITY'], (s, v) => (s.spec.hostSettings.acceptanceLevel = v)],
  ];
  it.each(cases)('%s', (_name, values, set) => {
    for (const v of values) expect(accepts((s) => set(s, v)), v).toEqual([]);
    expect(accepts((s) => set(s, 'something-else')).length, 'something-else').toBeGreaterThan(0);
    expect(accepts((s) => set(s, '')).length, 'empty').toBeGreaterThan(0);
  });

  it('both topologies with their host counts', () => {
    expect(errorsOf(minimalSite({ twoNode: true }))).toEqual([]);
    const one = minimalSite({ twoNode: true }) as any;
    one.spec.topology = 'one-node';
    expect(errorsOf(one)).toEqual(['spec.hosts: a one-node site needs exactly 1 host, found 2']);
    const three = minimalSite({ twoNode: true }) as any;
    three.spec.hosts.push({ name: 'esx03', management: { ip: '192.168.10.13' } });
    expect(errorsOf(three)).toEqual(['spec.hosts: ECS sites have one or two hosts']);
    const none = minimalSite() as any;
    none.spec.hosts = [];
    expect(errorsOf(none)).toEqual(['spec.hosts: a site needs at least one host', 'spec.hosts: a one-node site needs exactly 1 host, found 0']);
  });
});

describe('names, ids and codes: what each pattern takes and refuses, with the sentence shown', () => {
  const check = (set: (s: any, v: any) => void, ok: readonly unknown[], bad: readonly unknown[], message: string) => {
    for (const v of ok) {
      const s = fullInput();
      set(s, v);
      expect(errorsOf(s), JSON.stringify(v)).toEqual([]);
    }
    for (const v of bad) {
      const s = fullInput();
      set(s, v);
      expect(errorsOf(s).join('\n'), JSON.stringify(v)).toContain(message);
    }
  };
  const label63 = 'a'.repeat(63);

  it('site id: a lower-case DNS label', () => {
    check((s, v) => (s.metadata.id = v), ['s', 'store-0421', '0421', label63], ['Store', '-store', 'store-', 'store_1', 'st re', label63 + 'a', 'x\nstore', ''], 'metadata.id: must be lower-case letters, digits and hyphens (a DNS label), e.g. store-0421');
  });

  it('site name: 1 to 80 characters, surrounding spaces trimmed', () => {
    check((s, v) => (s.metadata.name = v), ['S', 'x'.repeat(80), ' Store 7 '], ['', '   '], 'metadata.name: the site needs a name');
    check((s, v) => (s.metadata.name = v), [], ['x'.repeat(81)], 'metadata.name: at most 80 characters');
    const s = fullInput();
    s.metadata.name = '  Store 7 ';
    expect(Site.parse(s).metadata.name).toBe('Store 7');
  });

  it('host name: letters, digits and hyphens, either case, up to 63', () => {
    check((s, v) => (s.spec.hosts[0].name = v), ['esx01', 'ESX-01', 'e', 'A'.repeat(63)], ['esx_01', '-esx', 'esx-', 'esx.01', 'a'.repeat(64), ''], 'must be a host name: letters, digits and hyphens, up to 63 characters');
  });

  it('host names are unique whatever their case', () => {
    const s = fullInput();
    s.spec.hosts[1].name = 'Esx01';
    expect(errorsOf(s)).toEqual(['spec.hosts[1].name: host name "Esx01" is used twice']);
  });

  it('VM, class, app and namespace names: lower-case DNS labels', () => {
    check((s, v) => (s.spec.workloads.vms[0].name = v), ['vm-1', label63], ['VM1', 'vm_1', '-vm', label63 + 'a'], 'spec.workloads.vms[0].name: must be a lower-case DNS label');
    check((s, v) => (s.spec.workloads.vmClasses[0].name = v), ['best-effort-small'], ['Small'], 'spec.workloads.vmClasses[0].name: must be a lower-case DNS label');
    check((s, v) => (s.spec.workloads.apps = [{ name: v, manifest: 'kind: Namespace' }]), ['hello'], ['Hello World'], 'spec.workloads.apps[0].name: must be a lower-case DNS label');
    check((s, v) => (s.spec.workloads.vms[0].namespace = v), ['store'], ['Store'], 'spec.workloads.vms[0].namespace:');
  });

  it('local user names: lower case, starting with a letter or _, up to 31', () => {
    check((s, v) => (s.spec.users[0].name = v), ['monitor', '_svc', 'a', 'a'.repeat(31), 'ops-1_x'], ['Monitor', '1ops', '-ops', 'a'.repeat(32), 'o ps'], 'spec.users[0].name: must be a lower-case user name');
  });

  it('uplink names: vmnic or vusb with one or two digits', () => {
    check((s, v) => (s.spec.hosts[0].hardware.nics[0].name = v), ['vmnic0', 'vmnic31', 'vusb0', 'vusb9'], ['vmnic', 'vmnic100', 'eth0', 'xvmnic0', 'vmnic0x', 'VMNIC0'], 'must be an ESXi uplink name such as vmnic0 or vusb0');
    check((s, v) => (s.spec.hosts[0].vswitches = [{ uplinks: { active: [v] } }]), ['vusb1'], ['nic1'], 'must be an ESXi uplink name such as vmnic0 or vusb0');
  });

  it('PCI IDs: four hex digits, 0x and case and spaces forgiven', () => {
    check((s, v) => (s.spec.hosts[0].hardware.nics[0].vendorId = v), ['8086', '0x8086', ' 10EC ', 'ffff'], ['808', '80866', 'zzzz', '0x80'], 'must be 4 hex digits such as 8086');
    const s = fullInput();
    s.spec.hosts[0].hardware.nics[0] = { ...s.spec.hosts[0].hardware.nics[0], vendorId: ' 0X10EC ', deviceId: '0x8156', subVendorId: 'ABCD', subDeviceId: '0x0001' };
    expect(Site.parse(s).spec.hosts[0]!.hardware.nics[0]).toMatchObject({ vendorId: '10ec', deviceId: '8156', subVendorId: 'abcd', subDeviceId: '0001' });
  });

  it('a NIC class code is six lower-case hex digits', () => {
    check((s, v) => (s.spec.hosts[0].hardware.nics[0].classCode = v), ['020600', 'ff00aa'], ['02060', '0206000', 'FF00AA', 'x20600'], 'must be 6 hex digits such as 020600');
  });

  it('kernel options look like name=value', () => {
    check((s, v) => (s.spec.hosts[0].requirements = { kernelOptions: [v] }), ['cpuUniformityHardCheckPanic=FALSE', 'a.b_c=1,2:3-4'], ['noValue', '=x', 'a=', 'a = b', 'a=b c', 'a=b;reboot'], 'must look like name=value');
  });

  it('DNS domain and search domains are host names or addresses', () => {
    check((s, v) => (s.spec.dns.domain = v), ['store.example.com', 'corp'], ['-corp', 'corp.', 'co rp', 'a_b.example.com'], 'spec.dns.domain:');
    check((s, v) => (s.spec.dns.searchDomains = [v]), ['example.com'], ['.example.com'], 'spec.dns.searchDomains[0]:');
    check((s, v) => (s.spec.ntp.servers = [v]), ['ntp1.example.com', '10.0.0.1'], ['ntp server', 'ntp.', '.ntp'], 'spec.ntp.servers[0]: must be a host name or IP');
  });

  it('a Git URL may not carry credentials', () => {
    check((s, v) => (s.spec.git = { url: v }), ['https://git.example.com/sites.git', 'https://git.example.com/a@b.git', 'git@example.com:sites.git'], ['https://tok@git.example.com/x.git', 'HTTP://u:p@git.example.com/x.git'], 'spec.git.url: must not contain credentials; they are kept in the keychain');
  });

  it('a VM needs an image and a class; a class 1–64 CPUs and at least 256 MiB', () => {
    check((s, v) => (s.spec.workloads.vms[0].image = v), ['ec-wrkr.ova'], [''], 'spec.workloads.vms[0].image: VM needs an image (an OVA location without the scheme, or ec-wrkr.ova)');
    check((s, v) => (s.spec.workloads.vmClasses[0].cpus = v), [1, 64], [0, 65, 1.5], 'spec.workloads.vmClasses[0].cpus:');
    check((s, v) => (s.spec.workloads.vmClasses[0].memoryMiB = v), [256], [255], 'spec.workloads.vmClasses[0].memoryMiB:');
  });

  it('the worker: a power-of-two CPU count, 2–256 GiB, and a static address needs an IP and a gateway', () => {
    const msg = "the worker's CPU count must be a power of two (1, 2, 4, 8, 16 or 32), as VMware's worker sample requires";
    check((s, v) => (s.spec.workloads.worker = { cpus: v }), [1, 2, 8, 32], [3, 6, 12, 24], `spec.workloads.worker.cpus: ${msg}`);
    check((s, v) => (s.spec.workloads.worker = { cpus: v }), [], [0, 64], 'spec.workloads.worker.cpus:');
    check((s, v) => (s.spec.workloads.worker = { memoryGiB: v }), [2, 256], [1, 257], 'spec.workloads.worker.memoryGiB:');
    check((s, v) => (s.spec.workloads.worker = { network: v }), [{ mode: 'static', ip: '192.168.10.50', gateway: '192.168.10.1' }], [{ mode: 'static', ip: '192.168.10.50' }], 'spec.workloads.worker.network.gateway: a static worker address needs a gateway');
    // A two-node site: each host's worker needs an address, its own or the shared one.
    check((s, v) => (s.spec.workloads.worker = { network: v }), [], [{ mode: 'static', gateway: '192.168.10.1' }], 'spec.hosts[1].workerIp: the worker on esx02 needs its own static address (every host runs its own worker); enter one for esx02, or use DHCP for the worker');
  });

  it('port groups need a name; VLANs 0–4094 wherever they are', () => {
    check((s, v) => (s.spec.hosts[0].vswitches = [{ portGroups: [{ name: v }] }]), ['Cameras'], [''], 'spec.hosts[0].vswitches[0].portGroups[0].name: port group needs a name');
    check((s, v) => (s.spec.hosts[0].vswitches = [{ portGroups: [{ name: 'Cameras', vlan: v }] }]), [0, 4094], [-1, 4095, 1.5], 'VLAN ID must be 0 (untagged) to 4094');
    check((s, v) => (s.spec.hosts[0].vswitches = [{ mtu: v }]), [1280, 9000], [1279, 9001], 'spec.hosts[0].vswitches[0].mtu: MTU must be 1280 to 9000');
  });

  it('a static management address needs its IP; DHCP does not', () => {
    check((s, v) => (s.spec.hosts[1].management = v), [{ mode: 'dhcp' }, { mode: 'static', ip: '192.168.10.12' }], [{ mode: 'static' }, {}], 'spec.hosts[1].management.ip: a static management address needs an IP');
  });

  it('DNS: one to three servers', () => {
    check((s, v) => (s.spec.dns.servers = v), [['192.168.10.2'], ['192.168.10.2', '192.168.10.3', '192.168.10.4']], [[]], 'spec.dns.servers: at least one DNS server');
    check((s, v) => (s.spec.dns.servers = v), [], [['192.168.10.2', '192.168.10.3', '192.168.10.4', '192.168.10.5']], 'spec.dns.servers: at most three DNS servers');
  });

  it('text fields have their length limits: at the limit fine, one more refused', () => {
    const cases: [string, number, (s: any, v: string) => void][] = [
      ['metadata.location', 200, (s, v) => (s.metadata.location = v)],
      ['metadata.notes', 4000, (s, v) => (s.metadata.notes = v)],
      ['metadata.technician', 120, (s, v) => (s.metadata.technician = v)],
      ['spec.dcuiWelcome', 400, (s, v) => (s.spec.dcuiWelcome = v)],
      ['spec.hosts[0].hardware.serial', 64, (s, v) => (s.spec.hosts[0].hardware.serial = v)],
      ['spec.hosts[0].hardware.vendor', 80, (s, v) => (s.spec.hosts[0].hardware.vendor = v)],
      ['spec.hosts[0].hardware.productName', 120, (s, v) => (s.spec.hosts[0].hardware.productName = v)],
      ['spec.hosts[0].hardware.cpu', 120, (s, v) => (s.spec.hosts[0].hardware.cpu = v)],
      ['spec.hosts[0].hardware.nics[0].label', 120, (s, v) => (s.spec.hosts[0].hardware.nics[0].label = v)],
      ['spec.users[0].description', 120, (s, v) => (s.spec.users[0].description = v)],
      ['spec.hosts[0].vswitches[0].portGroups[0].name', 80, (s, v) => (s.spec.hosts[0].vswitches = [{ portGroups: [{ name: v }] }])],
      ['spec.hosts[0].vswitches[0].name', 32, (s, v) => (s.spec.hosts[0].vswitches = [{ name: v }])],
    ];
    for (const [path, max, set] of cases) {
      const ok = fullInput();
      set(ok, 'x'.repeat(max));
      expect(errorsOf(ok), `${path} at ${max}`).toEqual([]);
      const over = fullInput();
      set(over, 'x'.repeat(max + 1));
      expect(errorsOf(over).join('\n'), `${path} at ${max + 1}`).toMatch(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}: `, 'm'));
    }
  });

  it('lists of names and settings take no empty entries', () => {
    const empties: [string, (s: any) => void][] = [
      ['spec.hosts[0].requirements.biosSettings[0]', (s) => (s.spec.hosts[0].requirements = { biosSettings: [''] })],
      ['spec.hosts[0].requirements.moduleSettings[0].module', (s) => (s.spec.hosts[0].requirements = { moduleSettings: [{ module: '', options: 'x=1' }] })],
      ['spec.hosts[0].requirements.moduleSettings[0].options', (s) => (s.spec.hosts[0].requirements = { moduleSettings: [{ module: 'm', options: '' }] })],
      ['spec.hosts[0].requirements.driverPackages[0]', (s) => (s.spec.hosts[0].requirements = { driverPackages: [''] })],
      ['spec.workloads.vms[0].className', (s) => (s.spec.workloads.vms[0].className = '')],
      ['spec.workloads.vms[0].networks[0]', (s) => (s.spec.workloads.vms[0].networks = [''])],
      ['spec.workloads.vms[0].userData.content', (s) => (s.spec.workloads.vms[0].userData.content = '')],
      ['spec.workloads.apps[0].manifest', (s) => (s.spec.workloads.apps = [{ name: 'a', manifest: '' }])],
      ['spec.acceptedFindings[0].code', (s) => (s.spec.acceptedFindings = [{ code: '', by: 'J', at: 't' }])],
      ['spec.acceptedFindings[0].by', (s) => (s.spec.acceptedFindings = [{ code: 'c', by: '', at: 't' }])],
      ['spec.acceptedFindings[0].at', (s) => (s.spec.acceptedFindings = [{ code: 'c', by: 'J', at: '' }])],
      ['spec.git.branch', (s) => (s.spec.git = { branch: '' })],
      ['spec.syslog[0].address', (s) => (s.spec.syslog = [{ address: '' }])],
    ];
    for (const [path, set] of empties) {
      const s = fullInput();
      set(s);
      expect(errorsOf(s).join('\n'), path).toMatch(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}: `, 'm'));
    }
    const full = fullInput();
    full.spec.hosts[0].requirements = { biosSettings: ['Disable Secure Boot'], moduleSettings: [{ module: 'vmkusb_nic_fling', options: 'x=1' }], driverPackages: ['if-re'] };
    full.spec.acceptedFindings = [{ code: 'reboot-on-apply', by: 'J. Smith', at: '2026-11-25T08:00:00Z' }];
    expect(errorsOf(full)).toEqual([]);
    expect(Site.parse(full).spec.hosts[0]!.requirements.moduleSettings).toEqual([{ module: 'vmkusb_nic_fling', options: 'x=1' }]);
  });

  it('the address rules look only at static addresses: a DHCP host or a DHCP or disabled worker keeps no address in play', () => {
    const dhcpHost = fullInput();
    dhcpHost.spec.hosts[1].management = { mode: 'dhcp', ip: '10.9.9.9' };
    expect(errorsOf(dhcpHost)).toEqual([]);
    const worker = (w: object) => {
      const s = fullInput();
      s.spec.workloads.worker = w;
      return errorsOf(s);
    };
    const onHost = { mode: 'static', ip: '192.168.10.11', gateway: '192.168.10.1' };
    expect(worker({ network: onHost })).toEqual(['spec.workloads.worker.network.ip: the worker has the same IP as host esx01 (192.168.10.11); every address must be unique']);
    expect(worker({ enabled: false, network: onHost })).toEqual([]);
    expect(worker({ network: { ...onHost, mode: 'dhcp' } })).toEqual([]);
  });

  it('the worker prefix says its range at both ends', () => {
    const s = fullInput();
    s.spec.workloads.worker = { network: { mode: 'static', ip: '192.168.10.50', gateway: '192.168.10.1', prefix: 33 } };
    expect(errorsOf(s)).toEqual(['spec.workloads.worker.network.prefix: must be a prefix length from 8 to 32, such as 24']);
  });

  it('a site without a topology is one-node', () => {
    const s = minimalSite() as any;
    delete s.spec.topology;
    expect(Site.parse(s).spec.topology).toBe('one-node');
  });

  it('patterns match whole values only', () => {
    const hash = '$6$saltsalt$' + 'a'.repeat(86);
    const set = (f: (s: any) => void) => {
      const s = fullInput();
      f(s);
      return errorsOf(s);
    };
    expect(set((s) => (s.spec.users[0].passwordHash = 'x' + hash)).join()).toContain('must be a $6$ SHA-512 crypt hash');
    expect(set((s) => (s.spec.users[0].passwordHash = hash + 'x')).join()).toContain('must be a $6$ SHA-512 crypt hash');
    expect(set((s) => (s.spec.hosts[0].hardware.nics[0].name = 'vusb10'))).toEqual([]);
    expect(set((s) => (s.spec.hosts[0].hardware.nics[0].vendorId = '120x34')).join()).toContain('must be 4 hex digits such as 8086');
    expect(set((s) => (s.spec.hosts[0].requirements = { kernelOptions: ['a b=c'] })).join()).toContain('must look like name=value');
    expect(set((s) => (s.spec.git = { url: 'https://git.example.com/go?next=https://user@x' }))).toEqual([]);
    expect(set((s) => (s.spec.dns.domain = 'a'))).toEqual([]);
  });

  it('records keep what the flows wrote in them', () => {
    const s = fullInput();
    s.records = {
      commits: [{ sha: 'abc', at: 't', message: 'm', pushed: true, moduleSettings: [{ host: 'esx01', module: 'vmkusb_nic_fling', options: 'x=1' }] }],
      media: [{ at: 't', target: '/dev/sdb', imageSha256: 'a'.repeat(64), hosts: ['esx01'], verified: true, carried: [{ host: 'esx01', kernelOptions: ['k=v'], drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: null }], driverOverride: true }] }],
      reports: [{ at: 't', folder: '/r', files: [{ format: 'pdf', path: '/r/a.pdf', sha256: 'b'.repeat(64) }] }],
      audits: [{ at: 't', target: '/dev/sdb', imageSha256: 'a'.repeat(64), hosts: ['esx01'], intact: false, filesChecked: 12, modified: 1 }],
    };
    expect(Site.parse(s).records).toEqual(s.records);
  });

  it('a missing required field is "is required" at its path', () => {
    const s = fullInput();
    delete s.spec.managementNetwork.gateway;
    expect(errorsOf(s)).toEqual(['spec.managementNetwork.gateway: is required']);
  });
});
