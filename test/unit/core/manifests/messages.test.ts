/**
 * The words a technician reads for each lint finding (Review, `sitekit lint`, the handover report): the
 * sentence that says what is wrong and the one that says how to fix it, with the values of a real finding.
 */
import { describe, expect, it } from 'vitest';
import { FINDING_CODES, type Finding, type FindingCode, type FindingParams } from '../../../../main/core/manifests/findings';
import { findingFix, findingMessage, formatFinding } from '../../../../main/core/manifests/messages';

/** Each code with the params a rule gives it, and the two sentences shown. */
const CASES: readonly (readonly [FindingCode, FindingParams, string, string])[] = [
  ['yaml-syntax', { line: 3, message: 'Missing , or ] in flow sequence' }, 'The file is not valid YAML (line 3): Missing , or ] in flow sequence.', 'Fix the YAML at that line; nothing in this file can be applied until it parses.'],
  [
    'site-invalid',
    { message: 'line 4: spec.topology: Invalid option' },
    'This site.yaml is not a valid Sitekit site (line 4: spec.topology: Invalid option), so the checks that need the site model (uplinks on each host, management subnet, accepted findings) were not run for this site.',
    'Open the site in Sitekit (or run sitekit site validate on the file) and fix what it names.',
  ],
  [
    'go-yaml-only',
    { line: 6, construct: 'quoted-value-hash' },
    'Line 6 has a quoted value followed directly by "#": YAML 1.2 forbids it, but Go\'s YAML (kustomize, Flux) reads it as a comment, so Flux applies this file.',
    'Put a space before the "#" so every YAML tool reads the file the same way.',
  ],
  [
    'unknown-field',
    { kind: 'Namespace', name: 'shop', field: 'spec.template' },
    'Namespace "shop" has the field spec.template, which the Kubernetes Namespace schema does not have; the API server rejects it when Flux applies it.',
    'Remove the field or move it where it belongs (a bulk edit may have put it on the wrong object).',
  ],
  ['schema-type', { kind: 'Service', name: 'web', field: 'spec.ports[0].port', problem: 'must be an integer' }, 'Service "web": spec.ports[0].port must be an integer in the Kubernetes schema; the API server rejects the object.', 'Correct the value\'s type (for example a number without quotes).'],
  [
    'profile-unknown-key',
    { name: 'x', key: 'esx.syslog.global_settings.log_level' },
    'HostConfiguration "x" sets esx.syslog.global_settings.log_level, a key not seen in VMware\'s examples or the ECS docs; Sitekit cannot check it.',
    'Check the key on a test host; nothing to change if it works there.',
  ],
  [
    'profile-type',
    { name: 'nfs', key: 'esx.storage.nfs_v3_datastores[0].connections', expected: 'integer', found: 'string' },
    'HostConfiguration "nfs" sets esx.storage.nfs_v3_datastores[0].connections to a string; VMware\'s examples use an integer there.',
    'Write the value with the expected type (numbers and booleans without quotes).',
  ],
  [
    'latest-always-pull',
    { container: 'node-red', object: 'Deployment node-red', image: 'nodered/node-red:latest' },
    'Container node-red of Deployment node-red uses nodered/node-red:latest with imagePullPolicy Always: every restart needs the registry, and an offline site cannot start it.',
    'Pin a version tag (or digest) and use imagePullPolicy IfNotPresent.',
  ],
  [
    'vswitch0-rewritten',
    { name: 'sitekit-vswitches', uplinks: 'vmnic0, vmnic1' },
    'HostConfiguration "sitekit-vswitches" rewrites vSwitch0, including the Management Network and its uplinks (vmnic0, vmnic1); VMware removed vSwitch0 from its example because a wrong uplink cuts the host off.',
    'Leave vSwitch0 as ESXi installs it unless the change is needed; check the uplinks against the host before committing.',
  ],
  [
    'search-domains-manual',
    { domains: 'store.example.com, example.com' },
    'DNS search domains (store.example.com, example.com) are not applied by the kickstart or GitOps: ESXi\'s kickstart has no search-domain option and no documented HostConfiguration key sets them.',
    'Run the esxcli commands listed in the site README on each host, or remove the search domains from the site.',
  ],
  ['not-a-manifest', {}, 'This document has no apiVersion and kind, so Flux cannot apply it.', 'Add apiVersion and kind, or move the file out of the repository path.'],
  [
    'duplicate-name',
    { kind: 'HostConfiguration', name: 'ntp-sync', namespace: 'esx-system', other: 'edge-host-config/ntp.yaml' },
    'HostConfiguration "ntp-sync" in esx-system is also defined in edge-host-config/ntp.yaml; applying both makes one silently replace the other.',
    'Give one of them another name, or remove the copy this host should not apply.',
  ],
  [
    'class-conflict',
    { name: 'best-effort-ec-small', other: 'a.yaml', field: 'spec.hardware.cpus', here: '4', there: '2' },
    'VM class "best-effort-ec-small" is defined twice with different values: spec.hardware.cpus is 4 here and 2 in a.yaml.',
    'Keep one definition of the class (Workloads → VM classes) and delete the other.',
  ],
  ['profile-missing', { name: 'ntp' }, 'HostConfiguration "ntp" has no spec.profile.', 'Add the JSON profile under spec.profile, starting at {"esx": …}.'],
  ['profile-json', { name: 'ntp', error: 'Unexpected token' }, 'The profile of HostConfiguration "ntp" is not valid JSON: Unexpected token.', 'Correct the JSON in spec.profile; Sitekit-generated profiles are always valid.'],
  [
    'profile-wrapped',
    { name: 'ptp' },
    'The profile of HostConfiguration "ptp" is wrapped in an extra {"profile": …} object; every working profile starts at {"esx": …}.',
    'Remove the outer "profile" object so the JSON starts with "esx".',
  ],
  ['profile-no-esx', { name: 'ntp' }, 'The profile of HostConfiguration "ntp" has no "esx" section, so it changes nothing.', 'Start the profile with {"esx": …}.'],
  ['layertype-unknown', { name: 'ntp', value: 'Full' }, 'HostConfiguration "ntp" uses layertype Full; only Incremental is documented.', 'Set spec.layertype: Incremental.'],
  ['hc-namespace', { name: 'ntp', namespace: 'default' }, 'HostConfiguration "ntp" is in namespace default; the host only reads esx-system.', 'Set metadata.namespace: esx-system.'],
  ['nodeport-range', { service: 'web', port: '8080' }, 'Service web asks for NodePort 8080, outside 30000–32767.', 'Pick a NodePort from 30000 to 32767, or leave it out to get a free one.'],
  [
    'nodeport-duplicate',
    { port: 30888, service: 'monitoring/grafana', other: 'monitoring/prometheus', otherFile: 'b.yaml' },
    'NodePort 30888 of monitoring/grafana is already used by monitoring/prometheus (b.yaml); the second Service will be rejected.',
    'Give one of the Services another NodePort.',
  ],
  [
    'hostpath-shared',
    { object: 'PersistentVolume b', hostPath: '/tmp/pv', other: 'PersistentVolume a', otherFile: 'a.yaml' },
    'PersistentVolume b uses host path /tmp/pv, which PersistentVolume a (a.yaml) also uses: both write into the same folder.',
    'Give each volume its own host path.',
  ],
  ['vm-class-undefined', { vm: 'nvr', className: 'my-class' }, 'VM "nvr" uses class "my-class", which is not defined.', 'Define the class in Workloads → VM classes, or pick an existing one.'],
  [
    'vm-class-builtin',
    { vm: 'nvr', className: 'best-effort-small' },
    'VM "nvr" uses class "best-effort-small", which is not in the repository; it is assumed to be a built-in VM Service class.',
    'Nothing to do if the host has this class; otherwise define it in Workloads → VM classes.',
  ],
  ['vm-configmap-missing', { vm: 'nvr', name: 'nvr-user-data', namespace: 'default' }, 'VM "nvr" reads its user data from ConfigMap default/nvr-user-data, which is not defined.', 'Add the ConfigMap, or set the VM\'s user data in Workloads.'],
  ['vm-secret-missing', { vm: 'kiosk', name: 'kiosk-user-data', namespace: 'store' }, 'VM "kiosk" reads its user data from Secret store/kiosk-user-data, which is not defined.', 'Add the Secret, or set the VM\'s user data in Workloads.'],
  [
    'worker-powered-off',
    {},
    'The ec worker is declared poweredOff, as in VMware\'s examples (ECSExample since 50213bc): the ECS worker controller, not VM Operator, powers it on.',
    'Nothing to do; set poweredOn only if VMware support asks for it.',
  ],
  [
    'plaintext-password',
    { kind: 'cloud-init-password', object: 'ConfigMap ud' },
    'ConfigMap ud holds a plain-text password in the cloud-init data; everyone who can read the repository can read it.',
    'Use a $6$ hash, an SSH key or a secret stored outside Git; change the password if it was ever pushed.',
  ],
  [
    'hash-comment-misleading',
    { name: 'read-only-account' },
    'A comment in HostConfiguration "read-only-account" says the password is Base64 encoded, but the value is a $6$ SHA-512 crypt hash.',
    'Correct the comment: password_hash takes a $6$ crypt hash, never Base64 or plain text.',
  ],
  ['vlan-range', { portGroup: 'Cameras', vlan: '5000' }, 'Port group "Cameras" has VLAN ID 5000; standard switches accept 0–4094 (4095 passes all VLANs).', 'Set a VLAN ID from 0 (untagged) to 4094 in Network → port groups.'],
  ['vlan-trunk', { portGroup: 'Trunk' }, 'Port group "Trunk" uses VLAN 4095: every VLAN is passed to the guests tagged.', 'Keep it only if the VMs on this port group tag their own traffic.'],
  ['mtu-range', { switch: 'vSwitch1', mtu: '12000' }, 'vSwitch "vSwitch1" has MTU 12000; ESXi accepts 1280–9000.', 'Set the MTU to 1500, or up to 9000 for jumbo frames, in Network → vSwitches.'],
  [
    'vmk-mtu-exceeds-switch',
    { vmknic: 'vmk1', mtu: 9000, switch: 'vSwitch1', switchMtu: 1500 },
    'VMkernel adapter vmk1 has MTU 9000, larger than vSwitch "vSwitch1" (1500); large frames will be dropped.',
    'Make the vSwitch MTU at least as large as the adapter MTU.',
  ],
  [
    'mtu-mismatch',
    { switch: 'vSwitch1', mtu: 9000, host: 'esx02', otherMtu: 1500, otherHost: 'esx01' },
    'vSwitch "vSwitch1" has MTU 9000 on esx02 but 1500 on esx01; traffic between the hosts fragments or drops.',
    'Use the same MTU for this vSwitch on both hosts (Network step).',
  ],
  [
    'uplink-missing',
    { uplink: 'vmnic3', host: 'esx02', switch: 'vSwitch1', present: 'vmnic0, vmnic1' },
    'vSwitch "vSwitch1" uses uplink vmnic3, but esx02 has no such NIC (it has vmnic0, vmnic1).',
    'Pick an uplink the host has in Network → vSwitches, or add the NIC in the Hardware step.',
  ],
  [
    'stick-lacks-driver',
    { host: 'esx01', nic: 'vusb0', vib: 'vmkusb-nic-fling', at: '2026-12-06T09:00:00Z', medium: 'stick', role: 'install NIC' },
    'The stick written 2026-12-06T09:00:00Z for esx01 does not carry vmkusb-nic-fling, which vusb0 (install NIC) needs: that NIC has no driver after an install from it.',
    'Build the stick again from an installer ISO that carries the driver (Boot media step shows which ISO does).',
  ],
  ['uplink-not-bridged', { uplink: 'vmnic2', switch: 'vSwitch1' }, 'Uplink vmnic2 is in the teaming of vSwitch "vSwitch1" but not in its bridge NICs.', 'List every active and standby uplink in bridge.nics as well.'],
  ['uplink-shared', { uplink: 'vmnic1', switch: 'vSwitch2', other: 'vSwitch1' }, 'Uplink vmnic1 is used by vSwitch "vSwitch2" and by "vSwitch1"; an uplink can belong to only one switch.', 'Give each vSwitch its own uplinks (Network step).'],
  ['portgroup-missing', { vmknic: 'vmk1', portGroup: 'PTP-PG' }, 'VMkernel adapter vmk1 connects to port group "PTP-PG", which no switch here defines.', 'Add the port group to a vSwitch, or connect the adapter to an existing one.'],
  ['vm-network-missing', { vm: 'nvr', network: 'Cameras' }, 'VM "nvr" connects to network "Cameras", which is not a port group on its host.', 'Add a port group with that name in Network, or pick an existing one for the VM.'],
  [
    'management-vlan-mismatch',
    { host: 'esx01', vlan: 10, managementVlan: 30 },
    'Port group "Management Network" on esx01 is on VLAN 10, but the host\'s management address is on VLAN 30; applying this cuts the host off its management network.',
    'Use the same VLAN for the management address and the Management Network port group (Network step).',
  ],
  ['ip-conflict', { ip: '192.168.10.12', what: 'host esx02', other: 'host esx01' }, 'Address 192.168.10.12 of host esx02 is also used by host esx01.', 'Give each host, the worker node and every address pool its own addresses.'],
  [
    'worker-address-shared',
    { ip: '192.168.10.20', host: 'esx01', other: 'esx02' },
    'esx01 and esx02 would both run their Kubernetes worker at 192.168.10.20: every host applies workloads/common and runs its own worker, so the two clash on the LAN.',
    'Give each host\'s worker its own address (Network & workloads step: one worker IP per host; in site.yaml hosts[].workerIp), or use DHCP for the worker. 192.168.10.20 can stay with one of them.',
  ],
  ['ip-outside-subnet', { ip: '10.0.0.12', what: 'host esx02', subnet: '192.168.10.0/24' }, 'Address 10.0.0.12 of host esx02 is outside the management subnet 192.168.10.0/24.', 'Use an address inside the management subnet, or correct the subnet in the Site step.'],
  [
    'gateway-outside-subnet',
    { gateway: '192.168.11.1', interface: 'eth0', object: 'ConfigMap worker-config' },
    'Gateway 192.168.11.1 of ConfigMap worker-config (eth0) is not inside that interface\'s subnet.',
    'Use a gateway inside the address\'s subnet, or correct the prefix length.',
  ],
  [
    'reboot-on-apply',
    { name: 'sitekit-module-settings', modules: 'vmkusb_nic_fling' },
    'Applying HostConfiguration "sitekit-module-settings" (module settings: vmkusb_nic_fling) reboots the host automatically.',
    'Commit this change when a reboot is acceptable, or accept this finding to record that it is planned.',
  ],
  ['metallb-legacy-config', {}, 'MetalLB is configured through the legacy ConfigMap; MetalLB 0.13 and later only read IPAddressPool objects.', 'Pin MetalLB ≤ 0.12 or move the pool to IPAddressPool and L2Advertisement objects.'],
  ['kustomization-missing-resource', { resource: 'missing.yaml' }, 'The kustomization lists missing.yaml, which is not in the repository; Flux will fail to build this path.', 'Add the file or folder, or remove it from resources.'],
  ['not-applied', {}, 'No kustomization.yaml lists this file, so no host applies it.', 'Add it to a host\'s kustomization.yaml if a host should apply it, or delete it.'],
  [
    'flux-applies-everything',
    { files: 12 },
    'There is no kustomization.yaml: Flux applies all 12 files under the path it is given, all at once.',
    'Generate the site with Sitekit, which writes one kustomization.yaml per host listing exactly what it applies.',
  ],
];

