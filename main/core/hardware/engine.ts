/**
 * The hardware verdict engine: (site, compatibility list) → per host and per device a verdict with reason
 * codes, evidence, sources and concrete actions.
 *
 * Pure and synchronous (docs/CONVENTIONS.md § Rules return codes, words live in messages): small named rules
 * return findings and actions, `checkHost` and `checkSite` aggregate them. The release comes from
 * `site.spec.release`. No text for people is made here; messages.ts turns codes into sentences for the UI, the CLI
 * and the report.
 */
import type { Host, Nic, Release, Site } from '../site/schema';
import type { CompatList, DriverSupport, HostModel, Quirk, UsbNic } from './schema';
import { findModel, flingBuildFor, indexList, matchPci, matchUsb, releaseRecord, releasesListing, usbListedFor } from './matching';
import { cpuFacts, cpuQuirkApplies, CPU_QUIRKS, hostCpu, type CpuQuirk, type HostCpu } from '../host-plan/cpu';
import {
  actionKey,
  worstStatus,
  type Action,
  type DeviceVerdict,
  type Finding,
  type HostVerdict,
  type SiteVerdict,
  type VerdictStatus,
} from './verdict';

export type { SiteVerdict, HostVerdict, DeviceVerdict, Finding, Action, VerdictStatus } from './verdict';

const USB_FLING_MODULE = 'vmkusb_nic_fling';

interface DeviceContext {
  readonly list: CompatList;
  readonly release: Release;
  readonly used: boolean;
}

const f = (severity: Finding['severity'], code: Finding['code'], params: Finding['params'] = {}, extra: Pick<Finding, 'evidence' | 'sources'> = {}): Finding => ({
  severity,
  code,
  params,
  ...extra,
});

// ---------------------------------------------------------------- device rules

/** A NIC whose IDs an inventory showed: the only kind the list can be matched against. */
type IdentifiedNic = Nic & { readonly vendorId: string; readonly deviceId: string };

const identified = (nic: Nic): nic is IdentifiedNic => nic.vendorId !== undefined && nic.deviceId !== undefined;

/**
 * Verdict of a NIC known by name and MAC only (`esxcli network nic list` without `esxcli hardware pci list` or
 * `lsusb`): nothing to match, so "unknown" with what to paste. A USB NIC is driven by the Fling or by nothing,
 * so it still needs the Fling; whether the release's build lists it waits for its VID:PID.
 */
function idsUnknownRule(nic: Nic, ctx: DeviceContext): ReturnType<typeof pciDeviceRule> {
  const findings = [f('warning', 'nic-ids-unknown', { nic: nic.name, bus: nic.bus })];
  const speed = nic.speedMbps ? { speedMbps: nic.speedMbps } : {};
  if (nic.bus === 'pci') return { match: { kind: 'none' }, status: 'unknown', sources: [], findings, actions: [{ kind: 'verify', what: `the PCI IDs of ${nic.name} (esxcli hardware pci list)` }], ...speed };
  const build = flingBuildFor(ctx.list, ctx.release);
  const inject: Action[] = build ? [{ kind: 'inject-usb-fling', build: build.id, file: build.file, vibVersion: build.vibVersion }] : [];
  return { match: { kind: 'none' }, status: 'unknown', sources: [], driver: USB_FLING_MODULE, findings, actions: [...inject, { kind: 'verify', what: `the USB VID:PID of ${nic.name} (lsusb)` }], ...speed };
}

