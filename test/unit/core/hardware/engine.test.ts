/** The verdict engine: per device, per host and site-level checks, with the actions a technician must take. */
import { describe, expect, it } from 'vitest';
import { checkSite } from '../../../helpers/plan';
import { checkDevice, checkHost, hostStatus } from '../../../../main/core/hardware/engine';
import type { CompatList } from '../../../../main/core/hardware/schema';
import type { HostVerdict } from '../../../../main/core/hardware/verdict';
import { Nic as NicSchema, Site as SiteSchema, type Release } from '../../../../main/core/site/schema';
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

describe('device rules, one NIC at a time (checkDevice)', () => {
  const device = (nic: Record<string, unknown>, release = '8.0U3', used = true) => checkDevice(NicSchema.parse(nic), list, release as Release, used);
  const fling803 = { kind: 'inject-usb-fling', build: '803-93415869', file: 'ESXi803-VMKUSB-NIC-FLING-93415869-component.zip', vibVersion: '1.14-7vmw.803.0.95.93415869' };

  it('a PCI NIC known by name only is "unknown" and says which command shows its IDs', () => {
    expect(device({ name: 'vmnic0', bus: 'pci' })).toEqual({
      nic: 'vmnic0',
      bus: 'pci',
      label: 'PCI NIC vmnic0',
      role: 'uplink',
      used: true,
      match: { kind: 'none' },
      status: 'unknown',
      countsAsUplink: false,
      findings: [{ severity: 'warning', code: 'nic-ids-unknown', params: { nic: 'vmnic0', bus: 'pci' } }],
      actions: [{ kind: 'verify', what: 'the PCI IDs of vmnic0 (esxcli hardware pci list)' }],
      sources: [],
    });
  });

  it('a USB NIC known by name only still needs the release\'s Fling, and lsusb for its VID:PID', () => {
    const d = device({ name: 'vusb0', bus: 'usb', speedMbps: 2500 });
    expect(d).toMatchObject({ label: 'USB NIC vusb0', driver: 'vmkusb_nic_fling', speedMbps: 2500, status: 'unknown', countsAsUplink: false });
    expect(d.actions).toEqual([fling803, { kind: 'verify', what: 'the USB VID:PID of vusb0 (lsusb)' }]);
    expect(device({ name: 'vusb0', bus: 'usb' }, '7.0U3').actions[0]).toMatchObject({ kind: 'inject-usb-fling', build: '703-55634242' });
  });

  it('a PCI device the list lacks asks to verify a driver for its IDs on the release, keeping its entered speed', () => {
    const d = device({ name: 'vmnic0', bus: 'pci', vendorId: '15b3', deviceId: '1015', speedMbps: 25000 });
    expect(d).toMatchObject({ label: 'PCI 15b3:1015', speedMbps: 25000, status: 'unknown', match: { kind: 'none' }, countsAsUplink: false });
    expect(d.findings).toEqual([{ severity: 'warning', code: 'pci-not-in-list', params: { id: '15b3:1015' } }]);
    expect(d.actions).toEqual([{ kind: 'verify', what: 'that ESXi 8.0U3 has a driver for PCI 15b3:1015' }]);
  });

  it('a family whose driver on the release is not established asks to watch the installer, with the list\'s note', () => {
    const d = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15df' });
    expect(d).toMatchObject({ label: 'I219-LM (8)', status: 'unknown', driver: 'ne1000', speedMbps: 1000, evidence: 'unverified', match: { kind: 'pci-family', id: 'intel-i219-8-9' } });
    expect(d.findings[0]).toMatchObject({ severity: 'warning', code: 'pci-status-unknown', params: { name: 'I219-LM (8)', release: '8.0U3', note: 'not in the Community Fling; inbox ne1000 coverage not checked' } });
    expect(d.actions).toEqual([{ kind: 'verify', what: 'that the ESXi 8.0U3 installer detects the I219-LM (8)' }]);
  });

  it('a NIC with no driver is an error when used and a warning when not; it never counts as an uplink', () => {
    const used = device({ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '3000' });
    expect(used).toMatchObject({ status: 'unsupported', countsAsUplink: false, actions: [] });
    expect(used.findings).toEqual([expect.objectContaining({ severity: 'error', code: 'pci-no-driver', params: { name: 'Killer E3000', release: '8.0U3' } })]);
    const spare = device({ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '3000' }, '8.0U3', false);
    expect(spare.findings.map((f) => [f.severity, f.code])).toEqual([
      ['warning', 'pci-no-driver'],
      ['info', 'nic-unused'],
    ]);
  });

  it('a Fling driver and a community driver are told apart, each naming the package to inject', () => {
    const realtek = device({ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168' });
    expect(realtek.findings[0]).toMatchObject({ severity: 'warning', code: 'pci-fling-driver', params: { driver: 'if_re', release: '8.0U3' } });
    expect(realtek.actions).toEqual([{ kind: 'inject-driver', package: realtek.findings[0]!.params.package, driver: 'if_re' }]);
    expect(String(realtek.findings[0]!.params.package)).toContain('if-re');
    const igc = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3' }, '7.0U3');
    expect(igc.findings[0]).toMatchObject({ severity: 'warning', code: 'pci-community-driver', params: { name: 'I225-V', driver: 'igc-community', release: '7.0U3' } });
    expect(igc).toMatchObject({ status: 'supported-with-actions', countsAsUplink: true, speedMbps: 2500 });
  });

  it('an inbox driver whose claim is unverified says so next to the driver', () => {
    const d = device({ name: 'vmnic0', bus: 'pci', vendorId: '14e4', deviceId: '165f' });
    expect(d).toMatchObject({ status: 'supported', driver: 'ntg3', evidence: 'unverified' });
    expect(d.findings.map((f) => [f.severity, f.code])).toEqual([
      ['info', 'pci-inbox'],
      ['info', 'evidence-unverified'],
    ]);
    expect(d.findings[1]!.params).toEqual({ subject: d.label });
    expect(device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c' }).findings.map((f) => f.code)).toEqual(['pci-inbox']);
  });

  it('a listed USB device whose product is unknown is "unknown" with the Fling still to inject', () => {
    const d = device({ name: 'vusb1', bus: 'usb', vendorId: '18d1', deviceId: '0215' });
    expect(d).toMatchObject({ status: 'unknown', driver: 'vmkusb_nic_fling', countsAsUplink: false, match: { kind: 'usb-listed', id: '18d1:0215' } });
    expect(d.findings.map((f) => [f.severity, f.code])).toEqual([
      ['info', 'usb-listed'],
      ['warning', 'usb-product-unknown'],
    ]);
    expect(d.findings[0]!.params.build).toBe('1.14-7vmw.803.0.95.93415869');
    expect(d.actions).toEqual([fling803]);
  });

  it('a USB adapter the release\'s build lacks names the releases that list it; unused it is a warning', () => {
    const d = device({ name: 'vusb1', bus: 'usb', vendorId: '2cc8', deviceId: '2927' }, '8.0U3', false);
    expect(d.status).toBe('unsupported');
    expect(d.findings[0]).toMatchObject({ severity: 'warning', code: 'usb-not-in-release-build', params: { id: '2cc8:2927', release: '8.0U3', listedIn: '9.0' } });
    expect(d.actions).toEqual([{ kind: 'change-release', to: '9.0' }]);
    expect(device({ name: 'vusb1', bus: 'usb', vendorId: '2cc8', deviceId: '2927' }).findings[0]?.severity).toBe('error');
  });

  it('an unlisted USB adapter: a CDC class may work (Fling plus a test host), a known other class is refused, an unknown class is to be read', () => {
    const cdc = device({ name: 'vusb0', bus: 'usb', vendorId: '04e8', deviceId: 'a101', classCode: '020600', speedMbps: 1000 });
    expect(cdc).toMatchObject({ driver: 'vmkusb_nic_fling', speedMbps: 1000, status: 'unknown' });
    expect(cdc.findings[0]).toMatchObject({ severity: 'warning', code: 'usb-cdc-class-untested', params: { id: '04e8:a101' } });
    expect(cdc.actions).toEqual([fling803, { kind: 'verify', what: 'the USB adapter 04e8:a101 on one host before site rollout' }]);
    const other = device({ name: 'vusb0', bus: 'usb', vendorId: '04e8', deviceId: 'a101', classCode: 'ff0000' });
    expect(other).toMatchObject({ status: 'unsupported', actions: [], match: { kind: 'none' } });
    expect(other.findings).toEqual([{ severity: 'error', code: 'usb-not-listed', params: { id: '04e8:a101' } }]);
    expect(device({ name: 'vusb0', bus: 'usb', vendorId: '04e8', deviceId: 'a101', classCode: 'ff0000' }, '8.0U3', false).findings[0]?.severity).toBe('warning');
    const unknown = device({ name: 'vusb1', bus: 'usb', vendorId: '1234', deviceId: '5678', speedMbps: 1000 });
    expect(unknown).toMatchObject({ status: 'unknown', speedMbps: 1000 });
    expect(unknown.findings).toEqual([{ severity: 'warning', code: 'usb-not-listed-class-unknown', params: { id: '1234:5678' } }]);
    expect(unknown.actions).toEqual([{ kind: 'verify', what: 'the interface class of 1234:5678 with "lsusb -v" (CDC ECM/NCM may work, untested)' }]);
  });

  it('a supported NIC at exactly the minimum speed counts as an uplink; one below it does not; an unknown speed is noted', () => {
    const at = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', speedMbps: 1000 });
    expect(at.countsAsUplink).toBe(true);
    expect(at.findings.map((f) => f.code)).not.toContain('nic-too-slow');
    const below = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', speedMbps: 999 });
    expect(below.countsAsUplink).toBe(false);
    expect(below.findings).toContainEqual({ severity: 'warning', code: 'nic-too-slow', params: { nic: 'vmnic0', speedMbps: 999, minMbps: 1000 } });
    const unknownSpeed = device({ name: 'vusb1', bus: 'usb', vendorId: '17ef', deviceId: '720a' });
    expect(unknownSpeed.speedMbps).toBeUndefined();
    expect(unknownSpeed.findings).toContainEqual({ severity: 'info', code: 'nic-speed-unknown', params: { nic: 'vusb1' } });
    expect(unknownSpeed.countsAsUplink).toBe(true);
  });

  it('the technician\'s label, MAC and IDs are kept; a NIC marked unused or not used never counts', () => {
    const d = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', label: 'LAN port left', mac: '48:21:0b:5a:1c:07' });
    expect(d).toMatchObject({ label: 'LAN port left', mac: '48:21:0b:5a:1c:07', vendorId: '8086', deviceId: '125c', countsAsUplink: true });
    expect(device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', role: 'unused' }).countsAsUplink).toBe(false);
    expect(device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c' }, '8.0U3', false).countsAsUplink).toBe(false);
  });

  it('a NIC marked BMC gets no speed or "unused" notes and never counts', () => {
    const d = device({ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', role: 'bmc', speedMbps: 100 }, '8.0U3', false);
    expect(d).toMatchObject({ role: 'bmc', countsAsUplink: false });
    expect(d.findings.map((f) => f.code)).toEqual(['pci-inbox']);
  });
});

describe('host rules (checkHost)', () => {
  const hostFrom = (host: Partial<HostInput>, release = '8.0U3') => {
    const input = demoSiteInput({ release, hosts: [{ name: 'esx01', management: { ip: '192.168.10.11' }, ...host } as HostInput] });
    return SiteSchema.parse({ ...input, spec: { ...input.spec, topology: 'one-node' } }).spec.hosts[0]!;
  };
  const check = (host: Partial<HostInput>, release = '8.0U3', l = list) => checkHost(hostFrom(host, release), l, release as Release);
  const bare = { ramGiB: 32, bootDiskGB: 512 };
  const i226 = { name: 'vmnic0', bus: 'pci' as const, vendorId: '8086', deviceId: '125c' };
  const minimumCodes = ['cores-below-minimum', 'ram-below-minimum', 'ram-below-recommended', 'ram-above-model-max', 'ram-unknown', 'boot-disk-below-minimum', 'boot-disk-unknown'];
  const src = { evidence: list.minimums.provenance.evidence, sources: list.minimums.provenance.sources };

  it('exactly the minimum cores and boot disk and the recommended RAM raise nothing', () => {
    const h = check({ hardware: { cores: 2, ramGiB: 12, bootDiskGB: 32, nics: [i226] } });
    expect(codes(h).filter((c) => minimumCodes.includes(c))).toEqual([]);
    expect(h.status).toBe('supported');
  });

  it('one below each minimum is an error naming the value and the minimum, with the minimums\' sources', () => {
    const h = check({ hardware: { cores: 1, ramGiB: 7, bootDiskGB: 31, nics: [i226] } });
    expect(h.findings.filter((f) => minimumCodes.includes(f.code))).toEqual([
      { severity: 'error', code: 'cores-below-minimum', params: { cores: 1, min: 2 }, ...src },
      { severity: 'error', code: 'ram-below-minimum', params: { ram: 7, min: 8 }, ...src },
      { severity: 'error', code: 'boot-disk-below-minimum', params: { disk: 31, min: 32 }, ...src },
    ]);
    expect(check({ hardware: { ramGiB: 11, nics: [i226] } }).findings.find((f) => f.code === 'ram-below-recommended')).toEqual({ severity: 'warning', code: 'ram-below-recommended', params: { ram: 11, recommended: 12 }, ...src });
  });

  it('unknown RAM and boot disk are information that still names the minimum', () => {
    const h = check({ hardware: { nics: [i226] } });
    expect(h.findings.filter((f) => minimumCodes.includes(f.code))).toEqual([
      { severity: 'info', code: 'ram-unknown', params: { min: 8 } },
      { severity: 'info', code: 'boot-disk-unknown', params: { min: 32 } },
    ]);
  });

  it('the model\'s core count counts when none is entered; an entered count wins', () => {
    const nuc13 = list.hostModels.find((m) => m.id === 'intel-nuc13anh')!;
    const oneCore: CompatList = { ...list, hostModels: [{ ...nuc13, cores: 1 }] };
    expect(codes(check({ hardware: { model: 'intel-nuc13anh', ramGiB: 16, bootDiskGB: 64, nics: [i226] } }, '8.0U3', oneCore))).toContain('cores-below-minimum');
    expect(codes(check({ hardware: { model: 'intel-nuc13anh', cores: 4, ramGiB: 16, bootDiskGB: 64, nics: [i226] } }, '8.0U3', oneCore))).not.toContain('cores-below-minimum');
    expect(codes(check({ hardware: { model: 'intel-nuc13anh', cores: 1, ramGiB: 16, bootDiskGB: 64, nics: [i226] } }))).toContain('cores-below-minimum');
  });

  it('more RAM than the model takes is a warning naming the model\'s maximum; its maximum itself is fine', () => {
    expect(check({ hardware: { model: 'intel-nuc13anh', ramGiB: 128, bootDiskGB: 512, nics: [i226] } }).findings.find((f) => f.code === 'ram-above-model-max')).toEqual({
      severity: 'warning',
      code: 'ram-above-model-max',
      params: { ram: 128, max: 64, model: 'NUC 13 Pro NUC13ANHi5/i7' },
    });
    expect(codes(check({ hardware: { model: 'intel-nuc13anh', ramGiB: 64, bootDiskGB: 512, nics: [i226] } }))).not.toContain('ram-above-model-max');
  });

  it('says which model it judged, or that the model is unknown or not set', () => {
    const nuc13 = list.hostModels.find((m) => m.id === 'intel-nuc13anh')!;
    expect(check({ hardware: { model: 'intel-nuc13anh', nics: [i226] } }).findings[0]).toEqual({
      severity: 'info',
      code: 'model-known',
      params: { model: 'Intel/ASUS NUC 13 Pro NUC13ANHi5/i7', cpu: 'Core i7-1360P / i5-1340P', cores: 12, hybrid: true },
      evidence: nuc13.provenance.evidence,
      sources: nuc13.provenance.sources,
    });
    const unknown = check({ hardware: { model: 'Frankenbox 3000', nics: [i226] } });
    expect(unknown.findings[0]).toEqual({ severity: 'warning', code: 'model-unknown', params: { host: 'esx01', model: 'Frankenbox 3000' } });
    expect(unknown.model).toBeUndefined();
    expect(check({ hardware: { nics: [i226] } }).findings[0]).toEqual({ severity: 'info', code: 'model-not-set', params: { host: 'esx01' } });
    expect(check({ hardware: { model: 'intel-nuc13anh', nics: [i226] } }).model).toEqual({ id: 'intel-nuc13anh', name: 'Intel/ASUS NUC 13 Pro NUC13ANHi5/i7', hybridCores: true });
  });

  it('the box\'s CPU drops the model\'s hybrid and 13th-generation kernel options when it has neither, and says why', () => {
    const h = check({ hardware: { model: 'intel-nuc13anh', cpu: 'Intel(R) Core(TM) i5-12500', ramGiB: 64, bootDiskGB: 500, nics: [i226] } });
    expect(h.actions.filter((a) => a.kind === 'kernel-option')).toEqual([]);
    const byCpu = h.findings.filter((f) => f.code === 'cpu-quirk-by-inventory');
    expect(byCpu.map((f) => f.params)).toEqual([
      { quirk: 'hybrid-cores', applies: false, cpu: 'Intel(R) Core(TM) i5-12500', counts: 'core count unknown', basis: 'sku', model: 'Intel/ASUS NUC 13 Pro NUC13ANHi5/i7', modelCpu: 'Core i7-1360P / i5-1340P' },
      { quirk: 'msr-faults-13th-gen', applies: false, cpu: 'Intel(R) Core(TM) i5-12500', counts: 'core count unknown', basis: 'sku', model: 'Intel/ASUS NUC 13 Pro NUC13ANHi5/i7', modelCpu: 'Core i7-1360P / i5-1340P' },
    ]);
    expect(byCpu.every((f) => f.severity === 'info')).toBe(true);
    expect(codes(h)).not.toContain('quirk');
  });

  it('the box\'s CPU adds the kernel options a model without quirks would not ask for, marked as decided by the CPU', () => {
    const h = check({ hardware: { model: 'intel-nuc11tnh', cpu: '13th Gen Intel(R) Core(TM) i7-1360P', cores: 12, threads: 16, ramGiB: 64, bootDiskGB: 500, nics: [i226] } });
    expect(h.actions).toEqual([
      { kind: 'kernel-option', option: 'cpuUniformityHardCheckPanic=FALSE', quirk: 'hybrid-cores', basis: 'cpu' },
      { kind: 'kernel-option', option: 'ignoreMsrFaults=TRUE', quirk: 'msr-faults-13th-gen', basis: 'cpu' },
    ]);
    expect(h.findings.find((f) => f.code === 'cpu-quirk-by-inventory')?.params).toMatchObject({ applies: true, counts: '12 cores, 16 threads', basis: 'threads' });
    expect(h.findings.filter((f) => f.code === 'quirk').map((f) => [f.severity, f.params.quirk, f.params.model])).toEqual([
      ['warning', 'hybrid-cores', 'NUC 11 Pro NUC11TNHi5/i7'],
      ['warning', 'msr-faults-13th-gen', 'NUC 11 Pro NUC11TNHi5/i7'],
    ]);
    expect(check({ hardware: { model: 'intel-nuc11tnh', cpu: '13th Gen Intel(R) Core(TM) i7-1360P', cores: 12, ramGiB: 64, bootDiskGB: 500, nics: [i226] } }).findings.find((f) => f.code === 'cpu-quirk-by-inventory')?.params.counts).toBe('12 cores');
  });

  it('without a model, the CPU alone decides and names itself in the quirk', () => {
    const h = check({ hardware: { cpu: '13th Gen Intel(R) Core(TM) i7-1360P', ramGiB: 64, bootDiskGB: 500, nics: [i226] } });
    expect(h.findings.find((f) => f.code === 'cpu-quirk-by-inventory')?.params).toEqual({ quirk: 'hybrid-cores', applies: true, cpu: '13th Gen Intel(R) Core(TM) i7-1360P', counts: 'core count unknown', basis: 'sku' });
    expect(h.findings.find((f) => f.code === 'quirk')?.params).toEqual({ quirk: 'hybrid-cores', model: '13th Gen Intel(R) Core(TM) i7-1360P' });
    expect(h.actions.map((a) => a.kind === 'kernel-option' && a.basis)).toEqual(['cpu', 'cpu']);
  });

  it('a model\'s quirks carry their BIOS settings and checks as actions', () => {
    const h = check({ hardware: { model: 'intel-nuc8i5beh', ramGiB: 32, bootDiskGB: 256 } });
    expect(h.actions).toEqual([{ kind: 'verify', what: 'the CPU family against Broadcom KB 82794 (CPU support deprecation) for this release' }]);
    expect(h.findings.find((f) => f.code === 'quirk')).toMatchObject({ severity: 'warning', params: { quirk: 'cpu-deprecation-check', model: 'NUC 8 Pro NUC8i5BEH' } });
    expect(check({ hardware: { model: 'hpe-microserver-gen10-plus', ramGiB: 32, bootDiskGB: 256 } }).actions).toContainEqual({ kind: 'bios', setting: 'Boot mode: UEFI (CSM/legacy off); Sitekit sticks boot UEFI only' });
  });

  it('NICs from a model: its standard onboard NICs in order, never its SKU variants', () => {
    const h = check({ hardware: { model: 'generic-n100', ramGiB: 16, bootDiskGB: 500 } });
    expect(h.devices.map((d) => [d.nic, d.vendorId, d.deviceId, d.label])).toEqual([
      ['vmnic0', '8086', '125c', 'I226-V 2.5GbE'],
      ['vmnic1', '8086', '125c', 'I226-V 2.5GbE'],
    ]);
    expect(h.findings).toContainEqual({ severity: 'info', code: 'nics-from-model', params: { count: 2 } });
    expect(codes(check({ hardware: { model: 'generic-n100', ramGiB: 16, bootDiskGB: 500, nics: [i226] } }))).not.toContain('nics-from-model');
  });

  it('more USB NICs than the release\'s Fling names is an error; as many as it names is fine', () => {
    const usb = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `vusb${i}`, bus: 'usb' as const, vendorId: '0bda', deviceId: '8153' }));
    expect(check({ hardware: { ...nuc, nics: usb(9) } }, '7.0U3').findings.filter((f) => f.code === 'too-many-usb-nics' || f.code === 'vusb-name-out-of-range')).toEqual([
      { severity: 'error', code: 'vusb-name-out-of-range', params: { nic: 'vusb8', max: 'vusb7', release: '7.0U3' } },
      { severity: 'error', code: 'too-many-usb-nics', params: { count: 9, max: 8, release: '7.0U3' } },
    ]);
    expect(codes(check({ hardware: { ...nuc, nics: usb(8) } }, '7.0U3')).filter((c) => c === 'too-many-usb-nics' || c === 'vusb-name-out-of-range')).toEqual([]);
  });

  it('a vSwitch naming a vusb beyond the Fling\'s names is flagged even when no such NIC exists', () => {
    const h = check({ hardware: { ...nuc, nics: [i226] }, vswitches: [{ uplinks: { active: ['vmnic0'], standby: ['vusb9'] } }] }, '7.0U3');
    expect(h.findings).toContainEqual({ severity: 'error', code: 'vusb-name-out-of-range', params: { nic: 'vusb9', max: 'vusb7', release: '7.0U3' } });
  });

  it('jumbo frames warn only over a USB uplink (active or standby) and only above 1500', () => {
    const usb0 = { name: 'vusb0', bus: 'usb' as const, vendorId: '0bda', deviceId: '8156' };
    const jumbo = (mtu: number, uplinks: { active?: string[]; standby?: string[] }) => check({ hardware: { ...nuc, nics: [i226, usb0] }, vswitches: [{ mtu, uplinks }] }).findings.filter((f) => f.code === 'usb-jumbo-unverified');
    expect(jumbo(9000, { active: ['vmnic0'], standby: ['vusb0'] })).toEqual([{ severity: 'warning', code: 'usb-jumbo-unverified', params: { vswitch: 'vSwitch0', mtu: 9000 } }]);
    expect(jumbo(1500, { active: ['vusb0'] })).toEqual([]);
    expect(jumbo(9000, { active: ['vmnic0'] })).toEqual([]);
  });

  it('a vSwitch on a NIC with no driver is an error, and the spare NIC that has one is suggested', () => {
    const h = check({ hardware: { ...bare, nics: [i226, { name: 'vmnic1', bus: 'pci', vendorId: '10ec', deviceId: '3000' }] }, vswitches: [{ uplinks: { active: ['vmnic1'] } }] });
    expect(h.findings.filter((f) => f.severity === 'error')).toEqual([
      { severity: 'error', code: 'uplink-unsupported', params: { nic: 'vmnic1', label: 'Killer E3000' } },
      { severity: 'error', code: 'no-supported-uplink', params: { host: 'esx01', minMbps: 1000 } },
    ]);
    expect(h.actions).toEqual([{ kind: 'pick-another-uplink', nic: 'vmnic1', suggestion: 'vmnic0' }]);
    expect(h.status).toBe('unsupported');
    expect(h.uplinks).toEqual([]);
  });

  it('a spare NIC below the minimum speed is never suggested', () => {
    const slow = { name: 'vusb0', bus: 'usb' as const, vendorId: '0bda', deviceId: '8152' };
    const h = check({ hardware: { ...bare, nics: [slow, { name: 'vmnic1', bus: 'pci', vendorId: '10ec', deviceId: '3000' }] }, vswitches: [{ uplinks: { active: ['vmnic1'] } }] });
    expect(h.actions.filter((a) => a.kind === 'pick-another-uplink')).toEqual([{ kind: 'pick-another-uplink', nic: 'vmnic1' }]);
  });

  it('no vSwitch uplink named and no NIC usable: "pick another uplink" starts from vmnic0', () => {
    const h = check({ hardware: { ...bare, nics: [{ name: 'vmnic1', bus: 'pci', vendorId: '10ec', deviceId: '3000' }, { ...i226, name: 'vmnic2', role: 'unused' }] } });
    expect(h.findings).toContainEqual({ severity: 'error', code: 'no-supported-uplink', params: { host: 'esx01', minMbps: 1000 } });
    expect(h.actions).toEqual([{ kind: 'pick-another-uplink', nic: 'vmnic0', suggestion: 'vmnic2' }]);
  });

  it('a release the list does not cover leaves the host "unknown", never "supported"', () => {
    const without90: CompatList = { ...list, releases: list.releases.filter((r) => r.id !== '9.0') };
    const h = check({ hardware: { ...bare, nics: [i226] } }, '9.0', without90);
    expect(h.findings).toContainEqual({ severity: 'warning', code: 'release-not-in-list', params: { release: '9.0' } });
    expect(h.status).toBe('unknown');
    expect(codes(check({ hardware: { ...bare, nics: [i226] } }, '9.0'))).not.toContain('release-not-in-list');
  });

  it('the Fling\'s module settings name the MAC of every vusb NIC that has one, and only those', () => {
    const h = check({ hardware: { ...nuc, nics: [{ name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156' }, { name: 'vusb1', bus: 'usb', vendorId: '0bda', deviceId: '8156', mac: '00:e0:4c:68:15:6b' }] } });
    expect(h.actions.filter((a) => a.kind === 'module-setting')).toEqual([{ kind: 'module-setting', module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1 vusb1_mac=00:e0:4c:68:15:6b' }]);
    expect(h.actions.filter((a) => a.kind === 'inject-usb-fling')).toHaveLength(1);
  });
});

describe('host status (hostStatus)', () => {
  it('an error makes it unsupported; a missing uplink, NIC or release makes it unknown; then actions decide', () => {
    const verify = [{ kind: 'verify' as const, what: 'x' }];
    expect(hostStatus([{ severity: 'error', code: 'ram-below-minimum', params: {} }, { severity: 'warning', code: 'no-nics', params: {} }], verify)).toBe('unsupported');
    for (const code of ['no-confirmed-uplink', 'no-nics', 'release-not-in-list'] as const) expect(hostStatus([{ severity: 'warning', code, params: {} }], verify), code).toBe('unknown');
    expect(hostStatus([{ severity: 'warning', code: 'ram-below-recommended', params: {} }], verify)).toBe('supported-with-actions');
    expect(hostStatus([{ severity: 'warning', code: 'ram-below-recommended', params: {} }], [])).toBe('supported');
  });
});
