/** Host rules: minimums, model, CPU-decided quirks, USB NIC names, jumbo frames, uplinks, release coverage, status. */
import { describe, expect, it } from 'vitest';
import { checkHost, hostStatus } from '../../../../main/core/hardware/engine';
import type { CompatList } from '../../../../main/core/hardware/schema';
import type { HostVerdict } from '../../../../main/core/hardware/verdict';
import { Site as SiteSchema, type Release } from '../../../../main/core/site/schema';
import { demoSiteInput, shippedList } from '../../../helpers/hardware';

const list = shippedList();
type HostInput = NonNullable<ReturnType<typeof demoSiteInput>['spec']>['hosts'][number];
const codes = (h: HostVerdict) => h.findings.map((f) => f.code);
const nuc = { model: 'intel-nuc13anh', ramGiB: 32, bootDiskGB: 512 };

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