/** Verdict of one PCI NIC from its family's driver cell for the release. */
function pciDeviceRule(nic: IdentifiedNic, ctx: DeviceContext): Omit<DeviceVerdict, 'nic' | 'bus' | 'vendorId' | 'deviceId' | 'label' | 'role' | 'used' | 'countsAsUplink' | 'mac'> {
  const m = matchPci(ctx.list, nic);
  if (!m) {
    return {
      match: { kind: 'none' },
      status: 'unknown',
      findings: [f('warning', 'pci-not-in-list', { id: `${nic.vendorId}:${nic.deviceId}` })],
      actions: [{ kind: 'verify', what: `that ESXi ${ctx.release} has a driver for PCI ${nic.vendorId}:${nic.deviceId}` }],
      sources: [],
      ...(nic.speedMbps ? { speedMbps: nic.speedMbps } : {}),
    };
  }
  const cell: DriverSupport = m.family.support[ctx.release];
  const evidence = cell.evidence ?? m.family.provenance.evidence;
  const sources = m.family.provenance.sources;
  const name = m.name ?? m.family.family;
  const base = { match: { kind: 'pci-family' as const, id: m.family.id }, speedMbps: nic.speedMbps ?? m.family.speedMbps, evidence, sources, ...(cell.driver ? { driver: cell.driver } : {}) };
  const unverified = evidence === 'unverified' ? [f('info', 'evidence-unverified', { subject: name })] : [];
  switch (cell.status) {
    case 'inbox':
      return { ...base, status: 'supported', findings: [f('info', 'pci-inbox', { name, driver: cell.driver ?? '?', release: ctx.release }, { evidence, sources }), ...unverified], actions: [] };
    case 'fling':
    case 'community': {
      const pkg = cell.package ?? `${cell.driver ?? 'driver'} package`;
      return {
        ...base,
        status: 'supported-with-actions',
        findings: [f('warning', cell.status === 'fling' ? 'pci-fling-driver' : 'pci-community-driver', { name, driver: cell.driver ?? '?', package: pkg, release: ctx.release }, { evidence, sources }), ...unverified],
        actions: [{ kind: 'inject-driver', package: pkg, driver: cell.driver ?? '' }],
      };
    }
    case 'none':
      return { ...base, status: 'unsupported', findings: [f(ctx.used ? 'error' : 'warning', 'pci-no-driver', { name, release: ctx.release }, { evidence, sources })], actions: [] };
    case 'unknown':
      return {
        ...base,
        status: 'unknown',
        findings: [f('warning', 'pci-status-unknown', { name, release: ctx.release, ...(cell.note ? { note: cell.note } : {}) }, { evidence, sources })],
        actions: [{ kind: 'verify', what: `that the ESXi ${ctx.release} installer detects the ${name}` }],
      };
  }
}

/** Verdict of one USB device listed in the Fling's tables. */
function usbListedRule(record: UsbNic, ctx: DeviceContext): ReturnType<typeof pciDeviceRule> {
  const id = `${record.vid}:${record.pid}`;
  const evidence = record.provenance.evidence;
  const sources = record.provenance.sources;
  const base = { match: { kind: 'usb-listed' as const, id }, evidence, sources, driver: USB_FLING_MODULE, ...(record.speedMbps ? { speedMbps: record.speedMbps } : {}) };
  if (record.role === 'bmc-virtual-nic') {
    return { ...base, status: 'supported', findings: [f('info', 'bmc-virtual-nic', { id, product: record.product }, { evidence, sources })], actions: [] };
  }
  if (!usbListedFor(ctx.list, record, ctx.release)) {
    const others = releasesListing(ctx.list, record);
    const actions: Action[] = others.length ? [{ kind: 'change-release', to: others[others.length - 1] as string }] : [];
    return {
      ...base,
      status: 'unsupported',
      findings: [f(ctx.used ? 'error' : 'warning', 'usb-not-in-release-build', { id, chip: record.chip, release: ctx.release, listedIn: others.join(', ') || 'none' }, { evidence, sources })],
      actions,
    };
  }
  const build = flingBuildFor(ctx.list, ctx.release);
  const actions: Action[] = build ? [{ kind: 'inject-usb-fling', build: build.id, file: build.file, vibVersion: build.vibVersion }] : [];
  const findings: Finding[] = [f('info', 'usb-listed', { id, chip: record.chip, product: record.product, build: build?.vibVersion ?? '?' }, { evidence, sources })];
  if (record.role === 'unknown') {
    findings.push(f('warning', 'usb-product-unknown', { id }));
    return { ...base, status: 'unknown', findings, actions };
  }
  return { ...base, status: 'supported-with-actions', findings, actions };
}

