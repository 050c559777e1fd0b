/**
 * Can this installer ISO install this host? The drivers each host's NICs need (from the hardware verdict and
 * the compatibility list) compared with what the ISO's image database says it carries.
 *
 * Needs follow roles, not vSwitches (issue 15): the management device and every NIC with the `uplink` role need
 * their driver whether or not a vSwitch uses them yet; other NICs (role `unused`) are listed as `other` so the
 * technician sees them, but never block. A host is `blocking` when its management device, or every one of its
 * uplinks, needs a driver the ISO is not proven to carry: then it gets no stick unless the technician overrides.
 * Where the database could not be read the answer is `unknown`, never "fine".
 */
import { managementNicName } from '../hardware/engine';
import { flingBuildFor, matchPci, matchUsb, releaseRecord } from '../hardware/matching';
import type { CompatList } from '../hardware/schema';
import type { DeviceVerdict, SiteVerdict } from '../hardware/verdict';
import type { Site } from '../site/schema';

/** One VIB the installer's image database lists (esximage descriptor `var/db/esximg/vibs/*.xml`). */
export interface InstallerVib {
  readonly name: string;
  readonly version: string;
  readonly vendor: string;
  /** esximage acceptance level: certified, accepted, partner, community. */
  readonly acceptance: string;
  /** Payload names (each is a module file on the ISO, listed on BOOT.CFG `modules=`). */
  readonly payloads: readonly string[];
  /** True when every boot payload is a module BOOT.CFG loads; false when one is not; absent when there are none. */
  readonly onBootModules?: boolean;
}

/** What an installer ISO carries, read from IMGDB.TGZ and BOOT.CFG (services/iso/imgdb.ts). */
export interface InstallerContents {
  /** False when the image database could not be read: then `reason` says why and nothing is assumed. */
  readonly readable: boolean;
  readonly reason?: string;
  /** Release as Sitekit names them (8.0U3), from BOOT.CFG `build=` or the profile name. */
  readonly release?: string;
  /** Build number, e.g. 24280767. */
  readonly build?: string;
  readonly profile?: { readonly name: string; readonly vendor?: string; readonly acceptance?: string };
  readonly vibs: readonly InstallerVib[];
  /** Module file names from BOOT.CFG `modules=` (lower case, without the leading slash). */
  readonly bootModules: readonly string[];
  /** The Sitekit sample ISO: never given a green tick anywhere. */
  readonly sample: boolean;
}

/** The inbox USB host-controller driver: NOT the USB NIC Fling. */
export const INBOX_USB_VIB = 'vmkusb';
/** The USB NIC Fling's VIB name. */
export const USB_NIC_FLING_VIB = 'vmkusb-nic-fling';

export type NeedRole = 'management' | 'uplink' | 'other';

/** One driver one NIC needs that is not inbox on the site's release. */
export interface DriverNeed {
  readonly nic: string;
  /** Short device name, e.g. "Realtek RTL8156/8156B". */
  readonly device: string;
  readonly bus: 'pci' | 'usb';
  /** esximage VIB name the ISO must carry, e.g. vmkusb-nic-fling, if-re, net-community. */
  readonly vib: string;
  /** Component / offline bundle ZIP file name from the list (for Image Builder). */
  readonly component?: string;
  /** vmkernel module name, e.g. vmkusb_nic_fling, if_re. */
  readonly driver?: string;
  readonly role: NeedRole;
  /** True when this NIC is the host's only uplink. */
  readonly onlyUplink: boolean;
}

export interface HostDriverNeeds {
  readonly host: string;
  readonly needs: readonly DriverNeed[];
}

export interface HostDriverAnswer {
  readonly host: string;
  readonly answer: 'yes' | 'no' | 'unknown';
  /** The management device or every uplink needs a driver the ISO is not proven to carry. */
  readonly blocking: boolean;
  readonly needs: readonly (DriverNeed & { readonly present: boolean | null; readonly presentVersion?: string })[];
  /** The ISO is Sitekit's sample: its answer is a demonstration, never a green tick. */
  readonly sample: boolean;
  /** Present when the ISO's release is known and differs from the site's. */
  readonly releaseMismatch?: { readonly iso: string; readonly site: string };
  /** Why the database could not be read, when it could not. */
  readonly unreadableReason?: string;
}

function deviceName(d: DeviceVerdict, list: CompatList): string {
  if (d.vendorId === undefined || d.deviceId === undefined) return d.label;
  if (d.bus === 'usb') {
    const m = matchUsb(list, d.vendorId, d.deviceId);
    if (m.kind === 'listed') return m.record.chip;
  } else {
    const m = matchPci(list, { vendorId: d.vendorId, deviceId: d.deviceId });
    if (m) return `${m.family.vendor} ${m.name ?? m.family.family}`;
  }
  return d.label;
}

