/**
 * The one place where acceptance codes become sentences: each difference with its plain cause and the next
 * step, each fault with what was tried and what to do. The CLI, the Acceptance step and the report call these,
 * so the technician reads the same words everywhere (as hardware/messages.ts does for the hardware check).
 */
import type { AcceptanceItem, AcceptanceRecord, AcceptanceVerdict } from '../site/acceptance-record';
import { formatLinkSpeed } from '../report/text';

type Params = AcceptanceItem['params'];

/** A difference or fault for people: what was found, why that usually happens, and what to do. */
export interface AcceptanceText {
  readonly text: string;
  readonly cause?: string;
  readonly next?: string;
}

const s = (p: Params, k: string): string => String(p[k] ?? '?');

/** The console command that sets the USB NIC Fling's settings (as the kickstart's %firstboot does). */
export function flingCommand(settings: string): string {
  return `esxcli system module parameters set -m vmkusb_nic_fling -p "${settings}"`;
}

const REPO_NEXT =
  'Check in VECO that the host\'s Git source has the right repository URL, branch and path (the report lists them), that the configuration is pushed, and that the host has a route to the Git server (gateway, DNS, proxy); then wait for Flux to apply it (a few minutes) and check again.';
const REPO_CAUSE = 'the host has not applied the site repo yet (or applied an older commit)';

