/**
 * The site model: `site.yaml`, the one file the technician edits.
 *
 * The zod schema is the single source of the TypeScript types
 * (docs/CONVENTIONS.md § Schema is the source of types): every other module derives
 * from `Site` and nothing keeps a second copy. Defaults live here so that a one-node site with one NIC
 * needs only a name and an IP. `apiVersion` (`sitekit/vN`) carries the schema version: files from a newer
 * Sitekit are refused without being touched (yaml.ts); a future v2 adds its upgrade step from v1 there.
 */
import { z } from 'zod';
import { Cidr, dottedMustBeUnicast, HostOrIp, Ipv4, Mac, MAC_LIKE } from './address-fields';
import { HostSettings, isPowerOfTwo, MetallbPool, PtpAdapter, VmClassExtras } from './host-settings';
import { describeNetworkProblem, networkProblems } from './network-rules';
import { missingWorkerAddresses, networkFacts } from './worker-addresses';
import { AcceptanceRecord } from './acceptance-record';
import { addProblem } from './problem';
import { textProblems } from './text';

export const SITE_API_VERSION = 'sitekit/v1';
export const SITE_KIND = 'Site';
/** Newest `sitekit/vN` this build understands. */
export const SITE_SCHEMA_VERSION = 1;

/** ESXi / ECS releases the compatibility list knows about. */
export const RELEASES = ['7.0U3', '8.0', '8.0U1', '8.0U2', '8.0U3', '9.0'] as const;
export const Release = z.enum(RELEASES);
export type Release = z.infer<typeof Release>;

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const FQDN_OR_IP = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$/;
const HEX4 = /^[0-9a-f]{4}$/;
const SHA512_CRYPT = /^\$6\$[A-Za-z0-9./]{0,16}\$[A-Za-z0-9./]{86}$/;
const UPLINK = /^(vmnic\d{1,2}|vusb\d{1,2})$/;

export { Cidr, Ipv4, Mac };
const VLAN_RANGE = 'VLAN ID must be 0 (untagged) to 4094';
export const Vlan = z.number(VLAN_RANGE).int(VLAN_RANGE).min(0, VLAN_RANGE).max(4094, VLAN_RANGE);

export const UplinkName = z.string().regex(UPLINK, 'must be an ESXi uplink name such as vmnic0 or vusb0');
export const Hex4 = z
  .string()
  .transform((s) => s.trim().toLowerCase().replace(/^0x/, ''))
  .pipe(z.string().regex(HEX4, 'must be 4 hex digits such as 8086'));
/**
 * Password hashes only ever as SHA-512 crypt without `rounds=`
 * (docs/FIELD-NOTES.md "Root password: SHA-512 crypt and ESXi's rules").
 */
export const PasswordHash = z
  .string()
  .regex(SHA512_CRYPT, 'must be a $6$ SHA-512 crypt hash without rounds= (never a plain password)');

/** One network adapter of a host, as picked from the catalogue or read from an inventory. */
export const Nic = z.object({
  /** ESXi name: vmnicN for PCI, vusbN for USB NICs through the Fling. */
  name: UplinkName,
  bus: z.enum(['pci', 'usb']),
  /**
   * PCI vendor/device or USB VID:PID. Absent when the only inventory was `esxcli network nic list`, which names a
   * NIC and its MAC but not its IDs: the NIC is kept (vSwitches and the install NIC refer to it by name) and the
   * check says what to paste to identify it (issue 24 item 7).
   */
  vendorId: Hex4.optional(),
  deviceId: Hex4.optional(),
  subVendorId: Hex4.optional(),
  subDeviceId: Hex4.optional(),
  mac: Mac.optional(),
  /** Where the MAC came from: an inventory paste (esxcli network nic list, ip link) or typed by the technician. */
  macSource: z.enum(['inventory', 'entered']).optional(),
  /** Up to 800 Gb/s, the fastest Ethernet there is. */
  speedMbps: z.number().int().positive().max(800_000, 'must be a link speed in Mb/s, at most 800000 (800 Gb/s)').optional(),
  /** `bmc` marks BMC virtual NICs (iDRAC/iLO/XCC over USB): never an uplink. */
  role: z.enum(['uplink', 'bmc', 'unused']).default('uplink'),
  label: z.string().max(120).optional(),
  /** USB interface class/subclass/protocol or PCI class as 6 hex (from an inventory); lets the hardware check spot generic CDC NICs. */
  classCode: z.string().regex(/^[0-9a-f]{6}$/, 'must be 6 hex digits such as 020600').optional(),
});
export type Nic = z.infer<typeof Nic>;

