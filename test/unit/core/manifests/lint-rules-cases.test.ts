/**
 * Each lint rule on the hand-written manifests it is there to catch (the defects real ECS repos have), with
 * the finding a technician sees: code, severity, the file and path it points at, the values it names and the
 * wizard step its fix opens. No corpus needed: the documents are written here.
 */
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { findingMessage } from '../../../../main/core/manifests/messages';
import { Site } from '../../../../main/core/site/schema';
import { generateWithPlan } from '../../../helpers/plan';
import { hostConfigurationText, indent } from '../../../helpers/host-configuration';
import { twoNodeInput, twoNodeSite } from '../../../helpers/manifest-sites';

type File = { path: string; content: string };

const hc = hostConfigurationText;

const sw = (name: string, active: string[], opts: { standby?: string[]; bridge?: string[]; mtu?: unknown; groups?: { name: string; vlan_id?: unknown }[] } = {}) => ({
  name,
  policy: { nic_teaming: { active_nics: active, standby_nics: opts.standby ?? [] } },
  bridge: { nics: opts.bridge ?? [...active, ...(opts.standby ?? [])] },
  ...(opts.mtu === undefined ? {} : { mtu: opts.mtu }),
  port_groups: opts.groups ?? [{ name: `${name}-pg`, vlan_id: 0 }],
});
const vss = (...switches: unknown[]) => ({ esx: { network_vss: { switches } } });

const lint = (files: File[], site?: Site) => lintFiles(files, site ? { site } : {});
const of = (files: File[], code: string, site?: Site) => lint(files, site).filter((f) => f.code === code);

describe('HostConfiguration shape', () => {
  const one = (content: string) => lint([{ path: 'hc.yaml', content }]);
  const seen = (content: string) => one(content).filter((f) => f.code !== 'flux-applies-everything').map((f) => `${f.severity} ${f.code} ${f.path}`);

  it('a namespace other than esx-system is an error naming it; none at all says "(none)"', () => {
    const f = one(hc('ntp', { esx: { system: {} } }, { namespace: 'default' })).find((x) => x.code === 'hc-namespace');
    expect(f).toMatchObject({ severity: 'error', path: 'metadata.namespace', params: { name: 'ntp', namespace: 'default' }, fix: { step: 'network' }, line: 5 });
    expect(one(hc('ntp', { esx: { system: {} } }, { namespace: null })).find((x) => x.code === 'hc-namespace')?.params.namespace).toBe('(none)');
    expect(one(hc('ntp', { esx: { system: {} } })).some((x) => x.code === 'hc-namespace')).toBe(false);
  });

  it('a layertype other than Incremental is a warning naming it; a missing one says "(none)"', () => {
    expect(one(hc('ntp', { esx: { system: {} } }, { layertype: 'Full' })).find((x) => x.code === 'layertype-unknown')).toMatchObject({ severity: 'warning', path: 'spec.layertype', params: { name: 'ntp', value: 'Full' } });
    expect(one(hc('ntp', { esx: { system: {} } }, { layertype: null })).find((x) => x.code === 'layertype-unknown')?.params.value).toBe('(none)');
  });

  it('no profile, a profile that is not JSON, one wrapped in {"profile": …}, one without "esx": each an error of its own', () => {
    const noProfile = 'apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: a\n  namespace: esx-system\nspec:\n  layertype: Incremental\n';
    expect(seen(noProfile)).toEqual(['error profile-missing spec.profile']);
    const badJson = one(hc('b', '{"esx": {')).filter((f) => f.code !== 'flux-applies-everything');
    expect(badJson.map((f) => `${f.severity} ${f.code} ${f.path}`)).toEqual(['error profile-json spec.profile']);
    expect(String(badJson[0]?.params.error)).toMatch(/JSON/);
    expect(seen(hc('c', { profile: { esx: { system: {} } } }))).toEqual(['error profile-wrapped spec.profile.profile']);
    expect(seen(hc('d', { esx: {} }))).toEqual(['error profile-no-esx spec.profile']);
    expect(seen(hc('e', { other: 1 }))).toEqual(['error profile-no-esx spec.profile']);
  });

  it('a profile with both "esx" and "profile" at the top is read from "esx", not taken for a wrapped one', () => {
    const f = one(hc('both', { esx: { network_vss: { switches: [sw('vSwitch1', ['vmnic1'], { mtu: 100 })] } }, profile: {} }));
    expect(f.some((x) => x.code === 'profile-wrapped')).toBe(false);
    expect(f.find((x) => x.code === 'mtu-range')?.path).toBe('spec.profile.esx.network_vss.switches[0].mtu');
  });

  it('a HostConfiguration without any spec: no layer and no profile', () => {
    expect(seen('apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: bare\n  namespace: esx-system\n')).toEqual(['error profile-missing spec.profile', 'warning layertype-unknown spec.layertype']);
  });

  it('a wrapped profile is still read inside: its switches are checked at their wrapped path', () => {
    const f = one(hc('ptp', { profile: { esx: { network_vss: { switches: [sw('vSwitch1', ['vmnic1'], { mtu: 100 })] } } } })).find((x) => x.code === 'mtu-range');
    expect(f?.path).toBe('spec.profile.profile.esx.network_vss.switches[0].mtu');
  });

  it('a spec of another shape (no profile, no layertype) is left alone, but its namespace is still checked', () => {
    const other = 'apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: metrics\n  namespace: monitoring\nspec:\n  metrics:\n    enabled: true\n';
    expect(seen(other)).toEqual(['error hc-namespace metadata.namespace']);
  });

  it('a document that is not a Kubernetes object is a warning; an empty one is nothing', () => {
    const files = [
      { path: 'list.yaml', content: '- a\n- b\n' },
      { path: 'nokind.yaml', content: 'apiVersion: v1\nmetadata:\n  name: x\n' },
      { path: 'noapi.yaml', content: 'kind: ConfigMap\nmetadata:\n  name: x\n' },
      { path: 'text.yaml', content: 'just words\n' },
      { path: 'empty.yaml', content: '# only a comment\n' },
    ];
    expect(of(files, 'not-a-manifest').map((f) => `${f.severity} ${f.file} ${f.fix.step}`)).toEqual(['warning list.yaml review', 'warning noapi.yaml review', 'warning nokind.yaml review', 'warning text.yaml review']);
  });
});

