/**
 * The site handover report as data: the one model the HTML, the PDF and the JSON are made from.
 *
 * This zod schema is the single source of the report's types and of its published JSON Schema
 * (`resources/report.schema.json`, generated with `z.toJSONSchema`, a unit test keeps the two equal).
 * It holds no secret by construction: there is no field for a password, a hash, a token, VM user data or
 * a Secret's data, and the Git URL is stored without credentials (docs/FIELD-NOTES.md "Git URL without credentials").
 */
import { z } from 'zod';

/** Version of the report format; bump on breaking changes to this schema. */
export const REPORT_FORMAT_VERSION = 1;
/** The `$id` of the published JSON Schema; the JSON form names it in `$schema`. */
export const REPORT_SCHEMA_ID = 'https://sitekit.invalid/schemas/report-v1.json';

/**
 * How a host or a device stands: `ok` works as is, `action` works after the actions listed (Fling, kernel
 * option, BIOS), `check` needs a person to look, `unsupported` will not work, `unknown` is not in the list.
 */
export const VERDICT_STATUSES = ['ok', 'action', 'check', 'unsupported', 'unknown'] as const;
export const VerdictStatus = z.enum(VERDICT_STATUSES);
export type VerdictStatus = z.infer<typeof VerdictStatus>;

export const Severity = z.enum(['info', 'warning', 'error']);
export type Severity = z.infer<typeof Severity>;

/** A finding as the report shows it: the code and params for machines, the sentence for people. */
export const ReportFinding = z.object({
  severity: Severity,
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  text: z.string(),
});
export type ReportFinding = z.infer<typeof ReportFinding>;

export const ReportNic = z.object({
  name: z.string(),
  bus: z.enum(['pci', 'usb']),
  /** vendor:device, e.g. 8086:15f3 (PCI) or 0bda:8156 (USB VID:PID). */
  id: z.string(),
  /** subvendor:subdevice when known (PCI). */
  subsystemId: z.string().optional(),
  mac: z.string().optional(),
  speedMbps: z.number().optional(),
  role: z.enum(['uplink', 'bmc', 'unused']),
  label: z.string().optional(),
  /** Where the MAC came from: an inventory paste or typed by the technician. */
  macSource: z.enum(['inventory', 'entered']).optional(),
  /** The host is installed and managed through this NIC (kickstart `network --device`). */
  install: z.boolean().optional(),
  /** Assumed from the model's standard onboard adapters (no NIC listed for the host). */
  fromModel: z.boolean().optional(),
  /** What drives it on the release (host plan): inbox, a package (and the oldest build listing the adapter), none. */
  driverPlan: z
    .object({
      kind: z.enum(['inbox', 'package', 'none', 'unknown', 'bmc']),
      vib: z.string().optional(),
      package: z.string().optional(),
      minBuild: z.string().optional(),
    })
    .optional(),
  /** Where it is used: vSwitch names with active/standby. */
  usedBy: z.array(z.string()),
  verdict: z.object({
    status: VerdictStatus,
    product: z.string().optional(),
    driver: z.string().optional(),
    evidence: z.string().optional(),
    sources: z.array(z.string()),
    findings: z.array(ReportFinding),
  }),
});
export type ReportNic = z.infer<typeof ReportNic>;

/**
 * What was done for a host's requirements, and what was not. Every `done` line cites the record that proves
 * it (a verified stick run with its image SHA-256, a commit SHA); a requirement no record proves is `open`;
 * what the technician does by hand (firmware, first boot) is `advice`, worded as advice.
 */
export const ReportActions = z.object({
  done: z.array(z.object({ text: z.string(), record: z.string() })),
  open: z.array(z.string()),
  advice: z.array(z.string()),
});
export type ReportActions = z.infer<typeof ReportActions>;