/** The driver one device needs on the release, or undefined when it is inbox, BMC, unsupported or unknown. */
function needOf(d: DeviceVerdict, list: CompatList, release: Site['spec']['release']): Omit<DriverNeed, 'role' | 'onlyUplink'> | undefined {
  if (d.role === 'bmc') return undefined;
  const device = deviceName(d, list);
  if (d.bus === 'usb') {
    // Any USB NIC that is not a BMC virtual NIC is driven by the Fling or by nothing: listed, CDC candidates and
    // unknown adapters all need it to exist at all (the inbox vmkusb drives the USB controller, not NICs).
    if (d.status === 'unsupported' && d.match.kind === 'none') return undefined;
    const build = flingBuildFor(list, release);
    return { nic: d.nic, device, bus: 'usb', vib: build?.vib ?? USB_NIC_FLING_VIB, driver: 'vmkusb_nic_fling', ...(build ? { component: build.file } : {}) };
  }
  if (d.match.kind !== 'pci-family' || !d.match.id) return undefined;
  const family = list.pciNics.find((f) => f.id === d.match.id);
  const cell = family?.support[release];
  if (!cell || (cell.status !== 'fling' && cell.status !== 'community')) return undefined;
  return {
    nic: d.nic,
    device,
    bus: 'pci',
    vib: cell.vib ?? cell.driver?.replace(/_/g, '-') ?? family!.id,
    ...(cell.driver ? { driver: cell.driver } : {}),
    ...(cell.file ? { component: cell.file } : {}),
  };
}

/** Per host, the drivers its NICs need on the site's release that are not inbox, by role. */
export function hostDriverNeeds(site: Site, verdict: SiteVerdict, list: CompatList): HostDriverNeeds[] {
  return site.spec.hosts.map((host) => {
    const hv = verdict.hosts.find((h) => h.host === host.name);
    if (!hv) return { host: host.name, needs: [] };
    const mgmt = managementNicName(host, hv.devices);
    const uplinks = hv.devices.filter((d) => d.role === 'uplink');
    const needs: DriverNeed[] = [];
    for (const d of hv.devices) {
      const n = needOf(d, list, site.spec.release);
      if (!n) continue;
      const role: NeedRole = d.nic === mgmt ? 'management' : d.role === 'uplink' ? 'uplink' : 'other';
      needs.push({ ...n, role, onlyUplink: d.role === 'uplink' && uplinks.length === 1 });
    }
    return { host: host.name, needs };
  });
}

/**
 * Release name (8.0U3) from an ESXi version (8.0.3) as BOOT.CFG `build=` and profiles write it. From 9.0 on the
 * third number is a maintenance release of the same release, not an update: 9.0.1 is 9.0 (same vmkapi 3.0, same
 * Fling build; field-findings.md second review), never "9.0U1".
 */
export function releaseFromVersion(version: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return undefined;
  const [, major, minor, update] = m;
  return update === '0' || Number(major) >= 9 ? `${major}.${minor}` : `${major}.${minor}U${update}`;
}

/**
 * The per-host answer: does the ISO carry every driver the host's management device and uplinks need?
 * `hosts` limits the answer to the hosts going on this stick (default: all).
 */
export function canInstall(site: Site, verdict: SiteVerdict, list: CompatList, contents: InstallerContents, hosts?: readonly string[]): HostDriverAnswer[] {
  const wanted = hosts ? new Set(hosts.map((h) => h.toLowerCase())) : undefined;
  const vibs = new Map(contents.vibs.map((v) => [v.name.toLowerCase(), v]));
  const mismatch =
    contents.release && contents.release !== site.spec.release && releaseRecord(list, site.spec.release) ? { iso: contents.release, site: site.spec.release } : undefined;
  return hostDriverNeeds(site, verdict, list)
    .filter((h) => !wanted || wanted.has(h.host.toLowerCase()))
    .map((h) => {
      const needs = h.needs.map((n) => {
        const v = contents.readable ? vibs.get(n.vib.toLowerCase()) : undefined;
        const present = contents.readable ? v !== undefined && v.onBootModules !== false : null;
        return { ...n, present, ...(v ? { presentVersion: v.version } : {}) };
      });
      const missing = (n: (typeof needs)[number]) => n.present !== true;
      const uplinkNeeds = needs.filter((n) => n.role !== 'other');
      // blocking: the management NIC lacks its driver, or no uplink is left that surely works
      const uplinks = (verdict.hosts.find((x) => x.host === h.host)?.devices ?? []).filter((d) => d.role === 'uplink').map((d) => d.nic);
      const lacking = new Set(uplinkNeeds.filter(missing).map((n) => n.nic));
      const blocking = uplinkNeeds.some((n) => n.role === 'management' && missing(n)) || (uplinks.length > 0 && uplinks.every((u) => lacking.has(u)));
      const answer: HostDriverAnswer['answer'] = !contents.readable ? 'unknown' : uplinkNeeds.some(missing) ? 'no' : 'yes';
      return {
        host: h.host,
        answer,
        blocking,
        needs,
        sample: contents.sample,
        ...(mismatch ? { releaseMismatch: mismatch } : {}),
        ...(!contents.readable ? { unreadableReason: contents.reason ?? 'the image database could not be read' } : {}),
      };
    });
}