/** What the Hardware step decided the later steps must do for this host (kickstart, manifests, report). */
export const HostRequirements = z.object({
  /** USB NIC Fling build to inject, e.g. "ESXi803-VMKUSB-NIC-FLING-…"; absent when not needed. */
  usbNicFling: z.string().optional(),
  /** Kernel options appended to kernelopt= at install time, e.g. cpuUniformityHardCheckPanic=FALSE. */
  kernelOptions: z.array(z.string().regex(/^[A-Za-z0-9_.]+=[A-Za-z0-9_.,:-]+$/, 'must look like name=value')).default(() => []),
  /** Firmware settings to make before install, for the BIOS checklist. */
  biosSettings: z.array(z.string().min(1)).default(() => []),
  /** vmkernel module settings to apply through a HostConfiguration. */
  moduleSettings: z.array(z.object({ module: z.string().min(1), options: z.string().min(1) })).default(() => []),
  /** Extra driver packages to inject into the install image, e.g. the Realtek if-re Fling; absent when none. */
  driverPackages: z.array(z.string().min(1)).optional(),
});
export type HostRequirements = z.infer<typeof HostRequirements>;

export const HostHardware = z.object({
  /** Catalogue id of the host model (resources/compat), or absent when unknown. */
  model: z.string().optional(),
  serial: z.string().max(64).optional(),
  vendor: z.string().max(80).optional(),
  productName: z.string().max(120).optional(),
  cpu: z.string().max(120).optional(),
  /** Bounds are what ESXi 8 supports on one host (configuration maximums: 896 logical CPUs, 24 TB of memory) and a 64 TB disk. */
  cores: z.number().int().positive().max(1024, 'must be the number of CPU cores, at most 1024').optional(),
  /** Hardware threads (dmidecode Thread Count, esxcli CPU Threads): with the cores it tells whether the CPU has E-cores. */
  threads: z.number().int().positive().max(2048, 'must be the number of CPU threads, at most 2048').optional(),
  ramGiB: z.number().positive().max(24_576, 'must be the memory in GiB, at most 24576 (24 TiB, the most ESXi supports)').optional(),
  bootDiskGB: z.number().positive().max(65_536, 'must be the boot disk size in GB, at most 65536').optional(),
  nics: z.array(Nic).default(() => []),
});
export type HostHardware = z.infer<typeof HostHardware>;

export const PortGroup = z.object({
  name: z.string().min(1, 'port group needs a name').max(80),
  vlan: Vlan.default(0),
});
export type PortGroup = z.infer<typeof PortGroup>;

export const VSwitch = z.object({
  name: z.string().min(1).max(32).default('vSwitch0'),
  mtu: z.number().int().min(1280, 'MTU must be 1280 to 9000').max(9000, 'MTU must be 1280 to 9000').default(1500),
  /**
   * Uplinks as the technician chose them. `active` absent means "follow the host plan": vSwitch0 gets the install
   * NIC (what ESXi's installer gives it), other switches none. Every reader goes through the host plan
   * (main/core/host-plan), never this field directly.
   */
  uplinks: z
    .object({ active: z.array(UplinkName).optional(), standby: z.array(UplinkName).default(() => []) })
    .prefault({}),
  security: z
    .object({
      allowPromiscuous: z.boolean().default(false),
      macChanges: z.boolean().default(false),
      forgedTransmits: z.boolean().default(false),
    })
    .prefault({}),
  portGroups: z.array(PortGroup).default(() => [{ name: 'Management Network', vlan: 0 }, { name: 'VM Network', vlan: 0 }]),
});
export type VSwitch = z.infer<typeof VSwitch>;

export const Management = z
  .object({
    mode: z.enum(['static', 'dhcp']).default('static'),
    ip: Ipv4.optional(),
    vlan: Vlan.default(0),
    /**
     * The install (management) NIC: vmnicN / vusbN, or its MAC. Absent: the host plan picks the first uplink-role
     * NIC with a driver on the release (main/core/host-plan). The kickstart's `network --device` gets its MAC when
     * known, else its name. A device written as a MAC is checked as one (a broadcast or multicast MAC matches no NIC).
     */
    device: z
      .string()
      .superRefine((d, ctx) => {
        if (!MAC_LIKE.test(d)) return;
        const mac = Mac.safeParse(d);
        if (!mac.success) for (const i of mac.error.issues) addProblem(ctx, i.message);
      })
      .optional(),
  })
  .refine((m) => m.mode === 'dhcp' || m.ip !== undefined, { message: 'a static management address needs an IP', path: ['ip'] });
export type Management = z.infer<typeof Management>;

