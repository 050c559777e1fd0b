/**
 * Turns parsed inventories into the site model's `HostHardware`: serial and model from dmidecode, NICs from
 * lspci / lsusb / esxcli with ESXi names and MACs where the inventory has them.
 *
 * NIC naming follows ESXi: PCI NICs become vmnic0… in PCI address order (or keep the name ESXi printed), USB
 * NICs vusb0… in the order they were listed. With a compatibility list, USB devices the Fling lists are
 * recognised as NICs and BMC virtual NICs get the `bmc` role, so they are never proposed as uplinks.
 */
import type { HostHardware, Nic } from '../site/schema';
import type { CompatList } from '../hardware/schema';
import { findModel, indexList } from '../hardware/matching';
import type { InventoryDevice, InventoryIssue, ParsedInventory } from './types';
import { previewInventoryMerge, type MergeMode } from './merge';

export interface InventoryHardware {
  readonly hardware: HostHardware;
  /** Problems found while combining (e.g. esxcli NICs without IDs); the parsers' own issues stay in each ParsedInventory. */
  readonly issues: readonly InventoryIssue[];
}

/** USB devices that are never NICs: root hubs and hubs. */
const USB_NOT_NIC = /root hub|\bhub\b/i;
const USB_NIC_WORDS = /ethernet|\blan\b|network|\bnic\b|gigabit|2\.5g|5g\b|10\/100/i;

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

const pciOrder = (a: InventoryDevice, b: InventoryDevice): number => (a.address ?? '').localeCompare(b.address ?? '');

/** Merges several inventories of one host into `HostHardware`. Later inventories fill gaps, they never erase. */
export function toHostHardware(inventories: readonly ParsedInventory[], list?: CompatList): InventoryHardware {
  const issues: InventoryIssue[] = [];
  const system = Object.assign({}, ...inventories.map((i) => i.system ?? {})) as NonNullable<ParsedInventory['system']>;
  const esxNics = inventories.flatMap((i) => i.esxNics);
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
  const taken = new Set<string>([...pci.map((d) => d.vmkName).filter((n): n is string => !!n)]);
  let nextVmnic = 0;
  const freshVmnic = () => {
    while (taken.has(`vmnic${nextVmnic}`)) nextVmnic++;
    taken.add(`vmnic${nextVmnic}`);
    return `vmnic${nextVmnic}`;
  };
  for (const d of pci) {
    const esx = esxNics.find((e) => (e.pciAddress && e.pciAddress === d.address) || (d.vmkName && e.name === d.vmkName));
    const name = d.vmkName ?? esx?.name ?? freshVmnic();
    nics.push({
      name,
      bus: 'pci',
      vendorId: d.vendorId,
      deviceId: d.deviceId,
      ...(d.subVendorId ? { subVendorId: d.subVendorId } : {}),
      ...(d.subDeviceId ? { subDeviceId: d.subDeviceId } : {}),
      ...(esx?.mac ? { mac: esx.mac } : d.mac ? { mac: d.mac } : {}),
      role: 'uplink',
      label: d.description.slice(0, 120),
      ...(d.classCode ? { classCode: d.classCode } : {}),
    });
  }
  const esxUsb = esxNics.filter((e) => e.name.startsWith('vusb'));
  usb.forEach((d, i) => {
    const listed = usbIndex?.get(`${d.vendorId}:${d.deviceId}`);
    const bmc = listed?.role === 'bmc-virtual-nic';
    // ESXi numbers vusbN in discovery order; only when the counts agree is the i-th row this device
    const esx = esxUsb.length === usb.length ? esxUsb[i] : undefined;
    const cdc = d.interfaceClasses?.find((c) => c.startsWith('02'));
    nics.push({
      name: esx?.name ?? `vusb${i}`,
      bus: 'usb',
      vendorId: d.vendorId,
      deviceId: d.deviceId,
      ...(d.mac ? { mac: d.mac } : esx?.mac ? { mac: esx.mac } : {}),
      ...(listed?.speedMbps ? { speedMbps: listed.speedMbps } : {}),
      role: bmc ? 'bmc' : 'uplink',
      label: d.description.slice(0, 120),
      ...(cdc ? { classCode: cdc } : {}),
    });
  });
  // esxcli nic list rows with nothing to identify them
  for (const e of esxNics) {
    if (!nics.some((n) => n.name === e.name)) issues.push({ code: 'no-ids', line: e.line, text: `${e.name} (${e.description || e.driver})` });
  }
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
    // GiB rounded to a tenth: firmware reserves a little, so 64 GiB of modules may show as 63.8 in esxcli
    ...(system.memoryMiB ? { ramGiB: Math.round((system.memoryMiB / 1024) * 10) / 10 } : {}),
    nics,
  };
  return { hardware, issues };
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
