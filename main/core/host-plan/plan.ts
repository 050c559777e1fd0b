/**
 * One host, one truth (issue 24): from the site, each host's inventories as merged into it and the
 * compatibility list, the plan decides per host its NICs (role, driver, the Fling builds that list the adapter,
 * MAC and where it came from), the install NIC, the vSwitch uplinks, the kernel options and module settings
 * with their reasons — and, given an installer ISO's contents, whether that ISO carries a driver build that
 * drives each NIC. Everything after Hardware reads this; nothing derives these facts again.
 *
 * Pure and synchronous. The order of decisions matters and is fixed here:
 *   1. the NICs (the host's own, or the model's onboard ones) and their device verdicts;
 *   2. the install NIC: the technician's choice, else the first uplink-role NIC with a driver on the release;
 *   3. the effective vSwitches: the technician's uplinks, else vSwitch0 gets the install NIC (as the installer
 *      gives it) and other switches none;
 *   4. the hardware check on the host as it will be (effective uplinks, the CPU the box shows);
 *   5. the plan's own findings (install NIC, uplinks against roles, drivers the ISO carries) into the verdict.
 */
import type { CompatList, FlingBuild, HostModel } from '../hardware/schema';
import type { DeviceVerdict, Finding, HostVerdict } from '../hardware/verdict';
import type { Host, Nic, Release, Site } from '../site/schema';
import type { InstallerContents } from '../media/installer-contents';
import { checkDevice, checkHost, hostStatus, nicsOf, siteVerdictOf } from '../hardware/engine';
import { findModel, flingBuildFor, indexList, matchPci, releaseRecord } from '../hardware/matching';
import { requirementsFromActions } from '../hardware/requirements';
import { hostCpu } from './cpu';
import { describeNicIds } from '../hardware/messages';
import type {
  CarriedDriver,
  DriverPlan,
  FirstBootSelector,
  FlingBuildRef,
  HostPlan,
  InstallNicPlan,
  KernelOptionPlan,
  ModuleSettingPlan,
  NicPlan,
  PlannedVSwitch,
  SitePlan,
} from './types';

export interface PlanOptions {
  /** An installer ISO's contents: each package driver gets `carried`, and drivers it lacks become findings. */
  readonly installer?: InstallerContents;
}

const MAC_RE = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;
const normMac = (m: string): string => m.toLowerCase().replace(/-/g, ':');
const USB_FLING_MODULE = 'vmkusb_nic_fling';

const ref = (b: FlingBuild): FlingBuildRef => ({ id: b.id, vibVersion: b.vibVersion, file: b.file });

/** The Fling builds that install on a release, oldest first (the recommended one and the others). */
function releaseBuilds(list: CompatList, release: Release): FlingBuild[] {
  const r = releaseRecord(list, release);
  if (!r) return [];
  const ids = new Set([r.usbFlingBuild, ...r.otherFlingBuilds]);
  return list.flingBuilds.filter((b) => ids.has(b.id));
}