const roleText = (n: DriverNeed): string => (n.role === 'management' ? (n.onlyUplink ? 'its management NIC and only uplink' : 'its management NIC') : n.role === 'uplink' ? (n.onlyUplink ? 'its only uplink' : 'an uplink') : 'not used as an uplink');

/** Options for the fix lines: the base depot and components the custom ISO would be built from. */
export interface DescribeOptions {
  readonly list?: CompatList;
  readonly release?: Site['spec']['release'];
}

/**
 * The answer in one sentence, e.g. "esx02: no — vusb0 (Realtek RTL8156/8156B, its only uplink) needs
 * vmkusb-nic-fling, which this ISO does not carry". `driverAnswerLines` adds the notes and the fixes.
 */
export function describeDriverAnswer(a: HostDriverAnswer): string {
  return driverAnswerLines(a)[0]!;
}

/** Lines for people: the answer, notes (unused NICs, release mismatch) and, when it is not yes, the fixes. */
export function driverAnswerLines(a: HostDriverAnswer, o: DescribeOptions = {}): string[] {
  const lines: string[] = [];
  const sample = a.sample ? ' (Sitekit SAMPLE ISO: a demonstration, not a real installer)' : '';
  const important = a.needs.filter((n) => n.role !== 'other');
  if (a.answer === 'unknown') {
    const what = important.length ? `; ${important.map((n) => `${n.nic} (${n.device}, ${roleText(n)}) needs ${n.vib}`).join('; ')}` : '; it needs no driver beyond the inbox ones, but the ISO itself could not be checked';
    lines.push(`${a.host}: unknown — ${a.unreadableReason ?? 'the image database could not be read'}${what}${sample}`);
  } else if (a.answer === 'no') {
    const miss = important.filter((n) => n.present !== true);
    lines.push(`${a.host}: no — ${miss.map((n) => `${n.nic} (${n.device}, ${roleText(n)}) needs ${n.vib}, which this ISO does not carry`).join('; ')}${sample}`);
  } else if (important.length === 0) {
    lines.push(`${a.host}: yes — its uplinks need no driver beyond ESXi's inbox drivers${sample}`);
  } else {
    lines.push(`${a.host}: yes — ${important.map((n) => `${n.nic} (${n.device}) needs ${n.vib}; this ISO carries ${n.vib}${n.presentVersion ? ` ${n.presentVersion}` : ''}`).join('; ')}${sample}`);
  }
  for (const n of a.needs.filter((x) => x.role === 'other' && x.present !== true)) {
    lines.push(`  note: ${n.nic} (${n.device}) is not used as an uplink; it would need ${n.vib}${n.present === false ? ', which this ISO does not carry' : ''}.`);
  }
  if (a.releaseMismatch) lines.push(`  note: the ISO is ESXi ${a.releaseMismatch.iso}, the site is planned for ${a.releaseMismatch.site}; drivers are release-bound (vmkapi).`);
  if (a.answer !== 'yes') lines.push(...describeDriverFixes(a, o));
  return lines;
}

/** The fixes for a host the ISO cannot (or may not) install: the ECS ISO from VECO, or a custom ISO from the script. */
export function describeDriverFixes(a: HostDriverAnswer, o: DescribeOptions = {}): string[] {
  const missing = a.needs.filter((n) => n.role !== 'other' && n.present !== true);
  if (!missing.length) return [];
  const vibs = [...new Set(missing.map((n) => n.vib))].join(' and ');
  const rel = o.release && o.list ? releaseRecord(o.list, o.release) : undefined;
  const files = [...(rel?.baseDepot ? [`base depot ${rel.baseDepot.file}`] : []), ...new Set(missing.map((n) => n.component).filter((c): c is string => !!c))];
  return [
    `  fix: use the ECS installer ISO from VECO if it carries ${vibs} (check it with "sitekit media inspect"), or`,
    `  fix: build a custom ISO with the PowerCLI Image Builder script Sitekit writes${files.length ? ` (${files.join(' + ')})` : ''}, then pick that ISO so Sitekit checks it.`,
  ];
}
