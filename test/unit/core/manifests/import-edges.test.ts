/**
 * Import of repos Sitekit did not write, or wrote and a person then edited: what is modelled, what is kept
 * verbatim and why (the reason the technician sees next to each file), and that nothing is dropped.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { importFiles, type ImportResult } from '../../../../main/core/manifests/import';
import { Site, type SiteInput } from '../../../../main/core/site/schema';
import { generateWithPlan } from '../../../helpers/plan';
import { hostConfigurationText, indent } from '../../../helpers/host-configuration';
import { oneNodeSite, settingsSite, twoNodeSite } from '../../../helpers/manifest-sites';

type File = { path: string; content: string };

const hc = hostConfigurationText;

const base = (): SiteInput => JSON.parse(JSON.stringify(oneNodeSite())) as SiteInput;
const imp = (files: File[], b: SiteInput | undefined = base()): ImportResult => importFiles(files, b ? { base: b } : {});
/** `outcome into|reason` of each item of a file. */
const fate = (r: ImportResult, file: string) => r.items.filter((i) => i.file === file).map((i) => `${i.outcome} ${i.outcome === 'modeled' ? i.into : i.reason}`);
const model = (r: ImportResult) => Site.parse(r.site);

const SWITCH = {
  name: 'vSwitch1',
  policy: {
    nic_teaming: { policy: 'LOADBALANCE_SRCID', notify_switches: true, rolling_order: false, link_criteria_beacon: 'IGNORE', active_nics: ['vmnic1'], standby_nics: [] },
    security: { allow_promiscuous: false, mac_changes: false, forged_transmits: false },
    traffic_shaping: { enabled: false },
  },
  bridge: { link_discovery_protocol: { protocol: 'CDP', operation: 'LISTEN' }, nics: ['vmnic1'] },
  num_ports: 1024,
  mtu: 1500,
  port_groups: [{ name: 'Cameras', vlan_id: 20 }],
};

