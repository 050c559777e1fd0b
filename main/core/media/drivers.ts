/**
 * Can this installer ISO install this host? A projection of the host plan (main/core/host-plan) made with the
 * ISO's contents: each NIC's driver, and whether the ISO carries a build of it that lists the adapter.
 *
 * Needs follow the plan: the install NIC and every uplink-role NIC need their driver whether or not a vSwitch
 * uses them yet; other NICs (role `unused`) are listed as `other` so the technician sees them, but never block.
 * A host is `blocking` when its install NIC, or every one of its uplinks, needs a driver the ISO is not proven
 * to carry: then it gets no stick unless the technician overrides. "Carried" means the carried build lists the
 * adapter (a Fling of the right name but the wrong build is not carried). Where the database could not be read,
 * or the carried build is one the list does not know, the answer is `unknown`, never "fine".
 *
 * No ISO helps an install NIC or uplink for which no driver exists on the release (the list says none): the
 * answer is `no` and names it. One the list does not know at all makes the answer `unknown`: nobody can say
 * whether ESXi drives it.
 */
import { releaseRecord } from '../hardware/matching';
import type { CompatList } from '../hardware/schema';
import type { Site } from '../site/schema';
import type { CarriedState, SitePlan } from '../host-plan/types';
import type { InstallerContents, InstallerVib } from './installer-contents';

export type { InstallerContents, InstallerVib };

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
  /** USB VID:PID or PCI vendor:device. */
  readonly id: string;
  /** esximage VIB name the ISO must carry, e.g. vmkusb-nic-fling, if-re, net-community. */
  readonly vib: string;
  /** Component / offline bundle ZIP file name from the list (for Image Builder). */
  readonly component?: string;
  /** vmkernel module name, e.g. vmkusb_nic_fling, if_re. */
  readonly driver?: string;
  /** The oldest build that lists this adapter (USB NIC Fling), e.g. 1.14-7vmw.803.0.95.93415869. */
  readonly minBuild?: string;
  readonly role: NeedRole;
  /** True when this NIC is the host's only uplink. */
  readonly onlyUplink: boolean;
}

/** An install NIC or uplink no ISO can help: no driver exists on the release (`none`), or the list does not know it (`unknown`). */
export interface UndrivenNic {
  readonly nic: string;
  readonly device: string;
  readonly role: Exclude<NeedRole, 'other'>;
  readonly onlyUplink: boolean;
  readonly kind: 'none' | 'unknown';
}

export interface HostDriverAnswer {
  readonly host: string;
  readonly answer: 'yes' | 'no' | 'unknown';
  /** The install NIC or every uplink needs a driver the ISO is not proven to carry. */
  readonly blocking: boolean;
  readonly needs: readonly (DriverNeed & { readonly present: boolean | null; readonly presentVersion?: string; readonly state: CarriedState })[];
  /** Install NIC and uplinks that no driver in any ISO is known to drive. */
  readonly undriven: readonly UndrivenNic[];
  /** The site's release, for the words of an undriven NIC. */
  readonly release: string;
  /** The ISO is Sitekit's sample: its answer is a demonstration, never a green tick. */
  readonly sample: boolean;
  /** Present when the ISO's release is known and differs from the site's. */
  readonly releaseMismatch?: { readonly iso: string; readonly site: string };
  /** Why the database could not be read, when it could not. */
  readonly unreadableReason?: string;
}

/** Release name (8.0U3) from an ESXi version (8.0.3) as BOOT.CFG `build=` and profiles write it. */
export function releaseFromVersion(version: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return undefined;
  const [, major, minor, update] = m;
  return update === '0' || Number(major) >= 9 ? `${major}.${minor}` : `${major}.${minor}U${update}`;
}

/**
 * The per-host answer from a plan made with the ISO's contents (`planSite(site, list, { installer })`): does the
 * ISO carry a driver build for the install NIC and the uplinks? `hosts` limits it to the hosts on this stick.
 */
