/**
 * The shapes of a hardware verdict: statuses, findings (code + params, never prose), and actions.
 *
 * Kept apart from the engine so the report, the UI and the CLI can import the types without the rules. Human text
 * for every code lives in `messages.ts` only (docs/CONVENTIONS.md § Rules return codes, words live in messages).
 */
import type { Evidence } from './schema';
import type { Release } from '../site/schema';

export const VERDICT_STATUSES = ['supported', 'supported-with-actions', 'unsupported', 'unknown'] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];
export type Severity = 'error' | 'warning' | 'info';

/** Every finding code the engine can emit; messages.ts has one sentence for each. */
export const FINDING_CODES = [
  // device level
  'pci-inbox',
  'pci-fling-driver',
  'pci-community-driver',
  'pci-no-driver',
  'pci-status-unknown',
  'pci-not-in-list',
  'usb-listed',
  'usb-not-in-release-build',
  'usb-cdc-class-untested',
  'usb-not-listed',
  'usb-not-listed-class-unknown',
  'usb-product-unknown',
  'nic-ids-unknown',
  'bmc-virtual-nic',
  'nic-too-slow',
  'nic-speed-unknown',
  'evidence-unverified',
  'nic-unused',
  // host level
  'model-known',
  'model-unknown',
  'model-not-set',
  'quirk',
  'cores-below-minimum',
  'ram-below-minimum',
  'ram-below-recommended',
  'ram-above-model-max',
  'ram-unknown',
  'boot-disk-below-minimum',
  'boot-disk-unknown',
  'no-nics',
  'nics-from-model',
  'no-supported-uplink',
  'no-confirmed-uplink',
  'uplink-unsupported',
  'uplink-missing',
  'cpu-quirk-by-inventory',
  // host plan (main/core/host-plan): the install NIC, uplinks against roles, drivers an installer ISO carries
  'install-nic-missing',
  'install-nic-mac-unknown',
  'install-nic-not-uplink',
  'install-nic-no-driver',
  'install-nic-none',
  'uplink-role-unused',
  'driver-not-carried',
  'driver-wrong-build',
  'driver-build-unknown',
  'model-product-mismatch',
  'cpu-generation-mismatch',
  'bmc-nic-as-uplink',
  'vusb-name-out-of-range',
  'too-many-usb-nics',
  'usb-jumbo-unverified',
  'release-not-in-list',
  // site level
  'portgroup-parity',
  'portgroup-vlan-mismatch',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export type Params = Readonly<Record<string, string | number | boolean>>;

/** One result of one rule. */
export interface Finding {
  readonly severity: Severity;
  readonly code: FindingCode;
  readonly params: Params;
  readonly evidence?: Evidence;
  readonly sources?: readonly string[];
}

/** Something the technician or a later step must do. */
export type Action =
  | { readonly kind: 'inject-usb-fling'; readonly build: string; readonly file: string; readonly vibVersion: string }
  | { readonly kind: 'inject-driver'; readonly package: string; readonly driver: string }
  | { readonly kind: 'kernel-option'; readonly option: string; readonly quirk?: string; readonly basis?: 'cpu' | 'model' }
  | { readonly kind: 'bios'; readonly setting: string }
  | { readonly kind: 'module-setting'; readonly module: string; readonly options: string }
  | { readonly kind: 'pick-another-uplink'; readonly nic: string; readonly suggestion?: string }
  | { readonly kind: 'verify'; readonly what: string }
  | { readonly kind: 'change-release'; readonly to: string };

export interface DeviceVerdict {
  /** ESXi name (vmnicN / vusbN). */
  readonly nic: string;
  readonly bus: 'pci' | 'usb';
  /** Absent when the inventory did not show the NIC's IDs (esxcli network nic list alone). */
  readonly vendorId?: string;
  readonly deviceId?: string;
  readonly label: string;
  readonly mac?: string;
  readonly role: 'uplink' | 'bmc' | 'unused';
  /** True when a vSwitch of the host uses it (or, with none assigned, it is an uplink candidate). */
  readonly used: boolean;
  /** How it matched the list: PCI family id, USB VID:PID, CDC class, or nothing. */
  readonly match: { readonly kind: 'pci-family' | 'usb-listed' | 'usb-cdc-class' | 'none'; readonly id?: string };
  readonly driver?: string;
  readonly speedMbps?: number;
  readonly status: VerdictStatus;
  /** Counts towards "at least one supported uplink of ≥ 1 GbE". */
  readonly countsAsUplink: boolean;
  readonly findings: readonly Finding[];
  readonly actions: readonly Action[];
  readonly evidence?: Evidence;
  readonly sources: readonly string[];
}

export interface HostVerdict {
  readonly host: string;
  readonly model?: { readonly id: string; readonly name: string; readonly hybridCores: boolean };
  readonly status: VerdictStatus;
  readonly findings: readonly Finding[];
  /** Everything the later steps must apply for this host (deduplicated, device actions of used NICs included). */
  readonly actions: readonly Action[];
  readonly devices: readonly DeviceVerdict[];
  /** Names of NICs that count as supported uplinks. */
  readonly uplinks: readonly string[];
}

export interface SiteVerdict {
  readonly release: Release;
  readonly list: { readonly listVersion: string; readonly dataDate: string; readonly schemaVersion: number };
  /** Worst host status: unsupported > unknown > supported-with-actions > supported. */
  readonly status: VerdictStatus;
  readonly hosts: readonly HostVerdict[];
  readonly findings: readonly Finding[];
}

const RANK: Record<VerdictStatus, number> = { supported: 0, 'supported-with-actions': 1, unknown: 2, unsupported: 3 };

/** The worse of statuses (unsupported > unknown > supported-with-actions > supported). */
export function worstStatus(statuses: readonly VerdictStatus[]): VerdictStatus {
  let worst: VerdictStatus = 'supported';
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

/** A stable key for deduplicating actions. */
export function actionKey(a: Action): string {
  switch (a.kind) {
    case 'inject-usb-fling':
      return `usb-fling:${a.build}`;
    case 'inject-driver':
      return `driver:${a.package}`;
    case 'kernel-option':
      return `kopt:${a.option.split('=')[0]}`;
    case 'bios':
      return `bios:${a.setting}`;
    case 'module-setting':
      return `mod:${a.module}`;
    case 'pick-another-uplink':
      return `uplink:${a.nic}`;
    case 'verify':
      return `verify:${a.what}`;
    case 'change-release':
      return `release:${a.to}`;
  }
}