export const Host = z.object({
  name: z.string().regex(HOSTNAME, 'must be a host name: letters, digits and hyphens, up to 63 characters'),
  management: Management.prefault({}),
  hardware: HostHardware.prefault({}),
  requirements: HostRequirements.prefault({}),
  vswitches: z.array(VSwitch).default(() => [VSwitch.parse({})]),
  install: z
    .object({
      /** Disk for `install --disk=`; absent means `--firstdisk=local`. */
      disk: z.string().optional(),
      overwriteVmfs: z.boolean().default(true),
    })
    .prefault({}),
  /** PTP VMkernel adapter (host-settings.ts); absent when the host does not serve PTP. */
  ptp: PtpAdapter.optional(),
  /**
   * The static address of the Kubernetes worker this host runs. Every host applies workloads/common, so every
   * host runs its own `ec-worker` VM, and two workers on one LAN need two addresses. The address sits next to
   * the host, not in a map keyed by host name inside the worker, so it follows the host when the host is
   * renamed or reordered and cannot name a host the site does not have; the rest of the worker's network
   * (mode, prefix, gateway, DNS) is the same on every host and stays in `workloads.worker.network`.
   * Absent: the host's worker uses `workloads.worker.network.ip`, which is how a one-node site (and every
   * site.yaml written before this field) says it (worker-addresses.ts).
   */
  workerIp: Ipv4.optional(),
});
export type Host = z.infer<typeof Host>;

export const LocalUser = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_-]{0,30}$/, 'must be a lower-case user name'),
  passwordHash: PasswordHash,
  description: z.string().max(120).optional(),
  access: z.enum(['ReadOnly', 'Admin']).default('ReadOnly'),
});

export const VmClass = z.object({
  name: z.string().regex(DNS_LABEL, 'must be a lower-case DNS label'),
  cpus: z.number().int().min(1).max(64),
  /** At most 24 TiB, the most memory ESXi gives one VM. */
  memoryMiB: z.number().int().min(256).max(25_165_824, 'must be at most 25165824 MiB (24 TiB, the most ESXi gives one VM)'),
  reservation: z.enum(['best-effort', 'guaranteed']).default('best-effort'),
  ...VmClassExtras,
});
export type VmClass = z.infer<typeof VmClass>;

export const UserData = z.object({
  transport: z.enum(['CloudInit', 'Sysprep']).default('CloudInit'),
  /** Where the data lives: a ConfigMap for cloud-init, a Secret for Sysprep or anything with credentials. */
  source: z.enum(['ConfigMap', 'Secret']).default('ConfigMap'),
  content: z.string().min(1),
});

export const Vm = z.object({
  name: z.string().regex(DNS_LABEL, 'must be a lower-case DNS label'),
  namespace: z.string().regex(DNS_LABEL).default('default'),
  className: z.string().min(1),
  image: z.string().min(1, 'VM needs an image (an OVA location without the scheme, or ec-wrkr.ova)'),
  powerState: z.enum(['poweredOn', 'poweredOff']).default('poweredOn'),
  networks: z.array(z.string().min(1)).default(() => ['VM Network']),
  userData: UserData.optional(),
  /** Which host runs it on a two-node site; absent means the first host. */
  host: z.string().optional(),
});
export type Vm = z.infer<typeof Vm>;

export const Worker = z.object({
  enabled: z.boolean().default(true),
  cpus: z.number().int().min(1).max(32).refine(isPowerOfTwo, 'the worker\'s CPU count must be a power of two (1, 2, 4, 8, 16 or 32), as VMware\'s worker sample requires').default(4),
  /** VMware's examples declare the ec worker poweredOff: the ECS worker controller, not VM Operator, powers it. */
  powerState: z.enum(['poweredOn', 'poweredOff']).default('poweredOff'),
  memoryGiB: z.number().int().min(2).max(256).default(8),
  network: z
    .object({
      mode: z.enum(['dhcp', 'static']).default('dhcp'),
      /**
       * The worker's static address on a host that does not give its own (`hosts[].workerIp`): a one-node
       * site's worker address. On a two-node site each host's worker needs its own address, so at most one
       * host may use this one (worker-addresses.ts says which problem is reported where).
       */
      ip: Ipv4.optional(),
      prefix: z.number().int().min(8, 'must be a prefix length from 8 to 32, such as 24').max(32, 'must be a prefix length from 8 to 32, such as 24').default(24),
      gateway: Ipv4.optional(),
      dns: z.array(Ipv4).default(() => []),
    })
    .prefault({})
    // The IP may come from each host instead (hosts[].workerIp): the site's refinement checks that every host has one.
    .refine((n) => n.mode === 'dhcp' || n.gateway !== undefined, {
      message: 'a static worker address needs a gateway',
      path: ['gateway'],
    }),
});
export type Worker = z.infer<typeof Worker>;