/** What drives a NIC on the release, and which package (and which builds of it) the installer needs. */
export function driverPlan(d: DeviceVerdict, list: CompatList, release: Release): DriverPlan {
  if (d.role === 'bmc') return { kind: 'bmc' };
  if (d.bus === 'usb') {
    if (d.match.kind === 'none' && d.status === 'unsupported') return { kind: 'none' };
    const fling = flingBuildFor(list, release);
    const base = { module: USB_FLING_MODULE, vib: fling?.vib ?? 'vmkusb-nic-fling' };
    const record = d.match.kind === 'usb-listed' ? indexList(list).usbById.get(`${d.vendorId}:${d.deviceId}`) : undefined;
    if (record) {
      const all = releaseBuilds(list, release);
      const listing = all.filter((b) => record.flingBuilds.includes(b.id));
      if (listing.length === 0) return { kind: 'none', ...base };
      const build = listing.find((b) => b.id === fling?.id) ?? listing[listing.length - 1]!;
      const partial = listing.length < all.length;
      return { kind: 'package', ...base, component: build.file, package: `USB NIC Fling ${build.vibVersion}`, listingBuilds: listing.map(ref), ...(partial ? { minBuild: ref(listing[0]!) } : {}), build: ref(build) };
    }
    // Not listed by VID:PID: only the Fling's generic class match can drive it (any build), untested.
    if (!fling) return { kind: 'unknown', ...base };
    return { kind: 'package', ...base, component: fling.file, package: `USB NIC Fling ${fling.vibVersion}`, build: ref(fling) };
  }
  if (d.match.kind !== 'pci-family' || !d.match.id) return { kind: 'unknown' };
  const family = list.pciNics.find((f) => f.id === d.match.id);
  const cell = family?.support[release];
  if (!cell) return { kind: 'unknown' };
  const module = cell.driver ? { module: cell.driver } : {};
  switch (cell.status) {
    case 'inbox':
      return { kind: 'inbox', ...module };
    case 'fling':
    case 'community':
      return {
        kind: 'package',
        ...module,
        vib: cell.vib ?? cell.driver?.replace(/_/g, '-') ?? family!.id,
        ...(cell.file ? { component: cell.file } : {}),
        ...(cell.package ? { package: cell.package } : {}),
      };
    case 'none':
      return { kind: 'none', ...module };
    case 'unknown':
      return { kind: 'unknown', ...module };
  }
}

const buildNumber = (v: string): string | undefined => /(\d{6,})\s*$/.exec(v)?.[1];

/** Whether an installer's image database carries a driver build that drives this NIC. */
export function carriedDriver(driver: DriverPlan, contents: InstallerContents, list: CompatList): CarriedDriver | undefined {
  if (driver.kind !== 'package' || !driver.vib) return undefined;
  if (!contents.readable) return { state: 'unreadable' };
  const vib = contents.vibs.find((v) => v.name.toLowerCase() === driver.vib!.toLowerCase());
  // A VIB whose payload is not on the boot modules line is not loaded by the installer: not carried.
  if (!vib || vib.onBootModules === false) return { state: 'no', ...(vib ? { version: vib.version } : {}) };
  if (!driver.listingBuilds) return { state: 'yes', version: vib.version };
  const build = list.flingBuilds.find((b) => b.vibVersion === vib.version) ?? list.flingBuilds.find((b) => buildNumber(b.vibVersion) !== undefined && buildNumber(b.vibVersion) === buildNumber(vib.version));
  if (!build) return { state: 'unknown-build', version: vib.version };
  return { state: driver.listingBuilds.some((b) => b.id === build.id) ? 'yes' : 'wrong-build', version: vib.version, buildId: build.id };
}

/** The device as the list names it: the USB chip, or the PCI vendor and family model; else the NIC's label. */
function deviceName(d: DeviceVerdict, list: CompatList): string {
  if (d.vendorId === undefined || d.deviceId === undefined) return d.label;
  if (d.bus === 'usb') {
    const r = indexList(list).usbById.get(`${d.vendorId}:${d.deviceId}`);
    if (r && r.role !== 'unknown') return r.chip;
  } else if (d.match.kind === 'pci-family') {
    const m = matchPci(list, { vendorId: d.vendorId, deviceId: d.deviceId });
    if (m) return `${m.family.vendor} ${m.name ?? m.family.family}`;
  }
  return d.label;
}

const hasDriver = (d: DeviceVerdict): boolean => d.status === 'supported' || d.status === 'supported-with-actions';