export const ReportHost = z.object({
  name: z.string(),
  /** The compatibility list's name for the model, or the vendor/product read from the machine. */
  model: z.string().optional(),
  modelId: z.string().optional(),
  vendor: z.string().optional(),
  productName: z.string().optional(),
  serial: z.string().optional(),
  cpu: z.string().optional(),
  cores: z.number().optional(),
  ramGiB: z.number().optional(),
  bootDiskGB: z.number().optional(),
  installDisk: z.string(),
  management: z.object({
    mode: z.enum(['static', 'dhcp']),
    ip: z.string().optional(),
    vlan: z.number(),
    /** The install NIC as the kickstart gets it, in words (e.g. "vusb0 (00:e0:4c:68:15:6a)"), or why there is none. */
    device: z.string(),
    /** The install NIC from the host plan: chosen by the technician, picked by the plan, or none known. */
    installNic: z.object({ nic: z.string().optional(), mac: z.string().optional(), source: z.enum(['site', 'default', 'none']) }).optional(),
  }),
  verdict: z.object({
    status: VerdictStatus,
    checked: z.boolean(),
    findings: z.array(ReportFinding),
    /** What the hardware check asked for, in words (Fling, driver, kernel option, BIOS). */
    required: z.array(z.string()),
  }),
  nics: z.array(ReportNic),
  actions: ReportActions,
});
export type ReportHost = z.infer<typeof ReportHost>;

export const ReportPortGroup = z.object({ name: z.string(), vlan: z.number() });

export const ReportVSwitch = z.object({
  name: z.string(),
  mtu: z.number(),
  active: z.array(z.string()),
  standby: z.array(z.string()),
  security: z.object({ allowPromiscuous: z.boolean(), macChanges: z.boolean(), forgedTransmits: z.boolean() }),
  portGroups: z.array(ReportPortGroup),
  /** site: the technician set the uplinks; plan: they follow Hardware's roles (vSwitch0 gets the install NIC). */
  uplinksFrom: z.enum(['site', 'plan']).optional(),
});
export type ReportVSwitch = z.infer<typeof ReportVSwitch>;

/** PTP on a VMkernel adapter of a host (the site's `hosts[].ptp`). */
export const ReportPtp = z.object({ device: z.string(), portGroup: z.string(), mtu: z.number() });

export const ReportNetwork = z.object({
  managementSubnet: z.string(),
  gateway: z.string(),
  dns: z.object({ servers: z.array(z.string()), domain: z.string().optional(), searchDomains: z.array(z.string()) }),
  ntp: z.object({ protocol: z.string(), servers: z.array(z.string()) }),
  syslog: z.array(z.object({ protocol: z.string(), address: z.string(), port: z.number() })),
  hosts: z.array(
    z.object({
      host: z.string(),
      mode: z.enum(['static', 'dhcp']),
      ip: z.string().optional(),
      vlan: z.number(),
      device: z.string(),
      vswitches: z.array(ReportVSwitch),
      /** PTP adapter of this host, when the site has one (issue 28). */
      ptp: ReportPtp.optional(),
    }),
  ),
});
export type ReportNetwork = z.infer<typeof ReportNetwork>;

/**
 * The settings every host applies (the site's `hostSettings`): NFS datastores, advanced options, the lowest
 * software acceptance level, account lockout. Optional in the format, so reports made before it still validate.
 */
export const ReportHostSettings = z.object({
  nfsDatastores: z.array(z.object({ name: z.string(), server: z.string(), share: z.string(), readOnly: z.boolean(), connections: z.number() })),
  advancedOptions: z.array(z.object({ group: z.string(), name: z.string(), value: z.union([z.string(), z.number()]) })),
  acceptanceLevel: z.string().optional(),
  accountLockout: z.object({ failures: z.number(), unlockSeconds: z.number() }).optional(),
});
export type ReportHostSettings = z.infer<typeof ReportHostSettings>;

/** A MetalLB address pool of the worker node (the site's `workloads.metallbPools`). */
export const ReportMetallbPool = z.object({ name: z.string(), addresses: z.array(z.string()), autoAssign: z.boolean() });

/** What a VM class adds beyond CPU and memory: latency sensitivity, VMX options, passthrough PCI devices. */
export const ReportVmClassExtras = {
  latencySensitivity: z.string().optional(),
  extraConfig: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
  passthroughDevices: z.array(z.object({ vendorId: z.string(), deviceId: z.string(), label: z.string().optional() })).optional(),
};

