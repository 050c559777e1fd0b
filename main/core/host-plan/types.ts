/**
 * The shapes of the host plan: one answer per host to "what is this box, and what must every later step do
 * for it" — its NICs with roles, drivers and the builds that list them, the install NIC, the vSwitch uplinks,
 * MACs with where they came from, kernel options and module settings with their reasons. The Hardware,
 * Network and Boot media steps, the kickstart, the manifests, lint, the report, the CLI and the fleet import
 * all read it; none of them derives these facts again (issue 24).
 */
import type { HostRequirements, Nic, VSwitch } from '../site/schema';
import type { HostVerdict, SiteVerdict, VerdictStatus } from '../hardware/verdict';
import type { HostCpu } from './cpu';

/** One USB NIC Fling build, as the compatibility list names it. */
export interface FlingBuildRef {
  readonly id: string;
  readonly vibVersion: string;
  readonly file: string;
}

/**
 * How an installer ISO relates to one NIC's driver. `yes`: it carries a driver build that lists this adapter;
 * `no`: it carries no such driver; `wrong-build`: it carries the package, but a build that does not list this
 * adapter; `unknown-build`: it carries a build the compatibility list does not know; `unreadable`: its image
 * database could not be read.
 */
export type CarriedState = 'yes' | 'no' | 'wrong-build' | 'unknown-build' | 'unreadable';

export interface CarriedDriver {
  readonly state: CarriedState;
  /** The VIB version the ISO carries, when it carries the package. */
  readonly version?: string;
  /** The compatibility list's id for that build, when it knows it. */
  readonly buildId?: string;
}

/** inbox: ESXi's own driver; package: needs a driver package in the install image; none: no driver exists. */
export type DriverKind = 'inbox' | 'package' | 'none' | 'unknown' | 'bmc';

export interface DriverPlan {
  readonly kind: DriverKind;
  /** vmkernel module, e.g. ne1000, igc-community, vmkusb_nic_fling. */
  readonly module?: string;
  /** esximage VIB name the installer must carry (kind `package`), e.g. vmkusb-nic-fling, if-re. */
  readonly vib?: string;
  /** Component / offline bundle ZIP for Image Builder. */
  readonly component?: string;
  /** The package as people name it, e.g. "USB NIC Fling 1.14-7vmw.803.0.95.93415869". */
  readonly package?: string;
  /** USB NIC Fling builds for this release that list the adapter, oldest first (USB NICs only). */
  readonly listingBuilds?: readonly FlingBuildRef[];
  /**
   * The oldest of them, when some build for this release does not list the adapter: an ISO must carry this build
   * or a newer listing one (absent when every build of the release lists it).
   */
  readonly minBuild?: FlingBuildRef;
  /** The build to inject: the release's recommended build when it lists the adapter, else the newest that does. */
  readonly build?: FlingBuildRef;
  /** With an installer ISO: whether it carries a driver that drives this adapter. */
  readonly carried?: CarriedDriver;
}

export interface NicVSwitchUse {
  readonly vswitch: string;
  readonly as: 'active' | 'standby';
}

/** One NIC of a host, as every later step sees it. */
export interface NicPlan {
  readonly name: string;
  readonly bus: Nic['bus'];
  /** Absent when no inventory identified the adapter (an `esxcli network nic list` row alone). */
  readonly vendorId?: string;
  readonly deviceId?: string;
  readonly label: string;
  /** The device as the compatibility list names it (USB chip, PCI family and model), else the label. */
  readonly device: string;
  readonly role: Nic['role'];
  /** True when the NIC is the model's standard onboard adapter, assumed because the host lists none. */
  readonly fromModel: boolean;
  readonly mac?: string;
  /** Where the MAC came from; absent when there is none. */
  readonly macSource?: 'inventory' | 'entered';
  readonly speedMbps?: number;
  /** The device verdict's status. */
  readonly status: VerdictStatus;
  /** A driver exists on the release and the NIC is fast enough: it can carry traffic once its driver is there. */
  readonly usable: boolean;
  readonly driver: DriverPlan;
  /** The host is installed (and managed) through this NIC. */
  readonly install: boolean;
  readonly vswitches: readonly NicVSwitchUse[];
}

/** The NIC the installer configures (kickstart `network --device`) and vSwitch0 starts with. */
export interface InstallNicPlan {
  /** vmnicN / vusbN, when the host has that NIC. */
  readonly nic?: string;
  readonly mac?: string;
  /** What `network --device=` gets: the MAC when known, else the NIC name; absent when no NIC is known. */
  readonly device?: string;
  /** site: the technician chose it (management.device); default: the plan picked it; none: no NIC to pick. */
  readonly source: 'site' | 'default' | 'none';
  /** The technician's entry, when it names no NIC of this host. */
  readonly entered?: string;
}

/** A vSwitch with its uplinks as the host will have them. */
export interface PlannedVSwitch extends Omit<VSwitch, 'uplinks'> {
  readonly uplinks: { readonly active: readonly string[]; readonly standby: readonly string[] };
  /** site: the technician set the uplinks; plan: they follow Hardware's roles (vSwitch0 gets the install NIC). */
  readonly uplinksFrom: 'site' | 'plan';
}

/** Why a kernel option is on the host. */
export interface KernelOptionPlan {
  readonly option: string;
  /** quirk: the compatibility list asks for it; site: the technician added it by hand. */
  readonly why: 'quirk' | 'site';
  readonly quirk?: string;
  /** For quirks of the CPU: decided by the CPU the box shows, or by the chosen model. */
  readonly basis?: 'cpu' | 'model';
}

export interface ModuleSettingPlan {
  readonly module: string;
  readonly options: string;
  /** usb-nic: the Fling's boot scan and name pinning for a USB uplink; site: from the site (an imported repo). */
  readonly why: 'usb-nic' | 'site';
}

/** What `%firstboot` on a stick for several hosts uses to know which host it is on. */
export interface FirstBootSelector {
  /** hostname: the installer set it (static address); serial: the site knows the box's serial; mac: neither. */
  readonly kind: 'hostname' | 'serial' | 'mac';
  readonly value: string;
}

export interface HostPlan {
  readonly host: string;
  readonly fqdn: string;
  readonly model?: { readonly id: string; readonly name: string; readonly hybridCores: boolean };
  readonly cpu: HostCpu;
  readonly nics: readonly NicPlan[];
  readonly install: InstallNicPlan;
  readonly vswitches: readonly PlannedVSwitch[];
  readonly kernelOptions: readonly KernelOptionPlan[];
  readonly moduleSettings: readonly ModuleSettingPlan[];
  readonly biosSettings: readonly string[];
  /** What site.yaml keeps of the plan (`host.requirements`), for readers outside Sitekit. */
  readonly requirements: HostRequirements;
  /** The hardware verdict, with the plan's own findings (install NIC, drivers the ISO carries) added. */
  readonly verdict: HostVerdict;
  readonly firstBoot?: FirstBootSelector;
  /** Every uplink the host has is a USB NIC: losing the Fling's settings at a reboot cuts it off. */
  readonly usbOnly: boolean;
}

export interface SitePlan {
  readonly release: SiteVerdict['release'];
  readonly hosts: readonly HostPlan[];
  /** The site's verdict: every host's (with the plan's findings) and the site-level rules. */
  readonly verdict: SiteVerdict;
  /** True when an installer ISO's contents were compared (the `carried` fields are set). */
  readonly installerCompared: boolean;
}
