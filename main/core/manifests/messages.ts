/**
 * Text for people, made from finding codes and params: the one place lint wording lives
 * (docs/CONVENTIONS.md § Rules return codes, words live in messages). The UI, the CLI and the report call
 * `findingMessage` and `findingFix`; rules never build sentences.
 */
import type { Finding, FindingCode, FindingParams } from './findings';
import { describeFinding as describeHardwareFinding } from '../hardware/messages';
import { FINDING_CODES as HARDWARE_CODES, type FindingCode as HardwareFindingCode } from '../hardware/verdict';

type Text = (p: FindingParams) => string;
const s = (v: unknown): string => String(v ?? '');

/** A type name with its article, as a sentence reads it: "an integer", "an object", "a string". */
export const withArticle = (word: string): string => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

const SECRET_KIND: Record<string, string> = {
  'url-credentials': 'a URL with a user name and password',
  'unattend-password': 'plain-text passwords in the Windows unattend data',
  'cloud-init-password': 'a plain-text password in the cloud-init data',
  'password-field': 'a password or token in plain text',
  'env-password': 'a credential in an environment variable',
  'secret-data': 'data in a Secret, which Git stores as plain text (base64 is not encryption)',
};

const MESSAGES: Record<FindingCode, { readonly message: Text; readonly fix: Text }> = {
  'yaml-syntax': { message: (p) => `The file is not valid YAML (line ${s(p.line)}): ${s(p.message)}.`, fix: () => 'Fix the YAML at that line; nothing in this file can be applied until it parses.' },
  'site-invalid': {
    message: (p) => `This site.yaml is not a valid Sitekit site (${s(p.message)}), so the checks that need the site model (uplinks on each host, management subnet, accepted findings) were not run for this site.`,
    fix: () => 'Open the site in Sitekit (or run sitekit site validate on the file) and fix what it names.',
  },
  'go-yaml-only': {
    message: (p) => `Line ${s(p.line)} has a quoted value followed directly by "#": YAML 1.2 forbids it, but Go's YAML (kustomize, Flux) reads it as a comment, so Flux applies this file.`,
    fix: () => 'Put a space before the "#" so every YAML tool reads the file the same way.',
  },
  'unknown-field': {
    message: (p) => `${s(p.kind)} "${s(p.name)}" has the field ${s(p.field)}, which the Kubernetes ${s(p.kind)} schema does not have; the API server rejects it when Flux applies it.`,
    fix: () => 'Remove the field or move it where it belongs (a bulk edit may have put it on the wrong object).',
  },
  'schema-type': {
    message: (p) => `${s(p.kind)} "${s(p.name)}": ${s(p.field)} ${s(p.problem)} in the Kubernetes schema; the API server rejects the object.`,
    fix: () => 'Correct the value\'s type (for example a number without quotes).',
  },
  'profile-unknown-key': {
    message: (p) => `HostConfiguration "${s(p.name)}" sets ${s(p.key)}, a key not seen in VMware's examples or the ECS docs; Sitekit cannot check it.`,
    fix: () => 'Check the key on a test host; nothing to change if it works there.',
  },
  'profile-type': {
    message: (p) => `HostConfiguration "${s(p.name)}" sets ${s(p.key)} to ${withArticle(s(p.found))}; VMware's examples use ${withArticle(s(p.expected))} there.`,
    fix: () => 'Write the value with the expected type (numbers and booleans without quotes).',
  },
  'latest-always-pull': {
    message: (p) => `Container ${s(p.container)} of ${s(p.object)} uses ${s(p.image)} with imagePullPolicy Always: every restart needs the registry, and an offline site cannot start it.`,
    fix: () => 'Pin a version tag (or digest) and use imagePullPolicy IfNotPresent.',
  },
  'vswitch0-rewritten': {
    message: (p) => `HostConfiguration "${s(p.name)}" rewrites vSwitch0, including the Management Network and its uplinks (${s(p.uplinks) || 'none'}); VMware removed vSwitch0 from its example because a wrong uplink cuts the host off.`,
    fix: () => 'Leave vSwitch0 as ESXi installs it unless the change is needed; check the uplinks against the host before committing.',
  },
  'search-domains-manual': {
    message: (p) => `DNS search domains (${s(p.domains)}) are not applied by the kickstart or GitOps: ESXi's kickstart has no search-domain option and no documented HostConfiguration key sets them.`,
    fix: () => 'Run the esxcli commands listed in the site README on each host, or remove the search domains from the site.',
  },
  'not-a-manifest': { message: () => 'This document has no apiVersion and kind, so Flux cannot apply it.', fix: () => 'Add apiVersion and kind, or move the file out of the repository path.' },
  'duplicate-name': {
    message: (p) => `${s(p.kind)} "${s(p.name)}"${p.namespace ? ` in ${s(p.namespace)}` : ''} is also defined in ${s(p.other)}; applying both makes one silently replace the other.`,
    fix: () => 'Give one of them another name, or remove the copy this host should not apply.',
  },
  'class-conflict': {
    message: (p) => `VM class "${s(p.name)}" is defined twice with different values: ${s(p.field)} is ${s(p.here)} here and ${s(p.there)} in ${s(p.other)}.`,
    fix: () => 'Keep one definition of the class (Workloads → VM classes) and delete the other.',
  },
  'profile-missing': { message: (p) => `HostConfiguration "${s(p.name)}" has no spec.profile.`, fix: () => 'Add the JSON profile under spec.profile, starting at {"esx": …}.' },
  'profile-json': { message: (p) => `The profile of HostConfiguration "${s(p.name)}" is not valid JSON: ${s(p.error)}.`, fix: () => 'Correct the JSON in spec.profile; Sitekit-generated profiles are always valid.' },
  'profile-wrapped': {
    message: (p) => `The profile of HostConfiguration "${s(p.name)}" is wrapped in an extra {"profile": …} object; every working profile starts at {"esx": …}.`,
    fix: () => 'Remove the outer "profile" object so the JSON starts with "esx".',
  },
  'profile-no-esx': { message: (p) => `The profile of HostConfiguration "${s(p.name)}" has no "esx" section, so it changes nothing.`, fix: () => 'Start the profile with {"esx": …}.' },
  'layertype-unknown': { message: (p) => `HostConfiguration "${s(p.name)}" uses layertype ${s(p.value)}; only Incremental is documented.`, fix: () => 'Set spec.layertype: Incremental.' },
  'hc-namespace': { message: (p) => `HostConfiguration "${s(p.name)}" is in namespace ${s(p.namespace)}; the host only reads esx-system.`, fix: () => 'Set metadata.namespace: esx-system.' },
  'nodeport-range': { message: (p) => `Service ${s(p.service)} asks for NodePort ${s(p.port)}, outside 30000–32767.`, fix: () => 'Pick a NodePort from 30000 to 32767, or leave it out to get a free one.' },
  'nodeport-duplicate': {
    message: (p) => `NodePort ${s(p.port)} of ${s(p.service)} is already used by ${s(p.other)} (${s(p.otherFile)}); the second Service will be rejected.`,
    fix: () => 'Give one of the Services another NodePort.',
  },
  'hostpath-shared': {
    message: (p) => `${s(p.object)} uses host path ${s(p.hostPath)}, which ${s(p.other)} (${s(p.otherFile)}) also uses: both write into the same folder.`,
    fix: () => 'Give each volume its own host path.',
  },
  'vm-class-undefined': { message: (p) => `VM "${s(p.vm)}" uses class "${s(p.className)}", which is not defined.`, fix: () => 'Define the class in Workloads → VM classes, or pick an existing one.' },
  'vm-class-builtin': {
    message: (p) => `VM "${s(p.vm)}" uses class "${s(p.className)}", which is not in the repository; it is assumed to be a built-in VM Service class.`,
    fix: () => 'Nothing to do if the host has this class; otherwise define it in Workloads → VM classes.',
  },
  'vm-configmap-missing': { message: (p) => `VM "${s(p.vm)}" reads its user data from ConfigMap ${s(p.namespace)}/${s(p.name)}, which is not defined.`, fix: () => 'Add the ConfigMap, or set the VM\'s user data in Workloads.' },
  'vm-secret-missing': { message: (p) => `VM "${s(p.vm)}" reads its user data from Secret ${s(p.namespace)}/${s(p.name)}, which is not defined.`, fix: () => 'Add the Secret, or set the VM\'s user data in Workloads.' },
  'worker-powered-off': {
    message: () => 'The ec worker is declared poweredOff, as in VMware\'s examples (ECSExample since 50213bc): the ECS worker controller, not VM Operator, powers it on.',
    fix: () => 'Nothing to do; set poweredOn only if VMware support asks for it.',
  },
  'plaintext-password': {
    message: (p) => `${s(p.object)}${p.key ? ` (${s(p.key)})` : ''} holds ${SECRET_KIND[s(p.kind)] ?? 'a plain-text secret'}${p.variable ? ` (${s(p.variable)})` : ''}; everyone who can read the repository can read it.`,
    fix: () => 'Use a $6$ hash, an SSH key or a secret stored outside Git; change the password if it was ever pushed.',
  },
  'hash-comment-misleading': {
    message: (p) => `A comment in HostConfiguration "${s(p.name)}" says the password is Base64 encoded, but the value is a $6$ SHA-512 crypt hash.`,
    fix: () => 'Correct the comment: password_hash takes a $6$ crypt hash, never Base64 or plain text.',
  },
  'vlan-range': { message: (p) => `Port group "${s(p.portGroup)}" has VLAN ID ${s(p.vlan)}; standard switches accept 0–4094 (4095 passes all VLANs).`, fix: () => 'Set a VLAN ID from 0 (untagged) to 4094 in Network → port groups.' },
  'vlan-trunk': { message: (p) => `Port group "${s(p.portGroup)}" uses VLAN 4095: every VLAN is passed to the guests tagged.`, fix: () => 'Keep it only if the VMs on this port group tag their own traffic.' },
  'mtu-range': { message: (p) => `vSwitch "${s(p.switch)}" has MTU ${s(p.mtu)}; ESXi accepts 1280–9000.`, fix: () => 'Set the MTU to 1500, or up to 9000 for jumbo frames, in Network → vSwitches.' },
  'vmk-mtu-exceeds-switch': {
    message: (p) => `VMkernel adapter ${s(p.vmknic)} has MTU ${s(p.mtu)}, larger than vSwitch "${s(p.switch)}" (${s(p.switchMtu)}); large frames will be dropped.`,
    fix: () => 'Make the vSwitch MTU at least as large as the adapter MTU.',
  },
  'mtu-mismatch': {
    message: (p) => `vSwitch "${s(p.switch)}" has MTU ${s(p.mtu)} on ${s(p.host)} but ${s(p.otherMtu)} on ${s(p.otherHost)}; traffic between the hosts fragments or drops.`,
    fix: () => 'Use the same MTU for this vSwitch on both hosts (Network step).',
  },
  'uplink-missing': {
    message: (p) => `vSwitch "${s(p.switch)}" uses uplink ${s(p.uplink)}, but ${s(p.host)} has no such NIC (it has ${s(p.present) || 'none listed'}).`,
    fix: () => 'Pick an uplink the host has in Network → vSwitches, or add the NIC in the Hardware step.',
  },
  'host-plan': {
    message: (p) => `${s(p.host)}: ${(HARDWARE_CODES as readonly string[]).includes(String(p.finding)) ? describeHardwareFinding({ severity: 'error', code: String(p.finding) as HardwareFindingCode, params: p }) : `the host plan reports ${s(p.finding)}.`}`,
    fix: (p) => (String(p.finding).startsWith('driver-') ? 'Use an installer ISO that carries the driver build (Boot media step), or pick another install NIC or uplink in Hardware.' : String(p.finding).startsWith('uplink') ? 'Take the NIC off the vSwitch in Network, or change its role in Hardware.' : 'Pick the install NIC in Hardware: an uplink with a driver on this release.'),
  },
  'stick-lacks-driver': {
    message: (p) => `The ${s(p.medium ?? 'stick')} written ${s(p.at)} for ${s(p.host)} does not carry ${s(p.vib)}, which ${s(p.nic)} (${s(p.role)}) needs: that NIC has no driver after an install from it.`,
    fix: (p) => `Build the ${s(p.medium ?? 'stick')} again from an installer ISO that carries the driver (Boot media step shows which ISO does).`,
  },
  'uplink-not-bridged': { message: (p) => `Uplink ${s(p.uplink)} is in the teaming of vSwitch "${s(p.switch)}" but not in its bridge NICs.`, fix: () => 'List every active and standby uplink in bridge.nics as well.' },
  'uplink-shared': { message: (p) => `Uplink ${s(p.uplink)} is used by vSwitch "${s(p.switch)}" and by "${s(p.other)}"; an uplink can belong to only one switch.`, fix: () => 'Give each vSwitch its own uplinks (Network step).' },
  'portgroup-missing': { message: (p) => `VMkernel adapter ${s(p.vmknic)} connects to port group "${s(p.portGroup)}", which no switch here defines.`, fix: () => 'Add the port group to a vSwitch, or connect the adapter to an existing one.' },
  'vm-network-missing': { message: (p) => `VM "${s(p.vm)}" connects to network "${s(p.network)}", which is not a port group on its host.`, fix: () => 'Add a port group with that name in Network, or pick an existing one for the VM.' },
  'management-vlan-mismatch': {
    message: (p) => `Port group "Management Network" on ${s(p.host)} is on VLAN ${s(p.vlan)}, but the host's management address is on VLAN ${s(p.managementVlan)}; applying this cuts the host off its management network.`,
    fix: () => 'Use the same VLAN for the management address and the Management Network port group (Network step).',
  },
  'ip-conflict': { message: (p) => `Address ${s(p.ip)} of ${s(p.what)} is also used by ${s(p.other)}.`, fix: () => 'Give each host, the worker node and every address pool its own addresses.' },
  'worker-address-shared': {
    message: (p) => `${s(p.host)} and ${s(p.other)} would both run their Kubernetes worker at ${s(p.ip)}: every host applies workloads/common and runs its own worker, so the two clash on the LAN.`,
    fix: (p) => `Give each host's worker its own address (Network & workloads step: one worker IP per host; in site.yaml hosts[].workerIp), or use DHCP for the worker. ${s(p.ip)} can stay with one of them.`,
  },
  'ip-outside-subnet': { message: (p) => `Address ${s(p.ip)} of ${s(p.what)} is outside the management subnet ${s(p.subnet)}.`, fix: () => 'Use an address inside the management subnet, or correct the subnet in the Site step.' },
  'gateway-outside-subnet': { message: (p) => `Gateway ${s(p.gateway)} of ${s(p.object)} (${s(p.interface)}) is not inside that interface's subnet.`, fix: () => 'Use a gateway inside the address\'s subnet, or correct the prefix length.' },
  'reboot-on-apply': {
    message: (p) => `Applying HostConfiguration "${s(p.name)}" (module settings: ${s(p.modules)}) reboots the host automatically.`,
    fix: () => 'Commit this change when a reboot is acceptable, or accept this finding to record that it is planned.',
  },
  'metallb-legacy-config': { message: () => 'MetalLB is configured through the legacy ConfigMap; MetalLB 0.13 and later only read IPAddressPool objects.', fix: () => 'Pin MetalLB ≤ 0.12 or move the pool to IPAddressPool and L2Advertisement objects.' },
  'kustomization-missing-resource': { message: (p) => `The kustomization lists ${s(p.resource)}, which is not in the repository; Flux will fail to build this path.`, fix: () => 'Add the file or folder, or remove it from resources.' },
  'not-applied': { message: () => 'No kustomization.yaml lists this file, so no host applies it.', fix: () => 'Add it to a host\'s kustomization.yaml if a host should apply it, or delete it.' },
  'flux-applies-everything': {
    message: (p) => `There is no kustomization.yaml: Flux applies all ${s(p.files)} files under the path it is given, all at once.`,
    fix: () => 'Generate the site with Sitekit, which writes one kustomization.yaml per host listing exactly what it applies.',
  },
};

/** The sentence that says what is wrong. */
export function findingMessage(f: Pick<Finding, 'code' | 'params'>): string {
  return MESSAGES[f.code].message(f.params);
}

/** The sentence that says how to fix it. */
export function findingFix(f: Pick<Finding, 'code' | 'params'>): string {
  return MESSAGES[f.code].fix(f.params);
}

/** `file:line path: message` for the CLI. */
export function formatFinding(f: Finding): string {
  const where = [f.file || '(repository)', f.line !== undefined ? String(f.line) : undefined].filter(Boolean).join(':');
  const acc = f.accepted ? ` [accepted by ${f.accepted.by}${f.accepted.reason ? `: ${f.accepted.reason}` : ''}]` : '';
  return `${f.severity.padEnd(7)} ${where}${f.path ? ` ${f.path}` : ''}  [scope ${f.scope}]\n        ${findingMessage(f)} (${f.code})${acc}\n        fix: ${findingFix(f)}`;
}