describe('vSwitches and port groups in a profile', () => {
  const at = (profile: unknown, code: string) => of([{ path: 'n.yaml', content: hc('net', profile) }], code);

  it('MTU from 1280 to 9000 is fine; below, above, or not a number is an error naming the switch', () => {
    expect(at(vss(sw('a', ['vmnic1'], { mtu: 1280 }), sw('b', ['vmnic2'], { mtu: 9000 }), sw('c', ['vmnic3'])), 'mtu-range')).toEqual([]);
    const bad = at(vss(sw('a', ['vmnic1'], { mtu: 1279 }), sw('b', ['vmnic2'], { mtu: 9001 }), sw('c', ['vmnic3'], { mtu: '1500' })), 'mtu-range');
    expect(bad.map((f) => `${f.params.switch} ${f.params.mtu} ${f.path}`)).toEqual([
      'a 1279 spec.profile.esx.network_vss.switches[0].mtu',
      'b 9001 spec.profile.esx.network_vss.switches[1].mtu',
      'c 1500 spec.profile.esx.network_vss.switches[2].mtu',
    ]);
    expect(bad[0]).toMatchObject({ severity: 'error', fix: { step: 'network' } });
  });

  it('VLAN 0 to 4094 is fine, 4095 is a trunk note, anything else an error naming the port group', () => {
    const groups = [0, 4094, 4095, -1, 4096, 1.5, '10', null].map((vlan_id, i) => ({ name: `pg${i}`, vlan_id }));
    const findings = lint([{ path: 'n.yaml', content: hc('net', vss(sw('vSwitch1', ['vmnic1'], { groups: [...groups, { name: 'no-vlan' }] }))) }]);
    expect(findings.filter((f) => f.code === 'vlan-trunk').map((f) => `${f.severity} ${f.params.portGroup} ${f.path}`)).toEqual(['info pg2 spec.profile.esx.network_vss.switches[0].port_groups[2].vlan_id']);
    expect(findings.filter((f) => f.code === 'vlan-range').map((f) => `${f.params.portGroup}=${f.params.vlan}`)).toEqual(['pg3=-1', 'pg4=4096', 'pg5=1.5', 'pg6=10', 'pg7=null']);
    expect(findings.find((f) => f.code === 'vlan-range')).toMatchObject({ severity: 'error', fix: { step: 'network' } });
  });

  it('an active or standby uplink missing from bridge.nics is an error at its teaming entry', () => {
    const f = at(vss(sw('vSwitch1', ['vmnic1', 'vmnic2'], { standby: ['vmnic3'], bridge: ['vmnic1'] })), 'uplink-not-bridged');
    expect(f.map((x) => `${x.severity} ${x.params.uplink} ${x.params.switch} ${x.path}`)).toEqual([
      'error vmnic2 vSwitch1 spec.profile.esx.network_vss.switches[0].policy.nic_teaming.active_nics[1]',
      'error vmnic3 vSwitch1 spec.profile.esx.network_vss.switches[0].policy.nic_teaming.standby_nics[0]',
    ]);
    // A switch without a bridge section leaves the uplinks to ESXi: nothing to compare.
    const noBridge = { name: 'vSwitch1', policy: { nic_teaming: { active_nics: ['vmnic1'] } }, port_groups: [] };
    expect(at(vss(noBridge), 'uplink-not-bridged')).toEqual([]);
  });

  it('one uplink on two switches is an error naming both switches, wherever it sits in the second', () => {
    const f = at(vss(sw('vSwitch1', ['vmnic1']), sw('vSwitch2', ['vmnic2'], { standby: ['vmnic1'] })), 'uplink-shared');
    expect(f.map((x) => `${x.severity} ${x.params.uplink} ${x.params.switch} ${x.params.other} ${x.path}`)).toEqual(['error vmnic1 vSwitch2 vSwitch1 spec.profile.esx.network_vss.switches[1].bridge.nics']);
    // The same switch listing a NIC as active and in its bridge is one switch, not two.
    expect(at(vss(sw('vSwitch1', ['vmnic1'])), 'uplink-shared')).toEqual([]);
    // The same switch written by two files of one host (a partial copy) is still one switch.
    const twice = [
      { path: 'a.yaml', content: hc('a', vss(sw('vSwitch1', ['vmnic1']))) },
      { path: 'b.yaml', content: hc('b', vss(sw('vSwitch1', ['vmnic1'], { mtu: 9000 }))) },
    ];
    expect(of(twice, 'uplink-shared')).toEqual([]);
  });

  it('two HostConfigurations one host applies, both taking vmnic1 (the PTP example and the vSwitch example)', () => {
    const files = [
      { path: 'new-vswitch.yaml', content: hc('vswitch', vss(sw('vSwitch1', ['vmnic1']))) },
      { path: 'ptp.yaml', content: hc('ptp', vss(sw('PTP-Switch', ['vmnic1']))) },
    ];
    expect(of(files, 'uplink-shared').map((f) => `${f.file} ${f.params.switch} ${f.params.other}`)).toEqual(['ptp.yaml PTP-Switch vSwitch1']);
  });

  it('a VMkernel adapter on a port group no switch defines is an error, unless it is one ESXi makes at install', () => {
    const vmk = (port_group: string, device = 'vmk1') => ({ device, port_group, mtu: 1500 });
    const profile = { esx: { ...vss(sw('vSwitch1', ['vmnic1'], { groups: [{ name: 'PTP-PG', vlan_id: 0 }] })).esx, network: { vmknics: [vmk('PTP-PG'), vmk('Storage', 'vmk2'), vmk('Management Network', 'vmk0'), vmk('VM Network', 'vmk3'), { device: 'vmk4' }] } } };
    const f = at(profile, 'portgroup-missing');
    expect(f.map((x) => `${x.severity} ${x.params.vmknic} ${x.params.portGroup} ${x.path}`)).toEqual(['error vmk2 Storage spec.profile.esx.network.vmknics[1].port_group']);
  });

  it('a VMkernel adapter whose MTU is larger than its switch is an error; equal or smaller is fine', () => {
    const profile = (mtu: number) => ({ esx: { ...vss(sw('vSwitch1', ['vmnic1'], { mtu: 1500, groups: [{ name: 'PTP-PG', vlan_id: 0 }] })).esx, network: { vmknics: [{ device: 'vmk1', port_group: 'PTP-PG', mtu }] } } });
    expect(at(profile(1500), 'vmk-mtu-exceeds-switch')).toEqual([]);
    const f = at(profile(1501), 'vmk-mtu-exceeds-switch');
    expect(f).toEqual([expect.objectContaining({ severity: 'error', path: 'spec.profile.esx.network.vmknics[0].mtu', params: { vmknic: 'vmk1', mtu: 1501, switch: 'vSwitch1', switchMtu: 1500 } })]);
  });

  it('module settings: a warning that applying reboots the host, naming every module', () => {
    const profile = { esx: { vmkernel: { module_settings: [{ module_name: 'vmkusb_nic_fling', options: 'a=1' }, { module_name: 'ne1000', options: 'EEE=0' }, { options: 'x=1' }] } } };
    expect(at(profile, 'reboot-on-apply')).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'spec.profile.esx.vmkernel.module_settings', params: { name: 'net', modules: 'vmkusb_nic_fling, ne1000, ?' }, fix: { step: 'review', action: 'reboot-on-apply' } }),
    ]);
    expect(at({ esx: { vmkernel: { module_settings: [] } } }, 'reboot-on-apply')).toEqual([]);
  });

  it('vSwitch0 written by a profile is a warning naming its active and standby uplinks', () => {
    const f = at(vss(sw('vSwitch0', ['vmnic0'], { standby: ['vmnic1'] }), sw('vSwitch1', ['vmnic2'])), 'vswitch0-rewritten');
    expect(f).toEqual([expect.objectContaining({ severity: 'warning', path: 'spec.profile.esx.network_vss.switches[0]', params: { name: 'net', uplinks: 'vmnic0, vmnic1' } })]);
  });
});