export const App = z.object({
  name: z.string().regex(DNS_LABEL, 'must be a lower-case DNS label'),
  /** Plain Kubernetes YAML added by the technician; kept verbatim. */
  manifest: z.string().min(1),
});

export const Workloads = z.object({
  vmClasses: z.array(VmClass).default(() => []),
  vms: z.array(Vm).default(() => []),
  worker: Worker.prefault({}),
  apps: z.array(App).default(() => []),
  metallbPools: z.array(MetallbPool).default(() => []),
});
export type Workloads = z.infer<typeof Workloads>;

export const AcceptedFinding = z.object({
  code: z.string().min(1),
  file: z.string().optional(),
  path: z.string().optional(),
  by: z.string().min(1),
  at: z.string().min(1),
  reason: z.string().optional(),
});
export type AcceptedFinding = z.infer<typeof AcceptedFinding>;

export const GitTarget = z.object({
  /** HTTPS URL without credentials; credentials live in the OS keychain, never here. */
  url: z
    .string()
    .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), 'must not contain credentials; they are kept in the keychain')
    .optional(),
  branch: z.string().min(1).default('main'),
  basePath: z.string().default('sites'),
});

/** What one host's stick carried for it, as the build applied it (checked, not assumed). */
export const StickHostRecord = z.object({
  host: z.string(),
  /** Kernel options on both BOOT.CFG kernelopt= lines (and kept in KS.CFG). */
  kernelOptions: z.array(z.string()).default(() => []),
  /** Drivers the host needs and whether the installer ISO's own image database lists them (null: unreadable). */
  drivers: z.array(z.object({ vib: z.string(), nic: z.string().optional(), present: z.boolean().nullable() })).default(() => []),
  /** The technician built the stick although a needed driver is missing: an open item, never "done". */
  driverOverride: z.boolean().default(false),
});
export type StickHostRecord = z.infer<typeof StickHostRecord>;

/** One verified (or failed) stick run: written by the media flow whichever transport started it. */
export const MediaRecord = z.object({
  at: z.string(),
  /** When the write started; `at` is when it ended. */
  startedAt: z.string().optional(),
  /** Device path or image file path. */
  target: z.string(),
  targetKind: z.enum(['device', 'file']).optional(),
  model: z.string().optional(),
  serial: z.string().optional(),
  sizeBytes: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  isoName: z.string().optional(),
  isoSha256: z.string().optional(),
  /** The installer ISO's release and build, from its image database (the acceptance check compares the host with them). */
  isoRelease: z.string().optional(),
  isoBuild: z.string().optional(),
  /** SHA-256 of the image bytes, as `sha256sum` prints it for the image file. */
  imageSha256: z.string(),
  hosts: z.array(z.string()).default(() => []),
  verified: z.boolean(),
  ejected: z.boolean().optional(),
  seconds: z.number().nonnegative().optional(),
  bytesPerSecond: z.number().nonnegative().optional(),
  /** Per host, what the stick carried; absent on records written before this was kept. */
  carried: z.array(StickHostRecord).optional(),
  /** True when the installer ISO was Sitekit's sample (not ESXi). */
  sampleIso: z.boolean().optional(),
  /** The installer ISO matched the published checksum the technician entered (the build stops when it differs). */
  isoChecksumMatched: z.boolean().optional(),
});
export type MediaRecord = z.infer<typeof MediaRecord>;