/** Verdict of one USB NIC: listed by VID:PID, a generic CDC candidate, or not claimed at all. */
function usbDeviceRule(nic: IdentifiedNic, ctx: DeviceContext): ReturnType<typeof pciDeviceRule> {
  const classes = nic.classCode ? [nic.classCode] : [];
  const m = matchUsb(ctx.list, nic.vendorId, nic.deviceId, classes);
  const id = `${nic.vendorId}:${nic.deviceId}`;
  if (m.kind === 'listed') return usbListedRule(m.record, ctx);
  const build = flingBuildFor(ctx.list, ctx.release);
  const inject: Action[] = build ? [{ kind: 'inject-usb-fling', build: build.id, file: build.file, vibVersion: build.vibVersion }] : [];
  if (m.kind === 'cdc-class') {
    return {
      match: { kind: 'usb-cdc-class', id: m.classMatch.classSubclass },
      status: 'unknown',
      evidence: m.classMatch.provenance.evidence,
      sources: m.classMatch.provenance.sources,
      driver: USB_FLING_MODULE,
      ...(nic.speedMbps ? { speedMbps: nic.speedMbps } : {}),
      findings: [f('warning', 'usb-cdc-class-untested', { id, className: m.classMatch.name })],
      actions: [...inject, { kind: 'verify', what: `the USB adapter ${id} on one host before site rollout` }],
    };
  }
  if (m.classKnown) {
    return { match: { kind: 'none' }, status: 'unsupported', sources: [], findings: [f(ctx.used ? 'error' : 'warning', 'usb-not-listed', { id })], actions: [] };
  }
  return {
    match: { kind: 'none' },
    status: 'unknown',
    sources: [],
    ...(nic.speedMbps ? { speedMbps: nic.speedMbps } : {}),
    findings: [f('warning', 'usb-not-listed-class-unknown', { id })],
    actions: [{ kind: 'verify', what: `the interface class of ${id} with "lsusb -v" (CDC ECM/NCM may work, untested)` }],
  };
}

/** Speed rule: below the minimum NIC speed never counts as an uplink. */
function speedRule(speedMbps: number | undefined, minMbps: number, name: string): Finding[] {
  if (speedMbps === undefined) return [f('info', 'nic-speed-unknown', { nic: name })];
  if (speedMbps < minMbps) return [f('warning', 'nic-too-slow', { nic: name, speedMbps, minMbps })];
  return [];
}

/** Runs the device rules for one NIC. */
export function checkDevice(nic: Nic, list: CompatList, release: Release, used: boolean): DeviceVerdict {
  const ctx: DeviceContext = { list, release, used };
  const r = !identified(nic) ? idsUnknownRule(nic, ctx) : nic.bus === 'usb' ? usbDeviceRule(nic, ctx) : pciDeviceRule(nic, ctx);
  const isBmc = nic.role === 'bmc' || r.findings.some((x) => x.code === 'bmc-virtual-nic');
  const findings = [...r.findings];
  const usable = r.status === 'supported' || r.status === 'supported-with-actions';
  if (!isBmc && usable) findings.push(...speedRule(r.speedMbps, list.minimums.nicSpeedMbps, nic.name));
  if (!used && !isBmc) findings.push(f('info', 'nic-unused', { nic: nic.name }));
  const fastEnough = r.speedMbps === undefined || r.speedMbps >= list.minimums.nicSpeedMbps;
  const label = nic.label ?? r.findings.find((x) => typeof x.params.name === 'string')?.params.name?.toString() ?? (identified(nic) ? `${nic.bus.toUpperCase()} ${nic.vendorId}:${nic.deviceId}` : `${nic.bus.toUpperCase()} NIC ${nic.name}`);
  return {
    nic: nic.name,
    bus: nic.bus,
    ...(nic.vendorId ? { vendorId: nic.vendorId } : {}),
    ...(nic.deviceId ? { deviceId: nic.deviceId } : {}),
    label,
    ...(nic.mac ? { mac: nic.mac } : {}),
    role: isBmc ? 'bmc' : nic.role,
    used,
    match: r.match,
    ...(r.driver ? { driver: r.driver } : {}),
    ...(r.speedMbps !== undefined ? { speedMbps: r.speedMbps } : {}),
    status: r.status,
    countsAsUplink: !isBmc && nic.role !== 'unused' && used && usable && fastEnough,
    findings,
    actions: r.actions,
    ...(r.evidence ? { evidence: r.evidence } : {}),
    sources: r.sources,
  };
}

// ---------------------------------------------------------------- host rules

