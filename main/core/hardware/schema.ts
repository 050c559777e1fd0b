/**
 * The compatibility list: the schema of `resources/compat/compat-list.json`.
 *
 * This zod schema is the single source of the list's TypeScript types. Every record carries provenance
 * (where the fact comes from and how strong it is, docs/FIELD-NOTES.md
 * "Compatibility list provenance and evidence levels"), so the UI and the
 * report can show why a verdict was given. PCI devices are keyed the way ESXi's own driver map files key
 * them (`VVVVDDDDSSSSssss` plus an optional 6-hex class, `.` as a one-nibble wildcard), USB devices by
 * VID:PID, so the engine mirrors ESXi's claim logic.
 */
import { z } from 'zod';
import { RELEASES, Release } from '../site/schema';

/** Newest list schema this build reads. */
export const COMPAT_SCHEMA_VERSION = 1;

/** How strong a fact is: read from the driver binary, read in a primary source, community claim, or not verified. */
export const EVIDENCE_LEVELS = ['verified-binary', 'verified-doc', 'community', 'unverified'] as const;
export const Evidence = z.enum(EVIDENCE_LEVELS);
export type Evidence = z.infer<typeof Evidence>;

export const Provenance = z
  .object({
    evidence: Evidence,
    /** URLs or document names; at least one. */
    sources: z.array(z.string().min(3)).min(1, 'every record needs at least one source'),
    note: z.string().max(600).optional(),
  })
  .strict();
export type Provenance = z.infer<typeof Provenance>;

const HEX4 = /^[0-9a-f]{4}$/;
/** ESXi map key: vendor, device, subvendor, subdevice (16 nibbles), optional class (6 nibbles); `.` = any nibble. */
const PCI_KEY = /^[0-9a-f.]{16}([0-9a-f.]{6})?$/;
const Hex4 = z.string().regex(HEX4, 'must be 4 lower-case hex digits');

export const FlingBuild = z
  .object({
    id: z.string().regex(/^[a-z0-9.-]+$/),
    /** File name of the offline bundle / component ZIP as published. */
    file: z.string().min(5),
    vibVersion: z.string().min(1),
    releaseDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** ESXi line the build installs on (vmkapi-bound); may be older than the releases Sitekit targets. */
    target: z.string().min(1),
    vmkapi: z.string().min(1),
    /** Highest persistent name count: vusb0…vusb(maxVusb-1). */
    maxVusb: z.number().int().min(1).max(32),
    /** esximage VIB name inside the component (the name Image Builder adds and the installer database lists). */
    vib: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).default('vmkusb-nic-fling'),
    provenance: Provenance,
  })
  .strict();
export type FlingBuild = z.infer<typeof FlingBuild>;

export const ReleaseRecord = z
  .object({
    id: Release,
    name: z.string().min(1),
    vmkapi: z.string().min(1),
    /** The USB NIC Fling build to inject for this release (id in `flingBuilds`). */
    usbFlingBuild: z.string().min(1),
    /** Other Fling builds that also install on this release, oldest first. */
    otherFlingBuilds: z.array(z.string()).default([]),
    /** Boot firmware: legacy BIOS is deprecated from 8.0 (KB 313152). */
    legacyBiosDeprecated: z.boolean(),
    /** 8.0U2+ needs the XSAVE instruction even with allowLegacyCPU=true. */
    requiresXsave: z.boolean(),
    /**
     * The offline depot (base image) a custom installer ISO is built from with PowerCLI Image Builder: its
     * published file name and the build number it carries (the `-standard` profile name contains it).
     */
    baseDepot: z
      .object({
        file: z.string().regex(/^VMware-ESXi-[A-Za-z0-9.]+-\d+-depot\.zip$|^VMware-ESXi-\d+\.\d+\.\d+\.\d+\.\d+-depot\.zip$/, 'must be a VMware-ESXi-…-depot.zip file name'),
        build: z.string().regex(/^\d{6,9}$/),
        evidence: Evidence,
        sources: z.array(z.string().min(3)).min(1),
      })
      .strict()
      .optional(),
    provenance: Provenance,
  })
  .strict();
export type ReleaseRecord = z.infer<typeof ReleaseRecord>;

