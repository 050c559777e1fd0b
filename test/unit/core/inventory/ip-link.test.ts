/** `ip link`, `ip addr` and `ip -br link` from a Linux live stick: Ethernet interfaces, their MACs and where they sit. */
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../../../main/core/inventory/parse';
import { linkLocation } from '../../../../main/core/inventory/ip-link';

const parse = (t: string) => {
  const r = parseInventory(t, 't');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('ip link / ip addr', () => {
  it('reads each Ethernet interface with its MAC, carrier and PCI address; skips loopback, Wi-Fi and bridges', () => {
    const p = parse(`$ ip addr
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: eno1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    link/ether 48:21:0B:5A:1C:07 brd ff:ff:ff:ff:ff:ff
    altname enp0s31f6
    inet 192.168.1.20/24 brd 192.168.1.255 scope global dynamic noprefixroute eno1
       valid_lft 86000sec preferred_lft 86000sec
    inet6 fe80::4a21:bff:fe5a:1c07/64 scope link noprefixroute
       valid_lft forever preferred_lft forever
3: wlp0s20f3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 3c:6a:a7:11:22:33 brd ff:ff:ff:ff:ff:ff
4: virbr0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default qlen 1000
    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
5: enp0s20f0u2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc fq_codel state DOWN group default qlen 1000
    link/ether 00:e0:4c:68:00:01 brd ff:ff:ff:ff:ff:ff
`);
    expect(p.formats).toEqual(['ip-link']);
    expect(p.issues).toEqual([]);
    expect(p.links).toEqual([
      { name: 'eno1', mac: '48:21:0b:5a:1c:07', up: true, pciAddress: '0000:00:1f.6', usb: false, line: 6 },
      { name: 'enp0s20f0u2', mac: '00:e0:4c:68:00:01', up: false, usb: true, line: 17 },
    ]);
  });

  it('reads ip -br link; an enx<MAC> name alone does not say which bus the NIC is on', () => {
    const p = parse('enp2s0   UP   70:85:c2:4d:20:01 <BROADCAST,MULTICAST,UP,LOWER_UP>\nenx00e04c68156a DOWN 00:e0:4c:68:15:6a <NO-CARRIER,BROADCAST,MULTICAST,UP>\n');
    expect(p.links).toEqual([
      { name: 'enp2s0', mac: '70:85:c2:4d:20:01', up: true, pciAddress: '0000:02:00.0', usb: false, line: 1 },
      { name: 'enx00e04c68156a', mac: '00:e0:4c:68:15:6a', up: false, line: 2 },
    ]);
  });

  it('turns systemd path names into PCI addresses (decimal in the name, hex in the address)', () => {
    expect(linkLocation('enp0s31f6')).toEqual({ pciAddress: '0000:00:1f.6', usb: false });
    expect(linkLocation('enP1p10s0')).toEqual({ pciAddress: '0001:0a:00.0', usb: false });
    expect(linkLocation('enp5s0f3u1')).toEqual({ pciAddress: '0000:05:00.3', usb: true });
    expect(linkLocation('eno1')).toBeUndefined();
    expect(linkLocation('enp0s99')).toBeUndefined();
  });
});
