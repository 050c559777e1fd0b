/** Inventories add up (issue 15): a paste adds what it describes, keeps what other sources said, and says so first. */
import { describe, expect, it } from 'vitest';
import { checkSite } from '../../../helpers/plan';
import { findModel } from '../../../../main/core/hardware/matching';
import { mergeHardware, toHostHardware } from '../../../../main/core/inventory/hardware';
import { describeMergePreview, describeOtherBox, previewInventoryMerge } from '../../../../main/core/inventory/merge';
import { parseInventory } from '../../../../main/core/inventory/parse';
import { HostHardware, Site } from '../../../../main/core/site/schema';
import { shippedList } from '../../../helpers/hardware';

const LSUSB = 'Bus 002 Device 003: ID 0bda:8156 Realtek Semiconductor Corp. USB 10/100/1G/2.5G LAN\nBus 002 Device 001: ID 1d6b:0003 Linux Foundation 3.0 root hub\n';
const found = (text: string) => {
  const p = parseInventory(text);
  if (!p.ok) throw new Error(p.error.message);
  return toHostHardware([p.value], shippedList()).hardware;
};

describe('previewInventoryMerge', () => {
  it('lsusb into a host with an onboard NIC adds the USB NIC and keeps the onboard one', () => {
    const current = HostHardware.parse({ model: 'intel-nuc12wsh', nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3', mac: 'a4:ae:12:00:00:01', label: 'Onboard Intel I225-V' }] });
    const p = previewInventoryMerge(current, found(LSUSB));
    expect(p.result.nics.map((n) => [n.name, n.bus, `${n.vendorId}:${n.deviceId}`, n.role])).toEqual([
      ['vmnic0', 'pci', '8086:15f3', 'uplink'],
      ['vusb0', 'usb', '0bda:8156', 'uplink'],
    ]);
    expect(p.adds.map((a) => (a.kind === 'nic' ? a.name : a.field))).toEqual(['vusb0']);
    expect(p.removes).toEqual([]);
    expect(p.kept.map((a) => (a.kind === 'nic' ? a.name : a.field))).toEqual(['vmnic0']);
    expect(describeMergePreview(p)).toEqual([
      'Adds vusb0 (USB 0bda:8156 Realtek Semiconductor Corp. USB 10/100/1G/2.5G LAN).',
      'Keeps vmnic0 (PCI 8086:15f3 Onboard Intel I225-V, a4:ae:12:00:00:01): this inventory does not describe it.',
    ]);
    // mergeHardware (what the CLI, the demo and the flows call) gives the same result
    expect(mergeHardware(current, found(LSUSB)).nics).toEqual(p.result.nics);
  });

  it('keeps the onboard NIC the model catalogue implied when the host listed none (the NUC 12 Pro case of the issue)', () => {
    const list = shippedList();
    const current = HostHardware.parse({ model: 'intel-nuc12wsh' });
    const p = previewInventoryMerge(current, found(LSUSB), { model: findModel(list, 'intel-nuc12wsh')! });
    expect(p.result.nics.map((n) => `${n.name} ${n.vendorId}:${n.deviceId}`)).toEqual(['vmnic0 8086:15f3', 'vusb0 0bda:8156']);
    expect(describeMergePreview(p)).toContainEqual(expect.stringMatching(/^Keeps vmnic0 \(PCI 8086:15f3 .+\) \(from the model catalogue\): this inventory does not describe it\.$/));
    // through mergeHardware with the list: the same
    expect(mergeHardware(current, found(LSUSB), { list }).nics.map((n) => n.name)).toEqual(['vmnic0', 'vusb0']);
    // and the check still sees the onboard uplink (it is no longer only the USB NIC)
    const site = Site.parse({
      apiVersion: 'sitekit/v1',
      kind: 'Site',
      metadata: { name: 'One', id: 'one' },
      spec: { topology: 'one-node', managementNetwork: { subnet: '10.0.0.0/24', gateway: '10.0.0.1' }, dns: { servers: ['10.0.0.2'] }, ntp: { servers: ['pool.ntp.org'] }, hosts: [{ name: 'esx01', management: { ip: '10.0.0.11' }, hardware: p.result, vswitches: [{ uplinks: { active: ['vmnic0'] } }] }] },
    });
    const h = checkSite(site, list).hosts[0]!;
    expect(h.devices.map((d) => d.nic)).toEqual(['vmnic0', 'vusb0']);
    expect(h.findings.map((f) => f.code)).not.toContain('uplink-missing');
  });

  it('replace is an explicit mode: the NICs become exactly what the paste shows, and the preview lists the removal', () => {
    const current = HostHardware.parse({ nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3' }] });
    const p = previewInventoryMerge(current, found(LSUSB), { mode: 'replace' });
    expect(p.result.nics.map((n) => n.name)).toEqual(['vusb0']);
    expect(p.removes.map((r) => (r.kind === 'nic' ? r.name : ''))).toEqual(['vmnic0']);
    expect(describeMergePreview(p)).toContain('Removes vmnic0 (PCI 8086:15f3): the inventory does not show it.');
  });

  it('an lspci of a NIC the host already has updates it in place (same IDs), keeping its name and role', () => {
    const current = HostHardware.parse({ nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168', role: 'unused' }] });
    const lspci = '03:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8111/8168/8411 PCI Express Gigabit Ethernet Controller [10ec:8168] (rev 15)\n';
    const p = previewInventoryMerge(current, found(lspci));
    expect(p.result.nics).toHaveLength(1);
    expect(p.result.nics[0]).toMatchObject({ name: 'vmnic0', role: 'unused', classCode: '020000' });
    expect(p.adds).toEqual([]);
    expect(p.changes).toHaveLength(1);
  });

  it('a dmidecode of another model keeps the chosen model and the check flags both values', () => {
    const current = HostHardware.parse({ model: 'intel-nuc13anh', nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c' }] });
    const dmi = 'System Information\n\tManufacturer: Intel(R) Client Systems\n\tProduct Name: NUC12WSHi7\n\tVersion: M46425-305\n\tSerial Number: BTWS1234\n';
    const p = previewInventoryMerge(current, found(dmi));
    expect(p.result.model).toBe('intel-nuc13anh');
    expect(p.kept).toContainEqual({ kind: 'field', field: 'model', before: 'intel-nuc13anh', after: 'intel-nuc12wsh' });
    expect(describeMergePreview(p)).toContain('Keeps the chosen model intel-nuc13anh; the inventory suggests intel-nuc12wsh.');
    const site = Site.parse({
      apiVersion: 'sitekit/v1',
      kind: 'Site',
      metadata: { name: 'One', id: 'one' },
      spec: { topology: 'one-node', managementNetwork: { subnet: '10.0.0.0/24', gateway: '10.0.0.1' }, dns: { servers: ['10.0.0.2'] }, ntp: { servers: ['pool.ntp.org'] }, hosts: [{ name: 'esx01', management: { ip: '10.0.0.11' }, hardware: p.result }] },
    });
    const f = checkSite(site, shippedList()).hosts[0]!.findings.find((x) => x.code === 'model-product-mismatch');
    expect(f?.params).toMatchObject({ product: 'NUC12WSHi7', model: 'Intel/ASUS NUC 13 Pro NUC13ANHi5/i7', productModel: 'Intel NUC 12 Pro NUC12WSHi5/i7' });
  });
});

const ESX02_NIC_LIST = `Name    PCI Device    Driver            Admin Status  Link Status  Speed  Duplex  MAC Address         MTU  Description
vmnic0  0000:01:00.0  r8168             Up            Down             0  Half    70:85:c2:4d:20:01  1500  Realtek RTL8111H
vusb0   Pseudo        vmkusb_nic_fling  Up            Up            2500  Full    00:e0:4c:68:15:6a  1500  Realtek USB 101001G2.5G LAN
`;
const oneHost = (hardware: HostHardware, active = ['vmnic0']) =>
  Site.parse({
    apiVersion: 'sitekit/v1',
    kind: 'Site',
    metadata: { name: 'One', id: 'one' },
    spec: { topology: 'one-node', release: '8.0U3', managementNetwork: { subnet: '10.0.0.0/24', gateway: '10.0.0.1' }, dns: { servers: ['10.0.0.2'] }, ntp: { servers: ['pool.ntp.org'] }, hosts: [{ name: 'esx01', management: { ip: '10.0.0.11' }, hardware, vswitches: [{ uplinks: { active } }] }] },
  });

describe('an esxcli network nic list paste (issue 24 items 7 and 8)', () => {
  it('into a host whose NICs the model implied: the onboard vmnic0 keeps its IDs and gets its MAC, vusb0 is added, nothing is lost', () => {
    const list = shippedList();
    const current = HostHardware.parse({ model: 'udoo-bolt-v8' });
    const p = previewInventoryMerge(current, found(ESX02_NIC_LIST), { model: findModel(list, 'udoo-bolt-v8')! });
    expect(p.result.nics.map((n) => [n.name, n.bus, n.vendorId, n.mac])).toEqual([
      ['vmnic0', 'pci', '10ec', '70:85:c2:4d:20:01'],
      ['vusb0', 'usb', undefined, '00:e0:4c:68:15:6a'],
    ]);
    expect(describeMergePreview(p)).toEqual([
      'Adds vusb0 (USB VID:PID unknown Realtek USB 101001G2.5G LAN, 00:e0:4c:68:15:6a).',
      expect.stringMatching(/^Updates vmnic0 \(PCI 10ec:8168 .*, 70:85:c2:4d:20:01\) \(from the model catalogue\): MAC found\.$/),
    ]);
    // the check keeps vmnic0 for vSwitch0 and says plainly what it cannot know about vusb0
    const h = checkSite(oneHost(p.result), list).hosts[0]!;
    expect(h.findings.map((f) => f.code)).not.toContain('uplink-missing');
    const vusb0 = h.devices.find((d) => d.nic === 'vusb0')!;
    expect(vusb0).toMatchObject({ status: 'unknown', driver: 'vmkusb_nic_fling', mac: '00:e0:4c:68:15:6a' });
    expect(vusb0.findings.map((f) => f.code)).toContain('nic-ids-unknown');
    expect(vusb0.actions.map((a) => a.kind)).toEqual(['inject-usb-fling', 'verify']);
  });

  it('a later lsusb fills in the IDs of the NIC known by name only (same name and bus), keeping its MAC and role', () => {
    const byName = HostHardware.parse({ nics: [{ name: 'vusb0', bus: 'usb', mac: '00:e0:4c:68:15:6a', role: 'uplink', label: 'Realtek USB 101001G2.5G LAN' }] });
    const p = previewInventoryMerge(byName, found(LSUSB));
    expect(p.result.nics).toEqual([{ name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156', mac: '00:e0:4c:68:15:6a', speedMbps: 2500, role: 'uplink', label: 'Realtek Semiconductor Corp. USB 10/100/1G/2.5G LAN' }]);
    expect(p.adds).toEqual([]);
  });
});

describe('an inventory of another box (issue 24 item 6)', () => {
  const esx01 = HostHardware.parse({ model: 'intel-nuc13anh', vendor: 'Intel(R) Client Systems', productName: 'NUC13ANHi7', serial: 'G6AN3120045Q', nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c' }] });
  const udooDmi = 'System Information\n\tManufacturer: SECO\n\tProduct Name: UDOO BOLT V8\n\tSerial Number: UB8A21060213\n';

  it('merging keeps the host\'s serial and product and says, with both values, that the inventory is of another box', () => {
    const p = previewInventoryMerge(esx01, found(udooDmi));
    expect(p.otherBox).toEqual([
      { field: 'serial', before: 'G6AN3120045Q', after: 'UB8A21060213' },
      { field: 'productName', before: 'NUC13ANHi7', after: 'UDOO BOLT V8' },
    ]);
    expect(p.result).toMatchObject({ serial: 'G6AN3120045Q', productName: 'NUC13ANHi7' });
    expect(describeMergePreview(p)).toContain('Keeps the serial number G6AN3120045Q: the inventory is of another box (serial number UB8A21060213).');
    expect(describeOtherBox(p, 'esx01')).toBe(
      "This inventory is of another box: serial number UB8A21060213 (esx01: G6AN3120045Q), product name UDOO BOLT V8 (esx01: NUC13ANHi7). Another serial is another machine, so merging keeps esx01's values.",
    );
  });

  it('replacing takes the other box\'s serial and product, and the preview lists them as changes', () => {
    const p = previewInventoryMerge(esx01, found(udooDmi), { mode: 'replace' });
    expect(p.result).toMatchObject({ serial: 'UB8A21060213', productName: 'UDOO BOLT V8' });
    expect(describeMergePreview(p)).toContain('Another box: changes the serial number from G6AN3120045Q to UB8A21060213.');
    expect(describeOtherBox(p, 'esx01')).toMatch(/^This inventory is of another box: .*Replacing takes the other box's serial number and product name and exactly its NICs\.$/);
  });

  it('the same box (same serial, product differing only in case) is not another box', () => {
    const p = previewInventoryMerge(esx01, found('System Information\n\tProduct Name: nuc13anhi7\n\tSerial Number: G6AN3120045Q\n'));
    expect(p.otherBox).toEqual([]);
    expect(describeOtherBox(p)).toBeUndefined();
  });
});

describe('the CPU name the host has is not replaced by an lspci host bridge', () => {
  it('keeps "AMD Ryzen Embedded V1605B" when an lspci paste only names the host bridge; a dmidecode name replaces a bridge', async () => {
    const { previewInventoryMerge } = await import('../../../../main/core/inventory/merge');
    const { HostHardware } = await import('../../../../main/core/site/schema');
    const has = HostHardware.parse({ cpu: 'AMD Ryzen Embedded V1605B' });
    const bridge = HostHardware.parse({ cpu: 'AMD host bridge: Advanced Micro Devices, Inc. [AMD] Raven/Raven2 Root Complex' });
    expect(previewInventoryMerge(has, bridge).result.cpu).toBe('AMD Ryzen Embedded V1605B');
    expect(previewInventoryMerge(bridge, has).result.cpu).toBe('AMD Ryzen Embedded V1605B');
  });
});