describe('HostConfigurations: modelled only when Sitekit would write them back exactly', () => {
  const ntp = { esx: { system: { system_time: { enabled: true, protocol: 'NTP', ntp_config: { server: [{ hostname: 'ntp.example.com', command: 'SERVER' }] } } } } };

  it('an NTP profile becomes the site\'s time servers', () => {
    const r = imp([{ path: 'ntp.yaml', content: hc('ntp-sync', ntp) }]);
    expect(fate(r, 'ntp.yaml')).toEqual(['modeled spec.ntp']);
    expect(model(r).spec.ntp).toEqual({ protocol: 'NTP', servers: ['ntp.example.com'] });
    expect(r.items[0]).toMatchObject({ docIndex: 0, kind: 'HostConfiguration', name: 'ntp-sync' });
  });

  it('a PTP time profile switches the site to PTP and keeps its servers', () => {
    const r = imp([{ path: 'time.yaml', content: hc('t', { esx: { system: { system_time: { enabled: true, protocol: 'PTP' } } } }) }]);
    expect(fate(r, 'time.yaml')).toEqual(['modeled spec.ntp']);
    expect(model(r).spec.ntp).toEqual({ protocol: 'PTP', servers: ['pool.ntp.org'] });
  });

  it('kept verbatim, each with its reason: wrong namespace or layer, extra fields, bad or wrapped JSON, several concerns, unknown keys', () => {
    const files: File[] = [
      { path: 'a-ns.yaml', content: hc('a', ntp, { namespace: 'default' }) },
      { path: 'b-layer.yaml', content: hc('b', ntp, { layertype: 'Full' }) },
      { path: 'c-extra.yaml', content: hc('c', ntp, { extra: 'status:\n  applied: true\n' }) },
      { path: 'd-spec.yaml', content: hc('d', ntp, { specExtra: '  priority: 1\n' }) },
      { path: 'e-json.yaml', content: hc('e', '{"esx": {') },
      { path: 'f-wrapped.yaml', content: hc('f', { profile: ntp }) },
      { path: 'g-two.yaml', content: hc('g', { esx: { ...ntp.esx, syslog: {} } }) },
      { path: 'h-unknown.yaml', content: hc('h', { esx: { firewall: { enabled: true } } }) },
      { path: 'i-ntp-extra.yaml', content: hc('i', { esx: { system: { system_time: { ...ntp.esx.system.system_time, ntp_config: { server: [{ hostname: 'x', command: 'PEER' }] } } } } }) },
      { path: 'j-system-two.yaml', content: hc('j', { esx: { system: { ...ntp.esx.system, welcome_message: { message: 'hi' } } } }) },
    ];
    const r = imp(files);
    expect(files.map((f) => `${f.path}: ${fate(r, f.path).join(', ')}`)).toEqual([
      'a-ns.yaml: verbatim not-incremental-esx-system',
      'b-layer.yaml: verbatim not-incremental-esx-system',
      'c-extra.yaml: verbatim extra-fields',
      'd-spec.yaml: verbatim extra-fields',
      'e-json.yaml: verbatim profile-invalid',
      'f-wrapped.yaml: verbatim profile-wrapped',
      'g-two.yaml: verbatim several-concerns',
      'h-unknown.yaml: verbatim unknown-profile-keys',
      'i-ntp-extra.yaml: verbatim not-exact',
      'j-system-two.yaml: verbatim unknown-profile-keys',
    ]);
    // Each is kept byte for byte as an app named after its file, and the site's own time servers are untouched.
    const s = model(r);
    expect(s.spec.ntp.servers).toEqual(['pool.ntp.org']);
    expect(s.spec.workloads.apps.map((a) => a.name)).toEqual(['a-ns', 'b-layer', 'c-extra', 'd-spec', 'e-json', 'f-wrapped', 'g-two', 'h-unknown', 'i-ntp-extra', 'j-system-two']);
    for (const f of files) expect(s.spec.workloads.apps.find((a) => a.name === f.path.replace('.yaml', ''))?.manifest).toBe(f.content);
    expect(r.items.every((i) => i.into.startsWith('spec.workloads.apps['))).toBe(true);
  });

  it('a DCUI welcome: the site\'s own text back, without the management line Sitekit adds', () => {
    const message = 'Store 9 — call 0800\n\n{align:left}{color:yellow}To manage this host, go to: https://{ip}/{/color}{/align}';
    const r = imp([{ path: 'w.yaml', content: hc('w', { esx: { system: { welcome_message: { message } } } }) }]);
    expect(fate(r, 'w.yaml')).toEqual(['modeled spec.dcuiWelcome']);
    expect(model(r).spec.dcuiWelcome).toBe('Store 9 — call 0800');
    // A text with its own {ip} is the site's text as it is.
    const own = imp([{ path: 'w.yaml', content: hc('w', { esx: { system: { welcome_message: { message: 'Manage at https://{ip}/' } } } }) }]);
    expect(model(own).spec.dcuiWelcome).toBe('Manage at https://{ip}/');
    // Text the model cannot hold (over 400 characters) or a message that is not text stays as it is.
    const own400 = `Manage at https://{ip}/ ${'x'.repeat(400 - 24)}`;
    expect(own400.length).toBe(400);
    expect(fate(imp([{ path: 'w.yaml', content: hc('w', { esx: { system: { welcome_message: { message: own400 } } } }) }]), 'w.yaml')).toEqual(['modeled spec.dcuiWelcome']);
    const long = imp([{ path: 'w.yaml', content: hc('w', { esx: { system: { welcome_message: { message: `${own400}x` } } } }) }]);
    expect(fate(long, 'w.yaml')).toEqual(['verbatim not-exact']);
    const num = imp([{ path: 'w.yaml', content: hc('w', { esx: { system: { welcome_message: { message: 42 } } } }) }]);
    expect(fate(num, 'w.yaml')).toEqual(['verbatim not-exact']);
  });

  it('remote syslog: the address with its port, 514 when none is written', () => {
    const log = (hosts: unknown[]) => hc('s', { esx: { syslog: { global_settings: { remote_logging: { log_host: hosts } } } } });
    const r = imp([{ path: 's.yaml', content: log([{ protocol: 'UDP', address: '192.168.10.5' }, { protocol: 'TCP', address: 'logs.example.com:1514' }]) }]);
    expect(fate(r, 's.yaml')).toEqual(['modeled spec.syslog']);
    expect(model(r).spec.syslog).toEqual([
      { protocol: 'UDP', address: '192.168.10.5', port: 514 },
      { protocol: 'TCP', address: 'logs.example.com', port: 1514 },
    ]);
    // An explicit :514 is not how Sitekit writes it, so it is kept as written.
    expect(fate(imp([{ path: 's.yaml', content: log([{ protocol: 'UDP', address: '192.168.10.5:514' }]) }]), 's.yaml')).toEqual(['verbatim not-exact']);
  });

  it('local users with their access; an account without a hash, or a lone authentication block, stays as written', () => {
    const HASH = '$6$vocvaTDqp5Cg.$Q6q7pshtoHi59oeU9O9zJN4FQ4gjtobSvA1RKG1FbSeIhNIdYwrXCcYPMm8NUTb8GtkFSSjstdkQj2IYld2Qx/';
    const users = (accounts: unknown[], perms: unknown[]) => ({ esx: { authentication: { user_accounts: accounts }, authorization: { permissions: perms } } });
    const r = imp([
      {
        path: 'u.yaml',
        content: hc('sitekit-local-users', users([{ name: 'ops', password_hash: HASH, description: 'Store ops' }, { name: 'audit', password_hash: HASH }], [{ principal: 'ops', is_group: false, access_mode: 'Admin' }, { principal: 'audit', is_group: false, access_mode: 'ReadOnly' }])),
      },
    ]);
    expect(fate(r, 'u.yaml')).toEqual(['modeled spec.users']);
    expect(model(r).spec.users).toEqual([
      { name: 'ops', passwordHash: HASH, description: 'Store ops', access: 'Admin' },
      { name: 'audit', passwordHash: HASH, access: 'ReadOnly' },
    ]);
    const plain = imp([{ path: 'u.yaml', content: hc('u', users([{ name: 'ops', password_hash: 'VMware1!' }], [{ principal: 'ops', is_group: false, access_mode: 'Admin' }])) }]);
    expect(fate(plain, 'u.yaml')).toEqual(['verbatim not-exact']);
    const lone = imp([{ path: 'u.yaml', content: hc('u', { esx: { authentication: { user_accounts: [{ name: 'ops', password_hash: HASH }] } } }) }]);
    expect(fate(lone, 'u.yaml')).toEqual(['verbatim not-exact']);
    const group = imp([{ path: 'u.yaml', content: hc('u', users([{ name: 'ops', password_hash: HASH }], [{ principal: 'ops', is_group: true, access_mode: 'Admin' }])) }]);
    expect(fate(group, 'u.yaml')).toEqual(['verbatim not-exact']);
    const otherNs = imp([{ path: 'u.yaml', content: hc('u', users([{ name: 'ops', password_hash: HASH }], [{ principal: 'ops', is_group: false, access_mode: 'Admin' }]), { namespace: 'default' }) }]);
    expect(fate(otherNs, 'u.yaml')).toEqual(['verbatim not-incremental-esx-system']);
  });

  it('users from another file join the site\'s users; Sitekit\'s own users file replaces them', () => {
    const HASH = '$6$abc$' + 'x'.repeat(86);
    const b = base();
    b.spec.users = [{ name: 'monitor', passwordHash: HASH }, { name: 'ops', passwordHash: HASH }];
    const users = (name: string) => hc(name, { esx: { authentication: { user_accounts: [{ name: 'ops', password_hash: HASH }] }, authorization: { permissions: [{ principal: 'ops', is_group: false, access_mode: 'Admin' }] } } });
    expect(model(imp([{ path: 'u.yaml', content: users('extra-users') }], b)).spec.users.map((u) => `${u.name} ${u.access}`)).toEqual(['monitor ReadOnly', 'ops Admin']);
    expect(model(imp([{ path: 'u.yaml', content: users('sitekit-local-users') }], b)).spec.users.map((u) => `${u.name} ${u.access}`)).toEqual(['ops Admin']);
  });

  it('vSwitches go to the host whose folder holds the file, or to every host; another file\'s switches join the host\'s', () => {
    const two = JSON.parse(JSON.stringify(twoNodeSite())) as SiteInput;
    const file = (path: string, name: string) => ({ path, content: hc(name, { esx: { network_vss: { switches: [{ ...SWITCH, name: 'vSwitch2', mtu: 9000 }] } } }) });
    const one = imp([file('sites/depot-7/hosts/esx02/extra.yaml', 'extra')], two);
    expect(fate(one, 'sites/depot-7/hosts/esx02/extra.yaml')).toEqual(['modeled spec.hosts[esx02].vswitches']);
    const s = model(one);
    expect(s.spec.hosts.map((h) => h.vswitches.map((v) => `${v.name} ${v.mtu}`).join(', '))).toEqual(['vSwitch0 1500, vSwitch1 1500', 'vSwitch0 1500, vSwitch1 1500, vSwitch2 9000']);
    const all = imp([file('shared/extra.yaml', 'extra')], two);
    expect(fate(all, 'shared/extra.yaml')).toEqual(['modeled spec.hosts[esx01,esx02].vswitches']);
    // A folder named after no host applies to every host.
    expect(fate(imp([file('sites/depot-7/hosts/esx09/extra.yaml', 'extra')], two), 'sites/depot-7/hosts/esx09/extra.yaml')).toEqual(['modeled spec.hosts[esx01,esx02].vswitches']);
  });

  it('Sitekit\'s vswitches file replaces the host\'s switches, keeping vSwitch0 as installed when the file has none', () => {
    const two = JSON.parse(JSON.stringify(twoNodeSite())) as SiteInput;
    const r = imp([{ path: 'sites/depot-7/hosts/esx01/vswitches.yaml', content: hc('sitekit-vswitches', { esx: { network_vss: { switches: [{ ...SWITCH, name: 'vSwitch5' }] } } }) }], two);
    expect(model(r).spec.hosts[0]?.vswitches.map((v) => v.name)).toEqual(['vSwitch0', 'vSwitch5']);
    // Without a vSwitch0 in the model either, it comes back as ESXi installs it: management VLAN, VM Network.
    const b = base();
    b.spec.hosts[0] = { ...b.spec.hosts[0]!, management: { ip: '192.168.10.11', vlan: 30 }, vswitches: [] };
    const fresh = model(imp([{ path: 'hosts/esx01/vswitches.yaml', content: hc('sitekit-vswitches', { esx: { network_vss: { switches: [SWITCH] } } }) }], b));
    const vs0 = fresh.spec.hosts[0]?.vswitches[0];
    expect(vs0?.name).toBe('vSwitch0');
    expect(vs0?.portGroups).toEqual([{ name: 'Management Network', vlan: 30 }, { name: 'VM Network', vlan: 0 }]);
    expect(fresh.spec.hosts[0]?.vswitches.map((v) => v.name)).toEqual(['vSwitch0', 'vSwitch1']);
  });

  it('a switch with settings Sitekit does not write (another teaming policy, no switches at all) stays as written', () => {
    const r = imp([
      { path: 'a.yaml', content: hc('a', { esx: { network_vss: { switches: [{ ...SWITCH, policy: { ...SWITCH.policy, nic_teaming: { ...SWITCH.policy.nic_teaming, policy: 'LOADBALANCE_IP' } } }] } } }) },
      { path: 'b.yaml', content: hc('b', { esx: { network_vss: { switches: [] } } }) },
      { path: 'c.yaml', content: hc('c', { esx: { network_vss: { switches: [{ ...SWITCH, port_groups: [{ name: 'Cameras', vlan_id: 5000 }] }] } } }) },
    ]);
    expect(['a.yaml', 'b.yaml', 'c.yaml'].map((f) => fate(r, f)[0])).toEqual(['verbatim not-exact', 'verbatim not-exact', 'verbatim not-exact']);
  });

  it('module settings: Sitekit\'s file replaces the host\'s, another file adds to them; an empty option stays as written', () => {
    const ms = (name: string, settings: unknown[]) => hc(name, { esx: { vmkernel: { module_settings: settings } } });
    const b = base();
    b.spec.hosts[0] = { ...b.spec.hosts[0]!, requirements: { moduleSettings: [{ module: 'ne1000', options: 'EEE=0' }, { module: 'nmlx5', options: 'a=1' }] } };
    const added = model(imp([{ path: 'hosts/esx01/m.yaml', content: ms('m', [{ module_name: 'nmlx5', options: 'b=2' }]) }], b));
    expect(added.spec.hosts[0]?.requirements.moduleSettings).toEqual([{ module: 'ne1000', options: 'EEE=0' }, { module: 'nmlx5', options: 'b=2' }]);
    const replaced = imp([{ path: 'hosts/esx01/m.yaml', content: ms('sitekit-module-settings', [{ module_name: 'nmlx5', options: 'b=2' }]) }], b);
    expect(fate(replaced, 'hosts/esx01/m.yaml')).toEqual(['modeled spec.hosts[esx01].requirements.moduleSettings']);
    expect(model(replaced).spec.hosts[0]?.requirements.moduleSettings).toEqual([{ module: 'nmlx5', options: 'b=2' }]);
    expect(fate(imp([{ path: 'm.yaml', content: ms('m', [{ module_name: 'nmlx5', options: '' }]) }], b), 'm.yaml')).toEqual(['verbatim not-exact']);
    expect(fate(imp([{ path: 'm.yaml', content: ms('m', [{ options: 'a=1' }]) }], b), 'm.yaml')).toEqual(['verbatim not-exact']);
  });

  it('the USB NIC scan on a host without a USB NIC is the host\'s own module setting', () => {
    const scan = hc('usb', { esx: { vmkernel: { module_settings: [{ module_name: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1' }] } } });
    expect(model(imp([{ path: 'usb.yaml', content: scan }])).spec.hosts[0]?.requirements.moduleSettings).toEqual([{ module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1' }]);
  });

  it('the USB NIC scan stays implicit on a host that uses a USB NIC as an uplink or a vusb uplink, and explicit otherwise', () => {
    const scan = hc('sitekit-module-settings', { esx: { vmkernel: { module_settings: [{ module_name: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1' }] } } });
    const host = (h: Record<string, unknown>) => {
      const b = base();
      b.spec.hosts[0] = { ...b.spec.hosts[0]!, ...h };
      return model(imp([{ path: 'hosts/esx01/module-settings.yaml', content: scan }], b)).spec.hosts[0]?.requirements.moduleSettings;
    };
    const usb = (role: 'uplink' | 'unused') => ({ hardware: { nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3' }, { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156', role }] } });
    expect(host(usb('uplink'))).toEqual([]);
    expect(host(usb('unused'))).toEqual([{ module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1' }]);
    expect(host({ vswitches: [{ name: 'vSwitch1', uplinks: { active: [], standby: ['vusb1'] }, portGroups: [] }] })).toEqual([]);
    expect(host({ vswitches: [{ name: 'vSwitch1', uplinks: { active: ['vmnic1'] }, portGroups: [] }] })).toEqual([{ module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1' }]);
  });

  it('host settings from other files join the site\'s (by name or group); Sitekit\'s own files replace them', () => {
    const s = settingsSite();
    const b = JSON.parse(JSON.stringify(s)) as SiteInput;
    const nfs = (name: string) => hc(name, { esx: { storage: { nfs_v3_datastores: [{ volume_name: 'Backup', hostname: '192.168.10.46', remote_share: '/backup', connections: 1, read_only: true }] } } });
    expect(model(imp([{ path: 'n.yaml', content: nfs('more-nfs') }], b)).spec.hostSettings.nfsDatastores.map((d) => d.name)).toEqual(['NFS', 'Backup']);
    // A datastore of the same name from another file replaces the site's, it does not appear twice.
    const sameName = hc('more-nfs', { esx: { storage: { nfs_v3_datastores: [{ volume_name: 'NFS', hostname: '192.168.10.99', remote_share: '/moved', connections: 1, read_only: false }] } } });
    expect(model(imp([{ path: 'n.yaml', content: sameName }], b)).spec.hostSettings.nfsDatastores).toEqual([{ name: 'NFS', server: '192.168.10.99', share: '/moved', connections: 1, readOnly: false }]);
    expect(model(imp([{ path: 'n.yaml', content: nfs('sitekit-nfs-datastores') }], b)).spec.hostSettings.nfsDatastores).toEqual([{ name: 'Backup', server: '192.168.10.46', share: '/backup', connections: 1, readOnly: true }]);
    const adv = (name: string) => hc(name, { esx: { advanced_options: { net: { option_name: 'TcpipHeapMax', integer_value: 512 }, user: { option_name: 'Motd', string_value: 'hi' } } } });
    expect(model(imp([{ path: 'a.yaml', content: adv('more') }], b)).spec.hostSettings.advancedOptions).toEqual([
      { group: 'mem', name: 'ShareForceSalting', value: 2 },
      { group: 'net', name: 'TcpipHeapMax', value: 512 },
      { group: 'user', name: 'Motd', value: 'hi' },
    ]);
    const r = imp([{ path: 'a.yaml', content: adv('sitekit-advanced-options') }], b);
    expect(fate(r, 'a.yaml')).toEqual(['modeled spec.hostSettings.advancedOptions']);
    expect(model(r).spec.hostSettings.advancedOptions.map((o) => o.group)).toEqual(['net', 'user']);
  });

  it('host settings Sitekit would write differently stay as written', () => {
    const cases: [string, unknown][] = [
      ['nfs', { esx: { storage: { nfs_v3_datastores: [{ volume_name: 'NFS', hostname: 'nas', remote_share: '/x', connections: '1', read_only: false }] } } }],
      ['adv', { esx: { advanced_options: { net: { option_name: 'X', integer_value: 1, string_value: 'y' } } } }],
      ['level', { esx: { esx_update: { software: { acceptance_level: { level: 'ANYTHING' } } } } }],
      ['lock', { esx: { security: { settings: { account_unlock_time: 'never', account_lock_failures: 5 } } } }],
      ['ptp', { esx: { network: { vmknics: [{ device: 'vmk1', port_group: 'PTP-PG', mtu: 1500 }] } } }],
    ];
    const r = imp(cases.map(([n, p]) => ({ path: `${n}.yaml`, content: hc(n, p) })));
    expect(cases.map(([n]) => `${n} ${fate(r, `${n}.yaml`).join()}`)).toEqual(cases.map(([n]) => `${n} verbatim not-exact`));
  });

  it('acceptance level, account lockout and a PTP adapter become host settings', () => {
    const ptp = settingsSite().spec.hosts[0]!.ptp!;
    const ptpFile = generateWithPlan(settingsSite()).find((f) => f.path.endsWith('/ptp.yaml'))!;
    const r = imp([
      { path: 'level.yaml', content: hc('level', { esx: { esx_update: { software: { acceptance_level: { level: 'COMMUNITY' } } } } }) },
      { path: 'lock.yaml', content: hc('lock', { esx: { security: { settings: { account_unlock_time: 600, account_lock_failures: 3 } } } }) },
      { path: 'hosts/esx01/ptp.yaml', content: ptpFile.content },
    ]);
    expect(r.items.map((i) => `${i.file} ${i.into}`)).toEqual(['hosts/esx01/ptp.yaml spec.hosts[esx01].ptp', 'level.yaml spec.hostSettings.acceptanceLevel', 'lock.yaml spec.hostSettings.accountLockout']);
    const s = model(r);
    expect(s.spec.hostSettings.acceptanceLevel).toBe('COMMUNITY');
    expect(s.spec.hostSettings.accountLockout).toEqual({ failures: 3, unlockSeconds: 600 });
    expect(s.spec.hosts[0]?.ptp).toEqual(ptp);
  });
});

describe('files that are not manifests, or not Sitekit\'s', () => {
  it('README and kustomizations are skipped as generated, other files as not YAML; nothing else is skipped', () => {
    const r = imp([
      { path: 'README.md', content: '# hi\n' },
      { path: 'notes.txt', content: 'call Bob\n' },
      { path: 'h/kustomization.yaml', content: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n' },
    ]);
    expect(r.items.map((i) => `${i.file} ${i.outcome} ${i.reason} ${i.docIndex} ${i.kind || '-'}`)).toEqual([
      'README.md skipped generated -1 -',
      'h/kustomization.yaml skipped generated -1 Kustomization',
      'notes.txt skipped not-yaml -1 -',
    ]);
    expect(model(r).spec.workloads.apps).toEqual([]);
  });

  it('a file none of whose documents is modelled is kept byte for byte, formatting and trailing comments included', () => {
    const text = '---\n# two namespaces, by hand\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}   # flow style\n---\n\n\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: "b"\n# the end\n';
    const r = imp([{ path: 'ns.yaml', content: text }]);
    expect(fate(r, 'ns.yaml')).toEqual(['verbatim unknown-kind', 'verbatim unknown-kind']);
    expect(model(r).spec.workloads.apps[0]?.manifest).toBe(text);
  });

  it('a file that is not valid YAML, or holds only comments, is kept byte for byte, saying why', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata: [\n';
    const r = imp([
      { path: 'broken.yaml', content: broken },
      { path: 'notes.yaml', content: '# to do: add the camera VMs\n' },
      { path: 'empty.yaml', content: '' },
    ]);
    expect(r.items.map((i) => `${i.file} ${i.outcome} ${i.reason} ${i.into}`)).toEqual([
      'broken.yaml verbatim yaml-syntax spec.workloads.apps[broken]',
      'empty.yaml verbatim no-documents spec.workloads.apps[empty]',
      'notes.yaml verbatim no-documents spec.workloads.apps[notes]',
    ]);
    const apps = new Map(model(r).spec.workloads.apps.map((a) => [a.name, a.manifest]));
    expect(apps.get('broken')).toBe(broken);
    expect(apps.get('notes')).toBe('# to do: add the camera VMs\n');
    expect(apps.get('empty')).toBe('# (empty file)\n');
    expect(r.findings.find((f) => f.code === 'yaml-syntax')?.file).toBe('broken.yaml');
  });

  it('app names come from file names: lower case, no extension, dashes, at most 63 characters, numbered when taken', () => {
    const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
    const long = `${'Very_Long '.repeat(8)}Name.yaml`;
    const r = imp([
      { path: 'a/My Camera App.YAML', content: ns('a') },
      { path: 'b/my-camera-app.yml', content: ns('b') },
      { path: 'c/My_Camera_App.yaml', content: ns('c') },
      { path: `d/${long}`, content: ns('d') },
      { path: 'e/---.yaml', content: ns('e') },
    ]);
    const names = r.items.map((i) => i.into);
    expect(names).toEqual([
      'spec.workloads.apps[my-camera-app]',
      'spec.workloads.apps[my-camera-app-2]',
      'spec.workloads.apps[my-camera-app-3]',
      `spec.workloads.apps[${'very-long-'.repeat(6)}ver]`,
      'spec.workloads.apps[app]',
    ]);
    expect(r.items.every((i) => i.reason === 'unknown-kind')).toBe(true);
  });

  it('an app file of a Sitekit repo keeps its name and replaces the app of that name', () => {
    const b = base();
    b.spec.workloads = { apps: [{ name: 'hello', manifest: 'old\n' }, { name: 'keep', manifest: 'k\n' }] };
    const text = '# nginx hello page, v2\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: hello\n';
    const r = imp([{ path: 'sites/s/workloads/common/apps/hello.yaml', content: text }], b);
    expect(fate(r, 'sites/s/workloads/common/apps/hello.yaml')).toEqual(['verbatim app']);
    expect(model(r).spec.workloads.apps).toEqual([
      { name: 'hello', manifest: text },
      { name: 'keep', manifest: 'k\n' },
    ]);
  });

  it('in a file partly modelled, only the other documents stay, with their comments', () => {
    const cls = generateWithPlan(settingsSite()).find((f) => f.path.endsWith('vm-classes.yaml'))!.content.replace(/^#.*\n/gm, '');
    const text = `${cls}---\n# the camera service, by hand\napiVersion: v1\nkind: Service\nmetadata:\n  name: cam\nspec:\n  ports:\n    - port: 554\n`;
    const r = imp([{ path: 'mixed.yaml', content: text }]);
    expect(fate(r, 'mixed.yaml')).toEqual(['modeled spec.workloads.vmClasses[gpu-small]', 'verbatim unknown-kind']);
    const app = model(r).spec.workloads.apps.find((a) => a.name === 'mixed')?.manifest ?? '';
    expect(app).toContain('# the camera service, by hand\napiVersion: v1\nkind: Service\nmetadata:\n  name: cam\nspec:\n  ports:\n    - port: 554\n');
    expect(app).not.toContain('VirtualMachineClass');
    expect(r.items.find((i) => i.outcome === 'verbatim')).toMatchObject({ docIndex: 1, kind: 'Service', name: 'cam' });
  });

  it('two documents left in one file are written back with a separator between them', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n';
    const cls = 'apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachineClass\nmetadata:\n  name: tiny\nspec:\n  hardware:\n    cpus: 1\n    memory: 2Gi\n';
    const r = imp([{ path: 'x.yaml', content: `${text}---\n${cls}` }]);
    const kept = parseAllDocuments(model(r).spec.workloads.apps[0]?.manifest ?? '').map((d) => d.toJS()).filter((v) => v !== null);
    expect(kept).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } }]);
    expect(model(r).spec.workloads.vmClasses).toEqual([{ name: 'tiny', cpus: 1, memoryMiB: 2048, reservation: 'best-effort', extraConfig: [], passthroughDevices: [] }]);
  });
});

describe('a repo without site.yaml and without a site to merge into', () => {
  it('takes the site id and the hosts from the folders, and says what is still missing', () => {
    const r = importFiles([
      { path: 'sites/store-12/hosts/esx01/kustomization.yaml', content: 'resources: []\n' },
      { path: 'sites/store-12/hosts/esx02/kustomization.yaml', content: 'resources: []\n' },
      { path: 'sites/store-12/hosts/esx02/a.yaml', content: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n' },
    ]);
    expect(r.site.metadata).toEqual({ name: 'store-12', id: 'store-12' });
    expect(r.site.spec.topology).toBe('two-node');
    expect(r.site.spec.hosts.map((h) => h.name)).toEqual(['esx01', 'esx02']);
    expect(r.site.spec.hosts[0]?.management).toEqual({ mode: 'dhcp', vlan: 0 });
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => i.path)).toEqual(['spec.managementNetwork', 'spec.dns', 'spec.ntp']);
    // Invalid, so lint runs without a model: the findings are still there.
    expect(r.findings.length).toBeGreaterThan(0);
  });

  it('loose files: one host, esx01, and a placeholder name', () => {
    const r = importFiles([{ path: 'ns.yaml', content: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n' }]);
    expect(r.site.metadata).toEqual({ name: 'Imported site', id: 'imported-site' });
    expect(r.site.spec.topology).toBe('one-node');
    expect(r.site.spec.hosts.map((h) => h.name)).toEqual(['esx01']);
  });

  it('at most two hosts are taken from the folders', () => {
    const files = ['esx01', 'esx02', 'esx03'].map((h) => ({ path: `s/hosts/${h}/ns.yaml`, content: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${h}\n` }));
    expect(importFiles(files).site.spec.hosts.map((h) => h.name)).toEqual(['esx01', 'esx02']);
  });
});

describe('a repo with its own site.yaml', () => {
  it('the site.yaml is the base (over the draft given), and the apps and VMs found in the files replace its lists', () => {
    const site = twoNodeSite();
    const files = generateWithPlan(site).filter((f) => !f.path.includes('/apps/') && !f.path.includes('/workloads/hosts/esx02/store-kiosk') && !f.path.endsWith('/namespaces.yaml'));
    const other = base();
    const r = importFiles(files, { base: other });
    expect(r.valid).toBe(true);
    const s = model(r);
    expect(s.metadata.id).toBe('depot-7');
    expect(s.spec.workloads.apps).toEqual([]);
    expect(s.spec.workloads.vms.map((v) => v.name)).toEqual(['nvr']);
    expect(r.items.find((i) => i.file === 'sites/depot-7/site.yaml')).toEqual({ file: 'sites/depot-7/site.yaml', docIndex: 0, kind: 'Site', name: 'depot-7', outcome: 'modeled', into: '(site)' });
  });
});

describe('workloads', () => {
  const vm = (opts: { name?: string; ns?: string; transport?: string; cm?: string; secret?: string; nets?: string[]; power?: string; annotate?: boolean } = {}) =>
    `apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: ${opts.name ?? 'nvr'}\n  namespace: ${opts.ns ?? 'default'}\n${opts.annotate === false ? '' : '  annotations:\n    vmoperator.vmware.com/image-supported-check: disable\n'}spec:\n  className: tiny\n  imageName: web/nvr.ova\n  powerState: ${opts.power ?? 'poweredOn'}\n  networkInterfaces:\n${(opts.nets ?? ['VM Network']).map((n) => `    - networkName: ${n}\n      ethernetCardType: vmxnet3\n`).join('')}${opts.cm || opts.secret ? `  vmMetadata:\n    ${opts.cm ? `configMapName: ${opts.cm}` : `secretName: ${opts.secret}`}\n    transport: ${opts.transport ?? 'CloudInit'}\n` : ''}`;

  it('a VM with cloud-init user data in a ConfigMap of another name: both modelled, the data kept word for word', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nvr-cloud\n  namespace: default\ndata:\n  user-data: |\n    #cloud-config\n    hostname: nvr\n';
    const r = imp([{ path: 'vm.yaml', content: `${vm({ cm: 'nvr-cloud' })}---\n${cm}` }]);
    expect(fate(r, 'vm.yaml')).toEqual(['modeled spec.workloads.vms[nvr]', 'modeled spec.workloads.vms[nvr].userData']);
    expect(model(r).spec.workloads.vms).toEqual([
      { name: 'nvr', namespace: 'default', className: 'tiny', image: 'web/nvr.ova', powerState: 'poweredOn', networks: ['VM Network'], userData: { transport: 'CloudInit', source: 'ConfigMap', content: '#cloud-config\nhostname: nvr\n' } },
    ]);
  });

  it('a Windows VM with its unattend data in a Secret (no type written), in its own namespace and host folder', () => {
    const two = JSON.parse(JSON.stringify(twoNodeSite())) as SiteInput;
    two.spec.workloads = {};
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: win-ud\n  namespace: store\nstringData:\n  unattend: <unattend/>\n';
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: store\n';
    const r = imp(
      [
        { path: 'sites/depot-7/workloads/hosts/esx02/win.yaml', content: `${vm({ name: 'win', ns: 'store', secret: 'win-ud', transport: 'Sysprep', power: 'poweredOff' })}---\n${secret}` },
        { path: 'sites/depot-7/workloads/common/namespaces.yaml', content: ns },
      ],
      two,
    );
    expect(r.items.map((i) => `${i.outcome} ${i.into}`)).toEqual(['modeled spec.workloads.vms (namespace store)', 'modeled spec.workloads.vms[win]', 'modeled spec.workloads.vms[win].userData']);
    const v = model(r).spec.workloads.vms[0];
    expect(v).toMatchObject({ name: 'win', namespace: 'store', host: 'esx02', powerState: 'poweredOff', userData: { transport: 'Sysprep', source: 'Secret', content: '<unattend/>' } });
  });

  it('a VM on the first host does not name it; a host folder that is not a host is ignored', () => {
    const two = JSON.parse(JSON.stringify(twoNodeSite())) as SiteInput;
    two.spec.workloads = {};
    const r = imp([
      { path: 'sites/depot-7/workloads/hosts/esx01/a.yaml', content: vm({ name: 'a' }) },
      { path: 'sites/depot-7/workloads/hosts/esx07/b.yaml', content: vm({ name: 'b' }) },
    ], two);
    expect(model(r).spec.workloads.vms.map((v) => `${v.name} ${v.host ?? '-'}`)).toEqual(['a -', 'b -']);
  });

  it('a VM and its ConfigMap written without a namespace are in default, as Kubernetes reads them', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ud\ndata:\n  user-data: "#cloud-config"\n';
    const r = imp([{ path: 'vm.yaml', content: `${vm({ name: 'n', cm: 'ud' }).replace('  namespace: default\n', '')}---\n${cm}` }]);
    expect(fate(r, 'vm.yaml')).toEqual(['modeled spec.workloads.vms[n]', 'modeled spec.workloads.vms[n].userData']);
    expect(model(r).spec.workloads.vms[0]).toMatchObject({ name: 'n', namespace: 'default', userData: { source: 'ConfigMap', content: '#cloud-config' } });
  });

  it('VMs kept as written: user data missing or under another key, unknown fields, a namespace that also has other things', () => {
    const cm = (key: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ud\n  namespace: default\ndata:\n  ${key}: |\n    #cloud-config\n`;
    const r = imp([
      { path: 'a.yaml', content: vm({ name: 'a', cm: 'missing' }) },
      { path: 'b.yaml', content: `${vm({ name: 'b', cm: 'ud' })}---\n${cm('other-key')}` },
      { path: 'c.yaml', content: `${vm({ name: 'c', secret: 'ud', transport: 'Sysprep' })}` },
      { path: 'd.yaml', content: vm({ name: 'd' }).replace('  className: tiny\n', '  className: tiny\n  minHardwareVersion: 17\n') },
      { path: 'e.yaml', content: vm({ name: 'e', annotate: false }) },
      { path: 'f.yaml', content: vm({ name: 'f', ns: 'shop' }) },
      { path: 'g.yaml', content: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: a\n' },
    ]);
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => `${n}: ${fate(r, `${n}.yaml`).join(', ')}`)).toEqual([
      'a: verbatim not-exact',
      'b: verbatim not-exact, verbatim unknown-kind',
      'c: verbatim not-exact',
      'd: verbatim not-exact',
      'e: verbatim not-exact',
      'f: modeled spec.workloads.vms[f]',
      'g: verbatim unknown-kind',
    ]);
  });

  it('VM classes: sizes, reservation and extras back into the model; one the model cannot say stays as written', () => {
    const cls = (name: string, spec: string) => `apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachineClass\nmetadata:\n  name: ${name}\nspec:\n${indent(spec, 2)}\n`;
    const r = imp([
      { path: 'a.yaml', content: cls('half', 'hardware:\n  cpus: 2\n  memory: 1536Mi') },
      { path: 'b.yaml', content: cls('g', 'hardware:\n  cpus: 4\n  memory: 8Gi\npolicies:\n  resources:\n    requests:\n      cpu: 4\n      memory: 8Gi') },
      { path: 'c.yaml', content: cls('gib-as-mib', 'hardware:\n  cpus: 2\n  memory: 2048Mi') },
      { path: 'd.yaml', content: cls('si', 'hardware:\n  cpus: 2\n  memory: 2G') },
      { path: 'e.yaml', content: cls('bytes', 'hardware:\n  cpus: 2\n  memory: 1073741824') },
      { path: 'f.yaml', content: cls('tera', 'hardware:\n  cpus: 2\n  memory: 1Ti') }, // Sitekit writes 1024Gi
      { path: 'g.yaml', content: cls('gpu', 'hardware:\n  cpus: 2\n  memory: 4Gi\n  devices:\n    dynamicDirectPathIODevices:\n      - vendorID: 0x10de\n        deviceID: 0x25b6') },
      { path: 'h.yaml', content: cls('low-ids', 'hardware:\n  cpus: 2\n  memory: 4Gi\n  devices:\n    dynamicDirectPathIODevices:\n      - vendorID: 0x0e0f\n        deviceID: 0x00a1') },
    ]);
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((n) => fate(r, `${n}.yaml`).join())).toEqual([
      'modeled spec.workloads.vmClasses[half]',
      'modeled spec.workloads.vmClasses[g]',
      'verbatim not-exact',
      'verbatim not-exact',
      'verbatim not-exact',
      'verbatim not-exact',
      'modeled spec.workloads.vmClasses[gpu]',
      'modeled spec.workloads.vmClasses[low-ids]',
    ]);
    const classes = new Map(model(r).spec.workloads.vmClasses.map((c) => [c.name, c]));
    expect(classes.get('half')).toMatchObject({ cpus: 2, memoryMiB: 1536, reservation: 'best-effort' });
    expect(classes.get('g')).toMatchObject({ cpus: 4, memoryMiB: 8192, reservation: 'guaranteed' });
    expect(classes.get('gpu')?.passthroughDevices).toEqual([{ vendorId: '0x10de', deviceId: '0x25b6' }]);
    // IDs below 0x1000 keep their four hex digits.
    expect(classes.get('low-ids')?.passthroughDevices).toEqual([{ vendorId: '0x0e0f', deviceId: '0x00a1' }]);
  });

  it('a class the site already has is replaced in place by the one found', () => {
    const b = base();
    b.spec.workloads = { vmClasses: [{ name: 'a', cpus: 1, memoryMiB: 1024 }, { name: 'tiny', cpus: 1, memoryMiB: 1024 }, { name: 'z', cpus: 1, memoryMiB: 1024 }] };
    const cls = 'apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachineClass\nmetadata:\n  name: tiny\nspec:\n  hardware:\n    cpus: 2\n    memory: 2Gi\n';
    expect(model(imp([{ path: 'c.yaml', content: cls }], b)).spec.workloads.vmClasses.map((c) => `${c.name} ${c.cpus}`)).toEqual(['a 1', 'tiny 2', 'z 1']);
  });

  it('MetalLB pools with Sitekit\'s L2Advertisement are modelled; pools announced by another are kept', () => {
    const pool = (name: string, auto?: boolean) => `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: ${name}\n  namespace: metallb-system\nspec:\n  addresses:\n    - 192.168.10.240-192.168.10.250\n${auto === false ? '  autoAssign: false\n' : ''}`;
    const l2 = (name: string, pools: string[]) => `apiVersion: metallb.io/v1beta1\nkind: L2Advertisement\nmetadata:\n  name: ${name}\n  namespace: metallb-system\nspec:\n  ipAddressPools: [${pools.join(', ')}]\n`;
    const r = imp([{ path: 'lb.yaml', content: `${pool('default')}---\n${pool('spare', false)}---\n${l2('sitekit-l2', ['default', 'spare'])}` }]);
    expect(fate(r, 'lb.yaml')).toEqual(['modeled spec.workloads.metallbPools', 'modeled spec.workloads.metallbPools', 'modeled spec.workloads.metallbPools']);
    expect(model(r).spec.workloads.metallbPools).toEqual([
      { name: 'default', addresses: ['192.168.10.240-192.168.10.250'], autoAssign: true },
      { name: 'spare', addresses: ['192.168.10.240-192.168.10.250'], autoAssign: false },
    ]);
    const partial = imp([{ path: 'lb.yaml', content: `${pool('default')}---\n${pool('spare')}---\n${l2('sitekit-l2', ['default'])}` }]);
    expect(fate(partial, 'lb.yaml')).toEqual(['verbatim unknown-kind', 'verbatim unknown-kind', 'verbatim unknown-kind']);
    const other = imp([{ path: 'lb.yaml', content: `${pool('default')}---\n${l2('l2', ['default'])}` }]);
    expect(model(other).spec.workloads.metallbPools).toEqual([]);
    const noPools = imp([{ path: 'lb.yaml', content: l2('sitekit-l2', []) }]);
    expect(fate(noPools, 'lb.yaml')).toEqual(['verbatim unknown-kind']);
    // Inside an app folder it is the app's, not the site's.
    expect(model(imp([{ path: 'sites/s/workloads/common/apps/lb.yaml', content: `${pool('default')}---\n${l2('sitekit-l2', ['default'])}` }])).spec.workloads.metallbPools).toEqual([]);
  });
});

describe('the worker node', () => {
  const worker = (cpus: number, memory: string, extra = '') =>
    `apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachineClass\nmetadata:\n  name: best-effort-ec-small\nspec:\n  controllerName: vmoperator.vmware.com/ecworker\n  hardware:\n    cpus: ${cpus}\n    memory: ${memory}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ec-system\n---\napiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: ec-worker\n  namespace: ec-system\nspec:\n  className: best-effort-ec-small\n  imageName: ec-wrkr.ova\n  powerState: poweredOff\n  vmMetadata:\n    transport: CloudInit\n${extra}`;

  it('a DHCP worker: its size and power state', () => {
    const r = imp([{ path: 'w.yaml', content: worker(4, '16Gi') }]);
    expect(fate(r, 'w.yaml')).toEqual(Array(3).fill('modeled spec.workloads.worker'));
    expect(model(r).spec.workloads.worker).toMatchObject({ enabled: true, cpus: 4, memoryGiB: 16, powerState: 'poweredOff', network: { mode: 'dhcp' } });
  });

  it('a worker whose memory is not whole GiB, or whose class is missing, is kept as written and Sitekit\'s own is switched off', () => {
    for (const content of [worker(4, '1536Mi'), worker(4, '16Gi').split('---\n').slice(1).join('---\n')]) {
      const r = imp([{ path: 'w.yaml', content }]);
      expect(fate(r, 'w.yaml').every((x) => x.startsWith('verbatim '))).toBe(true);
      expect(model(r).spec.workloads.worker.enabled).toBe(false);
    }
  });

  it('an app that carries its own copy of the worker does not stop Sitekit\'s worker from being modelled', () => {
    const r = imp([
      { path: 'sites/s/workloads/common/worker.yaml', content: worker(4, '16Gi') },
      { path: 'sites/s/workloads/common/apps/vendor-bundle.yaml', content: worker(2, '8Gi') },
    ]);
    expect(model(r).spec.workloads.worker).toMatchObject({ enabled: true, cpus: 4, memoryGiB: 16 });
    expect(fate(r, 'sites/s/workloads/common/apps/vendor-bundle.yaml')).toEqual(['verbatim app']);
  });

  it('two worker definitions are both kept, neither modelled', () => {
    const r = imp([{ path: 'a.yaml', content: worker(2, '8Gi') }, { path: 'b.yaml', content: worker(4, '8Gi') }]);
    expect([...fate(r, 'a.yaml'), ...fate(r, 'b.yaml')].every((x) => x.startsWith('verbatim '))).toBe(true);
    expect(model(r).spec.workloads.worker.enabled).toBe(false);
  });

  it('a one-node static worker from its netplan; the site\'s DNS servers are not repeated in the model', () => {
    const site = oneNodeSite();
    const s = Site.parse({ ...site, spec: { ...site.spec, workloads: { worker: { cpus: 2, network: { mode: 'static', ip: '192.168.10.20', gateway: '192.168.10.1', dns: [] } } } } });
    const files = generateWithPlan(s).filter((f) => f.path.endsWith('worker.yaml'));
    const r = imp(files);
    expect(model(r).spec.workloads.worker.network).toEqual({ mode: 'static', ip: '192.168.10.20', prefix: 24, gateway: '192.168.10.1', dns: [] });
    // A netplan edited into something Sitekit does not write keeps the whole worker as it is.
    const edited = files.map((f) => ({ ...f, content: f.content.replace('dhcp: "false"', 'dhcp: "false"\n          mtu: 9000') }));
    expect(fate(imp(edited), edited[0]!.path).every((x) => x.startsWith('verbatim '))).toBe(true);
    const broken = files.map((f) => ({ ...f, content: f.content.replace(/networkconfig: .*/s, 'networkconfig: "ethernets: [unclosed"\n') }));
    expect(fate(imp(broken), broken[0]!.path).every((x) => x.startsWith('verbatim '))).toBe(true);
  });

  it('a static worker with DNS servers of its own keeps them', () => {
    const site = oneNodeSite();
    const s2 = Site.parse({ ...site, spec: { ...site.spec, workloads: { worker: { cpus: 2, network: { mode: 'static', ip: '192.168.10.20', gateway: '192.168.10.1', dns: ['9.9.9.9', '1.1.1.1'] } } } } });
    const r = imp(generateWithPlan(s2).filter((f) => f.path.endsWith('worker.yaml')));
    expect(model(r).spec.workloads.worker.network).toEqual({ mode: 'static', ip: '192.168.10.20', prefix: 24, gateway: '192.168.10.1', dns: ['9.9.9.9', '1.1.1.1'] });
  });

  it('a worker-config per host on a one-node site is not Sitekit\'s layout: the worker is kept as written', () => {
    const two = twoNodeSite();
    const files = generateWithPlan(two).filter((f) => !f.path.endsWith('/site.yaml') && !f.path.includes('esx02/worker-config'));
    const one = JSON.parse(JSON.stringify(oneNodeSite())) as SiteInput;
    expect(model(imp(files, one)).spec.workloads.worker.enabled).toBe(false);
  });

  it('per-host worker addresses need a worker-config for every host, of a host of the site, once each', () => {
    const site = twoNodeSite();
    const files = generateWithPlan(site).filter((f) => !f.path.endsWith('/site.yaml'));
    const b = JSON.parse(JSON.stringify(site)) as SiteInput;
    const esx02 = 'sites/depot-7/workloads/hosts/esx02/worker-config.yaml';
    // Only one host's address: the worker is kept as written.
    const one = imp(files.filter((f) => f.path !== esx02), b);
    expect(model(one).spec.workloads.worker.enabled).toBe(false);
    // A worker-config in the folder of a host the site does not have.
    const stray = imp(files.map((f) => (f.path === esx02 ? { ...f, path: f.path.replace('esx02', 'esx09') } : f)), b);
    expect(model(stray).spec.workloads.worker.enabled).toBe(false);
    // Two for one host.
    const twice = imp([...files, { path: 'sites/depot-7/workloads/hosts/esx01/worker-config-2.yaml', content: files.find((f) => f.path.endsWith('esx01/worker-config.yaml'))!.content }], b);
    expect(model(twice).spec.workloads.worker.enabled).toBe(false);
    // All there: each host gets its own address back.
    expect(model(imp(files, b)).spec.hosts.map((h) => h.workerIp)).toEqual(['192.168.10.20', '192.168.10.21']);
  });
});