describe('finding messages, word for word', () => {
  it.each(CASES)('%s', (code, params, message, fix) => {
    expect(findingMessage({ code, params })).toBe(message);
    expect(findingFix({ code, params })).toBe(fix);
  });

  it('every code but host-plan is in the table above (host-plan words come from the hardware check)', () => {
    expect(new Set(CASES.map((c) => c[0]))).toEqual(new Set(Object.keys(FINDING_CODES).filter((c) => c !== 'host-plan')));
  });

  it('a duplicate without a namespace does not say "in"', () => {
    expect(findingMessage({ code: 'duplicate-name', params: { kind: 'Namespace', name: 'shop', namespace: '', other: 'h2/a.yaml' } })).toBe(
      'Namespace "shop" is also defined in h2/a.yaml; applying both makes one silently replace the other.',
    );
  });

  it('a rewritten vSwitch0 without uplinks says "none"; an uplink on a host with no NICs listed says so', () => {
    expect(findingMessage({ code: 'vswitch0-rewritten', params: { name: 'v', uplinks: '' } })).toContain('its uplinks (none);');
    expect(findingMessage({ code: 'uplink-missing', params: { uplink: 'vmnic3', host: 'esx02', switch: 'vSwitch1', present: '' } })).toBe('vSwitch "vSwitch1" uses uplink vmnic3, but esx02 has no such NIC (it has none listed).');
  });

  it('a plain-text secret names the key and the variable it sits in, when the rule gives them', () => {
    expect(findingMessage({ code: 'plaintext-password', params: { object: 'Deployment frigate', kind: 'env-password', variable: 'FRIGATE_RTSP_PASSWORD' } })).toBe(
      'Deployment frigate holds a credential in an environment variable (FRIGATE_RTSP_PASSWORD); everyone who can read the repository can read it.',
    );
    expect(findingMessage({ code: 'plaintext-password', params: { object: 'ConfigMap app', key: 'config', kind: 'password-field' } })).toBe(
      'ConfigMap app (config) holds a password or token in plain text; everyone who can read the repository can read it.',
    );
  });

  it('a stick lacking a driver names the medium; without one it says "stick"', () => {
    const p = { host: 'esx01', nic: 'vmnic0', vib: 'ne1000', at: '2026-12-06T09:00:00Z', role: 'uplink' };
    expect(findingMessage({ code: 'stick-lacks-driver', params: { ...p, medium: 'image file' } })).toBe(
      'The image file written 2026-12-06T09:00:00Z for esx01 does not carry ne1000, which vmnic0 (uplink) needs: that NIC has no driver after an install from it.',
    );
    expect(findingFix({ code: 'stick-lacks-driver', params: { ...p, medium: 'image file' } })).toBe('Build the image file again from an installer ISO that carries the driver (Boot media step shows which ISO does).');
    expect(findingMessage({ code: 'stick-lacks-driver', params: p })).toMatch(/^The stick written /);
    expect(findingFix({ code: 'stick-lacks-driver', params: p })).toMatch(/^Build the stick again /);
  });
});

