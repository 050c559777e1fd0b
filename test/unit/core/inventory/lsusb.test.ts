/** `lsusb` lines and `lsusb -v` headers: VID:PID, interface classes, and the CDC MAC address. */
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../../../main/core/inventory/parse';
import { sample } from '../../../helpers/hardware';

const parse = (t: string) => {
  const r = parseInventory(t, 't');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('lsusb parser', () => {
  it('reads plain lsusb lines', () => {
    const p = parse('Bus 002 Device 003: ID 0bda:8153 Realtek Semiconductor Corp. RTL8153 Gigabit Ethernet Adapter\nBus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n');
    expect(p.formats).toEqual(['lsusb']);
    expect(p.devices).toEqual([
      { source: 'lsusb', bus: 'usb', address: '002:003', vendorId: '0bda', deviceId: '8153', description: 'Realtek Semiconductor Corp. RTL8153 Gigabit Ethernet Adapter', line: 1 },
      { source: 'lsusb', bus: 'usb', address: '001:001', vendorId: '1d6b', deviceId: '0002', description: 'Linux Foundation 2.0 root hub', line: 2 },
    ]);
  });

  it('reads lsusb -v: interface classes (CDC NCM) and the MAC from iMACAddress', () => {
    const p = parse(sample('esx02-lsusb.txt'));
    expect(p.formats).toEqual(expect.arrayContaining(['lsusb', 'lsusb-verbose']));
    expect(p.issues).toEqual([]);
    const verbose = p.devices.filter((d) => d.deviceId === '8156');
    expect(verbose).toHaveLength(2);
    expect(verbose[1]).toMatchObject({ interfaceClasses: ['020d00', '0a0001'], mac: '00:e0:4c:68:15:6a' });
  });

  it('accepts a device line with no description and odd spacing', () => {
    const p = parse('Bus  4 Device  2:  ID 0BDA:8156\n');
    expect(p.devices[0]).toMatchObject({ address: '004:002', vendorId: '0bda', deviceId: '8156', description: 'USB 0bda:8156' });
  });
});
