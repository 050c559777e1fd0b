/** The Hardware step's pure edits: catalogue search, model pick, adding and removing NICs, sizes. */
import { describe, expect, it } from 'vitest';
import { addNic, catalogueNics, nextNicName, removeNic, searchModels, searchNics, setNicRole, setSize, withHostHardware, withModel } from '../../../../renderer/steps/hardware/hardware-draft';
import { HostHardware } from '../../../../main/core/site/schema';
import { checkSite } from '../../../helpers/plan';
import { demoSite, shippedList } from '../../../helpers/hardware';

const list = shippedList();
const all = catalogueNics(list);

describe('hardware draft helpers', () => {
  it('lists every catalogue NIC and finds them by name, chip or VID:PID', () => {
    expect(all.length).toBeGreaterThan(150);
    expect(searchNics(all, 'I226-V').map((n) => n.key)).toEqual(['pci:8086:125c']);
    expect(searchNics(all, '0bda:8156').map((n) => n.label)).toEqual(['generic 2.5GbE USB adapters']);
    expect(searchNics(all, 'idrac')[0]).toMatchObject({ bus: 'usb', bmc: true });
    expect(searchNics(all, 'no such thing')).toEqual([]);
  });

  it('finds models by vendor, codename or CPU words', () => {
    expect(searchModels(list, 'nuc 13')[0]?.id).toBe('intel-nuc13anh');
    expect(searchModels(list, 'arena canyon').map((m) => m.id)).toEqual(['intel-nuc13anh']);
    expect(searchModels(list, 'V1605B').map((m) => m.id).sort()).toEqual(['asrock-4x4-box-v1000m', 'udoo-bolt-v8']);
  });

  it('picking a model on an empty host adds its standard onboard NICs, never SKU variants', () => {
    const hw = withModel(HostHardware.parse({}), list.hostModels.find((m) => m.id === 'minisforum-ms-01'));
    expect(hw.model).toBe('minisforum-ms-01');
    expect(hw.nics.map((n) => `${n.name} ${n.vendorId}:${n.deviceId}`)).toEqual(['vmnic0 8086:125c', 'vmnic1 8086:125b', 'vmnic2 8086:1572', 'vmnic3 8086:1572']);
    const nuc = withModel(HostHardware.parse({}), list.hostModels.find((m) => m.id === 'intel-nuc13anh'));
    expect(nuc.nics.map((n) => n.deviceId)).toEqual(['125c']);
    // a host that already has NICs keeps them
    expect(withModel(nuc, list.hostModels.find((m) => m.id === 'minisforum-ms-01')).nics).toHaveLength(1);
    expect(withModel(nuc, undefined).model).toBeUndefined();
  });

  it('adds catalogue NICs under the next free ESXi name; BMC NICs get the bmc role', () => {
    let hw = HostHardware.parse({});
    hw = addNic(hw, searchNics(all, '0bda:8156')[0]!);
    hw = addNic(hw, searchNics(all, 'I226-V')[0]!);
    hw = addNic(hw, searchNics(all, 'idrac')[0]!);
    expect(hw.nics.map((n) => [n.name, n.role])).toEqual([
      ['vusb0', 'uplink'],
      ['vmnic0', 'uplink'],
      ['vusb1', 'bmc'],
    ]);
    expect(HostHardware.safeParse(hw).success).toBe(true);
    hw = removeNic(hw, 'vusb0');
    expect(nextNicName(hw.nics, 'usb')).toBe('vusb0');
    expect(setNicRole(hw, 'vmnic0', 'unused').nics[0]?.role).toBe('unused');
  });

  it('sizes accept decimals with a comma and clear on empty or invalid input', () => {
    const hw = HostHardware.parse({ ramGiB: 16 });
    expect(setSize(hw, 'ramGiB', '31,5').ramGiB).toBe(31.5);
    expect('ramGiB' in setSize(hw, 'ramGiB', '')).toBe(false);
    expect('cores' in setSize(hw, 'cores', '2.5')).toBe(false);
    expect(setSize(hw, 'bootDiskGB', '512').bootDiskGB).toBe(512);
  });

  it('replaces one host’s hardware in the site', () => {
    const site = demoSite();
    const next = withHostHardware(site, 'esx02', HostHardware.parse({ ramGiB: 8 }));
    expect(next.spec.hosts[1]?.hardware.ramGiB).toBe(8);
    expect(next.spec.hosts[0]).toBe(site.spec.hosts[0]);
  });
});

describe('NIC edits on a host whose NICs come from the model catalogue (issue 24 item 7)', () => {
  const udoo = list.hostModels.find((m) => m.id === 'udoo-bolt-v8')!;
  const siteWith = (hardware: HostHardware) => {
    const base = demoSite();
    const esx02 = base.spec.hosts[1]!;
    return { ...base, spec: { ...base.spec, hosts: [{ ...esx02, hardware, vswitches: esx02.vswitches.map((v) => ({ ...v, uplinks: { active: ['vmnic0'], standby: [] } })) }] } };
  };

  it('adding the USB NIC from the catalogue keeps the onboard vmnic0 the model implied, so vSwitch0 still finds it', () => {
    const implied = HostHardware.parse({ model: 'udoo-bolt-v8' });
    const hw = addNic(implied, searchNics(all, '0bda:8156')[0]!, udoo);
    expect(hw.nics.map((n) => [n.name, n.bus, `${n.vendorId}:${n.deviceId}`])).toEqual([
      ['vmnic0', 'pci', '10ec:8168'],
      ['vusb0', 'usb', '0bda:8156'],
    ]);
    const h = checkSite(siteWith(hw), list).hosts[0]!;
    expect(h.devices.map((d) => d.nic)).toEqual(['vmnic0', 'vusb0']);
    expect(h.findings.map((f) => f.code)).not.toContain('uplink-missing');
  });

  it('setting the role of an implied onboard NIC makes it explicit with that role; removing one keeps the others', () => {
    const implied = HostHardware.parse({ model: 'minisforum-ms-01' });
    const ms01 = list.hostModels.find((m) => m.id === 'minisforum-ms-01')!;
    expect(setNicRole(implied, 'vmnic0', 'unused', ms01).nics.map((n) => [n.name, n.role])).toEqual([
      ['vmnic0', 'unused'],
      ['vmnic1', 'uplink'],
      ['vmnic2', 'uplink'],
      ['vmnic3', 'uplink'],
    ]);
    expect(removeNic(implied, 'vmnic2', ms01).nics.map((n) => n.name)).toEqual(['vmnic0', 'vmnic1', 'vmnic3']);
  });
});