describe('the misleading "Base64" comment on a password hash (VMware\'s read-only-account example)', () => {
  const HASH = '$6$vocvaTDqp5Cg.$Q6q7pshtoHi59oeU9O9zJN4FQ4gjtobSvA1RKG1FbSeIhNIdYwrXCcYPMm8NUTb8GtkFSSjstdkQj2IYld2Qx/';
  const users = (hash: string) => ({ esx: { authentication: { user_accounts: [{ name: 'monitor', password_hash: hash }] } } });

  it('a note when a comment above the document says Base64 and the value is a $6$ hash', () => {
    const f = of([{ path: 'ro.yaml', content: hc('read-only', users(HASH), { before: '# Password is Base64 Encoded\n' }) }], 'hash-comment-misleading');
    expect(f).toEqual([expect.objectContaining({ severity: 'info', file: 'ro.yaml', path: '', params: { name: 'read-only' }, fix: { step: 'review', action: 'hash-comment-misleading' } })]);
    expect(findingMessage(f[0]!)).toContain('says the password is Base64 encoded');
  });

  it('also when the comment is above the first key ("base64" in any case)', () => {
    const text = hc('read-only', users(HASH)).replace('apiVersion:', '---\n# the hash is base64\napiVersion:');
    expect(of([{ path: 'ro.yaml', content: text }], 'hash-comment-misleading')).toHaveLength(1);
  });

  it('nothing without such a comment, without a $6$ hash, or in a later document of the file', () => {
    expect(of([{ path: 'ro.yaml', content: hc('read-only', users(HASH), { before: '# Password hash (SHA-512)\n' }) }], 'hash-comment-misleading')).toEqual([]);
    expect(of([{ path: 'ro.yaml', content: hc('read-only', users('c2VjcmV0'), { before: '# Password is Base64 Encoded\n' }) }], 'hash-comment-misleading')).toEqual([]);
    const second = `${hc('other', { esx: { system: {} } })}---\n${hc('read-only', users(HASH), { before: '# Password is Base64 Encoded\n' })}`;
    expect(of([{ path: 'ro.yaml', content: second }], 'hash-comment-misleading')).toEqual([]);
  });
});

