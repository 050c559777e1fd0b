/**
 * ESXi's own views: `esxcli network nic list` (a table: names, drivers and MACs, no IDs) and
 * `esxcli hardware pci list` (one block per device with vendor/device/subsystem IDs and the VMkernel name).
 */
import { clean, hex4, normaliseMac, type Accumulator, type FormatHandler } from './handler';
import type { InventoryDevice } from './types';

const NIC_HEADER = /^Name\s+PCI Device\s+Driver\b/i;
const DASHES = /^-{2,}(\s+-{2,})+\s*$/;
const NIC_NAME = /^(vmnic\d+|vusb\d+)$/;
const MAC_TOKEN = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;

export function createEsxNicListHandler(acc: Accumulator): FormatHandler {
  let inTable = false;
  return {
    format: 'esxcli-nic-list',
    starts: (line) => NIC_HEADER.test(line.trim()),
    accept(line, lineNo) {
      const t = line.trim();
      if (NIC_HEADER.test(t)) {
        inTable = true;
        acc.formats.add('esxcli-nic-list');
        return true;
      }
      if (!inTable) return false;
      if (DASHES.test(t)) return true;
      const tok = t.split(/\s+/);
      if (!tok[0] || !NIC_NAME.test(tok[0])) return false;
      // Fixed columns up to MTU have no spaces; the description is the rest. Find the MAC by shape, so a missing
      // column (odd spacing, a blank speed) does not shift everything after it.
      const macAt = tok.findIndex((x) => MAC_TOKEN.test(x));
      const pci = tok[1] && /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i.test(tok[1]) ? tok[1].toLowerCase() : undefined;
      const speedTok = macAt > 2 ? tok.slice(3, macAt).find((x) => /^\d+$/.test(x)) : undefined;
      const mtuTok = macAt >= 0 ? tok[macAt + 1] : undefined;
      const mtu = mtuTok && /^\d+$/.test(mtuTok) ? Number(mtuTok) : undefined;
      const descStart = macAt >= 0 ? macAt + (mtu !== undefined ? 2 : 1) : tok.length;
      acc.esxNics.push({
        name: tok[0],
        ...(pci ? { pciAddress: pci } : {}),
        driver: tok[2] ?? '',
        linkUp: (tok[4] ?? '').toLowerCase() === 'up',
        ...(speedTok && Number(speedTok) > 0 ? { speedMbps: Number(speedTok) } : {}),
        ...(macAt >= 0 ? { mac: normaliseMac(tok[macAt]) } : {}),
        ...(mtu !== undefined ? { mtu } : {}),
        description: tok.slice(descStart).join(' '),
        line: lineNo,
      });
      return true;
    },
    finish: () => {
      inTable = false;
    },
  };
}

const PCI_BLOCK_START = /^([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\s*$/i;
const FIELD = /^\s+([A-Za-z][A-Za-z /]*?):\s*(.*)$/;

export function createEsxPciListHandler(acc: Accumulator): FormatHandler {
  let address: string | undefined;
  let line = 0;
  let fields = new Map<string, string>();
  const flush = () => {
    if (address) {
      const vid = hex4(fields.get('vendor id'));
      const did = hex4(fields.get('device id'));
      if (vid && did) {
        const cls = (fields.get('device class') ?? '').toLowerCase().replace(/^0x/, '').padStart(4, '0');
        const progIf = (fields.get('programming interface') ?? '00').toLowerCase().replace(/^0x/, '').padStart(2, '0');
        const vmk = fields.get('vmkernel name');
        const device: InventoryDevice = {
          source: 'esxcli-pci-list',
          bus: 'pci',
          address,
          vendorId: vid,
          deviceId: did,
          ...(hex4(fields.get('subvendor id')) ? { subVendorId: hex4(fields.get('subvendor id')) } : {}),
          ...(hex4(fields.get('subdevice id')) ? { subDeviceId: hex4(fields.get('subdevice id')) } : {}),
          ...(/^[0-9a-f]{4}$/.test(cls) && /^[0-9a-f]{2}$/.test(progIf) ? { classCode: cls + progIf } : {}),
          description: clean(`${fields.get('vendor name') ?? ''} ${fields.get('device name') ?? ''}`) || `PCI ${vid}:${did}`,
          ...(fields.get('module name') && fields.get('module name') !== 'None' ? { driver: fields.get('module name') } : {}),
          ...(vmk && /^(vmnic|vmhba|vusb)\d+$/.test(vmk) ? { vmkName: vmk } : {}),
          line,
        };
        acc.devices.push(device);
      } else {
        acc.issues.push({ code: 'no-ids', line, text: `PCI device ${address}` });
      }
    }
    address = undefined;
    fields = new Map();
  };
  return {
    format: 'esxcli-pci-list',
    starts: (l) => PCI_BLOCK_START.test(l.trim()) && !/^\s/.test(l),
    accept(l, lineNo) {
      const start = PCI_BLOCK_START.exec(l.trim());
      if (start && !/^\s/.test(l)) {
        flush();
        acc.formats.add('esxcli-pci-list');
        address = start[1]!.toLowerCase();
        line = lineNo;
        return true;
      }
      if (!address) return false;
      if (/^\s*(Physical Memory|CPU Packages):/.test(l)) return false; // another esxcli command's output follows
      const fm = FIELD.exec(l);
      if (fm) {
        fields.set(fm[1]!.trim().toLowerCase(), fm[2]!.trim());
        return true;
      }
      return false;
    },
    finish: flush,
  };
}

const MEM_CPU_START = /^\s*(Physical Memory|CPU Packages):\s*\S/;
const MEM_CPU_FIELD = /^\s*(Physical Memory|Reliable Memory|NUMA Node Count|CPU Packages|CPU Cores|CPU Threads|Hyperthreading Active|Hyperthreading Supported|Hyperthreading Enabled|HV Support|HV Replay Capable|HV Replay Disabled Reasons|Max Supported Frequency|Package Count|Core Count|Thread Count):\s*(.*)$/i;

/** `esxcli hardware memory get` and `esxcli hardware cpu global get`: installed memory, cores and threads. */
export function createEsxMemoryCpuHandler(acc: Accumulator): FormatHandler {
  let active = false;
  return {
    format: 'esxcli-memory-cpu',
    starts: (line) => MEM_CPU_START.test(line),
    accept(line) {
      const m = MEM_CPU_FIELD.exec(line);
      if (!m || (!active && !MEM_CPU_START.test(line))) return false;
      active = true;
      acc.formats.add('esxcli-memory-cpu');
      const key = m[1]!.toLowerCase();
      // digits only: some builds group thousands ("68,573,335,552 Bytes" / "68.573.335.552 Bytes")
      const n = Number((m[2] ?? '').replace(/[\s.,'\u00a0]/g, '').replace(/bytes$/i, ''));
      if (key === 'physical memory' && Number.isFinite(n) && n > 0) acc.system = { ...(acc.system ?? {}), memoryMiB: Math.round(n / 1048576) };
      if (key === 'cpu cores' && Number.isInteger(n) && n > 0) acc.system = { ...(acc.system ?? {}), cpuCores: n };
      if (key === 'cpu threads' && Number.isInteger(n) && n > 0) acc.system = { ...(acc.system ?? {}), cpuThreads: n };
      return true;
    },
    finish: () => {
      active = false;
    },
  };
}