/** The install NIC: the technician's (management.device, by name or MAC), else the first uplink-role NIC with a driver. */
function installNic(host: Host, nics: readonly Nic[], devices: readonly DeviceVerdict[], minMbps: number): InstallNicPlan {
  const entered = host.management.device?.trim();
  if (entered) {
    if (MAC_RE.test(entered)) {
      const mac = normMac(entered);
      const nic = nics.find((n) => n.mac && normMac(n.mac) === mac);
      return nic ? { nic: nic.name, mac, device: mac, source: 'site' } : { mac, device: mac, source: 'site', entered };
    }
    const nic = nics.find((n) => n.name === entered);
    if (!nic) return { source: 'site', entered, ...(nics.length === 0 ? { device: entered } : {}) };
    return { nic: nic.name, ...(nic.mac ? { mac: normMac(nic.mac), device: normMac(nic.mac) } : { device: nic.name }), source: 'site' };
  }
  const byName = new Map(devices.map((d) => [d.nic, d]));
  const candidates = nics.filter((n) => n.role === 'uplink');
  const fast = (n: Nic) => (byName.get(n.name)?.speedMbps ?? minMbps) >= minMbps;
  const pick =
    candidates.find((n) => byName.get(n.name) && hasDriver(byName.get(n.name)!) && fast(n)) ??
    candidates.find((n) => byName.get(n.name) && hasDriver(byName.get(n.name)!)) ??
    candidates.find((n) => byName.get(n.name)?.status === 'unknown') ??
    // None has a driver: the first uplink still is what the installer would be given, and the plan says why it fails.
    candidates[0];
  if (!pick) return { source: 'none' };
  return { nic: pick.name, ...(pick.mac ? { mac: normMac(pick.mac), device: normMac(pick.mac) } : { device: pick.name }), source: 'default' };
}

/** The vSwitches as the host will have them: the site's uplinks where set, else vSwitch0 gets the install NIC. */
function effectiveVSwitches(host: Host, install: InstallNicPlan): PlannedVSwitch[] {
  return host.vswitches.map((sw) => {
    const explicit = sw.uplinks.active !== undefined;
    const active = explicit ? [...sw.uplinks.active!] : sw.name === 'vSwitch0' && install.nic ? [install.nic] : [];
    return { ...sw, uplinks: { active, standby: [...sw.uplinks.standby] }, uplinksFrom: explicit ? 'site' : 'plan' };
  });
}

const fi = (severity: Finding['severity'], code: Finding['code'], params: Finding['params']): Finding => ({ severity, code, params });

/** Install NIC and uplinks against roles and drivers: the plan's own findings. */
function planFindings(host: Host, install: InstallNicPlan, nics: readonly NicPlan[], vswitches: readonly PlannedVSwitch[], release: Release): Finding[] {
  const out: Finding[] = [];
  const present = nics.map((n) => n.name).join(', ') || 'none';
  const byName = new Map(nics.map((n) => [n.name, n]));
  if (install.entered && !install.nic) {
    if (MAC_RE.test(install.entered)) out.push(fi('warning', 'install-nic-mac-unknown', { mac: normMac(install.entered), present }));
    else if (nics.length > 0) out.push(fi('error', 'install-nic-missing', { nic: install.entered, present }));
  }
  if (install.source === 'none' && nics.length === 0) out.push(fi('warning', 'install-nic-none', { host: host.name }));
  const inst = install.nic ? byName.get(install.nic) : undefined;
  if (inst) {
    if (inst.role !== 'uplink') out.push(fi('error', 'install-nic-not-uplink', { nic: inst.name, role: inst.role === 'bmc' ? 'BMC virtual NIC' : inst.role }));
    else if (inst.driver.kind === 'none' || inst.status === 'unsupported') {
      const other = nics.find((n) => n.role === 'uplink' && n.usable && n.name !== inst.name);
      out.push(fi('error', 'install-nic-no-driver', { nic: inst.name, label: inst.label, release, ...(other ? { suggestion: other.name } : {}) }));
    }
  }
  for (const sw of vswitches) {
    for (const name of new Set([...sw.uplinks.active, ...sw.uplinks.standby])) {
      const n = byName.get(name);
      if (n && n.role === 'unused') out.push(fi('error', 'uplink-role-unused', { nic: name, vswitch: sw.name, role: n.role }));
    }
  }
  // Drivers an installer ISO carries (only when one was compared).
  for (const n of nics) {
    const c = n.driver.carried;
    if (!c || c.state === 'yes' || c.state === 'unreadable' || n.role === 'bmc') continue;
    const role = n.install ? 'install' : n.role === 'uplink' ? 'uplink' : 'other';
    const severity = role === 'other' ? 'info' : c.state === 'unknown-build' ? 'warning' : 'error';
    const common = { nic: n.name, device: n.device, id: describeNicIds(n), role, vib: n.driver.vib ?? '?' };
    if (c.state === 'no') out.push(fi(severity, 'driver-not-carried', common));
    else if (c.state === 'wrong-build') out.push(fi(severity, 'driver-wrong-build', { ...common, carried: c.version ?? '?', minBuild: n.driver.minBuild?.vibVersion ?? '?' }));
    else out.push(fi(severity, 'driver-build-unknown', { ...common, carried: c.version ?? '?', minBuild: n.driver.minBuild?.vibVersion ?? '?' }));
  }
  return out;
}

