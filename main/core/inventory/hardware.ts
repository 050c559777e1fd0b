/**
 * Turns parsed inventories into the site model's `HostHardware`: serial and model from dmidecode, NICs from
 * lspci / lsusb / esxcli with ESXi names and MACs where the inventory has them (esxcli network nic list, lsusb -v,
 * ip link).
 *
 * NIC naming follows ESXi: PCI NICs become vmnic0… in PCI address order (or keep the name ESXi printed), USB
 * NICs vusb0… in the order they were listed. With a compatibility list, USB devices the Fling lists are
 * recognised as NICs and BMC virtual NICs get the `bmc` role, so they are never proposed as uplinks.
 *
 * Every NIC an inventory describes is kept. A row of `esxcli network nic list` that no other inventory
 * identifies (a USB NIC is not on `esxcli hardware pci list`) becomes a NIC without IDs, with its name and MAC;
 * the check then says what to paste to identify it. Likewise an `ip link` interface whose path name places it
 * when no lspci / lsusb was read.
 */
import type { HostHardware, Nic } from '../site/schema';
import type { CompatList } from '../hardware/schema';
import { findModel, indexList } from '../hardware/matching';
import type { EsxNicRow, InventoryDevice, InventoryFormat, InventoryIssue, LinkRow, ParsedInventory } from './types';
import { previewInventoryMerge, type MergeMode } from './merge';

/** What an inventory showed of a NIC beyond the site model's facts: the driver ESXi used and the link it saw. */
export interface NicSeen {
  readonly name: string;
  readonly source: InventoryFormat;
  /** Driver the running system used (esxcli: vmkusb_nic_fling, cdce, igc…). */
  readonly driver?: string;
  readonly linkUp?: boolean;
  /** Link speed at the time (a property of the link, not of the adapter: a 2.5G adapter may link at 1000). */
  readonly linkMbps?: number;
}

export interface InventoryHardware {
  readonly hardware: HostHardware;
  /** Problems found while combining (e.g. an ip link interface that could not be placed); the parsers' own issues stay in each ParsedInventory. */
  readonly issues: readonly InventoryIssue[];
  /** Per NIC name, what the inventories showed about its driver and link (for `hw parse` and the preview). */
  readonly seen: readonly NicSeen[];
}

/** USB devices that are never NICs: root hubs and hubs. */
const USB_NOT_NIC = /root hub|\bhub\b/i;
const USB_NIC_WORDS = /ethernet|\blan\b|network|\bnic\b|gigabit|2\.5g|5g\b|10\/100/i;
/** How ESXi describes a BMC's USB virtual NIC ("DellTM iDRAC Virtual NIC USB Device"). */
const BMC_WORDS = /\b(idrac|ilo|xcc|imm|bmc)\b|virtual nic/i;
const UPLINK_NAME = /^(vmnic\d{1,2}|vusb\d{1,2})$/;

function isPciNic(d: InventoryDevice): boolean {
  if (d.vmkName?.startsWith('vmnic')) return true;
  // 0200 Ethernet only: 0280 is Wi-Fi ("Network controller"), which ESXi never uses as an uplink
  return d.classCode !== undefined && d.classCode.startsWith('0200');
}

function isUsbNic(d: InventoryDevice, list: CompatList | undefined): boolean {
  if (list && indexList(list).usbById.has(`${d.vendorId}:${d.deviceId}`)) return true;
  if (d.vendorId === '1d6b' || USB_NOT_NIC.test(d.description)) return false;
  if (d.interfaceClasses?.some((c) => /^02(06|0a|0d|0c)/.test(c) || c.startsWith('e0'))) return true;
  return USB_NIC_WORDS.test(d.description);
}

const pciOrder = (a: { address?: string; pciAddress?: string }, b: { address?: string; pciAddress?: string }): number => (a.address ?? a.pciAddress ?? '').localeCompare(b.address ?? b.pciAddress ?? '');