describe('Kubernetes objects one host applies', () => {
  const svc = (name: string, ns: string | undefined, ...nodePorts: number[]) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  type: NodePort\n  ports:\n${nodePorts.map((p, i) => `    - port: ${80 + i}\n      nodePort: ${p}\n`).join('')}`;

  it('a port without a NodePort asks for none, so there is nothing to check', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n';
    expect(lint([{ path: 'a.yaml', content: text }]).filter((f) => f.code.startsWith('nodeport'))).toEqual([]);
  });

  it('a value of the wrong Kubernetes type says which type it must be, in words', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: 7\nspec:\n  ports:\n    - port: "80"\n';
    expect(of([{ path: 'a.yaml', content: text }], 'schema-type').map((f) => `${f.params.field} ${f.params.problem} [${f.params.kind} ${f.params.name}]`)).toEqual([
      'metadata.namespace must be a string [Service web]',
      'spec.ports[0].port must be an integer [Service web]',
    ]);
  });

  it('a NodePort used twice is an error at the second, naming both Services and the first file', () => {
    const f = of([{ path: 'a/grafana.yaml', content: svc('grafana', 'monitoring', 30888) }, { path: 'b/prom.yaml', content: svc('prometheus', undefined, 30100, 30888) }], 'nodeport-duplicate');
    expect(f).toEqual([
      expect.objectContaining({ severity: 'error', file: 'b/prom.yaml', path: 'spec.ports[1].nodePort', params: { port: 30888, service: 'default/prometheus', other: 'monitoring/grafana', otherFile: 'a/grafana.yaml' }, fix: { step: 'network', action: 'nodeport-duplicate' } }),
    ]);
    // One Service listing the same NodePort on two ports is Kubernetes' own error, not a clash between Services.
    expect(of([{ path: 'a.yaml', content: svc('web', undefined, 30001, 30001) }], 'nodeport-duplicate')).toEqual([]);
  });

  it('two volumes on one host path are a warning; a trailing slash is the same folder', () => {
    const pv = (name: string, path: string) => `apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: ${name}\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: ${path}\n`;
    const pod = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: { app: agent }\n  template:\n    metadata:\n      labels: { app: agent }\n    spec:\n      containers:\n        - name: agent\n          image: agent:1\n      volumes:\n        - name: data\n          emptyDir: {}\n        - name: logs\n          hostPath:\n            path: /tmp/pv/\n`;
    const f = of([{ path: 'a.yaml', content: pv('a', '/tmp/pv') }, { path: 'b.yaml', content: pv('b', '/srv/other') }, { path: 'c.yaml', content: pod }], 'hostpath-shared');
    expect(f).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'c.yaml', path: 'spec.template.spec.volumes[1].hostPath.path', params: { hostPath: '/tmp/pv', object: 'DaemonSet agent', other: 'PersistentVolume a', otherFile: 'a.yaml' } }),
    ]);
  });

  it('a duplicate in the same namespace is an error; the same name in two namespaces is two objects', () => {
    const cm = (ns: string | undefined) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n${ns ? `  namespace: ${ns}\n` : ''}data:\n  a: b\n`;
    expect(of([{ path: 'a.yaml', content: cm('shop') }, { path: 'b.yaml', content: cm('other') }], 'duplicate-name')).toEqual([]);
    // No namespace means default.
    const dup = of([{ path: 'a.yaml', content: cm('default') }, { path: 'b.yaml', content: cm(undefined) }], 'duplicate-name');
    expect(dup).toEqual([expect.objectContaining({ severity: 'error', file: 'b.yaml', path: 'metadata.name', params: { kind: 'ConfigMap', name: 'cfg', namespace: '', other: 'a.yaml' } })]);
    // Another API group's kind of the same name is another object.
    const other = 'apiVersion: example.com/v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n';
    expect(of([{ path: 'a.yaml', content: cm(undefined) }, { path: 'b.yaml', content: other }], 'duplicate-name')).toEqual([]);
  });

  it('cluster-scoped kinds collide whatever namespace they are written with', () => {
    const kinds = [
      ['v1', 'Namespace'],
      ['vmoperator.vmware.com/v1alpha1', 'VirtualMachineClass'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
      ['v1', 'PersistentVolume'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
      ['storage.k8s.io/v1', 'StorageClass'],
      ['scheduling.k8s.io/v1', 'PriorityClass'],
      ['networking.k8s.io/v1', 'IngressClass'],
      ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
      ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
    ];
    for (const [apiVersion, kind] of kinds) {
      const doc = (ns: string) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n  namespace: ${ns}\n`;
      expect(of([{ path: 'a.yaml', content: doc('one') }, { path: 'b.yaml', content: doc('two') }], 'duplicate-name'), kind).toHaveLength(1);
    }
    // A namespaced kind with those namespaces is two objects.
    const role = (ns: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: x\n  namespace: ${ns}\n`;
    expect(of([{ path: 'a.yaml', content: role('one') }, { path: 'b.yaml', content: role('two') }], 'duplicate-name')).toEqual([]);
  });

  it('a HostConfiguration without a namespace is the same object as one in esx-system only by name', () => {
    const a = hc('ntp-sync', { esx: { system: {} } }, { namespace: null });
    const b = hc('ntp-sync', { esx: { system: {} } }, { namespace: null });
    expect(of([{ path: 'ntp.yaml', content: a }, { path: 'ptp.yaml', content: b }], 'duplicate-name').map((f) => f.file)).toEqual(['ptp.yaml']);
  });

  it('a VM class defined twice with different values: the first field that differs, with both values', () => {
    const cls = (cpus: number, memory?: string) => `apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachineClass\nmetadata:\n  name: best-effort-ec-small\nspec:\n  hardware:\n    cpus: ${cpus}\n${memory ? `    memory: ${memory}\n` : ''}`;
    const f = lint([{ path: 'a.yaml', content: cls(2, '4Gi') }, { path: 'b.yaml', content: cls(4, '4Gi') }]).filter((x) => x.code === 'class-conflict');
    expect(f).toEqual([expect.objectContaining({ severity: 'error', file: 'b.yaml', path: 'spec.hardware.cpus', params: { name: 'best-effort-ec-small', other: 'a.yaml', field: 'spec.hardware.cpus', here: '4', there: '2' } })]);
    const missing = of([{ path: 'a.yaml', content: cls(2, '4Gi') }, { path: 'b.yaml', content: cls(2) }], 'class-conflict');
    expect(missing.map((x) => `${x.params.field} here ${x.params.here} there ${x.params.there}`)).toEqual(['spec.hardware.memory here absent there "4Gi"']);
    // The same definition twice is a duplicate name, not a conflict.
    expect(of([{ path: 'a.yaml', content: cls(2) }, { path: 'b.yaml', content: cls(2) }], 'class-conflict')).toEqual([]);
  });

  it('the legacy MetalLB ConfigMap is a warning; another ConfigMap named config is not', () => {
    const cm = (ns: string, name: string, config: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  config: |\n${indent(config, 4)}\n`;
    const pools = 'address-pools:\n- name: default\n  protocol: layer2\n  addresses:\n  - 192.168.1.240-192.168.1.250';
    expect(of([{ path: 'm.yaml', content: cm('metallb-system', 'config', pools) }], 'metallb-legacy-config')).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'data.config', params: {}, fix: { step: 'network', action: 'metallb-legacy-config' } }),
    ]);
    expect(of([{ path: 'm.yaml', content: cm('default', 'config', pools) }], 'metallb-legacy-config')).toEqual([]);
    expect(of([{ path: 'm.yaml', content: cm('metallb-system', 'other', pools) }], 'metallb-legacy-config')).toEqual([]);
    expect(of([{ path: 'm.yaml', content: cm('metallb-system', 'config', 'peers: []') }], 'metallb-legacy-config')).toEqual([]);
  });

  it('the worker declared poweredOff is a note; another VM poweredOff, or the worker on, is nothing', () => {
    const vm = (name: string, power: string) => `apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: ${name}\n  namespace: ec-system\nspec:\n  className: best-effort-small\n  imageName: ec-wrkr.ova\n  powerState: ${power}\n`;
    expect(of([{ path: 'w.yaml', content: vm('ec-worker', 'poweredOff') }], 'worker-powered-off')).toEqual([expect.objectContaining({ severity: 'info', path: 'spec.powerState', fix: { step: 'network', action: 'worker-powered-off' } })]);
    expect(of([{ path: 'w.yaml', content: vm('ec-worker', 'poweredOn') }], 'worker-powered-off')).toEqual([]);
    expect(of([{ path: 'w.yaml', content: vm('nvr', 'poweredOff') }], 'worker-powered-off')).toEqual([]);
  });
});