/** A stick read back later (`media audit`) and compared with its manifest: written by the audit flow. */
export const AuditRecord = z.object({
  at: z.string(),
  target: z.string(),
  serial: z.string().optional(),
  /** SHA-256 of the image bytes read from the stick, when they could be read whole. */
  imageSha256: z.string().optional(),
  hosts: z.array(z.string()).default(() => []),
  intact: z.boolean(),
  filesChecked: z.number().int().nonnegative(),
  /** Files that differ from the manifest. */
  modified: z.number().int().nonnegative(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

/** Records of what was done, for the report: commits, sticks and exported reports. Written by flows, not by hand. */
export const SiteRecords = z.object({
  commits: z
    .array(
      z.object({
        sha: z.string(),
        at: z.string(),
        message: z.string(),
        pushed: z.boolean().default(false),
        /** Module settings per host the committed manifests carry (GitOps applies them). */
        moduleSettings: z.array(z.object({ host: z.string(), module: z.string(), options: z.string() })).optional(),
      }),
    )
    .default(() => []),
  media: z.array(MediaRecord).default(() => []),
  audits: z.array(AuditRecord).default(() => []),
  reports: z
    .array(
      z.object({
        at: z.string(),
        folder: z.string(),
        files: z.array(z.object({ format: z.string(), path: z.string(), sha256: z.string().optional() })),
      }),
    )
    .default(() => []),
  /** Acceptance runs on site, one record per host per run (acceptance-record.ts); absent until the first run. */
  acceptance: z.array(AcceptanceRecord).optional(),
});
export type SiteRecords = z.infer<typeof SiteRecords>;

export const SiteSpec = z.object({
  topology: z.enum(['one-node', 'two-node']).default('one-node'),
  release: Release.default('8.0U3'),
  managementNetwork: z.object({ subnet: Cidr, gateway: Ipv4 }),
  dns: z
    .object({
      servers: z.array(Ipv4).min(1, 'at least one DNS server').max(3, 'at most three DNS servers'),
      domain: z.string().regex(FQDN_OR_IP).optional(),
      searchDomains: z.array(z.string().regex(FQDN_OR_IP)).default(() => []),
    }),
  ntp: z
    .object({
      protocol: z.enum(['NTP', 'PTP']).default('NTP'),
      servers: z.array(HostOrIp).min(1, 'at least one NTP server'),
    }),
  syslog: z.array(z.object({ protocol: z.enum(['UDP', 'TCP', 'TLS']).default('UDP'), address: z.string().min(1).superRefine(dottedMustBeUnicast), port: z.number().int().min(1).max(65535).default(514) })).default(() => []),
  dcuiWelcome: z.string().max(400).optional(),
  /**
   * With Secure Boot on, %firstboot scripts never run
   * (docs/FIELD-NOTES.md "%firstboot does not run under Secure Boot"), so none are generated.
   */
  secureBoot: z.boolean().default(true),
  hosts: z.array(Host).min(1, 'a site needs at least one host').max(2, 'ECS sites have one or two hosts'),
  users: z.array(LocalUser).default(() => []),
  hostSettings: HostSettings.prefault({}),
  workloads: Workloads.prefault({}),
  git: GitTarget.prefault({}),
  acceptedFindings: z.array(AcceptedFinding).default(() => []),
});

export const SiteMetadata = z.object({
  /** Display name, e.g. "Store 0421 Leeds". */
  name: z.string().trim().min(1, 'the site needs a name').max(80, 'at most 80 characters'),
  /** Folder and repo path name: lower-case DNS label, e.g. store-0421. */
  id: z.string().regex(DNS_LABEL, 'must be lower-case letters, digits and hyphens (a DNS label), e.g. store-0421'),
  location: z.string().max(200).optional(),
  notes: z.string().max(4000).optional(),
  technician: z.string().max(120).optional(),
});

export const Site = z
  .object({
    apiVersion: z.literal(SITE_API_VERSION),
    kind: z.literal(SITE_KIND),
    metadata: SiteMetadata,
    spec: SiteSpec,
    records: SiteRecords.prefault({}),
  })
  .superRefine((site, ctx) => {
    const want = site.spec.topology === 'two-node' ? 2 : 1;
    if (site.spec.hosts.length !== want) {
      addProblem(ctx, `a ${site.spec.topology} site needs exactly ${want} host${want > 1 ? 's' : ''}, found ${site.spec.hosts.length}`, ['spec', 'hosts']);
    }
    const seen = new Set<string>();
    site.spec.hosts.forEach((h, i) => {
      const key = h.name.toLowerCase();
      if (seen.has(key)) addProblem(ctx, `host name "${h.name}" is used twice`, ['spec', 'hosts', i, 'name']);
      seen.add(key);
    });
    // Text no field may hold (NUL, control characters, U+FFFD): text.ts.
    for (const p of textProblems(site)) addProblem(ctx, p.message, p.path);
    // Address rules (network/broadcast, gateway outside the subnet, duplicates): network-rules.ts. The workers'
    // own rules (one address per host, inside the subnet) are not load rules: a two-node site.yaml written
    // before each host had its own worker address must still open so it can be fixed (worker-addresses.ts).
    for (const p of networkProblems(networkFacts(site))) addProblem(ctx, describeNetworkProblem(p), p.path);
    for (const p of missingWorkerAddresses(site)) addProblem(ctx, p.message, p.path);
  });
export type Site = z.infer<typeof Site>;
/** The input shape (before defaults), what a hand-written site.yaml may contain. */
export type SiteInput = z.input<typeof Site>;
