/**
 * The topology picture a technician checks before committing (Review, the handover report): what each box
 * and line says for the less common parts of a site — standby uplinks, unused and slow NICs, a VM on a
 * network the host does not have, DHCP management, a worker on DHCP.
 */
import { describe, expect, it } from 'vitest';
import { Site, type SiteInput } from '../../../../main/core/site/schema';
import { topologyWithPlan } from '../../../helpers/plan';
import { oneHostSite } from '../../../helpers/sites';

/** One host: vmnic0 (1 Gb/s, install NIC), vmnic1 (100 Mb/s), vmnic2 (unused) and vusb0 (no IDs: no known speed); vSwitch1 with a standby. */
function site(overrides: { management?: SiteInput['spec']['hosts'][number]['management']; worker?: NonNullable<SiteInput['spec']['workloads']>['worker']; vms?: NonNullable<SiteInput['spec']['workloads']>['vms'] } = {}): Site {
  return oneHostSite(
    {
      name: 'esx01',
      management: overrides.management ?? { ip: '192.168.10.11', vlan: 0 },
      hardware: {
        nics: [
          { name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3', speedMbps: 1000 },
          { name: 'vmnic1', bus: 'pci', vendorId: '8086', deviceId: '15f3', speedMbps: 100 },
          { name: 'vmnic2', bus: 'pci', role: 'unused' },
          { name: 'vusb0', bus: 'usb' },
        ],
      },
      vswitches: [
        { name: 'vSwitch0', uplinks: { active: ['vmnic0'] }, portGroups: [{ name: 'Management Network', vlan: 0 }, { name: 'VM Network', vlan: 0 }] },
        { name: 'vSwitch1', mtu: 9000, uplinks: { active: ['vmnic1'], standby: ['vusb0'] }, portGroups: [{ name: 'Cameras', vlan: 20 }, { name: 'Tills', vlan: 30 }] },
        { name: 'vSwitch2', uplinks: { active: [] }, portGroups: [] },
      ],
    },
    {
      workloads: {
        worker: overrides.worker ?? { cpus: 4, memoryGiB: 16 },
        vms: overrides.vms ?? [{ name: 'nvr', className: 'big', image: 'web/nvr.ova', networks: ['Cameras', 'Backhaul'] }],
      },
    },
  );
}

describe('renderTopology, the less common parts', () => {
  it('NIC boxes: speed in G or M, the bus when no speed is known, the install NIC and unused NICs marked', () => {
    const svg = topologyWithPlan(site());
    expect(svg).toContain('>1 G · install NIC</text>');
    expect(svg).toContain('>100 M</text>');
    expect(svg).toContain('>PCI · unused</text>');
    expect(svg).toContain('>USB</text>');
    // The USB NIC is drawn in the USB colour, the PCI ones in the NIC colour.
    expect(svg).toMatch(/<g><rect [^>]*fill="#fff3e0"[^>]*\/><text [^>]*>vusb0</);
    expect(svg).toMatch(/<g><rect [^>]*fill="#e3f2fd"[^>]*\/><text [^>]*>vmnic1</);
  });

  it('a standby uplink is drawn dashed, an active one solid', () => {
    const svg = topologyWithPlan(site());
    const paths = [...svg.matchAll(/<path d="M108 (\d+) [^"]*"[^>]*?( stroke-dasharray="5 4")?\/>/g)].map((m) => `${m[1]}${m[2] ? ' dashed' : ''}`);
    // NIC rows are 44 px apart from y=70: vmnic0 70, vmnic1 114, vmnic2 158, vusb0 202.
    expect(paths).toEqual(['70', '114', '202 dashed']);
  });

  it('switch blocks say MTU, port groups say VLAN or untagged, and a switch without uplinks says none in the description', () => {
    const svg = topologyWithPlan(site());
    expect(svg).toContain('>vSwitch1 · MTU 9000</text>');
    expect(svg).toContain('>VLAN 20</text>');
    expect(svg).toContain('>VLAN 30</text>');
    expect(svg).toContain('>untagged</text>');
    expect(svg).toContain('vSwitch1 (MTU 9000, uplinks vmnic1, vusb0 standby; port groups Cameras VLAN 20, Tills VLAN 30)');
    expect(svg).toContain('vSwitch2 (MTU 1500, uplinks none; port groups none)');
  });

  it('a VM connects to its port groups; a network the host has no port group for is marked in red with "?"', () => {
    const svg = topologyWithPlan(site());
    expect(svg).toContain('fill="#b71c1c" text-anchor="end">Backhaul?</text>');
    expect(svg).not.toContain('>Cameras?<');
    expect(svg).toContain('>big</text>');
    expect(svg).toContain(' VMs: nvr on esx01.');
    expect(svg).toContain(' Kubernetes worker node on esx01.');
  });

  it('a powered-off VM says "off"; the worker on DHCP says DHCP; no worker, no worker box', () => {
    const off = topologyWithPlan(site({ vms: [{ name: 'kiosk', className: 'tiny', image: 'k.ova', powerState: 'poweredOff' }] }));
    expect(off).toContain('>tiny · off</text>');
    expect(off).toContain('>4 vCPU · 16 GiB · DHCP</text>');
    const none = topologyWithPlan(site({ worker: { enabled: false }, vms: [] }));
    expect(none).not.toContain('Kubernetes worker');
    expect(none).not.toContain('VMs:');
  });

  it('the host line: DHCP management, the VLAN only when tagged, the serial only when known', () => {
    expect(topologyWithPlan(site({ management: { mode: 'dhcp' } }))).toContain('>management DHCP</text>');
    // A host on DHCP with an address left over from before says DHCP, not the old address.
    expect(topologyWithPlan(site({ management: { mode: 'dhcp', ip: '192.168.10.99' } }))).toContain('>management DHCP</text>');
    expect(topologyWithPlan(site({ management: { ip: '192.168.10.11', vlan: 12 } }))).toContain('>management 192.168.10.11 · VLAN 12</text>');
  });

  it('the picture grows with the tallest column: more NICs, more switches or more guests make it taller', () => {
    const height = (svg: string) => Number(/^<svg [^>]*height="(\d+)"/.exec(svg)?.[1]);
    const few = topologyWithPlan(site({ vms: [] }));
    const many = topologyWithPlan(site({ vms: Array.from({ length: 8 }, (_, i) => ({ name: `vm${i}`, className: 'c', image: 'i.ova' })) }));
    expect(height(many)).toBeGreaterThan(height(few));
    // 9 guests (the worker and 8 VMs) at 52 px from y=64, plus the host margin and the legend.
    expect(height(many)).toBe(64 + 9 * 52 + 16 + 8 + 28);
  });

  it('an uplink on a host with no NICs listed is drawn without a warning, once however many switches use it', () => {
    const s = oneHostSite({ name: 'esx01', management: { ip: '192.168.10.11' }, vswitches: [{ name: 'vSwitch0', uplinks: { active: ['vmnic0'] } }, { name: 'vSwitch1', uplinks: { active: ['vmnic0'] }, portGroups: [] }] });
    const svg = topologyWithPlan(s);
    expect(svg).not.toContain('not on this host!');
    expect(svg.match(/>vmnic0<\/text>/g)).toHaveLength(1);
    expect(svg.match(/<path d="M108 70 /g)).toHaveLength(2);
  });
});