describe('images that need the registry at every start', () => {
  const pod = (kind: string, containers: { name?: string; image?: string; policy?: string }[], group = 'containers') => {
    const list = containers.map((c) => `- ${c.name ? `name: ${c.name}\n  ` : ''}${c.image ? `image: ${c.image}\n  ` : ''}${c.policy ? `imagePullPolicy: ${c.policy}` : ''}`).join('\n');
    const spec = `${group}:\n${indent(list, 2)}`;
    if (kind === 'Pod') return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${indent(spec, 2)}\n`;
    if (kind === 'CronJob') return `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: p\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${indent(spec, 10)}\n`;
    return `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n${indent(spec, 6)}\n`;
  };
  const pulls = (content: string) => of([{ path: 'a.yaml', content }], 'latest-always-pull').map((f) => `${f.params.container} ${f.params.image} ${f.path}`);

  it(':latest, or no tag at all, pulled Always, in any workload kind and in init containers', () => {
    expect(pulls(pod('Deployment', [{ name: 'nr', image: 'nodered/node-red:latest', policy: 'Always' }]))).toEqual(['nr nodered/node-red:latest spec.template.spec.containers[0].imagePullPolicy']);
    expect(pulls(pod('StatefulSet', [{ name: 'db', image: 'registry.local:5000/db', policy: 'Always' }]))).toEqual(['db registry.local:5000/db spec.template.spec.containers[0].imagePullPolicy']);
    expect(pulls(pod('Pod', [{ name: 'x', image: 'busybox', policy: 'Always' }]))).toEqual(['x busybox spec.containers[0].imagePullPolicy']);
    expect(pulls(pod('CronJob', [{ name: 'x', image: 'busybox:latest', policy: 'Always' }]))).toEqual(['x busybox:latest spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy']);
    expect(pulls(pod('DaemonSet', [{ image: 'busybox', policy: 'Always' }], 'initContainers'))).toEqual(['0 busybox spec.template.spec.initContainers[0].imagePullPolicy']);
    expect(pulls(pod('ReplicaSet', [{ name: 'r', image: 'busybox', policy: 'Always' }]))).toEqual(['r busybox spec.template.spec.containers[0].imagePullPolicy']);
    const f = of([{ path: 'a.yaml', content: pod('Job', [{ name: 'x', image: 'busybox', policy: 'Always' }]) }], 'latest-always-pull');
    expect(f[0]).toMatchObject({ severity: 'warning', params: { object: 'Job p' }, fix: { step: 'network' } });
  });

  it('a pinned tag or digest, another pull policy, or no image is fine', () => {
    expect(pulls(pod('Deployment', [{ name: 'a', image: 'nodered/node-red:3.1', policy: 'Always' }]))).toEqual([]);
    expect(pulls(pod('Deployment', [{ name: 'a', image: 'registry.local:5000/db:1.2', policy: 'Always' }]))).toEqual([]);
    expect(pulls(pod('Deployment', [{ name: 'a', image: 'busybox@sha256:' + 'a'.repeat(64), policy: 'Always' }]))).toEqual([]);
    expect(pulls(pod('Deployment', [{ name: 'a', image: 'busybox:latest', policy: 'IfNotPresent' }]))).toEqual([]);
    expect(pulls(pod('Deployment', [{ name: 'a', policy: 'Always' }]))).toEqual([]);
    expect(pulls(pod('ReplicaSet', [{ name: 'a', image: 'busybox:latest' }]))).toEqual([]);
  });
});

describe('plain-text secrets, by where they sit', () => {
  const found = (files: File[]) => of(files, 'plaintext-password').map((f) => `${f.severity} ${f.params.kind} ${f.path}${f.params.variable ? ` ${f.params.variable}` : ''} [${f.params.object}]`);

  it('credentials in a URL anywhere in any object, at the path of the string', () => {
    const text = 'apiVersion: example.com/v1\nkind: Camera\nmetadata:\n  name: door\nspec:\n  streams:\n    - name: main\n      url: rtsp://admin:12345@10.0.0.9:554/stream\n    - url: rtsp://10.0.0.9/public\n';
    expect(found([{ path: 'cam.yaml', content: text }])).toEqual(['error url-credentials spec.streams[0].url [Camera door]']);
  });

  it('in a Secret: stringData and decoded data, a URL inside data, and placeholders left alone', () => {
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n  note: "\${DB_PASSWORD}"\n  conf: "password = x"\ndata:\n  url: ${btoa('https://u:p@db.local/x')}\n  blank: ${btoa('  ')}\n  notb64: "*not base64*"\n  token: ${btoa('s3cret')}\n`;
    expect(found([{ path: 's.yaml', content: secret }]).sort()).toEqual([
      'error password-field stringData.conf [Secret db]',
      'error url-credentials data.url [Secret db]',
      'warning secret-data data.token [Secret db]',
      'warning secret-data stringData.password [Secret db]',
    ]);
  });

  it('Windows unattend passwords in plain text in a Secret are an error, not just Secret data', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: win\nstringData:\n  unattend: |\n    <unattend><AdministratorPassword><Value>W1n-Pa55</Value><PlainText>true</PlainText></AdministratorPassword></unattend>\n';
    expect(found([{ path: 'w.yaml', content: secret }])).toEqual(['error unattend-password stringData.unattend [Secret win]']);
  });

  it('environment variables of init containers and containers, in Pods and CronJobs too', () => {
    const env = (name: string, value: string) => `- name: c\n  image: c:1\n  env:\n    - name: ${name}\n      value: ${value}\n`;
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n${indent(env('DB_PASSWORD', 'hunter2'), 4)}\n  containers:\n${indent(env('API_TOKEN', '"${TOKEN}"'), 4)}\n${indent(env('ADMIN_PASS', 'letmein'), 4)}\n`;
    expect(found([{ path: 'p.yaml', content: pod }])).toEqual(['error env-password spec.containers[1].env[0].value ADMIN_PASS [Pod p]', 'error env-password spec.initContainers[0].env[0].value DB_PASSWORD [Pod p]']);
    const cron = `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: backup\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n${indent(env('S3_SECRET_KEY', 'abc'), 12)}\n`;
    expect(found([{ path: 'c.yaml', content: cron }])).toEqual(['error env-password spec.jobTemplate.spec.template.spec.containers[0].env[0].value S3_SECRET_KEY [CronJob backup]']);
  });

  it('password lines in a ConfigMap\'s config files; other kinds\' data is not read as config', () => {
    const cm = (kind: string) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: app\ndata:\n  app.ini: |\n    [db]\n    password = hunter2\n`;
    expect(found([{ path: 'a.yaml', content: cm('ConfigMap') }])).toEqual(['error password-field data.app.ini [ConfigMap app]']);
    expect(found([{ path: 'a.yaml', content: cm('Other').replace('apiVersion: v1', 'apiVersion: example.com/v1') }])).toEqual([]);
  });

  it('XML config text is not read as key = value lines (the unattend rule reads it instead)', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  settings.xml: |\n    <?xml version="1.0"?>\n    <settings>\n    password = set-by-the-installer\n    </settings>\n';
    expect(found([{ path: 'a.yaml', content: cm }])).toEqual([]);
    expect(found([{ path: 'a.yaml', content: cm.replace('    <?xml version="1.0"?>\n', '') }])).toEqual(['error password-field data.settings.xml [ConfigMap app]']);
  });

  it('a document without kind or name is still named', () => {
    expect(found([{ path: 'x.yaml', content: 'url: https://u:p@h/x\n' }])).toEqual(['error url-credentials url [document]']);
  });
});

