/** Host findings in full: BMC NICs on a vSwitch, hosts without a confirmed uplink, inventories of another box, port groups. */
import { describe, expect, it } from 'vitest';
import { checkHost } from '../../../../main/core/hardware/engine';
import type { CompatList } from '../../../../main/core/hardware/schema';
import { Site as SiteSchema, type Release } from '../../../../main/core/site/schema';
import { checkSite } from '../../../helpers/plan';
import { demoSiteInput, shippedList } from '../../../helpers/hardware';

const list = shippedList();
type HostInput = NonNullable<ReturnType<typeof demoSiteInput>['spec']>['hosts'][number];
const siteOf = (host: Partial<HostInput>, release = '8.0U3') => {
  const input = demoSiteInput({ release, hosts: [{ name: 'esx01', management: { ip: '192.168.10.11' }, ...host } as HostInput] });
  return SiteSchema.parse({ ...input, spec: { ...input.spec, topology: 'one-node' } });
};
const check = (host: Partial<HostInput>, release = '8.0U3', l: CompatList = list) => checkHost(siteOf(host, release).spec.hosts[0]!, l, release as Release);
const bare = { ramGiB: 32, bootDiskGB: 512 };
const i226 = { name: 'vmnic0', bus: 'pci' as const, vendorId: '8086', deviceId: '125c' };

describe('uplinks', () => {
  it('a BMC NIC on a vSwitch is an error naming it, and the spare uplink is suggested', () => {
    const h = check({ hardware: { ...bare, nics: [i226, { name: 'vusb0', bus: 'usb', vendorId: '413c', deviceId: 'a102' }] }, vswitches: [{ uplinks: { active: ['vusb0'] } }] });
    expect(h.findings.filter((f) => f.code === 'bmc-nic-as-uplink')).toEqual([{ severity: 'error', code: 'bmc-nic-as-uplink', params: { nic: 'vusb0' } }]);
    expect(h.actions).toEqual([{ kind: 'pick-another-uplink', nic: 'vusb0', suggestion: 'vmnic0' }]);
  });

  it('no NIC at all is a warning naming the host, and its findings are exactly what is known', () => {
    const without90: CompatList = { ...list, releases: list.releases.filter((r) => r.id !== '9.0') };
    const h = check({ hardware: { ...bare } }, '9.0', without90);
    expect(h.findings).toEqual([
      { severity: 'info', code: 'model-not-set', params: { host: 'esx01' } },
      { severity: 'warning', code: 'release-not-in-list', params: { release: '9.0' } },
      { severity: 'warning', code: 'no-nics', params: { host: 'esx01' } },
    ]);
    expect(h.status).toBe('unknown');
  });

  it('an untested adapter in use makes the host unknown, but one left unused does not hide a missing uplink', () => {
    const killer = { name: 'vmnic0', bus: 'pci' as const, vendorId: '10ec', deviceId: '3000' };
    const cdc = { name: 'vusb0', bus: 'usb' as const, vendorId: '04e8', deviceId: 'a101', classCode: '020600' };
    const both = check({ hardware: { ...bare, nics: [killer, cdc] }, vswitches: [{ uplinks: { active: ['vmnic0', 'vusb0'] } }] });
    expect(both.findings.map((f) => f.code)).toContain('no-confirmed-uplink');
    expect(both.findings.map((f) => f.code)).not.toContain('no-supported-uplink');
    const spare = check({ hardware: { ...bare, nics: [killer, cdc] }, vswitches: [{ uplinks: { active: ['vmnic0'] } }] });
    expect(spare.findings.map((f) => f.code)).toContain('no-supported-uplink');
    expect(spare.findings.map((f) => f.code)).not.toContain('no-confirmed-uplink');
  });
});

describe('an inventory of another box', () => {
  const nuc13 = { model: 'intel-nuc13anh', ...bare, nics: [i226] };
  const mismatch = (hardware: Record<string, unknown>) => check({ hardware: hardware as HostInput['hardware'] }).findings.filter((f) => f.code === 'cpu-generation-mismatch' || f.code === 'model-product-mismatch');

  it('an Intel CPU in a box chosen as an AMD model is a warning that names both vendors and the model', () => {
    expect(mismatch({ model: 'udoo-bolt-v8', ...bare, cpu: '13th Gen Intel(R) Core(TM) i7-1360P', nics: [i226] })).toEqual([
      { severity: 'warning', code: 'cpu-generation-mismatch', params: { cpu: '13th Gen Intel(R) Core(TM) i7-1360P', found: 'an Intel CPU', model: 'SECO/UDOO UDOO Bolt V8', expected: 'Zen 1 (Ryzen Embedded V1000) (an AMD CPU)' } },
    ]);
  });

  it('another model\'s product name is a warning naming both models', () => {
    expect(mismatch({ ...nuc13, productName: 'NUC12WSHi7' })).toEqual([
      { severity: 'warning', code: 'model-product-mismatch', params: { product: 'NUC12WSHi7', productModel: 'Intel NUC 12 Pro NUC12WSHi5/i7', model: 'Intel/ASUS NUC 13 Pro NUC13ANHi5/i7' } },
    ]);
  });

  it('a CPU text without a vendor, without a generation, or sharing one of its generations with the model raises nothing', () => {
    expect(mismatch({ ...nuc13, cpu: 'Raptor Lake' })).toEqual([]);
    expect(mismatch({ ...nuc13, cpu: 'Intel(R) Celeron(R) CPU' })).toEqual([]);
    expect(mismatch({ ...nuc13, cpu: '12th Gen Intel(R) Core(TM) i7-1360P' })).toEqual([]);
    expect(mismatch({ model: 'generic-n100', ...bare, cpu: '13th Gen Intel(R) Core(TM) i7-1360P', nics: [i226] })).toEqual([]);
  });
});

describe('port groups across the two hosts', () => {
  it('every missing port group is named, and both kinds of difference are errors', () => {
    const input = demoSiteInput();
    const hosts = input.spec.hosts.map((h, i) => ({
      ...h,
      vswitches: [{ uplinks: { active: [i === 0 ? 'vmnic0' : 'vusb0'] }, portGroups: i === 0 ? [{ name: 'Management Network', vlan: 10 }, { name: 'POS', vlan: 20 }, { name: 'Cameras', vlan: 30 }] : [{ name: 'Management Network', vlan: 11 }] }],
    }));
    const v = checkSite(SiteSchema.parse({ ...input, spec: { ...input.spec, hosts } }), list);
    expect(v.findings.map((f) => [f.severity, f.code, f.params.missing ?? f.params.portGroup])).toEqual([
      ['error', 'portgroup-parity', 'POS, Cameras'],
      ['error', 'portgroup-vlan-mismatch', 'Management Network'],
    ]);
  });

  it('a one-node site has no port-group findings', () => {
    expect(checkSite(siteOf({ hardware: { ...bare, nics: [i226] } }), list).findings).toEqual([]);
  });
});