export function canInstall(plan: SitePlan, site: Site, list: CompatList, contents: InstallerContents, hosts?: readonly string[]): HostDriverAnswer[] {
  const wanted = hosts ? new Set(hosts.map((h) => h.toLowerCase())) : undefined;
  const mismatch =
    contents.release && contents.release !== site.spec.release && releaseRecord(list, site.spec.release) ? { iso: contents.release, site: site.spec.release } : undefined;
  return plan.hosts
    .filter((h) => !wanted || wanted.has(h.host.toLowerCase()))
    .map((h) => {
      const uplinks = h.nics.filter((n) => n.role === 'uplink');
      const needs = h.nics
        .filter((n) => n.driver.kind === 'package' && n.driver.vib && n.role !== 'bmc')
        .map((n) => {
          const state: CarriedState = n.driver.carried?.state ?? (contents.readable ? 'no' : 'unreadable');
          const role: NeedRole = n.install ? 'management' : n.role === 'uplink' ? 'uplink' : 'other';
          return {
            nic: n.name,
            device: n.device,
            bus: n.bus,
            id: `${n.vendorId}:${n.deviceId}`,
            vib: n.driver.vib!,
            ...(n.driver.component ? { component: n.driver.component } : {}),
            ...(n.driver.module ? { driver: n.driver.module } : {}),
            ...(n.driver.minBuild ? { minBuild: n.driver.minBuild.vibVersion } : {}),
            role,
            onlyUplink: n.role === 'uplink' && uplinks.length === 1,
            present: state === 'yes' ? true : state === 'unreadable' || state === 'unknown-build' ? null : false,
            ...(n.driver.carried?.version ? { presentVersion: n.driver.carried.version } : {}),
            state,
          };
        });
      const important = needs.filter((n) => n.role !== 'other');
      const lacking = new Set(important.filter((n) => n.present !== true).map((n) => n.nic));
      const noDriver = (name: string) => h.nics.find((n) => n.name === name)?.driver.kind === 'none';
      const installLacks = h.nics.some((n) => n.install && (lacking.has(n.name) || n.driver.kind === 'none'));
      const blocking = installLacks || (uplinks.length > 0 && uplinks.every((u) => lacking.has(u.name) || noDriver(u.name)));
      const undriven: UndrivenNic[] = h.nics
        .filter((n) => (n.install || n.role === 'uplink') && (n.driver.kind === 'none' || n.driver.kind === 'unknown'))
        .map((n) => ({ nic: n.name, device: n.device, role: n.install ? 'management' : 'uplink', onlyUplink: n.role === 'uplink' && uplinks.length === 1, kind: n.driver.kind as UndrivenNic['kind'] }));
      // The install NIC, or every uplink, with no driver on the release: no ISO installs this host (an uplink among
      // others without one is a note). Else missing packages say no, and what nobody can judge (an unreadable ISO, a
      // build or an install NIC the list does not know) says unknown.
      const worst = (pick: (n: UndrivenNic) => boolean): UndrivenNic['kind'] | undefined => {
        const found = undriven.filter(pick);
        return found.some((n) => n.kind === 'none') ? 'none' : found.length ? 'unknown' : undefined;
      };
      const install = worst((n) => n.role === 'management');
      const everyUplink = uplinks.length > 0 && uplinks.every((u) => undriven.some((n) => n.nic === u.name)) ? worst(() => true) : undefined;
      const answer: HostDriverAnswer['answer'] =
        install === 'none' || everyUplink === 'none' || important.some((n) => n.present === false)
          ? 'no'
          : !contents.readable || important.some((n) => n.present === null) || install || everyUplink
            ? 'unknown'
            : 'yes';
      return {
        host: h.host,
        answer,
        blocking,
        needs,
        undriven,
        release: site.spec.release,
        sample: contents.sample,
        ...(mismatch ? { releaseMismatch: mismatch } : {}),
        ...(!contents.readable ? { unreadableReason: contents.reason ?? 'the image database could not be read' } : {}),
      };
    });
}

const roleText = (n: Pick<DriverNeed, 'role' | 'onlyUplink'>): string => (n.role === 'management' ? (n.onlyUplink ? 'its install NIC and only uplink' : 'its install NIC') : n.role === 'uplink' ? (n.onlyUplink ? 'its only uplink' : 'an uplink') : 'not used as an uplink');

