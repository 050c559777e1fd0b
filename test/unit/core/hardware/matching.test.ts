/** Matching mirrors ESXi: PCI map keys with wildcards (most specific wins), USB by VID:PID, CDC class as "untested". */
import { describe, expect, it } from 'vitest';
import { findModel, flingBuildFor, keyMatches, matchPci, matchUsb, pciKey, releasesListing, specificity, usbListedFor } from '../../../../main/core/hardware/matching';
import type { CompatList } from '../../../../main/core/hardware/schema';
import { shippedList } from '../../../helpers/hardware';

const list = shippedList();

describe('PCI keys', () => {
  it('builds the ESXi 16+6 nibble key and marks unknown parts so only wildcards match them', () => {
    expect(pciKey({ vendorId: '8086', deviceId: '125C', subVendorId: '8086', subDeviceId: '3037', classCode: '020000' })).toBe('8086125c80863037020000');
    expect(pciKey({ vendorId: '0x8086', deviceId: '125c' })).toBe('8086125c??????????????');
    expect(keyMatches('8086125c........', '8086125c??????????????')).toBe(true);
    expect(keyMatches('8086125c80863037', '8086125c??????????????')).toBe(false);
    expect(keyMatches('................020000', '8086125c80863037020000')).toBe(true);
    expect(keyMatches('8086125d........', '8086125c80863037020000')).toBe(false);
    expect(specificity('8086125c........')).toBe(8);
  });

  it('matches a family regardless of subsystem and names the device', () => {
    const m = matchPci(list, { vendorId: '8086', deviceId: '125c', subVendorId: '8086', subDeviceId: '3037' });
    expect(m?.family.id).toBe('intel-igc');
    expect(m?.name).toBe('I226-V');
    expect(matchPci(list, { vendorId: '8086', deviceId: 'ffff' })).toBeUndefined();
  });

  it('prefers a subsystem-specific record over the family-wide one, like an ESXi map', () => {
    const special = { ...list.pciNics.find((f) => f.id === 'realtek-rtl8111')!, id: 'oem-8168', match: ['10ec81681028abcd'] };
    const custom: CompatList = { ...list, pciNics: [...list.pciNics, special] };
    expect(matchPci(custom, { vendorId: '10ec', deviceId: '8168', subVendorId: '1028', subDeviceId: 'abcd' })?.family.id).toBe('oem-8168');
    expect(matchPci(custom, { vendorId: '10ec', deviceId: '8168', subVendorId: '10ec', subDeviceId: '0123' })?.family.id).toBe('realtek-rtl8111');
    // without subsystem IDs the specific record cannot be confirmed, so the wildcard family applies
    expect(matchPci(custom, { vendorId: '10ec', deviceId: '8168' })?.family.id).toBe('realtek-rtl8111');
  });

  it('matches class-only patterns (like the Fling binding every xHCI controller)', () => {
    const xhci = { ...list.pciNics[0]!, id: 'any-xhci', match: ['................0c0330'] };
    const custom: CompatList = { ...list, pciNics: [xhci] };
    expect(matchPci(custom, { vendorId: '1022', deviceId: '15e0', classCode: '0c0330' })?.family.id).toBe('any-xhci');
    expect(matchPci(custom, { vendorId: '1022', deviceId: '15e0' })).toBeUndefined();
  });
});

describe('USB matching', () => {
  it('matches by VID:PID, case-insensitively', () => {
    const m = matchUsb(list, '0BDA', '8156');
    expect(m.kind).toBe('listed');
    expect(m.kind === 'listed' && m.record.chip).toContain('RTL8156');
  });

  it('reports generic CDC class devices as candidates, never as listed', () => {
    expect(matchUsb(list, '04e8', 'a101', ['020600'])).toMatchObject({ kind: 'cdc-class', classMatch: { classSubclass: '0206' } });
    expect(matchUsb(list, '04e8', 'a101', ['020d00'])).toMatchObject({ kind: 'cdc-class' });
    expect(matchUsb(list, '04e8', 'a101', ['030101'])).toEqual({ kind: 'none', classKnown: true });
    expect(matchUsb(list, '04e8', 'a101')).toEqual({ kind: 'none', classKnown: false });
  });

  it('knows RTL8157 is in the 8.0U3 Fling 1.14-7 but absent from the 9.0 Fling', () => {
    const m = matchUsb(list, '0bda', '8157');
    if (m.kind !== 'listed') throw new Error('8157 not listed');
    expect(usbListedFor(list, m.record, '8.0U3')).toBe(true);
    expect(usbListedFor(list, m.record, '9.0')).toBe(false);
    expect(usbListedFor(list, m.record, '8.0U2')).toBe(false);
    expect(releasesListing(list, m.record)).toEqual(['8.0U3']);
  });

  it('knows entries added in later builds: AMI BMC NIC only in 9.0, ASUS 0b05:1976 from 7.0U3', () => {
    const ami = matchUsb(list, '046b', 'ffb0');
    const asus = matchUsb(list, '0b05', '1976');
    if (ami.kind !== 'listed' || asus.kind !== 'listed') throw new Error('not listed');
    expect(releasesListing(list, ami.record)).toEqual(['9.0']);
    expect(releasesListing(list, asus.record)).toEqual(['7.0U3', '8.0', '8.0U1', '8.0U2', '8.0U3', '9.0']);
  });

  it('picks the Fling build per release', () => {
    expect(flingBuildFor(list, '7.0U3')?.maxVusb).toBe(8);
    expect(flingBuildFor(list, '9.0')?.file).toContain('ESXi90-VMKUSB-NIC-FLING');
  });
});

describe('host models', () => {
  it('finds a model by id or by the dmidecode product name', () => {
    expect(findModel(list, 'intel-nuc13anh')?.model).toContain('NUC 13 Pro');
    expect(findModel(list, 'NUC13ANHi7')?.id).toBe('intel-nuc13anh');
    expect(findModel(list, 'PowerEdge XR11')?.id).toBe('dell-poweredge-xr11');
    expect(findModel(list, 'Some Unknown Box')).toBeUndefined();
    expect(findModel(list, undefined)).toBeUndefined();
  });
});
