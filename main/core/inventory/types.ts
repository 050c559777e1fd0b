/**
 * What the inventory parsers produce: raw devices as the tools print them, before they become the site
 * model's `HostHardware`. Kept raw so several pastes (lspci + lsusb + dmidecode) can be merged per host.
 */

export const INVENTORY_FORMATS = ['lspci', 'lsusb', 'lsusb-verbose', 'esxcli-nic-list', 'esxcli-pci-list', 'esxcli-memory-cpu', 'dmidecode-system', 'ip-link'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

/** A PCI or USB device as an inventory shows it. IDs are 4 lower-case hex digits. */
export interface InventoryDevice {
  readonly source: InventoryFormat;
  readonly bus: 'pci' | 'usb';
  /** PCI address (0000:58:00.0) or USB bus/device (002:003). */
  readonly address?: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly subVendorId?: string;
  readonly subDeviceId?: string;
  /** PCI class as 6 hex (class, subclass, prog-if), e.g. 020000 for Ethernet. */
  readonly classCode?: string;
  /** USB interface classes as 6 hex (class, subclass, protocol), from `lsusb -v`. */
  readonly interfaceClasses?: readonly string[];
  readonly description: string;
  readonly driver?: string;
  /** ESXi name when the inventory came from ESXi (vmnic0). */
  readonly vmkName?: string;
  readonly mac?: string;
  /** 1-based line of the device's first line. */
  readonly line: number;
}

/** One row of `esxcli network nic list`. */
export interface EsxNicRow {
  readonly name: string;
  /** PCI address, absent for USB NICs ("Pseudo"). */
  readonly pciAddress?: string;
  readonly driver: string;
  readonly linkUp: boolean;
  readonly speedMbps?: number;
  readonly mac?: string;
  readonly mtu?: number;
  readonly description: string;
  readonly line: number;
}

/** One Ethernet interface of `ip link` / `ip -br link` (Linux live stick): its MAC and where it sits. */
export interface LinkRow {
  /** Linux interface name (enp1s0, enp0s20f0u1, enx00e04c68156a, eth0). */
  readonly name: string;
  readonly mac: string;
  /** Carrier seen (LOWER_UP / state UP). */
  readonly up: boolean;
  /** PCI address from a path name (enp1s0 → 0000:01:00.0); absent for USB NICs and names without a path. */
  readonly pciAddress?: string;
  /** True when a path name shows a USB device (enp0s20f0u1); absent when the name does not tell. */
  readonly usb?: boolean;
  readonly line: number;
}

/** `dmidecode -t system` fields that identify a box. Placeholder strings ("To Be Filled By O.E.M.") are dropped. */
export interface SystemInfo {
  readonly manufacturer?: string;
  readonly productName?: string;
  readonly version?: string;
  readonly serial?: string;
  readonly uuid?: string;
  readonly sku?: string;
  readonly family?: string;
  /** Installed memory in MiB: the sum of `dmidecode -t memory` modules, or `esxcli hardware memory get`. */
  readonly memoryMiB?: number;
  /** CPU cores and threads: `dmidecode -t processor` (summed over sockets) or `esxcli hardware cpu global get`. */
  readonly cpuCores?: number;
  readonly cpuThreads?: number;
  /** CPU name from `dmidecode -t processor` Version. */
  readonly cpu?: string;
}

export interface InventoryIssue {
  /**
   * no-ids: an lspci line without -nn or a PCI block without IDs; link-unplaced: an `ip link` interface whose MAC
   * could not be tied to one adapter of the other inventories; nic-unmatched: an esxcli NIC row that could not be
   * told apart from the adapters another inventory listed.
   */
  readonly code: 'not-recognised' | 'empty' | 'no-ids' | 'unknown-format' | 'link-unplaced' | 'nic-unmatched';
  /** 1-based line number. */
  readonly line: number;
  readonly text?: string;
}

/** Everything recognised in one pasted text or file. */
export interface ParsedInventory {
  readonly formats: readonly InventoryFormat[];
  readonly devices: readonly InventoryDevice[];
  readonly esxNics: readonly EsxNicRow[];
  /** Ethernet interfaces of `ip link` / `ip -br link`. */
  readonly links: readonly LinkRow[];
  readonly system?: SystemInfo;
  /** Lines that were not recognised, and other problems; the parse still succeeded when anything was recognised. */
  readonly issues: readonly InventoryIssue[];
  readonly lineCount: number;
}
