/**
 * Device matching that mirrors ESXi's own claim logic.
 *
 * PCI: ESXi's driver map files key devices as `VVVVDDDDSSSSssss[CCCCCC]` with `.` as a one-nibble wildcard
 * (docs/FIELD-NOTES.md "The matching key"). We build the same key for a device and pick the most specific matching
 * record, so a subsystem-specific record beats a family-wide one. USB: the USB NIC Fling binds by exact VID:PID;
 * devices it does not list may still bind through the generic CDC class tables, which we report as "may work,
 * untested", never as supported.
 */
import type { CompatList, FlingBuild, PciNicFamily, ReleaseRecord, UsbClassMatch, UsbNic } from './schema';
import type { Release } from '../site/schema';

/** What the matcher needs to know about a PCI device; subsystem and class are optional. */
export interface PciIdentity {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly subVendorId?: string;
  readonly subDeviceId?: string;
  /** 6 hex: class, subclass, prog-if. */
  readonly classCode?: string;
}

const hex = (s: string | undefined, width: number): string => {
  const v = (s ?? '').toLowerCase().replace(/^0x/, '');
  return /^[0-9a-f]+$/.test(v) && v.length === width ? v : '?'.repeat(width);
};

/** The 22-nibble key of a device; unknown parts are `?`, which only a wildcard in the pattern matches. */
export function pciKey(d: PciIdentity): string {
  return hex(d.vendorId, 4) + hex(d.deviceId, 4) + hex(d.subVendorId, 4) + hex(d.subDeviceId, 4) + hex(d.classCode, 6);
}

/** True when an ESXi map pattern (16 or 22 nibbles, `.` = any) matches a device key. */
export function keyMatches(pattern: string, key: string): boolean {
  const p = pattern.length === 16 ? pattern + '......' : pattern;
  if (p.length !== 22 || key.length !== 22) return false;
  for (let i = 0; i < 22; i++) {
    const c = p[i];
    if (c === '.') continue;
    if (c !== key[i]) return false;
  }
  return true;
}

/** Number of fixed nibbles: the more, the more specific the pattern. */
export function specificity(pattern: string): number {
  let n = 0;
  for (const c of pattern) if (c !== '.') n++;
  return n;
}

export interface PciMatch {
  readonly family: PciNicFamily;
  readonly pattern: string;
  /** Human name of the device ID within the family, e.g. "I226-V". */
  readonly name?: string;
}

/** Precomputed lookups over a list; build once per list (the engine caches it per list object). */
export interface CompatIndex {
  readonly list: CompatList;
  /** Candidate families by vendor ID + device ID (exact), plus patterns with a wildcard device ID by vendor. */
  readonly pciByVidDid: ReadonlyMap<string, readonly { pattern: string; family: PciNicFamily }[]>;
  readonly pciWild: readonly { pattern: string; family: PciNicFamily }[];
  readonly usbById: ReadonlyMap<string, UsbNic>;
  readonly buildById: ReadonlyMap<string, FlingBuild>;
  readonly releaseById: ReadonlyMap<Release, ReleaseRecord>;
}

const indexCache = new WeakMap<CompatList, CompatIndex>();

/** Builds (or returns the cached) lookup index of a list. */
export function indexList(list: CompatList): CompatIndex {
  const cached = indexCache.get(list);
  if (cached) return cached;
  const pciByVidDid = new Map<string, { pattern: string; family: PciNicFamily }[]>();
  const pciWild: { pattern: string; family: PciNicFamily }[] = [];
  for (const family of list.pciNics) {
    for (const pattern of family.match) {
      const head = pattern.slice(0, 8);
      if (/^[0-9a-f]{8}$/.test(head)) {
        const arr = pciByVidDid.get(head) ?? [];
        arr.push({ pattern, family });
        pciByVidDid.set(head, arr);
      } else pciWild.push({ pattern, family });
    }
  }
  const index: CompatIndex = {
    list,
    pciByVidDid,
    pciWild,
    usbById: new Map(list.usbNics.map((u) => [`${u.vid}:${u.pid}`, u])),
    buildById: new Map(list.flingBuilds.map((b) => [b.id, b])),
    releaseById: new Map(list.releases.map((r) => [r.id, r])),
  };
  indexCache.set(list, index);
  return index;
}

