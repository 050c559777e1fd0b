/**
 * Pure helpers of the Hardware step: catalogue search and the edits a technician makes to a host's hardware.
 * Kept out of the component so they are unit-tested and the component stays a thin view.
 */
import type { CompatList, HostModel } from '../../../main/core/hardware/schema';
import type { Host, HostHardware, Nic, Site } from '../../../main/core/site/schema';
import { addNicToHost, modelNics, nicsToEdit } from '../../../main/core/inventory/merge';

/** One pickable NIC of the catalogue: a PCI device of a family or a USB adapter. */
export interface CatalogueNic {
  readonly key: string;
  readonly bus: 'pci' | 'usb';
  readonly vendorId: string;
  readonly deviceId: string;
  readonly label: string;
  readonly detail: string;
  readonly bmc: boolean;
}

/** Every NIC the catalogue knows, PCI first. */
export function catalogueNics(list: CompatList): CatalogueNic[] {
  const pci = list.pciNics.flatMap((f) =>
    f.match
      .filter((m) => /^[0-9a-f]{8}/.test(m))
      .map((m) => {
        const vendorId = m.slice(0, 4);
        const deviceId = m.slice(4, 8);
        return { key: `pci:${vendorId}:${deviceId}`, bus: 'pci' as const, vendorId, deviceId, label: `${f.vendor} ${f.names[deviceId] ?? f.family}`, detail: f.family, bmc: false };
      }),
  );
  const usb = list.usbNics.map((u) => ({ key: `usb:${u.vid}:${u.pid}`, bus: 'usb' as const, vendorId: u.vid, deviceId: u.pid, label: u.product, detail: `${u.chip}${u.speedMbps ? `, ${u.speedMbps >= 1000 ? `${u.speedMbps / 1000} GbE` : `${u.speedMbps} Mb/s`}` : ''}`, bmc: u.role === 'bmc-virtual-nic' }));
  return [...pci, ...usb];
}

const words = (q: string) => q.toLowerCase().split(/\s+/).filter(Boolean);

/** NICs whose label, family, chip or VID:PID contain every word of the query. */
export function searchNics(all: readonly CatalogueNic[], query: string, limit = 30): CatalogueNic[] {
  const w = words(query);
  if (!w.length) return all.slice(0, limit);
  return all.filter((n) => w.every((x) => `${n.label} ${n.detail} ${n.vendorId}:${n.deviceId} ${n.bus}`.toLowerCase().includes(x))).slice(0, limit);
}

/** Models whose vendor, model, codename or CPU contain every word of the query; the whole phrase in the model name ranks first. */
export function searchModels(list: CompatList, query: string): HostModel[] {
  const w = words(query);
  const phrase = w.join(' ');
  const hits = list.hostModels.filter((m) => w.every((x) => `${m.vendor} ${m.model} ${m.codename ?? ''} ${m.cpu} ${m.id}`.toLowerCase().includes(x)));
  const rank = (m: HostModel) => (phrase && `${m.model} ${m.codename ?? ''}`.toLowerCase().includes(phrase) ? 0 : 1);
  return hits.sort((a, b) => rank(a) - rank(b));
}

/** The next free ESXi name for a bus: vmnicN for PCI, vusbN for USB. */
export function nextNicName(nics: readonly Nic[], bus: 'pci' | 'usb'): string {
  const prefix = bus === 'pci' ? 'vmnic' : 'vusb';
  let i = 0;
  while (nics.some((n) => n.name === `${prefix}${i}`)) i++;
  return `${prefix}${i}`;
}

/** Sets the model; when the host has no NICs yet, its standard onboard NICs are added as vmnic0… */
export function withModel(hw: HostHardware, model: HostModel | undefined): HostHardware {
  if (!model) {
    const { model: _drop, ...rest } = hw;
    return rest as HostHardware;
  }
  const next: HostHardware = { ...hw, model: model.id };
  if (hw.nics.length > 0) return next;
  return { ...next, nics: modelNics(model) };
}

/**
 * Adds a catalogue NIC under the next free name; BMC virtual NICs get the bmc role. `model` is the host's
 * catalogue model: when the host lists no NICs, its implied onboard NICs are kept (core's addNicToHost).
 */
export function addNic(hw: HostHardware, entry: CatalogueNic, model?: HostModel): HostHardware {
  const nic: Nic = { name: nextNicName(hw.nics, entry.bus), bus: entry.bus, vendorId: entry.vendorId, deviceId: entry.deviceId, role: entry.bmc ? 'bmc' : 'uplink', label: entry.label.slice(0, 120) };
  return addNicToHost(hw, nic, model);
}

/** Removes a NIC; the model's implied onboard NICs become explicit first, so only the named one goes. */
export function removeNic(hw: HostHardware, name: string, model?: HostModel): HostHardware {
  return { ...hw, nics: nicsToEdit(hw, model).filter((n) => n.name !== name) };
}

/** Sets a NIC's role, also of a model's implied onboard NIC (which becomes explicit with its role). */
export function setNicRole(hw: HostHardware, name: string, role: Nic['role'], model?: HostModel): HostHardware {
  return { ...hw, nics: nicsToEdit(hw, model).map((n) => (n.name === name ? { ...n, role } : n)) };
}

const MAC_RE = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;

/** True for a MAC as a technician types it (colons or dashes, any case). */
export const isMac = (text: string): boolean => MAC_RE.test(text.trim());

/** Sets (or, with an empty text, clears) a NIC's MAC as typed by the technician. Invalid text is not applied. */
export function setNicMac(hw: HostHardware, name: string, text: string, model?: HostModel): HostHardware {
  const t = text.trim();
  if (t !== '' && !isMac(t)) return hw;
  return {
    ...hw,
    nics: nicsToEdit(hw, model).map((n) => {
      if (n.name !== name) return n;
      const { mac: _m, macSource: _s, ...rest } = n;
      return t === '' ? rest : { ...rest, mac: t.toLowerCase().replace(/-/g, ':'), macSource: 'entered' as const };
    }),
  };
}

/** Sets the install (management) NIC; an empty value lets the host plan pick the first uplink with a driver. */
export function setInstallNic(host: Host, nic: string): Host {
  const { device: _d, ...management } = host.management;
  return { ...host, management: nic ? { ...management, device: nic } : management };
}

/** Sets RAM, boot disk or cores from a form field; an empty or invalid value clears it. */
export function setSize(hw: HostHardware, field: 'ramGiB' | 'bootDiskGB' | 'cores', raw: string): HostHardware {
  const v = Number(raw.replace(',', '.'));
  const ok = raw.trim() !== '' && Number.isFinite(v) && v > 0 && (field !== 'cores' || Number.isInteger(v));
  const next = { ...hw } as Record<string, unknown>;
  if (ok) next[field] = v;
  else delete next[field];
  return next as HostHardware;
}

/** The site with one host's hardware replaced. */
export function withHostHardware(site: Site, hostName: string, hw: HostHardware): Site {
  return withHost(site, hostName, (h) => ({ ...h, hardware: hw }));
}

/** The site with one host changed. */
export function withHost(site: Site, hostName: string, fn: (h: Host) => Host): Site {
  return { ...site, spec: { ...site.spec, hosts: site.spec.hosts.map((h: Host) => (h.name === hostName ? fn(h) : h)) } };
}