/** How `%firstboot` on a several-host stick tells which host it is on: its host name, else its serial, else a MAC. */
function firstBootSelector(host: Host, install: InstallNicPlan): FirstBootSelector | undefined {
  if (host.management.mode === 'static') return { kind: 'hostname', value: host.name };
  if (host.hardware.serial) return { kind: 'serial', value: host.hardware.serial };
  return install.mac ? { kind: 'mac', value: install.mac } : undefined;
}

/** The fully qualified host name the installer sets. */
export function hostFqdn(site: Site, host: Host): string {
  const domain = site.spec.dns.domain;
  return domain && !host.name.includes('.') ? `${host.name}.${domain}` : host.name;
}

/** Kernel options the engine owns (quirks); any other one in `requirements.kernelOptions` was added by hand. */
const ENGINE_KERNEL_OPTIONS = new Set(['cpuUniformityHardCheckPanic', 'ignoreMsrFaults']);

/** Plans one host. */
export function planHost(site: Site, host: Host, list: CompatList, options: PlanOptions = {}): HostPlan {
  const release = site.spec.release;
  const model: HostModel | undefined = findModel(list, host.hardware.model) ?? findModel(list, host.hardware.productName);
  const cpu = hostCpu(host.hardware, model);
  const { nics, fromModel } = nicsOf(host, model);
  const minMbps = list.minimums.nicSpeedMbps;
  // 1–2: a first look at each device (as an uplink candidate when its role says so) picks the install NIC.
  const first = nics.map((n) => checkDevice(n, list, release, n.role === 'uplink'));
  const install = installNic(host, nics, first, minMbps);
  // 3–4: the check on the host as it will be.
  const vswitches = effectiveVSwitches(host, install);
  const effective: Host = { ...host, vswitches: vswitches.map((sw) => ({ ...sw, uplinks: { active: [...sw.uplinks.active], standby: [...sw.uplinks.standby] } })) };
  const checked = checkHost(effective, list, release, { cpu, ...(install.nic ? { installNic: install.nic } : {}) });
  const devices = new Map(checked.devices.map((d) => [d.nic, d]));
  const planned: NicPlan[] = nics.map((n) => {
    const d = devices.get(n.name)!;
    const driver = driverPlan(d, list, release);
    const carried = options.installer ? carriedDriver(driver, options.installer, list) : undefined;
    const uses = vswitches.flatMap((sw) => [
      ...(sw.uplinks.active.includes(n.name) ? [{ vswitch: sw.name, as: 'active' as const }] : []),
      ...(sw.uplinks.standby.includes(n.name) ? [{ vswitch: sw.name, as: 'standby' as const }] : []),
    ]);
    return {
      name: n.name,
      bus: n.bus,
      ...(n.vendorId !== undefined ? { vendorId: n.vendorId } : {}),
      ...(n.deviceId !== undefined ? { deviceId: n.deviceId } : {}),
      label: d.label,
      device: deviceName(d, list),
      role: d.role,
      fromModel,
      ...(n.mac ? { mac: normMac(n.mac), ...(n.macSource ? { macSource: n.macSource } : {}) } : {}),
      ...(d.speedMbps !== undefined ? { speedMbps: d.speedMbps } : {}),
      status: d.status,
      usable: hasDriver(d) && (d.speedMbps ?? minMbps) >= minMbps,
      driver: carried ? { ...driver, carried } : driver,
      install: n.name === install.nic,
      vswitches: uses,
    };
  });
  // 5: the plan's own findings join the verdict, so every reader of the verdict sees them.
  const extra = planFindings(host, install, planned, vswitches, release);
  const findings = [...checked.findings, ...extra];
  const verdict: HostVerdict = { ...checked, findings, status: hostStatus(findings, checked.actions) };
  const requirements = requirementsFromActions(verdict.actions, host.requirements);
  const kernelOptions: KernelOptionPlan[] = [];
  for (const a of verdict.actions) {
    if (a.kind === 'kernel-option' && !kernelOptions.some((k) => k.option === a.option)) kernelOptions.push({ option: a.option, why: 'quirk', ...(a.quirk ? { quirk: a.quirk } : {}), ...(a.basis ? { basis: a.basis } : {}) });
  }
  for (const o of requirements.kernelOptions) {
    if (!kernelOptions.some((k) => k.option === o) && !ENGINE_KERNEL_OPTIONS.has(o.split('=')[0] ?? '')) kernelOptions.push({ option: o, why: 'site' });
  }
  const moduleSettings: ModuleSettingPlan[] = requirements.moduleSettings.map((m) => ({ module: m.module, options: m.options, why: m.module === USB_FLING_MODULE ? 'usb-nic' : 'site' }));
  const uplinkNics = planned.filter((n) => n.role === 'uplink');
  const firstBoot = firstBootSelector(host, install);
  return {
    host: host.name,
    fqdn: hostFqdn(site, host),
    ...(verdict.model ? { model: verdict.model } : {}),
    cpu,
    nics: planned,
    install,
    vswitches,
    kernelOptions,
    moduleSettings,
    biosSettings: [...requirements.biosSettings],
    requirements,
    verdict,
    ...(firstBoot ? { firstBoot } : {}),
    usbOnly: uplinkNics.length > 0 && uplinkNics.every((n) => n.bus === 'usb'),
  };
}