const DIFFERENCE_TEXT: Readonly<Record<string, (p: Params) => AcceptanceText>> = {
  release: (p) => ({
    text: `Runs ESXi ${s(p, 'version')} build ${s(p, 'build')} (${s(p, 'found')}); the site is planned for ${s(p, 'expected')}.`,
    cause: 'the host was installed from another ISO (an older stick, or one built for another site)',
    next: `Reinstall it from a stick built with the ${s(p, 'expected')} ISO, or change the site's release if ${s(p, 'found')} is what was meant.`,
  }),
  build: (p) => ({
    text: `Runs build ${s(p, 'found')}; its recorded stick${p.stickAt ? ` (written ${s(p, 'stickAt')})` : ''} carried ${s(p, 'iso')}, build ${s(p, 'expected')}.`,
    cause: 'the host was not installed from the stick Sitekit recorded for it, or was patched since',
    next: 'If it was patched on purpose, note it in the handover; otherwise reinstall it from its recorded stick.',
  }),
  'host-name': (p) => ({
    text: `Its host name is "${s(p, 'found')}"; the plan says "${s(p, 'expected')}".`,
    cause: 'the installer did not get this host\'s kickstart (another host\'s stick, or a manual install)',
    next: 'Check on the console (DCUI → Configure Management Network → DNS Configuration); set the name there or reinstall from this host\'s stick.',
  }),
  'domain-name': (p) => ({
    text: `Its domain is "${s(p, 'found')}"; the plan says "${s(p, 'expected')}".`,
    cause: 'the installer did not get this host\'s kickstart, or the domain was changed afterwards',
    next: 'Set it on the console (DCUI → Configure Management Network → Custom DNS Suffixes / DNS Configuration).',
  }),
  'vmk0-missing': (p) => ({
    text: `The host reports no vmk0 management adapter (planned ${s(p, 'expected')}).`,
    cause: 'the management network was not set up by the installer',
    next: 'Check the management network on the console (DCUI → Configure Management Network).',
  }),
  'vmk0-address': (p) => ({
    text: `vmk0 has ${s(p, 'found')}${p.dhcp ? ' from DHCP' : ''}; the plan says ${s(p, 'expected')}.`,
    cause: p.dhcp ? 'the installer used DHCP: it did not get this host\'s kickstart network line' : 'the address was changed, or the host got another host\'s kickstart',
    next: `Set ${s(p, 'expected')} on the console (DCUI → Configure Management Network → IPv4 Configuration), then check again.`,
  }),
  'vmk0-netmask': (p) => ({
    text: `vmk0's netmask is ${s(p, 'found')}; the plan says ${s(p, 'expected')}.`,
    cause: 'the management network was configured by hand or from another plan',
    next: 'Set the netmask on the console (DCUI → Configure Management Network → IPv4 Configuration).',
  }),
  'nic-missing': (p) => ({
    text: `${s(p, 'nic')} is not there (the host has ${s(p, 'present')}).`,
    cause: 'ESXi has no driver for this NIC, or it is not plugged in',
    next: `Check that the NIC is in the box and that the installer ISO carries its driver (the report's Boot media section); the console lists NICs with "esxcli network nic list".`,
  }),
  'nic-no-link': (p) => ({
    text: `${s(p, 'nic')} has no link.`,
    cause: 'the cable is unplugged or the switch port is down',
    next: `Check the cable and the switch port of ${s(p, 'nic')}; "esxcli network nic list" on the console shows its link state.`,
  }),
  'usb-nic-missing': (p) => ({
    text: `The USB NIC ${s(p, 'nic')} is not there (the host has ${s(p, 'present')}).`,
    cause: 'the USB NIC Fling did not claim the adapter at boot (its settings are not set, or the adapter is unplugged)',
    next: `Plug the adapter in; at the console (ESXi Shell) run ${p.settings ? flingCommand(s(p, 'settings')) : 'the USB NIC Fling\'s module settings command'}, reboot, and check again.`,
  }),
  'usb-nic-no-link': (p) => ({
    text: `The USB NIC ${s(p, 'nic')} has no link.`,
    cause: 'the USB NIC lost its binding after the reboot (the Fling\'s settings are not applied), or its cable is out',
    next: `Check the cable; at the console (ESXi Shell) run ${p.settings ? flingCommand(s(p, 'settings')) : 'the USB NIC Fling\'s module settings command'}, reboot, and check again.`,
  }),
  'vswitch-missing': (p) =>
    p.source === 'repo'
      ? { text: `${s(p, 'vswitch')} is missing (with its port groups ${s(p, 'portGroups')}).`, cause: REPO_CAUSE, next: REPO_NEXT }
      : { text: `${s(p, 'vswitch')} is missing.`, cause: 'the installer did not create the standard vSwitch0 (not a normal install)', next: 'Reinstall the host from its stick.' },
  'vswitch-uplink': (p) => ({
    text: `${s(p, 'vswitch')} does not use ${s(p, 'nic')} as an uplink (it uses ${s(p, 'found')}).`,
    cause: p.source === 'repo' ? REPO_CAUSE : 'the installer picked another NIC for the management network',
    next: p.source === 'repo' ? REPO_NEXT : `Add ${s(p, 'nic')} to vSwitch0 on the console (DCUI → Configure Management Network → Network Adapters).`,
  }),
  'portgroup-missing': (p) =>
    p.source === 'repo'
      ? { text: `Port group "${s(p, 'portGroup')}" (VLAN ${s(p, 'vlan')}) is missing on ${s(p, 'vswitch')}.`, cause: REPO_CAUSE, next: REPO_NEXT }
      : { text: `Port group "${s(p, 'portGroup')}" is missing on ${s(p, 'vswitch')}.`, cause: 'the installer did not create its standard port groups', next: 'Reinstall the host from its stick.' },
  'portgroup-vswitch': (p) => ({
    text: `Port group "${s(p, 'portGroup')}" is on ${s(p, 'found')}; the plan puts it on ${s(p, 'expected')}.`,
    cause: p.source === 'repo' ? REPO_CAUSE : 'it was changed by hand',
    next: p.source === 'repo' ? REPO_NEXT : 'Move it back, or change the plan to match.',
  }),
  'portgroup-vlan': (p) => ({
    text: `Port group "${s(p, 'portGroup')}" has VLAN ${s(p, 'found')}; the plan says VLAN ${s(p, 'expected')}.`,
    cause: p.source === 'repo' ? REPO_CAUSE : 'the management VLAN was set differently at the console',
    next: p.source === 'repo' ? REPO_NEXT : 'Set the VLAN on the console (DCUI → Configure Management Network → VLAN).',
  }),
  'dns-servers': (p) => ({
    text: `DNS servers are ${s(p, 'found')}; the plan says ${s(p, 'expected')}.`,
    cause: 'DNS came from DHCP or was set by hand',
    next: 'Set them on the console (DCUI → Configure Management Network → DNS Configuration).',
  }),
  'ntp-servers': (p) => ({
    text: `NTP servers are ${s(p, 'found')}; the site repo says ${s(p, 'expected')}.`,
    cause: 'the host has not applied the site repo\'s time configuration yet (with Secure Boot on, the installer does not set NTP)',
    next: REPO_NEXT,
  }),
  'ntpd-stopped': () => ({
    text: 'The NTP service (ntpd) is not running.',
    cause: 'the time configuration has not been applied, or the service was stopped',
    next: 'Start it on the console: esxcli system ntp set --enabled=true (after the servers are set), then check again.',
  }),
  'vm-missing': (p) => ({
    text: `VM ${s(p, 'vm')} does not exist.`,
    cause: 'the host has not applied the site repo\'s workloads yet (or the VM image could not be fetched)',
    next: `${REPO_NEXT} If the repo is applied, check that the VM's image (${s(p, 'file')}) can be downloaded from the host.`,
  }),
  'vm-power': (p) => ({
    text: `VM ${s(p, 'vm')} is ${s(p, 'found')}; the plan says ${s(p, 'expected')}.`,
    cause: 'it was started or stopped by hand, or has not finished starting',
    next: 'Check the VM in the host client; power it as planned, or change the plan.',
  }),
  'worker-missing': (p) => ({
    text: `The Kubernetes worker VM ${s(p, 'vm')} does not exist.`,
    cause: 'the host has not applied the site repo\'s worker manifest yet',
    next: REPO_NEXT,
  }),
  'worker-power': (p) => ({
    text: `The Kubernetes worker VM ${s(p, 'vm')} is ${s(p, 'found')}; the plan (as VMware's examples declare it) says ${s(p, 'expected')}.`,
    cause: 'the ECS worker controller, not the manifest, powers the worker; whether it runs it after creation is not settled by VMware\'s documentation',
    next: `Check the worker in VECO; if ${s(p, 'found')} is right for this site, change the worker's power state in the plan.`,
  }),
  'maintenance-mode': () => ({
    text: 'The host is in maintenance mode.',
    cause: 'it was put there by hand or by an update',
    next: 'Exit maintenance mode in the host client, then check again.',
  }),
};

