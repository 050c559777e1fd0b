/**
 * The one place where hardware verdict codes become sentences. The UI, the CLI and the report all call these, so a
 * technician reads the same words everywhere and the rules stay free of prose
 * (docs/CONVENTIONS.md § Rules return codes, words live in messages).
 */
import type { Evidence } from './schema';
import type { InventoryIssue } from '../inventory/types';
import type { Action, Finding, FindingCode, Params, VerdictStatus } from './verdict';

const s = (p: Params, k: string): string => String(p[k] ?? '?');

const QUIRK_TEXT: Readonly<Record<string, (p: Params) => string>> = {
  'hybrid-cores': () => 'Hybrid P+E-core CPU: the installer stops with "Fatal CPU mismatch" unless cpuUniformityHardCheckPanic=FALSE is set (or the E-cores are disabled in the BIOS).',
  'msr-faults-13th-gen': () => '13th-generation CPU: VMs can crash the host ("GP Exception 13") unless ignoreMsrFaults=TRUE is set.',
  'vmd-disable': () => 'Intel VMD must be disabled in the BIOS, or ESXi cannot see the NVMe drives.',
  'cpu-deprecation-check': (p) => `The CPU of the ${s(p, 'model')} is old: check it against Broadcom KB 82794 for this release before the trip.`,
  'meteor-lake-verify': () => 'Meteor Lake CPUs (with LP E-cores) are not covered by any source: install one unit as a test first.',
  'release-7-eogs': () => 'ESXi 7.0 is past end of general support; prefer 8.0U3 for new sites.',
  'bmc-usb-nic': () => 'The BMC shows up as a USB virtual NIC (vusbN) once the USB NIC Fling is installed; it is never an uplink.',
  'uefi-only-boot': () => 'Set the firmware to UEFI boot (CSM/legacy off): Sitekit sticks boot UEFI only.',
};

