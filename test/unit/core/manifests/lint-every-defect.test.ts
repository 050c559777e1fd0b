/**
 * One hand-written repo with most defects lint knows, as a technician meets it in Review: for each finding, how
 * serious it is (errors block the commit, warnings and notes do not) and which wizard step its Fix button opens.
 */
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { Site } from '../../../../main/core/site/schema';
import { twoNodeInput } from '../../../helpers/manifest-sites';

const hc = (name: string, profile: string, namespace = 'esx-system', layertype = 'Incremental') =>
  `apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  layertype: ${layertype}\n  profile: |\n    ${profile}\n`;

const switches = JSON.stringify({
  esx: {
    network_vss: {
      switches: [
        { name: 'vSwitch0', policy: { nic_teaming: { active_nics: ['vmnic0', 'vmnic4'] } }, bridge: { nics: ['vmnic0'] }, mtu: 1500, port_groups: [{ name: 'Management Network', vlan_id: 30 }, { name: 'Trunk', vlan_id: 4095 }, { name: 'Bad', vlan_id: 5000 }] },
        { name: 'vSwitch1', policy: { nic_teaming: { active_nics: ['vmnic0'] } }, bridge: { nics: ['vmnic0'] }, mtu: 100, port_groups: [{ name: 'PTP-PG', vlan_id: 0 }] },
      ],
    },
    network: { vmknics: [{ device: 'vmk1', port_group: 'PTP-PG', mtu: 9000 }, { device: 'vmk2', port_group: 'Nowhere' }] },
    vmkernel: { module_settings: [{ module_name: 'ne1000', options: 'EEE=0' }] },
    syslog: { global_settings: { log_level: 'info' } },
    storage: { nfs_v3_datastores: [{ volume_name: 'NFS', connections: '1' }] },
  },
});
const otherMtu = JSON.stringify({ esx: { network_vss: { switches: [{ name: 'vSwitch1', policy: { nic_teaming: { active_nics: ['vmnic1'] } }, bridge: { nics: ['vmnic1'] }, mtu: 9000, port_groups: [] }] } } });