/** Merges several inventories of one host into `HostHardware`. Later inventories fill gaps, they never erase. */
export function toHostHardware(inventories: readonly ParsedInventory[], list?: CompatList): InventoryHardware {
  const issues: InventoryIssue[] = [];
  const seen: NicSeen[] = [];
  const system = Object.assign({}, ...inventories.map((i) => i.system ?? {})) as NonNullable<ParsedInventory['system']>;
  const esxNics = inventories.flatMap((i) => i.esxNics);
  const links = inventories.flatMap((i) => i.links ?? []);
  const usedEsx = new Set<EsxNicRow>();
  const usedLinks = new Set<LinkRow>();
  const takeLink = (pred: (l: LinkRow) => boolean): LinkRow | undefined => {
    const l = links.find((x) => !usedLinks.has(x) && pred(x));
    if (l) usedLinks.add(l);
    return l;
  };
  const seenEsx = (e: EsxNicRow, name = e.name) => seen.push({ name, source: 'esxcli-nic-list', ...(e.driver ? { driver: e.driver } : {}), linkUp: e.linkUp, ...(e.speedMbps ? { linkMbps: e.speedMbps } : {}) });
  const seenLink = (l: LinkRow, name: string) => seen.push({ name, source: 'ip-link', linkUp: l.up });

  // PCI: one device per address (esxcli pci list wins over lspci for the same address: it has the vmnic name)
  const pciByAddr = new Map<string, InventoryDevice>();
  for (const d of inventories.flatMap((i) => i.devices).filter((x) => x.bus === 'pci' && isPciNic(x))) {
    const key = d.address ?? `${d.vendorId}:${d.deviceId}:${d.line}`;
    const prev = pciByAddr.get(key);
    pciByAddr.set(key, prev ? { ...prev, ...d, subVendorId: d.subVendorId ?? prev.subVendorId, subDeviceId: d.subDeviceId ?? prev.subDeviceId, vmkName: d.vmkName ?? prev.vmkName } : d);
  }
  const pci = [...pciByAddr.values()].sort(pciOrder);
  // `lsusb` followed by `lsusb -v` lists the same device twice: merge by bus:device and VID:PID
  const usbByKey = new Map<string, InventoryDevice>();
  for (const d of inventories.flatMap((i) => i.devices).filter((x) => x.bus === 'usb')) {
    const key = `${d.address ?? d.line}-${d.vendorId}:${d.deviceId}`;
    const prev = usbByKey.get(key);
    usbByKey.set(key, prev ? { ...prev, interfaceClasses: d.interfaceClasses ?? prev.interfaceClasses, mac: d.mac ?? prev.mac } : d);
  }
  const usb = [...usbByKey.values()].filter((d) => isUsbNic(d, list));
  const usbIndex = list ? indexList(list).usbById : undefined;

  const nics: Nic[] = [];
  const taken = new Set<string>(pci.map((d) => d.vmkName).filter((n): n is string => !!n));
  const fresh = (prefix: 'vmnic' | 'vusb') => {
    let i = 0;
    while (taken.has(`${prefix}${i}`)) i++;
    taken.add(`${prefix}${i}`);
    return `${prefix}${i}`;
  };
  for (const d of pci) {
    const esx = esxNics.find((e) => !usedEsx.has(e) && ((e.pciAddress && e.pciAddress === d.address) || (d.vmkName && e.name === d.vmkName)));
    if (esx) usedEsx.add(esx);
    const link = d.address ? takeLink((l) => l.pciAddress === d.address) : undefined;
    const name = d.vmkName ?? esx?.name ?? fresh('vmnic');
    const mac = esx?.mac ?? d.mac ?? link?.mac;
    if (esx) seenEsx(esx, name);
    else if (link) seenLink(link, name);
    nics.push({
      name,
      bus: 'pci',
      vendorId: d.vendorId,
      deviceId: d.deviceId,
      ...(d.subVendorId ? { subVendorId: d.subVendorId } : {}),
      ...(d.subDeviceId ? { subDeviceId: d.subDeviceId } : {}),
      ...(mac ? { mac } : {}),
      role: 'uplink',
      label: d.description.slice(0, 120),
      ...(d.classCode ? { classCode: d.classCode } : {}),
    });
  }
  // USB devices and esxcli's vusbN rows: the same MAC ties them; else, when the counts agree, the order does
  // (ESXi numbers vusbN in discovery order).
  const esxUsb = esxNics.filter((e) => e.name.startsWith('vusb'));
  const esxOf = new Map<InventoryDevice, EsxNicRow>();
  for (const d of usb) {
    const e = d.mac ? esxUsb.find((x) => !usedEsx.has(x) && x.mac === d.mac) : undefined;
    if (e) {
      esxOf.set(d, e);
      usedEsx.add(e);
    }
  }
  if (esxUsb.length === usb.length) {
    const rest = esxUsb.filter((e) => !usedEsx.has(e));
    for (const d of usb.filter((x) => !esxOf.has(x))) {
      const e = rest.shift();
      if (!e || (d.mac && e.mac && d.mac !== e.mac)) continue;
      esxOf.set(d, e);
      usedEsx.add(e);
    }
  }
  const usbLinks = links.filter((l) => l.usb === true && !usedLinks.has(l));
  usb.forEach((d, i) => {
    const listed = usbIndex?.get(`${d.vendorId}:${d.deviceId}`);
    const bmc = listed?.role === 'bmc-virtual-nic';
    const esx = esxOf.get(d);
    // ip link: by MAC, or the one USB interface when there is one USB NIC
    const link = d.mac ? takeLink((l) => l.mac === d.mac) : usb.length === 1 && usbLinks.length === 1 ? takeLink((l) => l === usbLinks[0]) : undefined;
    const cdc = d.interfaceClasses?.find((c) => c.startsWith('02'));
    const name = esx?.name ?? `vusb${i}`;
    taken.add(name);
    const mac = d.mac ?? esx?.mac ?? link?.mac;
    if (esx) seenEsx(esx, name);
    else if (link) seenLink(link, name);
    nics.push({
      name,
      bus: 'usb',
      vendorId: d.vendorId,
      deviceId: d.deviceId,
      ...(mac ? { mac } : {}),
      ...(listed?.speedMbps ? { speedMbps: listed.speedMbps } : {}),
      role: bmc ? 'bmc' : 'uplink',
      label: d.description.slice(0, 120),
      ...(cdc ? { classCode: cdc } : {}),
    });
  });
  // esxcli nic list rows no other inventory identifies: kept by name and MAC, IDs unknown (a USB NIC is never on
  // esxcli hardware pci list; without lsusb its VID:PID is simply not known). When lspci / lsusb did list
  // adapters of that bus, the row is one of them that could not be told apart: reported, never counted twice.
  for (const e of esxNics) {
    if (usedEsx.has(e)) continue;
    const bus = e.name.startsWith('vusb') ? 'usb' : 'pci';
    if ((bus === 'usb' ? usb.length : pci.length) > 0 || nics.some((n) => n.name === e.name) || !UPLINK_NAME.test(e.name)) {
      issues.push({ code: 'nic-unmatched', line: e.line, text: `${e.name} (${e.description || e.driver})` });
      continue;
    }
    const label = (e.description || e.driver).slice(0, 120);
    nics.push({ name: e.name, bus, ...(e.mac ? { mac: e.mac } : {}), role: bus === 'usb' && BMC_WORDS.test(e.description) ? 'bmc' : 'uplink', ...(label ? { label } : {}) });
    seenEsx(e);
    taken.add(e.name);
  }
  // ip link interfaces: a MAC another NIC already has is the same adapter; the rest become NICs without IDs
  // when their name places them and no lspci / lsusb listed that kind of NIC, else they are reported
  const macs = new Set(nics.map((n) => n.mac).filter(Boolean));
  const rest = links.filter((l) => !usedLinks.has(l) && !macs.has(l.mac));
  const placed = rest.filter((l) => (l.pciAddress && pci.length === 0) || (l.usb && usb.length === 0));
  for (const l of [...placed.filter((x) => x.pciAddress).sort(pciOrder), ...placed.filter((x) => x.usb)]) {
    const name = fresh(l.usb ? 'vusb' : 'vmnic');
    nics.push({ name, bus: l.usb ? 'usb' : 'pci', mac: l.mac, role: 'uplink', label: `Linux ${l.name}` });
    seenLink(l, name);
  }
  for (const l of rest.filter((x) => !placed.includes(x))) issues.push({ code: 'link-unplaced', line: l.line, text: `${l.name} (${l.mac})` });
  nics.sort((a, b) => (a.bus === b.bus ? 0 : a.bus === 'pci' ? -1 : 1));
  const model = list ? (findModel(list, system.productName) ?? findModel(list, system.version) ?? findModel(list, system.sku)) : undefined;
  // Without dmidecode's CPU name, the lspci host bridge names the CPU generation ("Raptor Lake-P/U … Host
  // Bridge", "Raven/Raven2 Root Complex"): enough for the check to spot an inventory of another model.
  const bridge = system.cpu ? undefined : inventories.flatMap((i) => i.devices).find((d) => d.bus === 'pci' && d.classCode?.startsWith('0600'));
  const bridgeCpu = bridge ? `${bridge.vendorId === '8086' ? 'Intel' : bridge.vendorId === '1022' ? 'AMD' : bridge.vendorId} host bridge: ${bridge.description}`.slice(0, 120) : undefined;
  const hardware: HostHardware = {
    ...(model ? { model: model.id } : {}),
    ...(system.serial ? { serial: system.serial } : {}),
    ...(system.manufacturer ? { vendor: system.manufacturer.slice(0, 80) } : {}),
    ...(system.productName ? { productName: system.productName } : {}),
    ...(system.cpu ? { cpu: system.cpu } : bridgeCpu ? { cpu: bridgeCpu } : {}),
    ...(system.cpuCores ? { cores: system.cpuCores } : {}),
    // Threads against cores tell whether the CPU has E-cores (host-plan/cpu.ts): the box's CPU decides.
    ...(system.cpuThreads ? { threads: system.cpuThreads } : {}),
    // GiB rounded to a tenth: firmware reserves a little, so 64 GiB of modules may show as 63.8 in esxcli
    ...(system.memoryMiB ? { ramGiB: Math.round((system.memoryMiB / 1024) * 10) / 10 } : {}),
    // Every MAC here was read from an inventory paste: the plan says so next to it.
    nics: nics.map((n) => (n.mac ? { ...n, macSource: 'inventory' as const } : n)),
  };
  return { hardware, issues, seen };
}

/**
 * Applies inventory hardware to what a host already has (merge.ts): by default the inventory adds what it
 * describes and keeps every NIC it does not mention (also the model's onboard NICs the check assumed); `replace`
 * is the explicit choice to keep exactly the NICs the inventory shows. The chosen model is never overwritten.
 */
export function mergeHardware(existing: HostHardware, found: HostHardware, o: { readonly mode?: MergeMode; readonly list?: CompatList } = {}): HostHardware {
  const model = o.list ? findModel(o.list, existing.model) : undefined;
  return previewInventoryMerge(existing, found, { ...(o.mode ? { mode: o.mode } : {}), ...(model ? { model } : {}) }).result;
}