const FINDING_TEXT: Readonly<Record<FindingCode, (p: Params) => string>> = {
  'pci-inbox': (p) => `${s(p, 'name')} is driven by the inbox ${s(p, 'driver')} driver on ESXi ${s(p, 'release')}.`,
  'pci-fling-driver': (p) => `${s(p, 'name')} has no inbox driver on ESXi ${s(p, 'release')}; it works only with ${s(p, 'package')} injected into the install image.`,
  'pci-community-driver': (p) => `${s(p, 'name')} needs the community driver ${s(p, 'driver')} (${s(p, 'package')}) on ESXi ${s(p, 'release')}.`,
  'pci-no-driver': (p) => `${s(p, 'name')} has no driver on ESXi ${s(p, 'release')}: the installer will not see it.`,
  'pci-status-unknown': (p) => `Whether ESXi ${s(p, 'release')} drives ${s(p, 'name')} is not established${p.note ? ` (${s(p, 'note')})` : ''}.`,
  'pci-not-in-list': (p) => `PCI device ${s(p, 'id')} is not in the compatibility list.`,
  'usb-listed': (p) => `${s(p, 'product')} (${s(p, 'id')}, ${s(p, 'chip')}) is listed by the USB NIC Fling ${s(p, 'build')}.`,
  'usb-not-in-release-build': (p) => `USB adapter ${s(p, 'id')} (${s(p, 'chip')}) is not listed by the USB NIC Fling build for ESXi ${s(p, 'release')}; releases whose build lists it: ${s(p, 'listedIn')}.`,
  'usb-cdc-class-untested': (p) => `USB adapter ${s(p, 'id')} is not listed by VID:PID but exposes ${s(p, 'className')}: it may work through the Fling's generic class match, untested.`,
  'usb-not-listed': (p) => `USB adapter ${s(p, 'id')} is not listed by the USB NIC Fling and is not a CDC network class device: ESXi will not use it.`,
  'usb-not-listed-class-unknown': (p) => `USB adapter ${s(p, 'id')} is not listed by the USB NIC Fling; it may work through the generic CDC class match, untested.`,
  'usb-product-unknown': (p) => `USB device ${s(p, 'id')} is in the Fling's table, but which product it is (and whether it is a real NIC) is unknown.`,
  'nic-ids-unknown': (p) =>
    p.bus === 'usb'
      ? `The USB VID:PID of ${s(p, 'nic')} is unknown (esxcli network nic list does not show it), so which USB NIC Fling build lists it cannot be checked. Run lsusb (in the ESXi shell or on a Linux live stick) and read it together with the NIC list.`
      : `The PCI IDs of ${s(p, 'nic')} are unknown (esxcli network nic list does not show them). Add "esxcli hardware pci list" (or lspci -nn from a Linux live stick) to identify it.`,
  'bmc-virtual-nic': (p) => `${s(p, 'product')} (${s(p, 'id')}) is a management (BMC) virtual NIC, not an uplink.`,
  'nic-too-slow': (p) => `${s(p, 'nic')} runs at ${s(p, 'speedMbps')} Mb/s, below the ${s(p, 'minMbps')} Mb/s minimum: it cannot be the uplink.`,
  'nic-speed-unknown': (p) => `The link speed of ${s(p, 'nic')} is not known.`,
  'evidence-unverified': (p) => `The claim for ${s(p, 'subject')} is unverified: confirm it on one unit before the site visit.`,
  'nic-unused': (p) => `${s(p, 'nic')} is not used by any vSwitch.`,
  'model-known': (p) => `Model ${s(p, 'model')}: ${s(p, 'cpu')}, ${s(p, 'cores')} cores${p.hybrid ? ', hybrid P+E cores' : ''}.`,
  'model-unknown': (p) => `Model "${s(p, 'model')}" of ${s(p, 'host')} is not in the compatibility list; only its NICs can be checked.`,
  'model-not-set': (p) => `No model is set for ${s(p, 'host')}; CPU quirks cannot be checked.`,
  quirk: (p) => (QUIRK_TEXT[s(p, 'quirk')] ?? ((q: Params) => `Known quirk ${s(q, 'quirk')}.`))(p),
  'cores-below-minimum': (p) => `${s(p, 'cores')} CPU cores; ESXi needs at least ${s(p, 'min')}.`,
  'ram-below-minimum': (p) => `${s(p, 'ram')} GiB RAM; ESXi needs at least ${s(p, 'min')} GiB.`,
  'ram-below-recommended': (p) => `${s(p, 'ram')} GiB RAM is enough to install, but ${s(p, 'recommended')} GiB is recommended for VMs.`,
  'ram-above-model-max': (p) => `${s(p, 'ram')} GiB RAM is more than the ${s(p, 'model')} officially takes (${s(p, 'max')} GiB).`,
  'ram-unknown': (p) => `RAM size not known; ESXi needs at least ${s(p, 'min')} GiB.`,
  'boot-disk-below-minimum': (p) => `Boot disk of ${s(p, 'disk')} GB; ESXi needs at least ${s(p, 'min')} GB of persistent storage.`,
  'boot-disk-unknown': (p) => `Boot disk size not known; ESXi needs at least ${s(p, 'min')} GB.`,
  'no-nics': (p) => `No network adapters are known for ${s(p, 'host')}: pick a model, add NICs, or load an inventory.`,
  'nics-from-model': (p) => `NICs assumed from the model's standard onboard adapters (${s(p, 'count')}); load an inventory to confirm.`,
  'no-supported-uplink': (p) => `${s(p, 'host')} has no supported uplink of at least ${s(p, 'minMbps')} Mb/s.`,
  'no-confirmed-uplink': (p) => `${s(p, 'host')} has no uplink that is confirmed to work; its adapters are untested.`,
  'uplink-unsupported': (p) => `The vSwitch uses ${s(p, 'nic')} (${s(p, 'label')}), which ESXi cannot drive on this release.`,
  'uplink-missing': (p) => `${s(p, 'vswitch')} uses ${s(p, 'nic')} as an uplink, but the host has no NIC of that name (it has ${s(p, 'present')}): fix the vSwitch or add the NIC.`,
  'cpu-quirk-by-inventory': (p) => cpuQuirkText(p),
  'install-nic-missing': (p) => `The install NIC is ${s(p, 'nic')}, but the host has no NIC of that name (it has ${s(p, 'present')}): the installer would not find it. Pick the install NIC in Hardware.`,
  'install-nic-mac-unknown': (p) => `The install NIC is given as MAC ${s(p, 'mac')}, which no NIC of the host has (${s(p, 'present')}); the kickstart uses it as given. Enter the MAC on the NIC it belongs to.`,
  'install-nic-not-uplink': (p) => `The install NIC ${s(p, 'nic')} is marked "${s(p, 'role')}" in Hardware: the host would be installed and managed through a NIC that is not an uplink. Make it an uplink, or pick another install NIC.`,
  'install-nic-no-driver': (p) => `The install NIC ${s(p, 'nic')} (${s(p, 'label')}) has no driver on ESXi ${s(p, 'release')}: the installer will not even see it. Pick another install NIC${p.suggestion ? ` (${s(p, 'suggestion')} has a driver)` : ''}.`,
  'install-nic-none': (p) => `No NIC is known for ${s(p, 'host')}, so no install NIC can be picked: the installer takes the first NIC it finds. Pick a model, add NICs or read an inventory.`,
  'uplink-role-unused': (p) => `${s(p, 'vswitch')} uses ${s(p, 'nic')} as an uplink, but Hardware marks ${s(p, 'nic')} "${s(p, 'role')}": make it an uplink in Hardware, or take it off ${s(p, 'vswitch')} in Network.`,
  'driver-not-carried': (p) => `${s(p, 'nic')} (${s(p, 'device')}, ${roleWords(p)}) needs ${s(p, 'vib')}, which the installer ISO does not carry: ${p.role === 'install' ? 'the installer will not see the NIC it installs through' : 'the NIC will have no driver after install'}.`,
  'driver-wrong-build': (p) => `${s(p, 'nic')} (${s(p, 'device')}, ${s(p, 'id')}, ${roleWords(p)}) is listed by ${s(p, 'vib')} only from ${s(p, 'minBuild')}; the ISO carries ${s(p, 'carried')}, which does not list it: the installer would find no ${s(p, 'nic')}.`,
  'driver-build-unknown': (p) => `The ISO carries ${s(p, 'vib')} ${s(p, 'carried')}, a build the compatibility list does not know: whether it drives ${s(p, 'nic')} (${s(p, 'id')}) cannot be told. ${s(p, 'nic')} is listed from ${s(p, 'minBuild')}.`,
  'model-product-mismatch': (p) => `The inventory says this box is "${s(p, 'product')}" (${s(p, 'productModel')}), but the chosen model is ${s(p, 'model')}: pick the right model or check the inventory belongs to this host.`,
  'cpu-generation-mismatch': (p) => `The inventory's CPU "${s(p, 'cpu')}" is ${s(p, 'found')}, but the chosen model ${s(p, 'model')} has a ${s(p, 'expected')} CPU: pick the right model or check the inventory belongs to this host.`,
  'bmc-nic-as-uplink': (p) => `${s(p, 'nic')} is a BMC virtual NIC and must never be a vSwitch uplink.`,
  'vusb-name-out-of-range': (p) => `${s(p, 'nic')} is beyond the USB NIC Fling's names for ESXi ${s(p, 'release')} (up to ${s(p, 'max')}).`,
  'too-many-usb-nics': (p) => `${s(p, 'count')} USB NICs, but the Fling for ESXi ${s(p, 'release')} names at most ${s(p, 'max')}.`,
  'usb-jumbo-unverified': (p) => `${s(p, 'vswitch')} uses MTU ${s(p, 'mtu')} over a USB NIC; jumbo frames through the Fling are unverified, 1500 is safe.`,
  'release-not-in-list': (p) => `ESXi ${s(p, 'release')} is not covered by this compatibility list.`,
  'portgroup-parity': (p) => `${s(p, 'host')} lacks port groups that ${s(p, 'other')} has: ${s(p, 'missing')}.`,
  'portgroup-vlan-mismatch': (p) => `Port group "${s(p, 'portGroup')}" has VLAN ${s(p, 'vlanA')} on ${s(p, 'hostA')} but VLAN ${s(p, 'vlanB')} on ${s(p, 'hostB')}.`,
};