export const ReportWorkloads = z.object({
  vmClasses: z.array(z.object({ name: z.string(), cpus: z.number(), memoryMiB: z.number(), reservation: z.string(), ...ReportVmClassExtras })),
  vms: z.array(
    z.object({
      name: z.string(),
      namespace: z.string(),
      className: z.string(),
      image: z.string(),
      powerState: z.string(),
      networks: z.array(z.string()),
      host: z.string(),
      /** Only how user data is delivered; its content can hold passwords and is never in the report. */
      userData: z.object({ transport: z.string(), source: z.string() }).optional(),
    }),
  ),
  worker: z.object({
    enabled: z.boolean(),
    cpus: z.number(),
    memoryGiB: z.number(),
    network: z.object({
      mode: z.string(),
      /** A one-node site's worker address (absent on a two-node site, whose hosts each have one: `addresses`). */
      ip: z.string().optional(),
      prefix: z.number(),
      gateway: z.string().optional(),
      dns: z.array(z.string()),
      /** Each host's worker address, as generated (every host runs its own worker); absent in older reports. */
      addresses: z.array(z.object({ host: z.string(), ip: z.string().optional() })).optional(),
    }),
  }),
  /** Added Kubernetes objects by kind and name; their data (and any Secret's values) are never copied. */
  apps: z.array(z.object({ name: z.string(), objects: z.array(z.object({ kind: z.string(), name: z.string() })) })),
  localUsers: z.array(z.object({ name: z.string(), access: z.string(), description: z.string().optional() })),
  /** MetalLB address pools (issue 28); absent in reports made before they were listed. */
  metallbPools: z.array(ReportMetallbPool).optional(),
});
export type ReportWorkloads = z.infer<typeof ReportWorkloads>;

export const ReportAcceptedFinding = z.object({
  code: z.string(),
  severity: Severity.optional(),
  text: z.string().optional(),
  file: z.string().optional(),
  path: z.string().optional(),
  by: z.string(),
  at: z.string(),
  reason: z.string().optional(),
});
export type ReportAcceptedFinding = z.infer<typeof ReportAcceptedFinding>;

/**
 * A lint finding of the generated files that is neither fixed nor accepted, with where it is: the file, the
 * field path, and the apply scope it was checked in (what one host applies, e.g. sites/x/hosts/esx01).
 */
export const ReportLintFinding = ReportFinding.extend({
  file: z.string().optional(),
  line: z.number().optional(),
  path: z.string().optional(),
  scope: z.string().optional(),
});
export type ReportLintFinding = z.infer<typeof ReportLintFinding>;

export const GIT_STATES = ['pushed', 'waiting', 'not-committed'] as const;

export const ReportGit = z.object({
  /** Repository URL without user, password or token. */
  url: z.string().optional(),
  branch: z.string(),
  /** `pushed`: the last commit is on the server; `waiting`: committed here, push pending; `not-committed`. */
  state: z.enum(GIT_STATES),
  head: z.object({ sha: z.string(), at: z.string(), message: z.string(), pushed: z.boolean() }).optional(),
  /** Commits made here and not yet pushed. */
  waitingCommits: z.number(),
  /** The path to enter in VECO as each host's Git source. */
  hostPaths: z.array(z.object({ host: z.string(), path: z.string() })),
  commits: z.array(z.object({ sha: z.string(), at: z.string(), message: z.string(), pushed: z.boolean() })),
});
export type ReportGit = z.infer<typeof ReportGit>;

export const ReportStick = z.object({
  at: z.string(),
  target: z.string(),
  model: z.string().optional(),
  serial: z.string().optional(),
  sizeBytes: z.number().optional(),
  isoName: z.string().optional(),
  isoSha256: z.string().optional(),
  imageSha256: z.string(),
  hosts: z.array(z.string()),
  verified: z.boolean(),
  /** device: a USB stick; file: an image file (not a stick: it installs nothing until written to one). */
  targetKind: z.enum(['device', 'file']).optional(),
  /** The record says the stick was ejected (only then is it safe to remove). */
  ejected: z.boolean().optional(),
  /** The installer ISO matched the published checksum the technician entered (the build stops otherwise). */
  isoChecksumMatched: z.boolean().optional(),
  /** Built from Sitekit's SAMPLE ISO, not ESXi. */
  sampleIso: z.boolean().optional(),
  seconds: z.number().optional(),
  bytesPerSecond: z.number().optional(),
});
export type ReportStick = z.infer<typeof ReportStick>;

/** An audit of a stick: read back later and compared with its own manifest. */
export const ReportAudit = z.object({
  at: z.string(),
  target: z.string(),
  serial: z.string().optional(),
  imageSha256: z.string().optional(),
  hosts: z.array(z.string()),
  intact: z.boolean(),
  filesChecked: z.number(),
  modified: z.number(),
});
export type ReportAudit = z.infer<typeof ReportAudit>;

