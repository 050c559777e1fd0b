/** Engine edge cases: half-known IDs, spare uplinks, the Fling's module settings, which NICs are required and used. */
import { describe, expect, it } from 'vitest';
import { checkDevice, checkHost } from '../../../../main/core/hardware/engine';
import { Nic as NicSchema, Site as SiteSchema, type Release } from '../../../../main/core/site/schema';
import { demoSiteInput, shippedList } from '../../../helpers/hardware';

const list = shippedList();
type HostInput = NonNullable<ReturnType<typeof demoSiteInput>['spec']>['hosts'][number];
const check = (host: Partial<HostInput>, release = '8.0U3') => {
  const input = demoSiteInput({ release, hosts: [{ name: 'esx01', management: { ip: '192.168.10.11' }, ...host } as HostInput] });
  return checkHost(SiteSchema.parse({ ...input, spec: { ...input.spec, topology: 'one-node' } }).spec.hosts[0]!, list, release as Release);
};
const bare = { ramGiB: 32, bootDiskGB: 512 };
const i226 = { name: 'vmnic0', bus: 'pci' as const, vendorId: '8086', deviceId: '125c' };
const killer = { name: 'vmnic1', bus: 'pci' as const, vendorId: '10ec', deviceId: '3000' };
const rtl8156 = { name: 'vusb0', bus: 'usb' as const, vendorId: '0bda', deviceId: '8156', mac: '00:e0:4c:68:15:6a' };
const moduleSettings = (h: ReturnType<typeof check>) => h.actions.filter((a) => a.kind === 'module-setting');