const roleWords = (p: Params): string => (p.role === 'install' ? 'the install NIC' : p.role === 'uplink' ? 'an uplink' : 'not an uplink');

const QUIRK_SHORT: Readonly<Record<string, string>> = {
  'hybrid-cores': 'the hybrid-CPU kernel option cpuUniformityHardCheckPanic=FALSE',
  'msr-faults-13th-gen': 'the 13th-generation kernel option ignoreMsrFaults=TRUE',
  'meteor-lake-verify': 'the Meteor Lake test install',
};

const BASIS_TEXT: Readonly<Record<string, string>> = {
  threads: 'more threads than cores but fewer than twice as many: P-cores and E-cores',
  'threads-even': 'twice as many threads as cores: no E-cores',
  sku: 'known from its model number',
  family: 'a CPU family without hybrid parts',
};

/** The box's CPU decided a CPU quirk differently from the chosen model. */
function cpuQuirkText(p: Params): string {
  const what = QUIRK_SHORT[s(p, 'quirk')] ?? s(p, 'quirk');
  const why = BASIS_TEXT[s(p, 'basis')];
  const box = `The CPU this box shows, ${s(p, 'cpu')} (${s(p, 'counts')}${why ? `; ${why}` : ''})`;
  if (!p.model) return `${box}, ${p.applies ? 'needs' : 'does not need'} ${what}; no model is chosen, so the CPU decides.`;
  const model = `the model ${s(p, 'model')} (${s(p, 'modelCpu')})`;
  return p.applies ? `${box}, needs ${what}, which ${model} would not have asked for.` : `${box}, does not need ${what}, which ${model} would have asked for: the CPU decides.`;
}