/** NICs to check: the host's own, or the model's standard onboard NICs when none were entered. */
export function nicsOf(host: Host, model: HostModel | undefined): { nics: Nic[]; fromModel: boolean } {
  if (host.hardware.nics.length > 0 || !model) return { nics: host.hardware.nics, fromModel: false };
  const nics: Nic[] = [];
  for (const o of model.onboardNics) {
    if (o.skuVariant) continue;
    for (let i = 0; i < o.count; i++) {
      nics.push({ name: `vmnic${nics.length}`, bus: 'pci', vendorId: o.vendorId, deviceId: o.deviceId, role: 'uplink', label: o.label });
    }
  }
  return { nics, fromModel: true };
}

/** Uplink names a host's vSwitches use (active and standby). */
export function assignedUplinks(host: Host): Set<string> {
  const names = new Set<string>();
  for (const vs of host.vswitches) for (const n of [...(vs.uplinks.active ?? []), ...vs.uplinks.standby]) names.add(n);
  return names;
}

function modelRule(host: Host, model: HostModel | undefined): Finding[] {
  if (!host.hardware.model) return [f('info', 'model-not-set', { host: host.name })];
  if (!model) return [f('warning', 'model-unknown', { host: host.name, model: host.hardware.model })];
  return [f('info', 'model-known', { model: `${model.vendor} ${model.model}`, cpu: model.cpu, cores: model.cores, hybrid: model.hybridCores }, { evidence: model.provenance.evidence, sources: model.provenance.sources })];
}

const isCpuQuirk = (id: string): id is CpuQuirk => (CPU_QUIRKS as readonly string[]).includes(id);

/**
 * The model's quirks, with the CPU quirks (E-cores, 13th/14th generation, Meteor Lake) decided by the CPU the
 * box shows when it shows one (cpu.ts): a model's quirk its box's CPU does not have is dropped, and a CPU quirk
 * the box's CPU has is added even when the model does not list it. Each kernel option says which quirk asked
 * for it and on what basis.
 */
function quirkRule(model: HostModel | undefined, list: CompatList, release: Release, cpu: HostCpu): { findings: Finding[]; actions: Action[] } {
  const findings: Finding[] = [];
  const actions: Action[] = [];
  const quirks = new Map(list.quirks.map((q) => [q.id, q] as const));
  const ids = [...new Set([...(model?.quirks ?? []), ...(cpu.source === 'inventory' ? CPU_QUIRKS : [])])];
  for (const id of ids) {
    const q: Quirk | undefined = quirks.get(id);
    if (!q || (q.releases && !q.releases.includes(release))) continue;
    const modelHas = model?.quirks.includes(id) ?? false;
    let basis: 'cpu' | 'model' = 'model';
    if (isCpuQuirk(id)) {
      const decided = cpuQuirkApplies(id, cpu, modelHas);
      if (decided.byCpu && decided.applies !== modelHas) {
        findings.push(f('info', 'cpu-quirk-by-inventory', { quirk: id, applies: decided.applies, cpu: cpu.text ?? '?', counts: cpuCounts(cpu), basis: cpu.hybridBasis, ...(model ? { model: `${model.vendor} ${model.model}`, modelCpu: model.cpu } : {}) }));
      }
      if (!decided.applies) continue;
      if (decided.byCpu) basis = 'cpu';
    }
    findings.push(f(q.severity, 'quirk', { quirk: q.id, model: model?.model ?? cpu.text ?? '?' }, { evidence: q.provenance.evidence, sources: q.provenance.sources }));
    for (const a of q.actions) {
      if (a.kind === 'kernel-option') actions.push({ kind: 'kernel-option', option: a.option, quirk: q.id, basis });
      else if (a.kind === 'bios') actions.push({ kind: 'bios', setting: a.setting });
      else actions.push({ kind: 'verify', what: a.what });
    }
  }
  return { findings, actions };
}

const cpuCounts = (cpu: HostCpu): string => (cpu.cores !== undefined ? `${cpu.cores} cores${cpu.threads !== undefined ? `, ${cpu.threads} threads` : ''}` : 'core count unknown');