/** The most specific PCI family record matching a device, or undefined. Ties keep list order. */
export function matchPci(list: CompatList, device: PciIdentity): PciMatch | undefined {
  const index = indexList(list);
  const key = pciKey(device);
  const candidates = [...(index.pciByVidDid.get(key.slice(0, 8)) ?? []), ...index.pciWild];
  let best: { pattern: string; family: PciNicFamily } | undefined;
  for (const c of candidates) {
    if (!keyMatches(c.pattern, key)) continue;
    if (!best || specificity(c.pattern) > specificity(best.pattern)) best = c;
  }
  if (!best) return undefined;
  const name = best.family.names[key.slice(4, 8)];
  return name ? { family: best.family, pattern: best.pattern, name } : { family: best.family, pattern: best.pattern };
}

/** How a USB device relates to the USB NIC Fling's tables. */
export type UsbMatch =
  | { readonly kind: 'listed'; readonly record: UsbNic }
  | { readonly kind: 'cdc-class'; readonly classMatch: UsbClassMatch }
  | { readonly kind: 'none'; readonly classKnown: boolean };

/** Matches by VID:PID first; otherwise by interface class (`classCodes` as 4+ hex: class, subclass[, protocol]). */
export function matchUsb(list: CompatList, vid: string, pid: string, classCodes: readonly string[] = []): UsbMatch {
  const record = indexList(list).usbById.get(`${vid.toLowerCase()}:${pid.toLowerCase()}`);
  if (record) return { kind: 'listed', record };
  for (const code of classCodes) {
    const cs = code.toLowerCase().slice(0, 4);
    const classMatch = list.usbClassMatches.find((c) => c.classSubclass === cs);
    if (classMatch) return { kind: 'cdc-class', classMatch };
  }
  return { kind: 'none', classKnown: classCodes.length > 0 };
}

/** The release record, or undefined for a release the list does not cover. */
export function releaseRecord(list: CompatList, release: Release): ReleaseRecord | undefined {
  return indexList(list).releaseById.get(release);
}

/** The Fling build to inject for a release. */
export function flingBuildFor(list: CompatList, release: Release): FlingBuild | undefined {
  const r = releaseRecord(list, release);
  return r ? indexList(list).buildById.get(r.usbFlingBuild) : undefined;
}

/** True when the release's recommended Fling build lists the USB device. */
export function usbListedFor(list: CompatList, record: UsbNic, release: Release): boolean {
  const r = releaseRecord(list, release);
  return r !== undefined && record.flingBuilds.includes(r.usbFlingBuild);
}

/** Releases whose recommended Fling build lists the device (for "use 8.0U3 instead" advice). */
export function releasesListing(list: CompatList, record: UsbNic): Release[] {
  return list.releases.filter((r) => record.flingBuilds.includes(r.usbFlingBuild)).map((r) => r.id);
}

/** Finds a host model by catalogue id, or by a dmidecode product name / version string. */
export function findModel(list: CompatList, idOrProduct: string | undefined): CompatList['hostModels'][number] | undefined {
  if (!idOrProduct) return undefined;
  const needle = idOrProduct.toLowerCase().trim();
  const byId = list.hostModels.find((m) => m.id === needle);
  if (byId) return byId;
  let best: { model: CompatList['hostModels'][number]; len: number } | undefined;
  for (const m of list.hostModels) {
    for (const pm of m.productMatch) {
      if (needle.includes(pm) && (!best || pm.length > best.len)) best = { model: m, len: pm.length };
    }
  }
  return best?.model;
}