/** Plans every host of a site; the site's verdict comes with it. The one entry point of the hardware check. */
export function planSite(site: Site, list: CompatList, options: PlanOptions = {}): SitePlan {
  const hosts = site.spec.hosts.map((h) => planHost(site, h, list, options));
  return {
    release: site.spec.release,
    hosts,
    verdict: siteVerdictOf(site, list, hosts.map((h) => h.verdict)),
    installerCompared: options.installer !== undefined,
  };
}

/** The plan of one host by name (case-insensitive). */
export function hostPlanOf(plan: SitePlan, host: string): HostPlan | undefined {
  return plan.hosts.find((h) => h.host.toLowerCase() === host.toLowerCase());
}

/** The plan of a host of the site the plan was made for; a plan of another site is a programming error. */
export function requirePlan(plan: SitePlan, host: string): HostPlan {
  const p = plan.hosts.find((h) => h.host === host);
  if (!p) throw new Error(`The host plan has no host "${host}": plan the site that is being used (planSite).`);
  return p;
}

/** The site with every host's `requirements` as the plan decided them (what site.yaml keeps). */
export function applyPlanToSite(site: Site, plan: SitePlan): Site {
  const byHost = new Map(plan.hosts.map((h) => [h.host, h]));
  return { ...site, spec: { ...site.spec, hosts: site.spec.hosts.map((h) => (byHost.has(h.name) ? { ...h, requirements: byHost.get(h.name)!.requirements } : h)) } };
}