/** Cores, RAM and boot disk against the list's minimums (and the model's maximum RAM). */
export function minimumsRule(host: Host, model: HostModel | undefined, list: CompatList): Finding[] {
  const min = list.minimums;
  const out: Finding[] = [];
  const src = { evidence: min.provenance.evidence, sources: min.provenance.sources };
  const cores = host.hardware.cores ?? model?.cores;
  if (cores !== undefined && cores < min.cores) out.push(f('error', 'cores-below-minimum', { cores, min: min.cores }, src));
  const ram = host.hardware.ramGiB;
  if (ram === undefined) out.push(f('info', 'ram-unknown', { min: min.ramGiB }));
  else if (ram < min.ramGiB) out.push(f('error', 'ram-below-minimum', { ram, min: min.ramGiB }, src));
  else if (ram < min.ramRecommendedGiB) out.push(f('warning', 'ram-below-recommended', { ram, recommended: min.ramRecommendedGiB }, src));
  if (ram !== undefined && model && ram > model.maxRamGiB) out.push(f('warning', 'ram-above-model-max', { ram, max: model.maxRamGiB, model: model.model }));
  const disk = host.hardware.bootDiskGB;
  if (disk === undefined) out.push(f('info', 'boot-disk-unknown', { min: min.bootDiskGB }));
  else if (disk < min.bootDiskGB) out.push(f('error', 'boot-disk-below-minimum', { disk, min: min.bootDiskGB }, src));
  return out;
}

/** vusbN names must be below the release Fling's persistent-name limit (8 on 7.0, 12 on 8.0+). */
export function vusbNameRule(host: Host, nics: readonly Nic[], list: CompatList, release: Release): Finding[] {
  const build = flingBuildFor(list, release);
  if (!build) return [];
  const out: Finding[] = [];
  const names = new Set([...nics.filter((n) => n.bus === 'usb').map((n) => n.name), ...[...assignedUplinks(host)].filter((n) => n.startsWith('vusb'))]);
  for (const name of names) {
    const n = Number(name.replace(/^vusb/, ''));
    if (Number.isInteger(n) && n >= build.maxVusb) out.push(f('error', 'vusb-name-out-of-range', { nic: name, max: `vusb${build.maxVusb - 1}`, release }));
  }
  const usbCount = nics.filter((n) => n.bus === 'usb').length;
  if (usbCount > build.maxVusb) out.push(f('error', 'too-many-usb-nics', { count: usbCount, max: build.maxVusb, release }));
  return out;
}

/** Jumbo frames over the USB NIC Fling are unverified (docs/FIELD-NOTES.md "Jumbo frames over the Fling"). */
function usbMtuRule(host: Host): Finding[] {
  return host.vswitches
    .filter((vs) => vs.mtu > 1500 && [...(vs.uplinks.active ?? []), ...vs.uplinks.standby].some((n) => n.startsWith('vusb')))
    .map((vs) => f('warning', 'usb-jumbo-unverified', { vswitch: vs.name, mtu: vs.mtu }));
}

/** At least one supported uplink of ≥ 1 GbE; every used uplink must itself be usable; BMC NICs never are. */
export function uplinkRule(host: Host, devices: readonly DeviceVerdict[], list: CompatList): { findings: Finding[]; actions: Action[] } {
  const findings: Finding[] = [];
  const actions: Action[] = [];
  const byName = new Map(devices.map((d) => [d.nic, d]));
  const spare = devices.find((d) => !d.used && d.role !== 'bmc' && (d.status === 'supported' || d.status === 'supported-with-actions') && (d.speedMbps ?? 1000) >= list.minimums.nicSpeedMbps);
  const suggestion = spare ? { suggestion: spare.nic } : {};
  if (devices.length > 0) {
    const present = devices.map((d) => d.nic).join(', ');
    for (const vs of host.vswitches) {
      for (const name of new Set([...(vs.uplinks.active ?? []), ...vs.uplinks.standby])) {
        if (!byName.has(name)) findings.push(f('error', 'uplink-missing', { nic: name, vswitch: vs.name, present }));
      }
    }
    for (const name of assignedUplinks(host)) {
      const d = byName.get(name);
      if (!d) continue;
      if (d.role === 'bmc') {
        findings.push(f('error', 'bmc-nic-as-uplink', { nic: name }));
        actions.push({ kind: 'pick-another-uplink', nic: name, ...suggestion });
      } else if (d.status === 'unsupported') {
        findings.push(f('error', 'uplink-unsupported', { nic: name, label: d.label }));
        actions.push({ kind: 'pick-another-uplink', nic: name, ...suggestion });
      }
    }
  }
  const counted = devices.filter((d) => d.countsAsUplink);
  if (counted.length === 0) {
    if (devices.length === 0) findings.push(f('warning', 'no-nics', { host: host.name }));
    else if (devices.some((d) => d.used && d.role !== 'bmc' && d.status === 'unknown')) findings.push(f('warning', 'no-confirmed-uplink', { host: host.name }));
    else {
      findings.push(f('error', 'no-supported-uplink', { host: host.name, minMbps: list.minimums.nicSpeedMbps }));
      if (spare) actions.push({ kind: 'pick-another-uplink', nic: [...assignedUplinks(host)][0] ?? 'vmnic0', suggestion: spare.nic });
    }
  }
  return { findings, actions };
}

