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
      nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', subVendorId: '8086', subDeviceId: '3037', mac: '48:21:0b:5a:1c:07', macSource: 'inventory', role: 'uplink', label: 'Intel Corporation Ethernet Controller I226-V', classCode: '020000' }],
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

  it('esxcli pci list keeps the names ESXi gave; a nic row that cannot be told apart from a listed PCI NIC is reported, a USB row is kept', () => {
    const { hardware, issues } = toHostHardware(parsed('esx01-esxcli-pci-list.txt', 'xr11-esxcli-nic-list.txt'));
    // vusb0 is not on any PCI list: kept by name and MAC (a BMC by its description), IDs unknown
    expect(hardware.nics.map((n) => [n.name, n.bus, n.vendorId, n.role])).toEqual([
      ['vmnic0', 'pci', '8086', 'uplink'],
      ['vusb0', 'usb', undefined, 'bmc'],
    ]);
    expect(issues).toEqual([{ code: 'nic-unmatched', line: 4, text: 'vmnic1 (Broadcom Corporation NetXtreme BCM5720 Gigabit Ethernet)' }]);
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

/** esx02 as its running ESXi shows it (the RTL8111 on a community driver, the RTL8156 on the USB NIC Fling). */
const ESX02_NIC_LIST = `[root@esx02:~] esxcli network nic list
Name    PCI Device    Driver            Admin Status  Link Status  Speed  Duplex  MAC Address         MTU  Description
------  ------------  ----------------  ------------  -----------  -----  ------  -----------------  ----  -----------
vmnic0  0000:01:00.0  r8168             Up            Down             0  Half    70:85:c2:4d:20:01  1500  Realtek RTL8111H
vusb0   Pseudo        vmkusb_nic_fling  Up            Up            2500  Full    00:e0:4c:68:15:6a  1500  Realtek USB 101001G2.5G LAN
`;
const text = (t: string): ParsedInventory[] => {
  const r = parseInventory(t, 'pasted');
  if (!r.ok) throw new Error(r.error.message);
  return [r.value];
};

describe('esxcli network nic list alone (issue 24 items 7 and 8)', () => {
  it('keeps every NIC it names, the USB one too, with its MAC; the IDs stay unknown instead of the NIC being dropped', () => {
    const { hardware, issues, seen } = toHostHardware(text(ESX02_NIC_LIST), shippedList());
    expect(hardware.nics).toEqual([
      { name: 'vmnic0', bus: 'pci', mac: '70:85:c2:4d:20:01', macSource: 'inventory', role: 'uplink', label: 'Realtek RTL8111H' },
      { name: 'vusb0', bus: 'usb', mac: '00:e0:4c:68:15:6a', macSource: 'inventory', role: 'uplink', label: 'Realtek USB 101001G2.5G LAN' },
    ]);
    expect(issues).toEqual([]);
    // the driver and the link the running ESXi showed are kept for display
    expect(seen).toContainEqual({ name: 'vusb0', source: 'esxcli-nic-list', driver: 'vmkusb_nic_fling', linkUp: true, linkMbps: 2500 });
    expect(HostHardware.safeParse(hardware).success).toBe(true);
  });

  it('with lspci and lsusb -v of the same box, the rows give the MACs of the identified NICs and add nothing', () => {
    const { hardware, issues } = toHostHardware([...parsed('esx02-lspci.txt', 'esx02-lsusb.txt'), ...text(ESX02_NIC_LIST)], shippedList());
    expect(hardware.nics.map((n) => [n.name, `${n.vendorId}:${n.deviceId}`, n.mac])).toEqual([
      ['vmnic0', '10ec:8168', '70:85:c2:4d:20:01'],
      ['vusb0', '0bda:8156', '00:e0:4c:68:15:6a'],
    ]);
    expect(issues).toEqual([]);
  });
});

describe('ip link from a Linux live stick (issue 24 item 8)', () => {
  const IP_LINK = `$ ip link
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: enp1s0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc fq_codel state DOWN mode DEFAULT group default qlen 1000
    link/ether 70:85:c2:4d:20:01 brd ff:ff:ff:ff:ff:ff
3: wlp3s0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DORMANT group default qlen 1000
    link/ether 3c:6a:a7:11:22:33 brd ff:ff:ff:ff:ff:ff
4: enx00e04c68156a: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000
    link/ether 00:e0:4c:68:15:6a brd ff:ff:ff:ff:ff:ff
    altname enp5s0f3u1
`;

  it('gives lspci\'s RTL8111 its MAC by PCI address and the one USB NIC its MAC; Wi-Fi and loopback are not NICs', () => {
    const lsusbPlain = sample('esx02-lsusb.txt').split('$ sudo lsusb -v')[0]!;
    const { hardware, issues } = toHostHardware([...parsed('esx02-lspci.txt'), ...text(lsusbPlain), ...text(IP_LINK)], shippedList());
    expect(hardware.nics.map((n) => [n.name, `${n.vendorId}:${n.deviceId}`, n.mac])).toEqual([
      ['vmnic0', '10ec:8168', '70:85:c2:4d:20:01'],
      ['vusb0', '0bda:8156', '00:e0:4c:68:15:6a'],
    ]);
    expect(issues).toEqual([]);
  });

  it('ip -br link alone: a path-named NIC is kept (IDs unknown); a name that does not place it is reported, not guessed', () => {
    const brief = '$ ip -br link\nlo UNKNOWN 00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>\nenp0s31f6 UP 48:21:0b:5a:1c:07 <BROADCAST,MULTICAST,UP,LOWER_UP>\neth1 DOWN 48:21:0b:5a:1c:08 <BROADCAST,MULTICAST>\n';
    const { hardware, issues } = toHostHardware(text(brief));
    expect(hardware.nics).toEqual([{ name: 'vmnic0', bus: 'pci', mac: '48:21:0b:5a:1c:07', macSource: 'inventory', role: 'uplink', label: 'Linux enp0s31f6' }]);
    expect(issues).toEqual([{ code: 'link-unplaced', line: 4, text: 'eth1 (48:21:0b:5a:1c:08)' }]);
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
