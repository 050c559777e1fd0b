/** Device verdicts in full: BMC virtual NICs, and the match, sources and evidence every kind of NIC carries. */
import { describe, expect, it } from 'vitest';
import { checkDevice } from '../../../../main/core/hardware/engine';
import { Nic as NicSchema, type Release } from '../../../../main/core/site/schema';
import { shippedList } from '../../../helpers/hardware';

const list = shippedList();
const device = (nic: Record<string, unknown>, release = '8.0U3', used = true) => checkDevice(NicSchema.parse(nic), list, release as Release, used);
const usbRecord = (id: string) => list.usbNics.find((u) => `${u.vid}:${u.pid}` === id)!;

describe('device verdicts in full', () => {
  it('a BMC virtual NIC is "supported" as a BMC NIC, with its product and the list\'s sources, and asks for nothing', () => {
    const r = usbRecord('413c:a102');
    const d = device({ name: 'vusb0', bus: 'usb', vendorId: '413c', deviceId: 'a102' });
    expect(d).toMatchObject({ role: 'bmc', status: 'supported', countsAsUplink: false, actions: [], match: { kind: 'usb-listed', id: '413c:a102' } });
    expect(d.findings).toEqual([{ severity: 'info', code: 'bmc-virtual-nic', params: { id: '413c:a102', product: r.product }, evidence: r.provenance.evidence, sources: r.provenance.sources }]);
  });

  it('a USB NIC known by name only matches nothing and has no sources', () => {
    expect(device({ name: 'vusb0', bus: 'usb' })).toMatchObject({ match: { kind: 'none' }, sources: [] });
    expect(device({ name: 'vmnic0', bus: 'pci', vendorId: '15b3', deviceId: '1015' }).sources).toEqual([]);
  });

  it('findings about a family or a listed USB device carry the list\'s evidence and sources', () => {
    const killer = list.pciNics.find((f) => f.id === 'killer-e3000')!;
    expect(device({ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '3000' }).findings[0]).toMatchObject({ evidence: killer.provenance.evidence, sources: killer.provenance.sources });
    const i219 = list.pciNics.find((f) => f.id === 'intel-i219-8-9')!;
    expect(device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15df' }).findings[0]).toMatchObject({ evidence: 'unverified', sources: i219.provenance.sources });
    const r = usbRecord('2cc8:2927');
    expect(device({ name: 'vusb1', bus: 'usb', vendorId: '2cc8', deviceId: '2927' }).findings[0]).toMatchObject({ evidence: r.provenance.evidence, sources: r.provenance.sources });
  });

  it('a USB adapter some builds list names every release whose build lists it, or "none"', () => {
    const r = usbRecord('0bda:8157');
    const on90 = device({ name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8157' }, '9.0');
    expect(on90.findings[0]?.params.listedIn).toBe('8.0U3');
    const older: typeof list = { ...list, usbNics: list.usbNics.map((u) => (u === r ? { ...u, flingBuilds: ['800-64098182', '803-93415869'] } : u)) };
    expect(checkDevice(NicSchema.parse({ name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8157' }), older, '9.0', true).findings[0]?.params.listedIn).toBe('8.0, 8.0U3');
    const nowhere: typeof list = { ...list, usbNics: list.usbNics.map((u) => (u === r ? { ...u, flingBuilds: ['650-39176435'] } : u)) };
    const d = checkDevice(NicSchema.parse({ name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8157' }), nowhere, '9.0', true);
    expect(d.findings[0]?.params.listedIn).toBe('none');
    expect(d.actions).toEqual([]);
  });

  it('the unknown-product warning names the device; unlisted adapters match nothing and have no sources', () => {
    expect(device({ name: 'vusb1', bus: 'usb', vendorId: '18d1', deviceId: '0215' }).findings[1]).toEqual({ severity: 'warning', code: 'usb-product-unknown', params: { id: '18d1:0215' } });
    expect(device({ name: 'vusb0', bus: 'usb', vendorId: '04e8', deviceId: 'a101', classCode: 'ff0000' }).sources).toEqual([]);
    expect(device({ name: 'vusb1', bus: 'usb', vendorId: '1234', deviceId: '5678' })).toMatchObject({ match: { kind: 'none' }, sources: [] });
  });
});