describe('engine edge cases', () => {
  it('a NIC with a vendor ID but no device ID is not identified', () => {
    expect(checkDevice(NicSchema.parse({ name: 'vmnic0', bus: 'pci', vendorId: '8086' }), list, '8.0U3', true).findings[0]?.code).toBe('nic-ids-unknown');
  });

  it('findings about a driver and a listed USB device carry the list\'s evidence; a quirk carries its own', () => {
    const inbox = checkDevice(NicSchema.parse(i226), list, '8.0U3', true).findings[0]!;
    expect(inbox.evidence).toBeDefined();
    expect(inbox.sources?.length).toBeGreaterThan(0);
    const fling = checkDevice(NicSchema.parse({ ...killer, deviceId: '8168' }), list, '8.0U3', true).findings[0]!;
    expect(fling.sources?.length).toBeGreaterThan(0);
    expect(checkDevice(NicSchema.parse(rtl8156), list, '8.0U3', true).findings[0]!.sources?.length).toBeGreaterThan(0);
    const q = list.quirks.find((x) => x.id === 'hybrid-cores')!;
    expect(check({ hardware: { model: 'intel-nuc13anh', ...bare, nics: [i226] } }).findings.find((f) => f.code === 'quirk')).toMatchObject({ evidence: q.provenance.evidence, sources: q.provenance.sources });
  });

  it('NICs taken from a model are PCI NICs', () => {
    expect(check({ hardware: { model: 'generic-n100', ...bare } }).devices.map((d) => d.bus)).toEqual(['pci', 'pci']);
  });

  it('a PCI NIC does not count against the Fling\'s USB NIC limit', () => {
    const usb = Array.from({ length: 8 }, (_, i) => ({ name: `vusb${i}`, bus: 'usb' as const, vendorId: '0bda', deviceId: '8153' }));
    expect(check({ hardware: { ...bare, nics: [i226, ...usb] } }, '7.0U3').findings.map((f) => f.code)).not.toContain('too-many-usb-nics');
  });

  it('the spare uplink suggested may be one that needs the Fling, but never a BMC NIC', () => {
    const withUsb = check({ hardware: { ...bare, nics: [killer, rtl8156] }, vswitches: [{ uplinks: { active: ['vmnic1'] } }] });
    expect(withUsb.actions.filter((a) => a.kind === 'pick-another-uplink')).toEqual([{ kind: 'pick-another-uplink', nic: 'vmnic1', suggestion: 'vusb0' }]);
    const withBmc = check({ hardware: { ...bare, nics: [killer, { name: 'vusb0', bus: 'usb', vendorId: '413c', deviceId: 'a102' }] }, vswitches: [{ uplinks: { active: ['vmnic1'] } }] });
    expect(withBmc.actions.filter((a) => a.kind === 'pick-another-uplink')).toEqual([{ kind: 'pick-another-uplink', nic: 'vmnic1' }]);
  });

  it('with no NIC known, a vSwitch\'s uplink is not called missing; with NICs, the missing one names them all', () => {
    expect(check({ hardware: { ...bare }, vswitches: [{ uplinks: { active: ['vmnic0'] } }] }).findings.map((f) => f.code)).not.toContain('uplink-missing');
    const h = check({ hardware: { ...bare, nics: [i226, rtl8156] }, vswitches: [{ uplinks: { active: ['vmnic0', 'vmnic3'] } }] });
    expect(h.findings.find((f) => f.code === 'uplink-missing')?.params.present).toBe('vmnic0, vusb0');
  });

  it('an untested adapter in use is a warning, not an error', () => {
    const cdc = { name: 'vusb0', bus: 'usb' as const, vendorId: '04e8', deviceId: 'a101', classCode: '020600' };
    expect(check({ hardware: { ...bare, nics: [cdc] } }).findings.find((f) => f.code === 'no-confirmed-uplink')?.severity).toBe('warning');
  });

  it('a box whose model came from its product name is not checked against a model nobody chose', () => {
    const h = check({ hardware: { ...bare, productName: 'NUC13ANHi7', cpu: '12th Gen Intel(R) Core(TM) i5-12500', nics: [i226] } });
    expect(h.model?.id).toBe('intel-nuc13anh');
    expect(h.findings.map((f) => f.code)).not.toContain('cpu-generation-mismatch');
  });

  it('the Fling\'s module settings: only for a required USB NIC that needs the Fling, with the MAC of every vusb name', () => {
    expect(moduleSettings(check({ hardware: { ...bare, nics: [i226, { ...rtl8156, role: 'unused' }] } }))).toEqual([]);
    expect(moduleSettings(check({ hardware: { ...bare, nics: [{ name: 'vusb0', bus: 'usb', mac: '00:e0:4c:68:15:6a' }] } }))).toEqual([
      { kind: 'module-setting', module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a' },
    ]);
    expect(moduleSettings(check({ hardware: { ...bare, nics: [i226, { name: 'vusb0', bus: 'usb', vendorId: '1234', deviceId: '5678' }] } }))).toEqual([]);
    expect(moduleSettings(check({ hardware: { ...bare, nics: [{ ...rtl8156, name: 'vusb10' }] } }))[0]).toMatchObject({ options: 'usbBusFullScanOnBootEnabled=1 vusb10_mac=00:e0:4c:68:15:6a' });
  });

  it('a vSwitch naming only NICs that are not uplinks leaves every uplink NIC in use', () => {
    const h = check({ hardware: { ...bare, nics: [i226, { ...i226, name: 'vmnic1', role: 'unused' }] }, vswitches: [{ uplinks: { active: ['vmnic1'] } }] });
    expect(h.devices.find((d) => d.nic === 'vmnic0')?.used).toBe(true);
  });

  it('a NIC marked BMC asks for no driver even when it would need one', () => {
    const h = check({ hardware: { ...bare, nics: [i226, { name: 'vmnic1', bus: 'pci', vendorId: '10ec', deviceId: '8168', role: 'bmc' }] } });
    expect(h.actions.some((a) => a.kind === 'inject-driver')).toBe(false);
  });

  it('an adapter the release cannot drive asks for no release change in the host\'s actions', () => {
    const h = check({ hardware: { ...bare, nics: [i226, { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8157' }] } }, '9.0');
    expect(h.devices.find((d) => d.nic === 'vusb0')?.actions).toEqual([{ kind: 'change-release', to: '8.0U3' }]);
    expect(h.actions.some((a) => a.kind === 'change-release')).toBe(false);
  });
});