/** One sentence for a finding. */
export function describeFinding(finding: Finding): string {
  return FINDING_TEXT[finding.code](finding.params);
}

/** One imperative sentence for an action. */
export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'inject-usb-fling':
      return `Inject the USB NIC Fling ${action.vibVersion} (${action.file}) into the install image.`;
    case 'inject-driver':
      return `Inject ${action.package} (driver ${action.driver}) into the install image.`;
    case 'kernel-option':
      return `Add the kernel option ${action.option} at install (and keep it set afterwards).`;
    case 'bios':
      return `BIOS: ${action.setting}.`;
    case 'module-setting':
      return `Set module parameters for ${action.module}: ${action.options}.`;
    case 'pick-another-uplink':
      return action.suggestion ? `Use ${action.suggestion} instead of ${action.nic} as the uplink.` : `Pick another uplink than ${action.nic} (add a supported NIC, e.g. a listed USB adapter).`;
    case 'verify':
      return `Verify ${action.what}.`;
    case 'change-release':
      return `Use ESXi ${action.to} for this host, or pick another adapter.`;
  }
}

const STATUS_TEXT: Readonly<Record<VerdictStatus, string>> = {
  supported: 'Supported',
  'supported-with-actions': 'Supported with actions',
  unsupported: 'Not supported',
  unknown: 'Unknown',
};

/** Short label of a status, shown next to its colour. */
export function describeStatus(status: VerdictStatus): string {
  return STATUS_TEXT[status];
}

const EVIDENCE_TEXT: Readonly<Record<Evidence, string>> = {
  'verified-binary': 'verified in the driver binary',
  'verified-doc': 'verified in a primary source',
  community: 'community report',
  unverified: 'unverified',
};

/** How strong a fact is, in words. */
export function describeEvidence(evidence: Evidence): string {
  return EVIDENCE_TEXT[evidence];
}

/** One sentence for an inventory parser issue. */
export function describeInventoryIssue(issue: InventoryIssue): string {
  switch (issue.code) {
    case 'not-recognised':
      return `Line ${issue.line}: not recognised${issue.text ? `: "${issue.text.slice(0, 80)}"` : ''}.`;
    case 'empty':
      return 'The inventory text is empty.';
    case 'no-ids':
      return `Line ${issue.line}: ${issue.text ?? 'this adapter'} has no PCI IDs; add "esxcli hardware pci list" output to identify it.`;
    case 'unknown-format':
      return `Line ${issue.line}: the text is not lspci, lsusb, esxcli, dmidecode or ip link output${issue.text ? ` ("${issue.text.slice(0, 80)}")` : ''}.`;
    case 'link-unplaced':
      return `Line ${issue.line}: ${issue.text ?? 'this interface'}: its MAC was read, but which adapter it belongs to cannot be told from its name; read "ip link" (its altname lines) together with lspci -nn and lsusb -v of the same box.`;
    case 'nic-unmatched':
      return `Line ${issue.line}: ${issue.text ?? 'this NIC'} could not be told apart from the adapters the other inventories list, so its MAC was not used; read "lsusb -v" (it shows each adapter's MAC) with it.`;
  }
}

/** A NIC's IDs for display: `8086:125c`, or what is missing when an inventory showed none (esxcli network nic list). */
export function describeNicIds(n: { readonly bus: 'pci' | 'usb'; readonly vendorId?: string; readonly deviceId?: string }): string {
  if (n.vendorId !== undefined && n.deviceId !== undefined) return `${n.vendorId}:${n.deviceId}`;
  return n.bus === 'usb' ? 'VID:PID unknown' : 'PCI IDs unknown';
}
