/** Issue 18 item 7: VM class and VM networks are picked from what the site defines; other names warn. */
import { describe, expect, it } from 'vitest';
import { formatKeyValues, formatPciIds, isUnknownClass, parseKeyValues, parsePciIds, portGroupChoices, unknownNetworks, vmClassChoices } from '../../../../../renderer/steps/network/network-form';
import { twoNodeSite } from '../../../../helpers/manifest-sites';

describe('pick lists of the workloads section', () => {
  it('offers the site\'s classes first, then built-in ones, and flags a class that matches nothing', () => {
    const site = twoNodeSite();
    expect(vmClassChoices(site).slice(0, 3)).toEqual(['nvr-class', 'tiny', 'best-effort-xsmall']);
    expect(isUnknownClass(site, 'tiny')).toBe(false);
    expect(isUnknownClass(site, 'best-effort-2xlarge')).toBe(false);
    expect(isUnknownClass(site, 'gpu-large')).toBe(true);
    expect(isUnknownClass(site, '')).toBe(false);
  });

  it('offers the port groups of the VM\'s own host (not the Management Network) and flags others', () => {
    const site = twoNodeSite();
    expect(portGroupChoices(site, 'esx02')).toEqual(['VM Network', 'Cameras']);
    expect(portGroupChoices(site, undefined)).toEqual(['VM Network', 'Cameras']);
    site.spec.hosts[1]!.vswitches[1]!.portGroups = [{ name: 'Lab', vlan: 30 }];
    expect(unknownNetworks(site, 'esx02', ['Cameras', 'Lab'])).toEqual(['Cameras']);
    expect(unknownNetworks(site, undefined, ['Cameras', 'Lab'])).toEqual(['Lab']);
  });

  it('reads extraConfig lines and PCI IDs as typed, and writes them back the same way', () => {
    expect(parseKeyValues('pciPassthru.use64bitMMIO=true\n\nbad line\n a = b = c ')).toEqual([{ key: 'pciPassthru.use64bitMMIO', value: 'true' }, { key: 'a', value: 'b = c' }]);
    expect(formatKeyValues([{ key: 'k', value: 'v' }])).toBe('k=v');
    expect(parsePciIds('10de:25b6\n0x14e4:0x1751, nonsense')).toEqual([{ vendorId: '0x10de', deviceId: '0x25b6' }, { vendorId: '0x14e4', deviceId: '0x1751' }]);
    expect(formatPciIds(parsePciIds('10de:25b6'))).toBe('10de:25b6');
  });
});