describe('site rules: the model against what the hosts apply', () => {
  it('a VM on a network that is not a port group of its host is a warning (the worker is left to the controller)', () => {
    const site = twoNodeSite();
    const files = generateWithPlan(site).map((f) => (f.path.endsWith('/workloads/hosts/esx01/nvr.yaml') ? { ...f, content: f.content.replace('networkName: Cameras', 'networkName: Kameras') } : f));
    const f = of(files, 'vm-network-missing', site);
    expect(f).toEqual([expect.objectContaining({ severity: 'warning', file: 'sites/depot-7/workloads/hosts/esx01/nvr.yaml', path: 'spec.networkInterfaces[0].networkName', params: { vm: 'nvr', network: 'Kameras' }, fix: { step: 'network', action: 'vm-network-missing' } })]);
    expect(of(generateWithPlan(site), 'vm-network-missing', site)).toEqual([]);
    // Without the model (no site.yaml, none given) there are no port groups to compare with.
    expect(of(files.filter((f) => !f.path.endsWith('/site.yaml')), 'vm-network-missing')).toEqual([]);
  });

  it('the worker\'s networks are the ECS controller\'s business, not checked against the port groups', () => {
    const site = twoNodeSite();
    const worker = 'apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: ec-worker\n  namespace: ec-system\nspec:\n  className: best-effort-ec-small\n  imageName: ec-wrkr.ova\n  networkInterfaces:\n    - networkName: Somewhere\n';
    expect(of([{ path: 'w.yaml', content: worker }], 'vm-network-missing', site)).toEqual([]);
    expect(of([{ path: 'w.yaml', content: worker.replace('name: ec-worker', 'name: other') }], 'vm-network-missing', site)).toHaveLength(1);
  });

  it('a VM outside the hosts folders is checked against every host\'s port groups', () => {
    const site = twoNodeSite();
    const vm = (net: string) => `apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: extra\nspec:\n  className: tiny\n  imageName: x.ova\n  networkInterfaces:\n    - networkName: ${net}\n`;
    expect(of([{ path: 'extra.yaml', content: vm('Cameras') }], 'vm-network-missing', site)).toEqual([]);
    expect(of([{ path: 'extra.yaml', content: vm('Nowhere') }], 'vm-network-missing', site).map((f) => f.params.network)).toEqual(['Nowhere']);
  });

  it('an uplink in a file outside the hosts folders is checked against every host', () => {
    const site = twoNodeSite();
    const f = of([{ path: 'shared/vs.yaml', content: hc('vs', vss(sw('vSwitch1', ['vmnic1']))) }], 'uplink-missing', site);
    // esx01 has vmnic0 and vusb0; esx02 has vmnic1.
    expect(f.map((x) => `${x.params.host} ${x.params.uplink} ${x.params.switch} [${x.params.present}]`)).toEqual(['esx01 vmnic1 vSwitch1 [vmnic0, vusb0]']);
  });

  it('an MTU that differs between two hosts is a warning; the same host twice, or no MTU, is not', () => {
    const file = (host: string, mtu?: number) => ({ path: `sites/s/hosts/${host}/vs.yaml`, content: hc(`vs-${host}`, vss(sw('vSwitch1', ['vmnic1'], mtu === undefined ? {} : { mtu }))) });
    const mismatch = (...files: File[]) => of(files, 'mtu-mismatch').map((f) => `${f.file} ${f.params.mtu} ${f.params.host} ${f.params.otherMtu} ${f.params.otherHost}`);
    expect(mismatch(file('esx01', 1500), file('esx02', 9000))).toEqual(['sites/s/hosts/esx02/vs.yaml 9000 esx02 1500 esx01']);
    expect(mismatch(file('esx01', 1500), file('esx02', 1500))).toEqual([]);
    expect(mismatch(file('esx01', 1500), file('esx02'))).toEqual([]);
    expect(mismatch(file('esx01', 1500), { ...file('esx01', 9000), path: 'sites/s/hosts/esx01/vs2.yaml' })).toEqual([]);
    // A file of the same site outside any hosts/<name>/ folder belongs to no host.
    expect(mismatch({ ...file('esx01', 1500), path: 'sites/s/shared/vs.yaml' }, file('esx02', 9000))).toEqual([]);
  });

  it('the management VLAN is checked only on the Management Network port group, with a number VLAN', () => {
    const site = twoNodeSite(); // management VLAN 10 on both hosts
    const groups = (vlan: unknown) => [{ name: 'Management Network', vlan_id: vlan }, { name: 'Other', vlan_id: 99 }];
    const at = (vlan: unknown, path = 'sites/depot-7/hosts/esx01/vs.yaml') => of([{ path, content: hc('vs', vss(sw('vSwitch0', ['vmnic0'], { groups: groups(vlan) }))) }], 'management-vlan-mismatch', site);
    expect(at(10)).toEqual([]);
    expect(at('20')).toEqual([]);
    expect(at(20).map((f) => `${f.params.host} ${f.params.vlan} ${f.params.managementVlan} ${f.fix.step}`)).toEqual(['esx01 20 10 network']);
    expect(at(20, 'shared/vs.yaml')).toEqual([]);
  });

  it('DNS search domains are a note on site.yaml naming each domain', () => {
    const input = twoNodeInput();
    const site = Site.parse({ ...input, spec: { ...input.spec, dns: { ...input.spec.dns, servers: ['192.168.10.3'], searchDomains: ['store.example.com', 'example.com'] } } });
    const f = of(generateWithPlan(site), 'search-domains-manual', site);
    expect(f).toEqual([expect.objectContaining({ severity: 'info', file: 'sites/depot-7/site.yaml', docIndex: 0, params: { domains: 'store.example.com, example.com' }, fix: { step: 'site', action: 'search-domains-manual' } })]);
    // With the model but no site.yaml among the files, the note is about the site as a whole.
    const loose = of([{ path: 'a.yaml', content: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n' }], 'search-domains-manual', site);
    expect(loose.map((x) => `${x.file}|${x.docIndex}`)).toEqual(['|-1']);
  });
});

describe('references and uplinks, more cases', () => {
  const vm = (ns: string | undefined, meta: string) =>
    `apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: nvr\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  className: best-effort-small\n  imageName: x.ova\n  vmMetadata:\n    ${meta}\n    transport: CloudInit\n`;
  const cm = (ns: string | undefined, kind = 'ConfigMap') => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ud\n${ns ? `  namespace: ${ns}\n` : ''}data: {}\n`;

  it('a VM\'s user data must be in its own namespace (no namespace means default)', () => {
    const missing = (files: File[]) => lint(files).filter((f) => f.code === 'vm-configmap-missing' || f.code === 'vm-secret-missing').map((f) => `${f.code} ${f.params.namespace}/${f.params.name}`);
    expect(missing([{ path: 'v.yaml', content: vm(undefined, 'configMapName: ud') }, { path: 'c.yaml', content: cm(undefined) }])).toEqual([]);
    expect(missing([{ path: 'v.yaml', content: vm('default', 'configMapName: ud') }, { path: 'c.yaml', content: cm('default') }])).toEqual([]);
    expect(missing([{ path: 'v.yaml', content: vm('shop', 'configMapName: ud') }, { path: 'c.yaml', content: cm(undefined) }])).toEqual(['vm-configmap-missing shop/ud']);
    expect(missing([{ path: 'v.yaml', content: vm(undefined, 'secretName: ud') }, { path: 'c.yaml', content: cm(undefined) }])).toEqual(['vm-secret-missing default/ud']);
    expect(missing([{ path: 'v.yaml', content: vm(undefined, 'secretName: ud') }, { path: 'c.yaml', content: cm(undefined, 'Secret') }])).toEqual([]);
    const f = lint([{ path: 'v.yaml', content: vm(undefined, 'secretName: ud') }]).find((x) => x.code === 'vm-secret-missing');
    expect(f).toMatchObject({ severity: 'error', path: 'spec.vmMetadata.secretName', params: { vm: 'nvr', name: 'ud', namespace: 'default' }, fix: { step: 'network' } });
  });

  it('a class the repo defines is not reported; a built-in name is a note, any other an error', () => {
    const cls = 'apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachineClass\nmetadata:\n  name: best-effort-small\nspec:\n  hardware:\n    cpus: 1\n';
    const v = (className: string) => `apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: a\nspec:\n  className: ${className}\n  imageName: x.ova\n`;
    const seen = (files: File[]) => lint(files).filter((f) => f.code.startsWith('vm-class')).map((f) => `${f.severity} ${f.code} ${f.params.className}`);
    expect(seen([{ path: 'v.yaml', content: v('best-effort-small') }, { path: 'c.yaml', content: cls }])).toEqual([]);
    expect(seen([{ path: 'v.yaml', content: v('guaranteed-4xlarge') }])).toEqual(['info vm-class-builtin guaranteed-4xlarge']);
    expect(seen([{ path: 'v.yaml', content: v('guaranteed-huge') }])).toEqual(['error vm-class-undefined guaranteed-huge']);
    expect(seen([{ path: 'v.yaml', content: v('my-best-effort-small') }])).toEqual(['error vm-class-undefined my-best-effort-small']);
  });

  it('an uplink is checked against the host\'s NICs from the plan (a BMC NIC is never one); a host with no NICs listed is not checked', () => {
    const input = twoNodeInput();
    const hosts = input.spec.hosts.map((h, i) => (i === 0 ? { ...h, hardware: { ...h.hardware, nics: [...h.hardware!.nics!, { name: 'vusb1', bus: 'usb' as const, role: 'bmc' as const }] } } : { ...h, hardware: { serial: 'X' } }));
    const site = Site.parse({ ...input, spec: { ...input.spec, hosts } });
    const f = (path: string, nic: string) => of([{ path, content: hc('vs', vss(sw('vSwitch1', [nic]))) }], 'uplink-missing', site).map((x) => `${x.params.host} ${x.params.uplink} [${x.params.present}]`);
    expect(f('sites/depot-7/hosts/esx01/vs.yaml', 'vusb1')).toEqual(['esx01 vusb1 [vmnic0, vusb0]']);
    expect(f('sites/depot-7/hosts/esx02/vs.yaml', 'vmnic5')).toEqual([]);
  });

  it('documents without a kind or a name are not compared as duplicates', () => {
    const files = [
      { path: 'a.yaml', content: 'apiVersion: v1\nkind: ConfigMap\ndata: {}\n' },
      { path: 'b.yaml', content: 'apiVersion: v1\nkind: ConfigMap\ndata: {}\n' },
      { path: 'c.yaml', content: 'apiVersion: v1\nmetadata:\n  name: x\n' },
      { path: 'd.yaml', content: 'apiVersion: v1\nmetadata:\n  name: x\n' },
    ];
    expect(of(files, 'duplicate-name')).toEqual([]);
  });
});

describe('addresses', () => {
  const netplan = (addresses: string[], opts: { via?: string; gateway4?: string; name?: string } = {}) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${opts.name ?? 'worker-config'}\n  namespace: ec-system\ndata:\n  networkconfig: |\n    version: 2\n    ethernets:\n      eth0:\n        addresses: [${addresses.join(', ')}]\n${opts.via ? `        routes:\n          - to: 0.0.0.0/0\n            via: ${opts.via}\n` : ''}${opts.gateway4 ? `        gateway4: ${opts.gateway4}\n` : ''}`;

  it('a worker address that is a host\'s address is a conflict naming the worker ConfigMap and the host', () => {
    const site = twoNodeSite();
    const f = of([{ path: 'w.yaml', content: netplan(['192.168.10.12/24'], { via: '192.168.10.1' }) }], 'ip-conflict', site);
    expect(f).toEqual([expect.objectContaining({ severity: 'error', file: 'w.yaml', path: 'data.networkconfig', params: { ip: '192.168.10.12', what: 'worker-config eth0', other: 'host esx02' }, fix: { step: 'site', action: 'ip-conflict' } })]);
  });

  it('a gateway outside the interface\'s subnet, given as a route or as gateway4, is an error', () => {
    const gw = (content: string) => of([{ path: 'w.yaml', content }], 'gateway-outside-subnet').map((f) => `${f.params.gateway} ${f.params.interface} ${f.params.object} ${f.fix.step}`);
    expect(gw(netplan(['192.168.10.20/24'], { via: '192.168.11.1' }))).toEqual(['192.168.11.1 eth0 ConfigMap worker-config network']);
    expect(gw(netplan(['192.168.10.20/24'], { gateway4: '10.0.0.1' }))).toEqual(['10.0.0.1 eth0 ConfigMap worker-config network']);
    expect(gw(netplan(['192.168.10.20/24'], { via: '192.168.10.1' }))).toEqual([]);
    // Two addresses: a gateway in either subnet is fine.
    expect(gw(netplan(['10.0.0.5/8', '192.168.10.20/24'], { via: '192.168.10.1' }))).toEqual([]);
    // Not a netplan, not YAML, or no address: nothing to check.
    expect(gw(netplan([], { via: '10.0.0.1' }))).toEqual([]);
    expect(gw('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  networkconfig: "ethernets: [unclosed"\n')).toEqual([]);
  });

  it('one interface listing its address twice is not a conflict with itself', () => {
    expect(lint([{ path: 'a.yaml', content: netplan(['192.168.10.30/24', '192.168.10.30/24'], { name: 'a' }) }]).filter((x) => x.code === 'ip-conflict')).toEqual([]);
  });

  it('the same address in two ConfigMaps is a conflict; the site\'s own addresses outside the subnet are named', () => {
    const f = lint([
      { path: 'a.yaml', content: netplan(['192.168.10.30/24'], { name: 'a' }) },
      { path: 'b.yaml', content: netplan(['192.168.10.30/24'], { name: 'b' }) },
    ]).filter((x) => x.code === 'ip-conflict');
    expect(f.map((x) => `${x.file} ${x.params.what} ${x.params.other}`)).toEqual(['b.yaml b eth0 a eth0']);
    const site = Site.parse(twoNodeInput());
    site.spec.managementNetwork.gateway = '10.1.1.1';
    const out = of([{ path: 'w.yaml', content: netplan(['10.9.9.9/24']) }], 'ip-outside-subnet', site);
    expect(out.map((x) => `${x.file}|${x.path}|${x.docIndex}|${x.params.ip}|${x.params.what}|${x.params.subnet}`)).toEqual(['|spec.managementNetwork.gateway|-1|10.1.1.1|the gateway|192.168.10.0/24', 'w.yaml|data.networkconfig|0|10.9.9.9|worker-config eth0|192.168.10.0/24']);
  });

  it('a host on DHCP has no address to check, even with an address left over from before', () => {
    const input = twoNodeInput();
    const site = Site.parse({ ...input, spec: { ...input.spec, hosts: [{ ...input.spec.hosts[0], management: { mode: 'dhcp', ip: '192.168.10.11', vlan: 10 } }, input.spec.hosts[1]] } });
    const pool = 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: lb\n  namespace: metallb-system\nspec:\n  addresses:\n    - 192.168.10.11/32\n    - not-an-address\n';
    expect(of([{ path: 'p.yaml', content: pool }], 'ip-conflict', site)).toEqual([]);
  });
});
