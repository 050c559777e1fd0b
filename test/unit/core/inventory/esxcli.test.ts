/** ESXi's own views: `esxcli network nic list` and `esxcli hardware pci list`. */
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../../../main/core/inventory/parse';
import { sample } from '../../../helpers/hardware';

const parse = (t: string) => {
  const r = parseInventory(t, 't');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('esxcli network nic list', () => {
  it('reads names, PCI addresses, drivers, speeds, MACs and descriptions (USB NICs have no PCI address)', () => {
    const p = parse(sample('xr11-esxcli-nic-list.txt'));
    expect(p.formats).toEqual(['esxcli-nic-list']);
    expect(p.esxNics).toEqual([
      { name: 'vmnic0', pciAddress: '0000:04:00.0', driver: 'ntg3', linkUp: true, speedMbps: 1000, mac: 'b0:26:28:d1:e4:60', mtu: 1500, description: 'Broadcom Corporation NetXtreme BCM5720 Gigabit Ethernet', line: 3 },
      { name: 'vmnic1', pciAddress: '0000:04:00.1', driver: 'ntg3', linkUp: false, mac: 'b0:26:28:d1:e4:61', mtu: 1500, description: 'Broadcom Corporation NetXtreme BCM5720 Gigabit Ethernet', line: 4 },
      { name: 'vusb0', driver: 'cdce', linkUp: true, speedMbps: 100, mac: 'b0:26:28:d1:e4:67', mtu: 1500, description: 'DellTM iDRAC Virtual NIC USB Device', line: 5 },
    ]);
  });

  it('survives squeezed columns and a missing speed', () => {
    const t = 'Name PCI Device Driver Admin Status Link Status Speed Duplex MAC Address MTU Description\nvusb0 Pseudo uether Up Up Full 00-E0-4C-68-00-01 1500 Realtek USB 101001G2.5G LAN\n';
    expect(parse(t).esxNics[0]).toMatchObject({ name: 'vusb0', driver: 'uether', mac: '00:e0:4c:68:00:01', mtu: 1500, description: 'Realtek USB 101001G2.5G LAN' });
  });
});

describe('esxcli hardware pci list', () => {
  it('reads IDs, subsystem, class, VMkernel name and module of each block', () => {
    const p = parse(sample('esx01-esxcli-pci-list.txt'));
    expect(p.formats).toEqual(['esxcli-pci-list']);
    expect(p.issues).toEqual([]);
    expect(p.devices[0]).toEqual({
      source: 'esxcli-pci-list',
      bus: 'pci',
      address: '0000:57:00.0',
      vendorId: '8086',
      deviceId: '125c',
      subVendorId: '8086',
      subDeviceId: '3037',
      classCode: '020000',
      description: 'Intel Corporation Ethernet Controller I226-V',
      driver: 'igc',
      vmkName: 'vmnic0',
      line: 2,
    });
    expect(p.devices[1]).toMatchObject({ vmkName: 'vmhba1', classCode: '010802' });
  });

  it('reports a block without vendor/device IDs instead of dropping it silently', () => {
    const p = parse('0000:00:1f.6\n   Address: 0000:00:1f.6\n   VMkernel Name: vmnic0\n');
    expect(p.devices).toEqual([]);
    expect(p.issues).toEqual([{ code: 'no-ids', line: 1, text: 'PCI device 0000:00:1f.6' }]);
  });
});

describe('esxcli hardware memory get / cpu global get', () => {
  it('reads installed memory, cores and threads', () => {
    const p = parse(sample('esx01-esxcli-memory-cpu.txt'));
    expect(p.formats).toEqual(['esxcli-memory-cpu']);
    expect(p.issues).toEqual([]);
    expect(p.system).toEqual({ memoryMiB: 65368, cpuCores: 12, cpuThreads: 16 });
  });

  it('accepts thousands separators of other locales in the byte count', () => {
    expect(parse('   Physical Memory: 68.543.143.936 Bytes\n').system?.memoryMiB).toBe(65368);
    expect(parse('   Physical Memory: 68,543,143,936 Bytes\n').system?.memoryMiB).toBe(65368);
  });

  it('does not swallow a following memory block into the last pci list device', () => {
    const p = parse(sample('esx01-esxcli-pci-list.txt').replace(/\[root[^\n]*\n/, '') + '   Physical Memory: 17179869184 Bytes\n');
    expect(p.system?.memoryMiB).toBe(16384);
    expect(p.formats).toEqual(['esxcli-pci-list', 'esxcli-memory-cpu']);
  });
});