/** How a device is driven on one release. `none` means the installer will not see it. */
export const DRIVER_STATUSES = ['inbox', 'fling', 'community', 'none', 'unknown'] as const;
export const DriverStatus = z.enum(DRIVER_STATUSES);
export type DriverStatus = z.infer<typeof DriverStatus>;

export const DriverSupport = z
  .object({
    status: DriverStatus,
    /** vmkernel module name, e.g. ne1000, cndi-igc, if_re, igc-community. */
    driver: z.string().optional(),
    /** Package to inject when status is fling or community, e.g. the Realtek if-re Fling ZIP. */
    package: z.string().optional(),
    /** esximage VIB name of that package (what the installer's image database lists), e.g. if-re, net-community. */
    vib: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).optional(),
    /** File name of the package's component / offline bundle ZIP, for Add-EsxSoftwareDepot. */
    file: z.string().regex(/\.zip$/, 'must be a .zip file name').optional(),
    /** Evidence for this release's cell, when weaker or stronger than the record's. */
    evidence: Evidence.optional(),
    note: z.string().max(400).optional(),
  })
  .strict();
export type DriverSupport = z.infer<typeof DriverSupport>;

const SupportByRelease = z.object(Object.fromEntries(RELEASES.map((r) => [r, DriverSupport])) as Record<Release, typeof DriverSupport>).strict();

export const PciNicFamily = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    family: z.string().min(1),
    vendor: z.string().min(1),
    /** ESXi map keys that identify the family. */
    match: z.array(z.string().regex(PCI_KEY, 'must be an ESXi map key: 16 hex/. characters, optionally + 6 for the class')).min(1),
    /** Human names per device ID, e.g. { "15f3": "I225-V" }. */
    names: z.record(z.string(), z.string()).default({}),
    speedMbps: z.number().int().positive(),
    support: SupportByRelease,
    provenance: Provenance,
  })
  .strict();
export type PciNicFamily = z.infer<typeof PciNicFamily>;

/** uplink: a real adapter; bmc-virtual-nic: iDRAC/XCC/AMI over USB, never an uplink; unknown: listed, product unknown. */
export const UsbRole = z.enum(['uplink', 'bmc-virtual-nic', 'unknown']);
export type UsbRole = z.infer<typeof UsbRole>;

export const UsbNic = z
  .object({
    vid: Hex4,
    pid: Hex4,
    chip: z.string().min(1),
    product: z.string().min(1),
    speedMbps: z.number().int().positive().optional(),
    role: UsbRole,
    /** Fling builds (ids) whose driver table lists this VID:PID, oldest first. */
    flingBuilds: z.array(z.string()).min(1),
    /** Internal driver_info flag seen in the table, for the record. */
    flag: z.string().optional(),
    provenance: Provenance,
  })
  .strict();
export type UsbNic = z.infer<typeof UsbNic>;

/** Generic USB interface classes the Fling binds to without a VID:PID entry: candidates, never "supported". */
export const UsbClassMatch = z
  .object({
    /** class/subclass as 4 hex, e.g. 0206 = CDC ECM. */
    classSubclass: z.string().regex(HEX4),
    name: z.string().min(1),
    provenance: Provenance,
  })
  .strict();
export type UsbClassMatch = z.infer<typeof UsbClassMatch>;

/** One action a quirk asks for. */
export const QuirkAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kernel-option'), option: z.string().regex(/^[A-Za-z0-9_.]+=[A-Za-z0-9_.,:-]+$/) }).strict(),
  z.object({ kind: z.literal('bios'), setting: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('verify'), what: z.string().min(1) }).strict(),
]);
export type QuirkAction = z.infer<typeof QuirkAction>;

export const Quirk = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** warning: install works after the actions; error: will not install as-is. */
    severity: z.enum(['info', 'warning', 'error']),
    /** Releases it applies to; absent = all. */
    releases: z.array(Release).optional(),
    /** Alternatives: the technician needs one of them (the first is what Sitekit applies). */
    actions: z.array(QuirkAction).default([]),
    provenance: Provenance,
  })
  .strict();
export type Quirk = z.infer<typeof Quirk>;