describe('host-plan findings: the hardware check\'s words, and a fix by kind', () => {
  it('a finding the hardware check knows is told in its words, after the host name', () => {
    const params = { host: 'esx01', finding: 'install-nic-not-uplink', nic: 'vusb0', role: 'unused' };
    expect(findingMessage({ code: 'host-plan', params })).toBe(
      'esx01: The install NIC vusb0 is marked "unused" in Hardware: the host would be installed and managed through a NIC that is not an uplink. Make it an uplink, or pick another install NIC.',
    );
    expect(findingFix({ code: 'host-plan', params })).toBe('Pick the install NIC in Hardware: an uplink with a driver on this release.');
  });

  it('a finding it does not know is named, not dropped', () => {
    expect(findingMessage({ code: 'host-plan', params: { host: 'esx02', finding: 'something-new' } })).toBe('esx02: the host plan reports something-new.');
  });

  it('driver findings point to Boot media, uplink findings to Network, the rest to the install NIC', () => {
    expect(findingFix({ code: 'host-plan', params: { host: 'h', finding: 'driver-not-carried' } })).toBe(
      'Use an installer ISO that carries the driver build (Boot media step), or pick another install NIC or uplink in Hardware.',
    );
    expect(findingFix({ code: 'host-plan', params: { host: 'h', finding: 'uplink-role-unused' } })).toBe('Take the NIC off the vSwitch in Network, or change its role in Hardware.');
    expect(findingFix({ code: 'host-plan', params: { host: 'h', finding: 'bmc-nic-as-uplink' } })).toBe('Pick the install NIC in Hardware: an uplink with a driver on this release.');
  });
});