export { cpuFacts };

/** An inventory that contradicts the chosen model: another model's product name, another CPU vendor or generation. */
export function inventoryModelRule(host: Host, model: HostModel | undefined, list: CompatList): Finding[] {
  if (!model || !host.hardware.model) return [];
  const out: Finding[] = [];
  const product = host.hardware.productName;
  if (product) {
    const other = findModel(list, product);
    if (other && other.id !== model.id) out.push(f('warning', 'model-product-mismatch', { product, productModel: `${other.vendor} ${other.model}`, model: `${model.vendor} ${model.model}` }));
  }
  const cpu = host.hardware.cpu;
  if (cpu) {
    const found = cpuFacts(cpu);
    const expected = cpuFacts(`${model.cpuGeneration ?? ''} ${model.cpu}`);
    const vendorClash = found.vendor && expected.vendor && found.vendor !== expected.vendor;
    const genClash = !vendorClash && found.gens.length > 0 && expected.gens.length > 0 && !found.gens.some((g) => expected.gens.includes(g));
    if (vendorClash || genClash) {
      const word = (x: { vendor?: string; gens: number[] }) => (vendorClash ? (x.vendor === 'amd' ? 'an AMD CPU' : 'an Intel CPU') : `generation ${x.gens.join('/')}`);
      out.push(f('warning', 'cpu-generation-mismatch', { cpu, found: word(found), model: `${model.vendor} ${model.model}`, expected: `${model.cpuGeneration ?? model.cpu} (${word(expected)})` }));
    }
  }
  return out;
}

/** Module settings the USB NIC Fling needs when a USB uplink is used: boot-time bus scan and persistent names. */
function usbModuleSettings(devices: readonly DeviceVerdict[], required: (d: DeviceVerdict) => boolean): Action[] {
  const usb = devices.filter((d) => d.bus === 'usb' && required(d) && d.actions.some((a) => a.kind === 'inject-usb-fling'));
  if (usb.length === 0) return [];
  const macs = usb.filter((d) => d.mac && /^vusb\d+$/.test(d.nic)).map((d) => `${d.nic}_mac=${d.mac}`);
  return [{ kind: 'module-setting', module: USB_FLING_MODULE, options: ['usbBusFullScanOnBootEnabled=1', ...macs].join(' ') }];
}

function dedupe(actions: readonly Action[]): Action[] {
  const seen = new Map<string, Action>();
  for (const a of actions) if (!seen.has(actionKey(a))) seen.set(actionKey(a), a);
  return [...seen.values()];
}

/** Host status from its findings and actions. */
export function hostStatus(findings: readonly Finding[], actions: readonly Action[]): VerdictStatus {
  if (findings.some((x) => x.severity === 'error')) return 'unsupported';
  if (findings.some((x) => x.code === 'no-confirmed-uplink' || x.code === 'no-nics' || x.code === 'release-not-in-list')) return 'unknown';
  if (actions.length > 0) return 'supported-with-actions';
  return 'supported';
}

/** What the host plan decided before the check: the box's CPU and the install NIC. */
export interface CheckHostOptions {
  readonly cpu?: HostCpu;
  /** The install (management) NIC: it needs its driver whatever its role. */
  readonly installNic?: string;
}

/**
 * Checks one host against the list for a release. The host plan (main/core/host-plan) calls this with the
 * host's effective vSwitch uplinks and its install NIC; use `planSite` rather than this directly.
 */