const files = [
  { path: 'sites/depot-7/hosts/esx01/kustomization.yaml', content: 'resources:\n  - vswitches.yaml\n  - gone.yaml\n  - ../../apps\n' },
  { path: 'sites/depot-7/hosts/esx01/vswitches.yaml', content: hc('net', switches) },
  { path: 'sites/depot-7/hosts/esx02/kustomization.yaml', content: 'resources:\n  - vswitches.yaml\n  - ../../apps\n' },
  { path: 'sites/depot-7/hosts/esx02/vswitches.yaml', content: hc('net2', otherMtu) },
  { path: 'sites/depot-7/stray.yaml', content: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: stray\n' },
  { path: 'sites/depot-7/apps/kustomization.yaml', content: 'resources:\n  - hcs.yaml\n  - users.yaml\n  - apps.yaml\n  - vms.yaml\n  - bad.yaml\n  - go.yaml\n' },
  {
    path: 'sites/depot-7/apps/hcs.yaml',
    content: [
      hc('a', '{"esx": {}}', 'default', 'Full'),
      'apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: b\n  namespace: esx-system\nspec:\n  layertype: Incremental\n',
      hc('c', '{"esx": {'),
      hc('d', '{"profile": {"esx": {}}}'),
    ].join('---\n'),
  },
  { path: 'sites/depot-7/apps/users.yaml', content: `# Password is Base64 Encoded\n${hc('e', JSON.stringify({ esx: { authentication: { user_accounts: [{ name: 'm', password_hash: '$6$abc$def' }] } } }))}` },
  {
    path: 'sites/depot-7/apps/apps.yaml',
    content: [
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 8080\n    - port: 81\n      nodePort: 30001\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web2\nspec:\n  ports:\n    - port: "81"\n      nodePort: 30001\n  template: {}\n',
      'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: a\nspec:\n  hostPath:\n    path: /tmp/pv\n',
      'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: b\nspec:\n  hostPath:\n    path: /tmp/pv\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\n  namespace: metallb-system\ndata:\n  config: |\n    address-pools:\n    - name: default\n      addresses:\n      - 192.168.10.10-192.168.10.12\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  app.ini: |\n    password = hunter2\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  other: x\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: net\ndata:\n  networkconfig: |\n    ethernets:\n      eth0:\n        addresses: [10.0.0.5/24]\n        gateway4: 10.9.9.9\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nr\nspec:\n  template:\n    spec:\n      containers:\n        - name: nr\n          image: nodered/node-red:latest\n          imagePullPolicy: Always\n',
    ].join('---\n'),
  },
  {
    path: 'sites/depot-7/apps/vms.yaml',
    content: [
      'apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachineClass\nmetadata:\n  name: c\nspec:\n  hardware:\n    cpus: 2\n',
      'apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachineClass\nmetadata:\n  name: c\nspec:\n  hardware:\n    cpus: 4\n',
      'apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: v1\nspec:\n  className: nope\n  imageName: x.ova\n  networkInterfaces:\n    - networkName: Nowhere\n  vmMetadata:\n    configMapName: missing\n',
      'apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: v2\nspec:\n  className: best-effort-small\n  imageName: x.ova\n  vmMetadata:\n    secretName: missing\n',
      'apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: ec-worker\n  namespace: ec-system\nspec:\n  className: c\n  imageName: ec-wrkr.ova\n  powerState: poweredOff\n',
    ].join('---\n'),
  },
  { path: 'sites/depot-7/apps/bad.yaml', content: '- just\n- a list\n---\na: [1,\n' },
  { path: 'sites/depot-7/apps/go.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: go\ndata:\n  a: "x"# comment\n' },
];

describe('every defect in one repo', () => {
  it('each finding\'s severity and the step its Fix opens', () => {
    const input = twoNodeInput();
    const site = Site.parse({ ...input, spec: { ...input.spec, dns: { servers: ['192.168.10.3'], searchDomains: ['example.com'] } } });
    site.spec.hosts[1]!.management.ip = '10.0.0.12';
    const findings = lintFiles(files, { site });
    const seen = [...new Set(findings.map((f) => `${f.code} ${f.severity} ${f.fix.step}`))].sort();
    expect(seen).toEqual([
      'class-conflict error network',
      'duplicate-name error network',
      'gateway-outside-subnet error network',
      'go-yaml-only warning review',
      'hash-comment-misleading info review',
      'hc-namespace error network',
      'hostpath-shared warning network',
      'ip-conflict error site',
      'ip-outside-subnet error site',
      'kustomization-missing-resource error review',
      'latest-always-pull warning network',
      'layertype-unknown warning network',
      'management-vlan-mismatch error network',
      'metallb-legacy-config warning network',
      'mtu-mismatch warning network',
      'mtu-range error network',
      'nodeport-duplicate error network',
      'nodeport-range error network',
      'not-a-manifest warning review',
      'not-applied info review',
      'plaintext-password error network',
      'portgroup-missing error network',
      'profile-json error network',
      'profile-missing error network',
      'profile-no-esx error network',
      'profile-type error network',
      'profile-unknown-key info network',
      'profile-wrapped error network',
      'reboot-on-apply warning review',
      'schema-type error review',
      'search-domains-manual info site',
      'unknown-field error review',
      'uplink-missing error network',
      'uplink-not-bridged error network',
      'uplink-shared error network',
      'vlan-range error network',
      'vlan-trunk info network',
      'vm-class-builtin info network',
      'vm-class-undefined error network',
      'vm-configmap-missing error network',
      'vm-network-missing warning network',
      'vm-secret-missing error network',
      'vmk-mtu-exceeds-switch error network',
      'vswitch0-rewritten warning network',
      'worker-powered-off info network',
      'yaml-syntax error review',
    ]);
  });
});
