/** Inventories become HostHardware: model, serial, NICs with ESXi names, MACs and BMC roles. */
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../../../main/core/inventory/parse';
import { mergeHardware, toHostHardware } from '../../../../main/core/inventory/hardware';
import type { ParsedInventory } from '../../../../main/core/inventory/types';
import { HostHardware } from '../../../../main/core/site/schema';
import { sample, shippedList } from '../../../helpers/hardware';

const parsed = (...files: string[]): ParsedInventory[] =>
  files.map((f) => {
    const r = parseInventory(sample(f), f);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });

describe('toHostHardware', () => {
  it('esx01: NUC 13 Pro, serial, the I226-V as vmnic0 with its MAC from esxcli; the Wi-Fi is not a NIC', () => {
    const { hardware, issues } = toHostHardware(parsed('esx01-lspci.txt', 'esx01-dmidecode.txt', 'esx01-esxcli-nic-list.txt'), shippedList());
    expect(issues).toEqual([]);
    expect(hardware).toEqual({
      model: 'intel-nuc13anh',
      serial: 'G6AN3120045Q',
      vendor: 'Intel(R) Client Systems',
      productName: 'NUC13ANHi7',
      // no dmidecode -t processor here: the lspci host bridge names the CPU generation
      cpu: 'Intel host bridge: Intel Corporation Raptor Lake-P/U 4p+8e cores Host Bridge/DRAM Controller',
      nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', subVendorId: '8086', subDeviceId: '3037', mac: '48:21:0b:5a:1c:07', role: 'uplink', label: 'Intel Corporation Ethernet Controller I226-V', classCode: '020000' }],
    });
    expect(HostHardware.safeParse(hardware).success).toBe(true);
  });

  it('esx02: Realtek RTL8111 as vmnic0, the USB RTL8156 as vusb0 with the MAC from lsusb -v; hubs and keyboards are not NICs', () => {
    const { hardware } = toHostHardware(parsed('esx02-lspci.txt', 'esx02-lsusb.txt', 'esx02-dmidecode.txt'), shippedList());
    expect(hardware.model).toBe('udoo-bolt-v8');
    expect(hardware.nics.map((n) => [n.name, `${n.vendorId}:${n.deviceId}`, n.mac, n.role])).toEqual([
      ['vmnic0', '10ec:8168', undefined, 'uplink'],
      ['vusb0', '0bda:8156', '00:e0:4c:68:15:6a', 'uplink'],
    ]);
    expect(hardware.nics[1]?.classCode).toBe('020d00');
  });

  it('a server with a BMC: the iDRAC virtual NIC gets the bmc role and its MAC from esxcli', () => {
    const { hardware } = toHostHardware(parsed('xr11-lspci.txt', 'xr11-lsusb.txt', 'xr11-esxcli-nic-list.txt', 'xr11-dmidecode.txt'), shippedList());
    expect(hardware.model).toBe('dell-poweredge-xr11');
    expect(hardware.nics.map((n) => [n.name, n.role, n.mac])).toEqual([
      ['vmnic0', 'uplink', 'b0:26:28:d1:e4:60'],
      ['vmnic1', 'uplink', 'b0:26:28:d1:e4:61'],
      ['vusb0', 'bmc', 'b0:26:28:d1:e4:67'],
    ]);
  });

  it('esxcli pci list keeps the names ESXi gave; esxcli nic rows without IDs are reported', () => {
    const { hardware, issues } = toHostHardware(parsed('esx01-esxcli-pci-list.txt', 'xr11-esxcli-nic-list.txt'));
    expect(hardware.nics.map((n) => n.name)).toEqual(['vmnic0']);
    expect(issues.map((i) => i.code)).toEqual(['no-ids', 'no-ids']);
  });

  it('without a list, USB NICs are still found by their description or CDC class', () => {
    const { hardware } = toHostHardware(parsed('esx02-lsusb.txt'));
    expect(hardware.nics.map((n) => n.name)).toEqual(['vusb0']);
    expect(hardware.model).toBeUndefined();
  });

  it('mergeHardware keeps hand-entered sizes and an "unused" choice, takes NICs and serial from the inventory', () => {
    const existing = HostHardware.parse({ ramGiB: 32, bootDiskGB: 250, nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168', role: 'unused' }] });
    const { hardware } = toHostHardware(parsed('esx02-lspci.txt', 'esx02-lsusb.txt', 'esx02-dmidecode.txt'), shippedList());
    const merged = mergeHardware(existing, hardware);
    expect(merged).toMatchObject({ ramGiB: 32, bootDiskGB: 250, serial: 'UB8A21060213', model: 'udoo-bolt-v8' });
    expect(merged.nics.map((n) => [n.name, n.role])).toEqual([
      ['vmnic0', 'unused'],
      ['vusb0', 'uplink'],
    ]);
  });
});

describe('RAM and cores from inventories', () => {
  it('esxcli memory/cpu output fills ramGiB and cores, which the minimums check then uses', () => {
    const { hardware } = toHostHardware(parsed('esx01-lspci.txt', 'esx01-dmidecode.txt', 'esx01-esxcli-memory-cpu.txt'), shippedList());
    expect(hardware).toMatchObject({ model: 'intel-nuc13anh', ramGiB: 63.8, cores: 12 });
  });

  it('dmidecode memory and processor blocks give 64 GiB, 12 cores and the CPU name', () => {
    const { hardware } = toHostHardware(parsed('esx01-dmidecode.txt', 'esx01-dmidecode-memory-processor.txt'), shippedList());
    expect(hardware).toMatchObject({ ramGiB: 64, cores: 12, cpu: '13th Gen Intel(R) Core(TM) i7-1360P', serial: 'G6AN3120045Q' });
  });
});