export const HostModel = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    vendor: z.string().min(1),
    model: z.string().min(1),
    codename: z.string().optional(),
    /** Substrings of `dmidecode -t system` Product Name / Version that identify the model (lower case). */
    productMatch: z.array(z.string().min(3)).default([]),
    cpu: z.string().min(1),
    cores: z.number().int().positive(),
    threads: z.number().int().positive().optional(),
    hybridCores: z.boolean(),
    cpuGeneration: z.string().optional(),
    maxRamGiB: z.number().positive(),
    ramType: z.string().optional(),
    /** Onboard NICs as PCI vendor:device; `alternatives` lists SKU variants. */
    onboardNics: z
      .array(
        z
          .object({
            vendorId: Hex4,
            deviceId: Hex4,
            label: z.string().min(1),
            count: z.number().int().min(1).default(1),
            skuVariant: z.boolean().default(false),
          })
          .strict(),
      )
      .default([]),
    /** Quirk ids from `quirks`. */
    quirks: z.array(z.string()).default([]),
    notes: z.string().max(600).optional(),
    provenance: Provenance,
  })
  .strict();
export type HostModel = z.infer<typeof HostModel>;

export const Minimums = z
  .object({
    cores: z.number().int().positive(),
    ramGiB: z.number().positive(),
    ramRecommendedGiB: z.number().positive(),
    bootDiskGB: z.number().positive(),
    nicSpeedMbps: z.number().int().positive(),
    provenance: Provenance,
  })
  .strict();
export type Minimums = z.infer<typeof Minimums>;

export const CompatList = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(COMPAT_SCHEMA_VERSION),
    /** Data version, e.g. 2026.11.1; shown in the UI and every report. */
    listVersion: z.string().regex(/^\d{4}\.\d{1,2}\.\d{1,3}$/, 'must look like 2026.11.1'),
    /** Date the facts were last checked. */
    dataDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    description: z.string().optional(),
    minimums: Minimums,
    releases: z.array(ReleaseRecord).min(1),
    flingBuilds: z.array(FlingBuild).min(1),
    pciNics: z.array(PciNicFamily),
    usbNics: z.array(UsbNic),
    usbClassMatches: z.array(UsbClassMatch),
    quirks: z.array(Quirk),
    hostModels: z.array(HostModel),
  })
  .strict()
  .superRefine((list, ctx) => {
    const builds = new Set(list.flingBuilds.map((b) => b.id));
    const quirks = new Set(list.quirks.map((q) => q.id));
    const dup = (ids: readonly string[], path: string) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [path, i], message: `duplicate id "${id}"` });
        seen.add(id);
      });
    };
    dup(list.flingBuilds.map((b) => b.id), 'flingBuilds');
    dup(list.releases.map((r) => r.id), 'releases');
    dup(list.pciNics.map((p) => p.id), 'pciNics');
    dup(list.usbNics.map((u) => `${u.vid}:${u.pid}`), 'usbNics');
    dup(list.hostModels.map((m) => m.id), 'hostModels');
    dup(list.quirks.map((q) => q.id), 'quirks');
    list.releases.forEach((r, i) => {
      for (const b of [r.usbFlingBuild, ...r.otherFlingBuilds]) {
        if (!builds.has(b)) ctx.addIssue({ code: 'custom', path: ['releases', i], message: `unknown Fling build "${b}"` });
      }
    });
    list.usbNics.forEach((u, i) => {
      for (const b of u.flingBuilds) {
        if (!builds.has(b)) ctx.addIssue({ code: 'custom', path: ['usbNics', i, 'flingBuilds'], message: `unknown Fling build "${b}"` });
      }
    });
    list.hostModels.forEach((m, i) => {
      for (const q of m.quirks) {
        if (!quirks.has(q)) ctx.addIssue({ code: 'custom', path: ['hostModels', i, 'quirks'], message: `unknown quirk "${q}"` });
      }
    });
  });
export type CompatList = z.infer<typeof CompatList>;
export type CompatListInput = z.input<typeof CompatList>;

/** A short identity of a list, shown wherever a verdict is shown. */
export interface CompatListInfo {
  readonly listVersion: string;
  readonly dataDate: string;
  readonly schemaVersion: number;
  /** 'shipped' or 'imported' (from the user data folder). */
  readonly origin: 'shipped' | 'imported';
  readonly sha256?: string;
}