type AnsweredNeed = HostDriverAnswer['needs'][number];

/** Why one need is not met, in words: not carried, the wrong build, or a build nobody can judge. */
function missingText(n: AnsweredNeed): string {
  const who = `${n.nic} (${n.device}, ${roleText(n)})`;
  if (n.state === 'wrong-build') return `${who} needs ${n.minBuild ? `${n.vib} ${n.minBuild} or a later build that lists ${n.id}` : `a ${n.vib} build that lists ${n.id}`}; this ISO carries ${n.vib}${n.presentVersion ? ` ${n.presentVersion}` : ''}, which does not list it`;
  if (n.state === 'unknown-build') return `${who} needs ${n.vib}; this ISO carries ${n.presentVersion ?? 'a build'}, which the compatibility list does not know, so whether it lists ${n.id} cannot be told${n.minBuild ? ` (listed from ${n.minBuild})` : ''}`;
  return `${who} needs ${n.vib}${n.minBuild ? ` (${n.minBuild} or later)` : ''}, which this ISO does not carry`;
}

/** Why an install NIC or uplink cannot be helped by any ISO, in words. */
function undrivenText(n: UndrivenNic, release: string): string {
  const who = `${n.nic} (${n.device}, ${roleText(n)})`;
  return n.kind === 'none' ? `${who} has no driver for ESXi ${release}, in any ISO` : `${who} is not in the compatibility list, so whether ESXi ${release} drives it cannot be told`;
}

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
  const undriven = a.undriven.map((n) => undrivenText(n, a.release));
  if (a.answer === 'unknown' && a.unreadableReason) {
    const needs = [...important.map((n) => `${n.nic} (${n.device}, ${roleText(n)}) needs ${n.vib}`), ...undriven];
    const what = needs.length ? `; ${needs.join('; ')}` : '; it needs no driver beyond the inbox ones, but the ISO itself could not be checked';
    lines.push(`${a.host}: unknown — ${a.unreadableReason}${what}${sample}`);
  } else if (a.answer === 'unknown' || a.answer === 'no') {
    const problems = [...important.filter((n) => n.present !== true && n.state !== 'unreadable').map(missingText), ...undriven];
    const unread = a.unreadableReason ? [`the ISO itself could not be checked (${a.unreadableReason})`] : [];
    lines.push(`${a.host}: ${a.answer} — ${[...problems, ...unread].join('; ')}${sample}`);
  } else if (important.length === 0) {
    const which = a.undriven.length ? 'the NICs it can use need' : 'its uplinks need';
    lines.push(`${a.host}: yes — ${which} no driver beyond ESXi's inbox drivers${sample}`);
  } else {
    lines.push(`${a.host}: yes — ${important.map((n) => `${n.nic} (${n.device}, ${roleText(n)}) needs ${n.vib}; this ISO carries ${n.vib}${n.presentVersion ? ` ${n.presentVersion}` : ''}${n.minBuild ? `, which lists ${n.id}` : ''}`).join('; ')}${sample}`);
  }
  if (a.answer === 'yes') for (const n of a.undriven) lines.push(`  note: ${undrivenText(n, a.release)}.`);
  for (const n of a.needs.filter((x) => x.role === 'other' && x.present !== true)) {
    lines.push(`  note: ${n.nic} (${n.device}) is not used as an uplink; it would need ${n.vib}${n.state === 'wrong-build' ? `, and this ISO's build does not list ${n.id}` : n.present === false ? ', which this ISO does not carry' : ''}.`);
  }
  if (a.releaseMismatch) lines.push(`  note: the ISO is ESXi ${a.releaseMismatch.iso}, the site is planned for ${a.releaseMismatch.site}; drivers are release-bound (vmkapi).`);
  if (a.answer !== 'yes') lines.push(...describeDriverFixes(a, o));
  if (a.undriven.length) lines.push(`  fix: choose another install NIC or uplink in Hardware (one with a driver on ESXi ${a.release}), or add a supported USB NIC.`);
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