/** A difference in words, with its cause and next step. */
export function describeDifference(d: AcceptanceItem): AcceptanceText {
  return DIFFERENCE_TEXT[d.code]?.(d.params) ?? { text: `Difference ${d.code}.` };
}

/**
 * What to check at the console when the API cannot be used (lockdown mode, an unknown password): the same
 * facts the check reads, from the DCUI and the ESXi Shell.
 */
export const CONSOLE_CHECKLIST: readonly string[] = [
  'DCUI → Configure Management Network: the planned address, netmask, VLAN and host name',
  'DCUI → View Support Information: the certificate\'s SHA-256 thumbprint, to pin it here',
  'esxcli system version get: the release and build',
  'esxcli network nic list: every uplink "Up" (vusb0 too)',
  'esxcli network vswitch standard portgroup list: the site\'s port groups and VLANs',
  'esxcli system ntp get: the NTP servers, and that the service is running',
];

const FAULT_TEXT: Readonly<Record<string, (p: Params) => AcceptanceText>> = {
  'no-address': (p) => ({
    text: `${s(p, 'host')} has no planned address (its management network uses DHCP), so there is nothing to connect to.`,
    next: 'Read its address on its console (DCUI) and give it: --host NAME=ADDRESS, or the address field.',
  }),
  refused: (p) => ({
    text: `Not reachable: ${s(p, 'address')}:${s(p, 'port')} refused the connection.`,
    cause: 'nothing answers on that port yet: the host is still booting, or this is not its address',
    next: 'Wait until the host\'s console (DCUI) shows its address, compare it with the plan, and check again.',
  }),
  timeout: (p) => ({
    text:
      p.stage === 'connect'
        ? `Not reachable: no answer from ${s(p, 'address')}:${s(p, 'port')} within ${s(p, 'seconds')} s.`
        : `Not reachable: ${s(p, 'address')}:${s(p, 'port')} accepted the connection but did not ${p.stage === 'tls' ? 'complete the TLS handshake' : 'answer'} within ${s(p, 'seconds')} s.`,
    cause: p.stage === 'connect' ? 'the host is off or still booting, is not on this network, or a firewall drops the traffic' : 'something on that address accepts connections but is not answering as an ESXi host does',
    next: 'Check that the laptop is on the management network (same subnet or a route to it) and that the host\'s console shows the planned address; then check again.',
  }),
  'no-route': (p) => ({
    text: `Not reachable: this laptop has no route to ${s(p, 'address')} (${s(p, 'detail')}).`,
    cause: 'the laptop is not on the management network',
    next: 'Give the laptop an address in the management subnet (or a route to it), then check again.',
  }),
  'name-unknown': (p) => ({
    text: `Not reachable: the name ${s(p, 'address')} does not resolve.`,
    next: 'Use the host\'s IP address, or check the laptop\'s DNS.',
  }),
  'connection-lost': (p) => ({
    text: `The connection to ${s(p, 'address')}:${s(p, 'port')} was cut before the host answered (${s(p, 'detail')}).`,
    next: 'Check the network between the laptop and the host, then check again.',
  }),
  tls: (p) => ({
    text: `The TLS connection to ${s(p, 'address')}:${s(p, 'port')} failed: ${s(p, 'detail')}.`,
    cause: 'the server there does not speak HTTPS as an ESXi host does (or the port is wrong)',
    next: 'Check the address and port (ESXi answers on 443); nothing was sent to it.',
  }),
  untrusted: (p) => ({
    text: `The host presents a certificate Sitekit has not seen before. SHA-256 thumbprint: ${s(p, 'thumbprint')}.`,
    cause: 'a freshly installed host has a new self-signed certificate; nothing was sent to it, not even the user name',
    next: 'Compare this thumbprint with the one on the host\'s console (DCUI → View Support Information → SSL thumbprint, SHA-256). If they match, trust it (--thumbprint NAME=THUMBPRINT or --trust-new; in the app, "Trust this certificate") and check again.',
  }),
  'thumbprint-mismatch': (p) => ({
    text: `Refused: the certificate is not the pinned one. Pinned ${s(p, 'expected')}; the host presented ${s(p, 'found')}.`,
    cause: 'the host was reinstalled (a new certificate), or something else answers on this address',
    next: 'Read the thumbprint on the host\'s console (DCUI → View Support Information). Only if it matches the new one, pin it (--thumbprint NAME=THUMBPRINT, or the thumbprint field) and check again. Nothing was sent to it.',
  }),
  vcenter: (p) => ({
    text: `${s(p, 'address')} is a vCenter Server (${s(p, 'product')}), not an ESXi host.`,
    next: 'Give the ESXi host\'s own management address (the one its console shows).',
  }),
  'not-vsphere': (p) => ({
    text: `${s(p, 'address')}:${s(p, 'port')} is not an ESXi host: its /sdk answered ${s(p, 'answer')}.`,
    cause: 'another device (a router, a switch, a BMC) has this address, or the port is wrong',
    next: 'Check the address on the host\'s console (DCUI) and that no other device uses it. The password was not sent.',
  }),
  login: (p) => ({
    text: `The host refused the login for ${s(p, 'user')}.`,
    cause: 'the password is wrong, or the host is in lockdown mode, which refuses direct logins even with the right password',
    next: `Check the password the stick was built with and try again. If the host is in lockdown mode, check it at the console instead: ${CONSOLE_CHECKLIST.join('; ')}.`,
  }),
  malformed: (p) => ({
    text: `The host's answer could not be read: ${s(p, 'detail')}.`,
    cause: 'the answer was cut off, or the server is not a vSphere API',
    next: 'Check again; if it keeps failing, check the host at its console and report it.',
  }),
  'soap-fault': (p) => ({
    text: `The host answered with an error: ${s(p, 'fault')}${p.message ? ` (${s(p, 'message')})` : ''}.`,
    next: 'Check the host in its host client, then check again.',
  }),
  cancelled: () => ({ text: 'The check was cancelled.' }),
};