describe('formatFinding: one finding as `sitekit lint` prints it', () => {
  const base: Finding = {
    severity: 'error',
    code: 'nodeport-range',
    file: 'apps/web.yaml',
    path: 'spec.ports[0].nodePort',
    docIndex: 0,
    params: { service: 'web', port: '8080' },
    fix: { step: 'network', action: 'nodeport-range' },
    scope: 'sites/depot-7/hosts/esx01',
    line: 9,
  };

  it('severity padded, file:line and path, scope, message with its code, and the fix', () => {
    expect(formatFinding(base)).toBe(
      'error   apps/web.yaml:9 spec.ports[0].nodePort  [scope sites/depot-7/hosts/esx01]\n' +
        '        Service web asks for NodePort 8080, outside 30000–32767. (nodeport-range)\n' +
        '        fix: Pick a NodePort from 30000 to 32767, or leave it out to get a free one.',
    );
  });

  it('a finding about the whole set, without line or path, and one a person accepted', () => {
    const whole: Finding = { ...base, severity: 'info', code: 'flux-applies-everything', file: '', path: '', line: undefined, params: { files: 3 }, scope: '(repository)' };
    expect(formatFinding(whole).split('\n')[0]).toBe('info    (repository)  [scope (repository)]');
    const accepted: Finding = { ...base, accepted: { by: 'J. Smith', at: '2026-11-25T08:00:00Z', reason: 'store closed on Monday' } };
    expect(formatFinding(accepted).split('\n')[1]).toBe('        Service web asks for NodePort 8080, outside 30000–32767. (nodeport-range) [accepted by J. Smith: store closed on Monday]');
    const noReason: Finding = { ...base, accepted: { by: 'J. Smith', at: '2026-11-25T08:00:00Z' } };
    expect(formatFinding(noReason).split('\n')[1]).toMatch(/\(nodeport-range\) \[accepted by J\. Smith\]$/);
  });
});
