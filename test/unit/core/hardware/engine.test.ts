/** The verdict engine: per device, per host and site-level checks, with the actions a technician must take. */
import { describe, expect, it } from 'vitest';
import { checkSite } from '../../../helpers/plan';
import type { HostVerdict } from '../../../../main/core/hardware/verdict';
import { Site as SiteSchema } from '../../../../main/core/site/schema';
import { demoSite, demoSiteInput, shippedList } from '../../../helpers/hardware';

const list = shippedList();
type HostInput = NonNullable<ReturnType<typeof demoSiteInput>['spec']>['hosts'][number];

/** A one-node site with one host on a release, parsed through the schema so defaults (vSwitches, roles) apply. */
const oneHost = (host: Partial<HostInput>, release = '8.0U3') => {
  const input = demoSiteInput({ release, hosts: [{ name: 'esx01', management: { ip: '192.168.10.11' }, ...host } as HostInput] });
  return checkSite(SiteSchema.parse({ ...input, spec: { ...input.spec, topology: 'one-node' } }), list);
};
const codes = (h: HostVerdict) => h.findings.map((f) => f.code);
const nuc = { model: 'intel-nuc13anh', ramGiB: 32, bootDiskGB: 512 };

describe('demo site (NUC 13 Pro + UDOO Bolt with a USB uplink) on 8.0U3', () => {
  const v = checkSite(demoSite(), list);
  const [esx01, esx02] = v.hosts as [HostVerdict, HostVerdict];

  it('passes with actions and names the list version used', () => {
    expect(v.status).toBe('supported-with-actions');
    expect(v.list).toEqual({ listVersion: list.listVersion, dataDate: list.dataDate, schemaVersion: 1 });
    expect(v.findings).toEqual([]);
  });

  it('esx01: the I226-V is inbox, the hybrid 13th-gen CPU needs two kernel options', () => {
    expect(esx01.devices[0]).toMatchObject({ nic: 'vmnic0', status: 'supported', driver: 'cndi-igc', countsAsUplink: true, evidence: 'verified-doc' });
    expect(esx01.actions).toEqual([
      { kind: 'kernel-option', option: 'cpuUniformityHardCheckPanic=FALSE', quirk: 'hybrid-cores', basis: 'model' },
      { kind: 'kernel-option', option: 'ignoreMsrFaults=TRUE', quirk: 'msr-faults-13th-gen', basis: 'model' },
    ]);
    expect(esx01.status).toBe('supported-with-actions');
  });

  it('esx02: the unused Realtek needs the if-re Fling but does not force it; the USB RTL8156 needs the 8.0U3 Fling', () => {
    const [realtek, usb] = esx02.devices;
    expect(realtek).toMatchObject({ nic: 'vmnic0', status: 'supported-with-actions', used: false, countsAsUplink: false });
    expect(realtek?.actions[0]).toMatchObject({ kind: 'inject-driver', driver: 'if_re' });
    expect(usb).toMatchObject({ nic: 'vusb0', status: 'supported-with-actions', countsAsUplink: true, speedMbps: 2500 });
    expect(esx02.actions).toContainEqual(expect.objectContaining({ kind: 'inject-usb-fling', file: 'ESXi803-VMKUSB-NIC-FLING-93415869-component.zip' }));
    expect(esx02.actions).toContainEqual({ kind: 'module-setting', module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a' });
    expect(esx02.actions.some((a) => a.kind === 'inject-driver')).toBe(false);
    expect(esx02.uplinks).toEqual(['vusb0']);
  });
});

describe('device verdicts by release', () => {
  it('a Realtek RTL8111 as the only uplink on 7.0U3 makes the host unsupported', () => {
    const v = oneHost({ hardware: { ...nuc, model: 'udoo-bolt-v8', nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168' }] } }, '7.0U3');
    const h = v.hosts[0]!;
    expect(h.devices[0]?.status).toBe('unsupported');
    expect(h.status).toBe('unsupported');
    expect(codes(h)).toEqual(expect.arrayContaining(['install-nic-no-driver', 'no-supported-uplink']));
    expect(v.status).toBe('unsupported');
  });

  it('the same Realtek on 8.0U3 is supported once the if-re Fling is injected', () => {
    const h = oneHost({ hardware: { ...nuc, model: 'udoo-bolt-v8', nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168' }] } }).hosts[0]!;
    expect(h.status).toBe('supported-with-actions');
    expect(h.actions).toContainEqual(expect.objectContaining({ kind: 'inject-driver', driver: 'if_re' }));
  });

  it('I225-V needs the community igc driver on 7.0U3 but is inbox on 8.0U3', () => {
    const hw = { ...nuc, model: 'intel-nuc11tnh', nics: [{ name: 'vmnic0', bus: 'pci' as const, vendorId: '8086', deviceId: '15f3' }] };
    expect(oneHost({ hardware: hw }, '7.0U3').hosts[0]!.devices[0]).toMatchObject({ status: 'supported-with-actions', driver: 'igc-community' });
    expect(oneHost({ hardware: hw }, '8.0U3').hosts[0]!.devices[0]).toMatchObject({ status: 'supported', driver: 'cndi-igc' });
  });

  it('an RTL8157 5G dongle works on 8.0U3 with Fling 1.14-7 but not on 9.0, where it suggests 8.0U3', () => {
    const hw = { ...nuc, nics: [{ name: 'vusb0', bus: 'usb' as const, vendorId: '0bda', deviceId: '8157' }] };
    const on803 = oneHost({ hardware: hw, vswitches: [{ uplinks: { active: ['vusb0'] } }] }, '8.0U3').hosts[0]!;
    expect(on803.devices[0]).toMatchObject({ status: 'supported-with-actions', speedMbps: 5000 });
    const on90 = oneHost({ hardware: hw, vswitches: [{ uplinks: { active: ['vusb0'] } }] }, '9.0').hosts[0]!;
    expect(on90.devices[0]?.status).toBe('unsupported');
    expect(on90.devices[0]?.findings[0]?.code).toBe('usb-not-in-release-build');
    expect(on90.devices[0]?.actions).toEqual([{ kind: 'change-release', to: '8.0U3' }]);
    expect(on90.status).toBe('unsupported');
  });

  it('a CDC-class USB adapter not in the table is "unknown", never supported', () => {
    const hw = { ...nuc, nics: [{ name: 'vusb0', bus: 'usb' as const, vendorId: '04e8', deviceId: 'a101', classCode: '020600' }] };
    const h = oneHost({ hardware: hw, vswitches: [{ uplinks: { active: ['vusb0'] } }] }).hosts[0]!;
    expect(h.devices[0]).toMatchObject({ status: 'unknown', match: { kind: 'usb-cdc-class', id: '0206' }, countsAsUplink: false });
    expect(h.status).toBe('unknown');
    expect(codes(h)).toContain('no-confirmed-uplink');
  });

  it('an unlisted USB adapter with a known non-network class is unsupported; with unknown class it is unknown', () => {
    const mk = (classCode?: string) => oneHost({ hardware: { ...nuc, nics: [{ name: 'vusb0', bus: 'usb', vendorId: '1234', deviceId: '5678', ...(classCode ? { classCode } : {}) }] }, vswitches: [{ uplinks: { active: ['vusb0'] } }] }).hosts[0]!;
    expect(mk('ff0000').devices[0]?.status).toBe('unsupported');
    expect(mk('ff0000').status).toBe('unsupported');
    expect(mk().devices[0]?.status).toBe('unknown');
  });

  it('an RTL8152 (100 Mb/s) never counts as the ≥ 1 GbE uplink', () => {
    const h = oneHost({ hardware: { ...nuc, nics: [{ name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8152' }] }, vswitches: [{ uplinks: { active: ['vusb0'] } }] }).hosts[0]!;
    expect(h.devices[0]?.findings.map((f) => f.code)).toContain('nic-too-slow');
    expect(h.status).toBe('unsupported');
    expect(codes(h)).toContain('no-supported-uplink');
  });

  it('a PCI device not in the list is unknown with a verify action', () => {
    const h = oneHost({ hardware: { ...nuc, nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '15b3', deviceId: '1015' }] } }).hosts[0]!;
    expect(h.devices[0]).toMatchObject({ status: 'unknown', match: { kind: 'none' } });
    expect(h.status).toBe('unknown');
  });
});

describe('BMC virtual NICs', () => {
  const hw = (role?: 'uplink' | 'bmc') => ({
    model: 'dell-poweredge-xr11',
    ramGiB: 64,
    bootDiskGB: 480,
    nics: [
      { name: 'vmnic0', bus: 'pci' as const, vendorId: '14e4', deviceId: '165f' },
      { name: 'vusb0', bus: 'usb' as const, vendorId: '413c', deviceId: 'a102', ...(role ? { role } : {}) },
    ],
  });

  it('are recognised from the list and never counted as uplinks', () => {
    const h = oneHost({ hardware: hw() }).hosts[0]!;
    expect(h.devices[1]).toMatchObject({ role: 'bmc', countsAsUplink: false });
    expect(h.uplinks).toEqual(['vmnic0']);
    expect(h.actions.some((a) => a.kind === 'inject-usb-fling')).toBe(false);
    expect(h.status).toBe('supported');
  });

  it('used as a vSwitch uplink they are an error with "pick another uplink" naming the spare NIC', () => {
    const h = oneHost({ hardware: hw('uplink'), vswitches: [{ uplinks: { active: ['vusb0'] } }] }).hosts[0]!;
    expect(codes(h)).toContain('bmc-nic-as-uplink');
    expect(h.actions).toContainEqual({ kind: 'pick-another-uplink', nic: 'vusb0', suggestion: 'vmnic0' });
    expect(h.status).toBe('unsupported');
  });
});

describe('host minimums and quirks', () => {
  const nic = [{ name: 'vmnic0', bus: 'pci' as const, vendorId: '8086', deviceId: '125c' }];
  it('RAM below 8 GiB, boot disk below 32 GB and fewer than 2 cores are errors', () => {
    const h = oneHost({ hardware: { ramGiB: 4, bootDiskGB: 16, cores: 1, nics: nic } }).hosts[0]!;
    expect(codes(h)).toEqual(expect.arrayContaining(['ram-below-minimum', 'boot-disk-below-minimum', 'cores-below-minimum']));
    expect(h.status).toBe('unsupported');
  });

  it('RAM between minimum and recommended is a warning; unknown sizes are information only', () => {
    const h = oneHost({ hardware: { ramGiB: 8, nics: nic } }).hosts[0]!;
    expect(h.findings.find((f) => f.code === 'ram-below-recommended')?.severity).toBe('warning');
    expect(h.findings.find((f) => f.code === 'boot-disk-unknown')?.severity).toBe('info');
    expect(h.status).toBe('supported');
  });

  it('a model with VMD and hybrid cores asks for a BIOS setting and kernel options', () => {
    const h = oneHost({ hardware: { model: 'minisforum-ms-01', ramGiB: 64, bootDiskGB: 1000 } }).hosts[0]!;
    expect(h.actions).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'kernel-option', option: 'cpuUniformityHardCheckPanic=FALSE' }), expect.objectContaining({ kind: 'bios' })]));
    // NICs come from the model when none were entered
    expect(codes(h)).toContain('nics-from-model');
    expect(h.devices.map((d) => d.nic)).toEqual(['vmnic0', 'vmnic1', 'vmnic2', 'vmnic3']);
  });

  it('release-scoped quirks only apply to their release', () => {
    const m = { model: 'asus-nuc14rvh', ramGiB: 32, bootDiskGB: 512 };
    expect(oneHost({ hardware: m }, '7.0U3').hosts[0]!.findings.some((f) => f.params.quirk === 'release-7-eogs')).toBe(true);
    expect(oneHost({ hardware: m }, '8.0U3').hosts[0]!.findings.some((f) => f.params.quirk === 'release-7-eogs')).toBe(false);
  });

  it('a host with nothing known is unknown, not supported', () => {
    const h = oneHost({ hardware: {} }).hosts[0]!;
    expect(h.status).toBe('unknown');
    expect(codes(h)).toEqual(expect.arrayContaining(['model-not-set', 'no-nics']));
  });
});

describe('USB NIC names per release', () => {
  const usb = (name: string) => ({ name, bus: 'usb' as const, vendorId: '0bda', deviceId: '8153' });
  it('vusb8 is beyond the 7.0U3 Fling (vusb0-7) but fine on 8.0 (vusb0-11); vusb12 is beyond every release', () => {
    const mk = (name: string, release: string) => oneHost({ hardware: { ...nuc, nics: [usb(name)] }, vswitches: [{ uplinks: { active: [name] } }] }, release).hosts[0]!;
    expect(codes(mk('vusb8', '7.0U3'))).toContain('vusb-name-out-of-range');
    expect(codes(mk('vusb8', '8.0'))).not.toContain('vusb-name-out-of-range');
    expect(codes(mk('vusb11', '9.0'))).not.toContain('vusb-name-out-of-range');
    expect(codes(mk('vusb12', '9.0'))).toContain('vusb-name-out-of-range');
    expect(mk('vusb8', '7.0U3').status).toBe('unsupported');
  });

  it('jumbo MTU over a USB uplink is a warning', () => {
    const h = oneHost({ hardware: { ...nuc, nics: [usb('vusb0')] }, vswitches: [{ mtu: 9000, uplinks: { active: ['vusb0'] } }] }).hosts[0]!;
    expect(h.findings.find((f) => f.code === 'usb-jumbo-unverified')?.severity).toBe('warning');
  });

  it('a vSwitch naming a NIC the host does not have is flagged', () => {
    const h = oneHost({ hardware: { ...nuc, nics: [usb('vusb0')] }, vswitches: [{ uplinks: { active: ['vusb0', 'vmnic3'] } }] }).hosts[0]!;
    expect(codes(h)).toContain('uplink-missing');
  });
});

describe('two-node port-group parity', () => {
  it('reports port groups missing on one host and VLAN mismatches', () => {
    const input = demoSiteInput();
    const hosts = input.spec.hosts.map((h, i) => ({
      ...h,
      vswitches: [{ uplinks: { active: [i === 0 ? 'vmnic0' : 'vusb0'] }, portGroups: i === 0 ? [{ name: 'Management Network', vlan: 10 }, { name: 'POS', vlan: 20 }] : [{ name: 'Management Network', vlan: 11 }] }],
    }));
    const v = checkSite(SiteSchema.parse({ ...input, spec: { ...input.spec, hosts } }), list);
    expect(v.findings.map((f) => [f.code, f.params])).toEqual([
      ['portgroup-parity', { host: 'esx02', other: 'esx01', missing: 'POS' }],
      ['portgroup-vlan-mismatch', { portGroup: 'Management Network', hostA: 'esx01', vlanA: 10, hostB: 'esx02', vlanB: 11 }],
    ]);
    expect(v.status).toBe('unsupported');
  });

  it('identical port groups pass', () => {
    expect(checkSite(demoSite(), list).findings).toEqual([]);
  });
});

describe('which NICs are used', () => {
  it('a NIC marked unused stops being the uplink even if the default vSwitch names it; the USB NIC takes over', () => {
    const h = oneHost({
      hardware: { model: 'udoo-bolt-v8', ramGiB: 32, bootDiskGB: 256, nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168', role: 'unused' }, { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156' }] },
    }).hosts[0]!;
    expect(h.uplinks).toEqual(['vusb0']);
    expect(h.actions.some((a) => a.kind === 'inject-driver')).toBe(false);
    expect(h.status).toBe('supported-with-actions');
  });
});

describe('requirements follow roles, not step order (issue 15)', () => {
  const usbNic = { name: 'vusb0', bus: 'usb' as const, vendorId: '0bda', deviceId: '8156', mac: '00:e0:4c:68:15:6a' };
  const onboard = { name: 'vmnic0', bus: 'pci' as const, vendorId: '8086', deviceId: '125c' };

  it('a USB uplink not yet on a vSwitch still requires the Fling (and its module settings)', () => {
    // step 2 before step 3: the default vSwitch still names vmnic0 only
    const h = oneHost({ hardware: { ...nuc, nics: [onboard, usbNic] } }).hosts[0]!;
    expect(h.devices.find((d) => d.nic === 'vusb0')).toMatchObject({ role: 'uplink', used: false });
    expect(h.actions).toContainEqual(expect.objectContaining({ kind: 'inject-usb-fling', file: 'ESXi803-VMKUSB-NIC-FLING-93415869-component.zip' }));
    expect(h.actions).toContainEqual({ kind: 'module-setting', module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a' });
  });

  it('a NIC the technician marked unused asks for nothing', () => {
    const h = oneHost({ hardware: { ...nuc, nics: [onboard, { ...usbNic, role: 'unused' }] } }).hosts[0]!;
    expect(h.actions.some((a) => a.kind === 'inject-usb-fling')).toBe(false);
  });

  it('the management device needs its driver even when marked unused', () => {
    const h = oneHost({ management: { ip: '192.168.10.11', device: 'vusb0' }, hardware: { ...nuc, nics: [onboard, { ...usbNic, role: 'unused' }] } }).hosts[0]!;
    expect(h.actions.some((a) => a.kind === 'inject-usb-fling')).toBe(true);
  });

  it('a vSwitch on a missing NIC is an error that fails the check, naming the vSwitch and the NICs the host has', () => {
    const v = oneHost({ hardware: { ...nuc, nics: [usbNic] }, vswitches: [{ uplinks: { active: ['vusb0', 'vmnic3'] } }] });
    const f = v.hosts[0]!.findings.find((x) => x.code === 'uplink-missing');
    expect(f).toMatchObject({ severity: 'error', params: { nic: 'vmnic3', vswitch: 'vSwitch0', present: 'vusb0' } });
    expect(v.hosts[0]!.status).toBe('unsupported');
    expect(v.status).toBe('unsupported');
  });

  it('vSwitch0 left to the plan on a host whose only NIC is a USB NIC gets that NIC; naming vmnic0 there is the error', () => {
    expect(oneHost({ hardware: { ...nuc, nics: [usbNic] } }).hosts[0]!.findings.find((x) => x.code === 'uplink-missing')).toBeUndefined();
    const v = oneHost({ hardware: { ...nuc, nics: [usbNic] }, vswitches: [{ name: 'vSwitch0', uplinks: { active: ['vmnic0'] } }] });
    expect(v.hosts[0]!.findings.find((x) => x.code === 'uplink-missing')?.severity).toBe('error');
    expect(v.status).toBe('unsupported');
  });

  it('an install NIC naming a NIC the host does not have is an error', () => {
    const v = oneHost({ management: { ip: '192.168.10.11', device: 'vusb1' }, hardware: { ...nuc, nics: [onboard, usbNic] } });
    expect(v.hosts[0]!.findings.find((x) => x.code === 'install-nic-missing')).toMatchObject({ severity: 'error', params: { nic: 'vusb1', present: 'vmnic0, vusb0' } });
    expect(v.hosts[0]!.status).toBe('unsupported');
  });

  it('an inventory of another model is flagged with both values: product name, and CPU generation', () => {
    const product = oneHost({ hardware: { ...nuc, productName: 'NUC12WSHi7', nics: [onboard] } }).hosts[0]!;
    expect(product.findings.find((x) => x.code === 'model-product-mismatch')?.params).toMatchObject({ product: 'NUC12WSHi7', productModel: 'Intel NUC 12 Pro NUC12WSHi5/i7' });
    const cpu = oneHost({ hardware: { ...nuc, cpu: 'Intel host bridge: Intel Corporation Alder Lake-P Host Bridge/DRAM Registers', nics: [onboard] } }).hosts[0]!;
    const f = cpu.findings.find((x) => x.code === 'cpu-generation-mismatch');
    expect(f?.severity).toBe('warning');
    expect(f?.params).toMatchObject({ found: 'generation 12', expected: 'Raptor Lake (13th gen, 4P+8E) (generation 13/14)' });
    const amd = oneHost({ hardware: { ...nuc, cpu: 'AMD Ryzen Embedded V1605B', nics: [onboard] } }).hosts[0]!;
    expect(amd.findings.find((x) => x.code === 'cpu-generation-mismatch')?.params.found).toBe('an AMD CPU');
    // the right CPU raises nothing
    const same = oneHost({ hardware: { ...nuc, cpu: '13th Gen Intel(R) Core(TM) i7-1360P', productName: 'NUC13ANHi7', nics: [onboard] } }).hosts[0]!;
    expect(codes(same)).not.toEqual(expect.arrayContaining(['cpu-generation-mismatch']));
    expect(codes(same)).not.toContain('model-product-mismatch');
  });
});