/** A fault in words, with what was tried and what to do. */
export function describeFault(f: AcceptanceItem): AcceptanceText {
  return FAULT_TEXT[f.code]?.(f.params) ?? { text: `The check failed (${f.code}).` };
}

/** A verdict as a short label. */
export const VERDICT_TEXT: Readonly<Record<AcceptanceVerdict, string>> = {
  accepted: 'Accepted',
  differences: 'Differences found',
  untrusted: 'Certificate not trusted yet',
  'thumbprint-mismatch': 'Certificate refused',
  unreachable: 'Not reachable',
  'tls-error': 'TLS failure',
  'not-esxi': 'Not an ESXi host',
  'login-failed': 'Login refused',
  malformed: 'Unreadable answer',
  failed: 'Check failed',
};

/** One line per finding of a record: the fault, or each difference (text — cause → next). */
export function recordLines(r: AcceptanceRecord): AcceptanceText[] {
  if (r.fault) return [describeFault(r.fault)];
  return r.differences.map(describeDifference);
}

/** What a host's record says was read, in parts: the CLI joins them on one line, the Acceptance step lists them. */
export function readParts(r: AcceptanceRecord): { readonly build: string; readonly links: string; readonly portGroups: string } | undefined {
  const f = r.read;
  if (!f) return undefined;
  return {
    build: `ESXi ${f.product.version} build ${f.product.build}`,
    links: f.nics.map((n) => `${n.device} ${n.speedMb ? formatLinkSpeed(n.speedMb) : 'no link'}`).join(', '),
    portGroups: f.portGroups.map((g) => `${g.name}${g.vlan ? ` (VLAN ${g.vlan})` : ''}`).join(', '),
  };
}
