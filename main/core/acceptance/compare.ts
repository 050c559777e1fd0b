/**
 * The acceptance comparison (pure): what a host's API said against what the plan expects (expected.ts), as coded
 * differences `{code, params}`. Sentences, causes and next steps are made from the codes in messages.ts, so the
 * CLI, the Acceptance step and the report say the same words
 * (docs/CONVENTIONS.md § Rules return codes, words live in messages).
 *
 * Every difference blocks acceptance: a host is accepted only when the comparison finds none.
 */
import { releaseFromVersion } from '../media/drivers';
import type { AcceptanceItem, AcceptanceVerdict, HostFacts } from '../site/acceptance-record';
import type { ExpectedHost } from './expected';

/** What the recorded stick run for this host says the installer carried (absent when none is recorded). */
export interface StickExpectation {
  readonly isoBuild?: string;
  readonly isoName?: string;
  readonly at?: string;
}

const item = (code: string, params: AcceptanceItem['params'] = {}): AcceptanceItem => ({ code, params });
const same = (a: string | undefined, b: string | undefined): boolean => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const x = new Set(a.map((s) => s.toLowerCase()));
  const y = new Set(b.map((s) => s.toLowerCase()));
  return x.size === y.size && [...x].every((s) => y.has(s));
};
const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : 'none');

/** Every difference between the host as read and as planned, in the order a technician checks them. */
export function compareHost(expected: ExpectedHost, facts: HostFacts, stick: StickExpectation = {}): AcceptanceItem[] {
  const out: AcceptanceItem[] = [];
  const p = facts.product;

  // Build: the site's release, and the ISO the host's stick was built from.
  const release = releaseFromVersion(p.version);
  if (release !== expected.release) out.push(item('release', { found: release ?? p.version, version: p.version, build: p.build, expected: expected.release }));
  if (stick.isoBuild && p.build !== stick.isoBuild) out.push(item('build', { found: p.build, expected: stick.isoBuild, iso: stick.isoName ?? 'the installer ISO', stickAt: stick.at ?? '' }));

  // Names and the management address, as the kickstart set them.
  if (expected.hostName && !same(facts.hostName, expected.hostName)) out.push(item('host-name', { found: facts.hostName ?? 'none', expected: expected.hostName }));
  if (expected.domainName && !same(facts.domainName, expected.domainName)) out.push(item('domain-name', { found: facts.domainName || 'none', expected: expected.domainName }));
  if (expected.vmk0) {
    if (!facts.vmk0) out.push(item('vmk0-missing', { expected: expected.vmk0.ip }));
    else {
      if (facts.vmk0.ip !== expected.vmk0.ip) out.push(item('vmk0-address', { found: facts.vmk0.ip ?? 'none', expected: expected.vmk0.ip, dhcp: facts.vmk0.dhcp === true }));
      if (facts.vmk0.netmask !== expected.vmk0.netmask) out.push(item('vmk0-netmask', { found: facts.vmk0.netmask ?? 'none', expected: expected.vmk0.netmask }));
    }
  }

  // Every uplink of the plan is there and has link.
  const nics = new Map(facts.nics.map((n) => [n.device, n]));
  for (const u of expected.uplinks) {
    const n = nics.get(u.nic);
    if (!n) out.push(item(u.usb ? 'usb-nic-missing' : 'nic-missing', { nic: u.nic, present: list(facts.nics.map((x) => x.device)), ...(u.usb && expected.usbFlingSettings ? { settings: expected.usbFlingSettings } : {}) }));
    else if (n.speedMb === undefined || n.speedMb <= 0) out.push(item(u.usb ? 'usb-nic-no-link' : 'nic-no-link', { nic: u.nic, ...(u.usb && expected.usbFlingSettings ? { settings: expected.usbFlingSettings } : {}) }));
  }

  // vSwitches with their uplinks, port groups with their VLANs, as the repo (or the installer) says.
  const switches = new Map(facts.vswitches.map((s) => [s.name, s]));
  const groups = new Map(facts.portGroups.map((g) => [g.name, g]));
  for (const sw of expected.vswitches) {
    const got = switches.get(sw.name);
    if (!got) {
      out.push(item('vswitch-missing', { vswitch: sw.name, source: sw.source, file: sw.file ?? '', portGroups: list(sw.portGroups.map((g) => g.name)) }));
      continue;
    }
    for (const nic of sw.uplinks) if (!got.uplinks.includes(nic)) out.push(item('vswitch-uplink', { vswitch: sw.name, nic, found: list(got.uplinks), source: sw.source }));
    for (const pg of sw.portGroups) {
      const g = groups.get(pg.name);
      if (!g) out.push(item('portgroup-missing', { portGroup: pg.name, vswitch: sw.name, vlan: pg.vlan, source: sw.source, file: sw.file ?? '' }));
      else if (g.vswitch !== sw.name) out.push(item('portgroup-vswitch', { portGroup: pg.name, found: g.vswitch, expected: sw.name, source: sw.source }));
      else if (g.vlan !== pg.vlan) out.push(item('portgroup-vlan', { portGroup: pg.name, found: g.vlan, expected: pg.vlan, source: sw.source, file: sw.file ?? '' }));
    }
  }

  // DNS and time.
  if (expected.dnsServers && !sameSet(facts.dns.servers, expected.dnsServers)) out.push(item('dns-servers', { found: list(facts.dns.servers), expected: list(expected.dnsServers) }));
  if (expected.ntpServers) {
    if (!sameSet(facts.ntp.servers, expected.ntpServers)) out.push(item('ntp-servers', { found: list(facts.ntp.servers), expected: list(expected.ntpServers) }));
    if (facts.ntp.running === false) out.push(item('ntpd-stopped'));
  }

  // The VMs of the plan exist and are in their planned power state.
  const vms = new Map(facts.vms.map((v) => [v.name, v]));
  for (const vm of expected.vms) {
    const got = vms.get(vm.name);
    if (!got) out.push(item(vm.worker ? 'worker-missing' : 'vm-missing', { vm: vm.name, file: vm.file }));
    else if (got.powerState !== vm.powerState) out.push(item(vm.worker ? 'worker-power' : 'vm-power', { vm: vm.name, found: got.powerState, expected: vm.powerState }));
  }

  if (facts.inMaintenanceMode) out.push(item('maintenance-mode'));
  return out;
}

/** The verdict of a host that answered: accepted only without differences. */
export function readVerdict(differences: readonly AcceptanceItem[]): AcceptanceVerdict {
  return differences.length === 0 ? 'accepted' : 'differences';
}

/** The verdict for a fault code (faults.ts codes); the flow records it with the fault. */
export function faultVerdict(code: string): AcceptanceVerdict {
  switch (code) {
    case 'untrusted':
      return 'untrusted';
    case 'thumbprint-mismatch':
      return 'thumbprint-mismatch';
    case 'refused':
    case 'timeout':
    case 'no-route':
    case 'name-unknown':
    case 'no-address':
    case 'connection-lost':
      return 'unreachable';
    case 'tls':
      return 'tls-error';
    case 'vcenter':
    case 'not-vsphere':
      return 'not-esxi';
    case 'login':
      return 'login-failed';
    case 'malformed':
      return 'malformed';
    default:
      return 'failed';
  }
}