export function checkHost(host: Host, list: CompatList, release: Release, options: CheckHostOptions = {}): HostVerdict {
  const model = findModel(list, host.hardware.model) ?? findModel(list, host.hardware.productName);
  const cpu = options.cpu ?? hostCpu(host.hardware, model);
  const { nics, fromModel } = nicsOf(host, model);
  const assigned = assignedUplinks(host);
  // vSwitch uplink names only decide which NICs are used when one of them is a NIC meant as an uplink;
  // otherwise (none entered yet, or all marked unused) every uplink-role NIC is a candidate.
  const anyAssignedExists = nics.some((n) => assigned.has(n.name) && n.role === 'uplink');
  const devices = nics.map((n) => checkDevice(n, list, release, n.role === 'uplink' && (anyAssignedExists ? assigned.has(n.name) : true)));
  const findings: Finding[] = [...modelRule(host, model)];
  if (!releaseRecord(list, release)) findings.push(f('warning', 'release-not-in-list', { release }));
  if (fromModel) findings.push(f('info', 'nics-from-model', { count: nics.length }));
  const quirks = quirkRule(model, list, release, cpu);
  findings.push(...quirks.findings);
  findings.push(...minimumsRule(host, model, list));
  findings.push(...vusbNameRule(host, nics, list, release));
  findings.push(...usbMtuRule(host));
  findings.push(...inventoryModelRule(host, model, list));
  const uplinks = uplinkRule(host, devices, list);
  findings.push(...uplinks.findings);
  // Requirements follow roles, not vSwitches: every uplink-role NIC and the install NIC need their driver
  // whether or not a vSwitch uses them yet (the network step may come later).
  const required = (d: DeviceVerdict) => d.role !== 'bmc' && d.status !== 'unsupported' && (d.role === 'uplink' || d.nic === options.installNic);
  const deviceActions = devices.filter(required).flatMap((d) => d.actions);
  const actions = dedupe([...deviceActions, ...usbModuleSettings(devices, required), ...quirks.actions, ...uplinks.actions]);
  return {
    host: host.name,
    ...(model ? { model: { id: model.id, name: `${model.vendor} ${model.model}`, hybridCores: model.hybridCores } } : {}),
    status: hostStatus(findings, actions),
    findings,
    actions,
    devices,
    uplinks: devices.filter((d) => d.countsAsUplink).map((d) => d.nic),
  };
}

// ---------------------------------------------------------------- site rules

/** Both hosts of a two-node site must carry the same port groups with the same VLANs. */
export function portGroupParityRule(site: Site): Finding[] {
  if (site.spec.hosts.length < 2) return [];
  const groups = site.spec.hosts.map((h) => {
    const m = new Map<string, number>();
    for (const vs of h.vswitches) for (const pg of vs.portGroups) m.set(pg.name, pg.vlan);
    return { host: h.name, groups: m };
  });
  const out: Finding[] = [];
  const [a, b] = groups as [(typeof groups)[number], (typeof groups)[number]];
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const missing = [...x.groups.keys()].filter((n) => !y.groups.has(n));
    if (missing.length) out.push(f('error', 'portgroup-parity', { host: y.host, other: x.host, missing: missing.join(', ') }));
  }
  for (const [name, vlan] of a.groups) {
    const other = b.groups.get(name);
    if (other !== undefined && other !== vlan) out.push(f('error', 'portgroup-vlan-mismatch', { portGroup: name, hostA: a.host, vlanA: vlan, hostB: b.host, vlanB: other }));
  }
  return out;
}

/**
 * The site's verdict from its hosts' verdicts and the site-level rules. The host plan (main/core/host-plan,
 * `planSite`) is the one entry point: it checks each host with its effective uplinks and install NIC, then
 * assembles the site's verdict here.
 */
export function siteVerdictOf(site: Site, list: CompatList, hosts: readonly HostVerdict[]): SiteVerdict {
  indexList(list);
  const findings = portGroupParityRule(site);
  const siteStatus: VerdictStatus = findings.some((x) => x.severity === 'error') ? 'unsupported' : 'supported';
  return {
    release: site.spec.release,
    list: { listVersion: list.listVersion, dataDate: list.dataDate, schemaVersion: list.schemaVersion },
    status: worstStatus([...hosts.map((h) => h.status), siteStatus]),
    hosts,
    findings,
  };
}