export const ReportMedia = z.object({
  isos: z.array(z.object({ name: z.string(), sha256: z.string().optional(), checksumMatched: z.boolean().optional() })),
  /** Runs to USB sticks. */
  sticks: z.array(ReportStick),
  /** Runs to image files: verified files, not sticks. */
  images: z.array(ReportStick),
  audits: z.array(ReportAudit),
});
export type ReportMedia = z.infer<typeof ReportMedia>;

export const ChecklistItem = z.object({
  id: z.string(),
  text: z.string(),
  why: z.string().optional(),
  source: z.string().optional(),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const ReportChecklist = z.object({
  model: z.string(),
  hosts: z.array(z.string()),
  items: z.array(ChecklistItem),
});
export type ReportChecklist = z.infer<typeof ReportChecklist>;

/**
 * Acceptance on site: per host, its latest acceptance record (acceptance-record.ts) — what was read and the
 * verdict, with its time — or that it was never checked. Differences and faults come with cause and next step.
 */
export const ReportAcceptanceHost = z.object({
  host: z.string(),
  /** An acceptance verdict, or `not-checked` when no run is recorded for the host. */
  verdict: z.string(),
  label: z.string(),
  at: z.string().optional(),
  address: z.string().optional(),
  /** The certificate's SHA-256 thumbprint and why it was trusted (pinned, as recorded, confirmed). */
  thumbprint: z.string().optional(),
  trust: z.string().optional(),
  /** What was read: the product build, each NIC's link, the port groups, the VMs. */
  build: z.string().optional(),
  nics: z.array(z.object({ name: z.string(), speedMbps: z.number().optional() })),
  portGroups: z.array(z.object({ name: z.string(), vlan: z.number(), vswitch: z.string() })),
  vms: z.array(z.object({ name: z.string(), powerState: z.string() })),
  findings: z.array(z.object({ text: z.string(), cause: z.string().optional(), next: z.string().optional() })),
});
export type ReportAcceptanceHost = z.infer<typeof ReportAcceptanceHost>;

export const ReportAcceptance = z.object({
  hosts: z.array(ReportAcceptanceHost),
  /** Acceptance runs recorded for the site. */
  runs: z.number(),
});
export type ReportAcceptance = z.infer<typeof ReportAcceptance>;

export const SiteReport = z.object({
  $schema: z.string().optional(),
  format: z.literal('sitekit-report'),
  formatVersion: z.literal(REPORT_FORMAT_VERSION),
  generatedAt: z.string(),
  sitekitVersion: z.string(),
  compatListVersion: z.string().optional(),
  site: z.object({
    name: z.string(),
    id: z.string(),
    topology: z.enum(['one-node', 'two-node']),
    release: z.string(),
    secureBoot: z.boolean(),
    location: z.string().optional(),
    notes: z.string().optional(),
    technician: z.string().optional(),
  }),
  /** Overall: `ready` when every host is ok/action, media verified, config pushed and every host accepted on site. */
  summary: z.object({
    status: z.enum(['ready', 'open-items']),
    openItems: z.array(z.string()),
    /** What is left before handover, in a few words each (the headline says them); empty when ready. */
    left: z.array(z.string()),
  }),
  /** The topology picture as SVG text, when one was drawn. */
  topologySvg: z.string().optional(),
  hosts: z.array(ReportHost),
  network: ReportNetwork,
  workloads: ReportWorkloads,
  acceptedFindings: z.array(ReportAcceptedFinding),
  /** Lint findings neither fixed nor accepted, counted by severity, when a lint ran. */
  openLint: z.object({ errors: z.number(), warnings: z.number() }).optional(),
  /** Those findings one by one, each with its file, path and apply scope, when a lint ran (issue 28). */
  openLintFindings: z.array(ReportLintFinding).optional(),
  /** The settings every host applies, when the site has any (issue 28). */
  hostSettings: ReportHostSettings.optional(),
  git: ReportGit,
  media: ReportMedia,
  acceptance: ReportAcceptance,
  biosChecklists: z.array(ReportChecklist),
});
export type SiteReport = z.infer<typeof SiteReport>;

/** The published JSON Schema of the report's JSON form. */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(SiteReport, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: REPORT_SCHEMA_ID,
    title: 'Sitekit site handover report',
    description: 'The JSON form of a Sitekit site handover report (format version 1). It never contains passwords, password hashes, tokens or VM user data.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
