import { describe, expect, it } from 'vitest';
import { draftIssues, newSwitch, numberValue, setUplinkRole, splitList, updateSwitch, uplinkChoices } from '../../../../../renderer/steps/network/network-form';
import { twoNodeSite } from '../../../../helpers/manifest-sites';

describe('network form helpers', () => {
  it('offers the host NICs as uplinks and moves an uplink between switches', () => {
    const host = twoNodeSite().spec.hosts[0]!;
    expect(uplinkChoices(host)).toEqual(['vmnic0', 'vusb0']);
    const moved = setUplinkRole(host, 0, 'vusb0', 'standby');
    expect(moved.vswitches[0]?.uplinks).toEqual({ active: ['vmnic0'], standby: ['vusb0'] });
    expect(moved.vswitches[1]?.uplinks).toEqual({ active: [], standby: [] });
    const unused = setUplinkRole(moved, 0, 'vusb0', 'unused');
    expect(unused.vswitches[0]?.uplinks.standby).toEqual([]);
  });

  it('names a new switch after the existing ones', () => {
    expect(newSwitch(twoNodeSite().spec.hosts[0]!).name).toBe('vSwitch2');
  });

  it('reports field problems by path, e.g. a VLAN out of range or an empty number', () => {
    const site = twoNodeSite();
    expect(draftIssues(site).size).toBe(0);
    const bad = updateSwitch(site, 1, 1, (s) => ({ ...s, mtu: numberValue(''), portGroups: [{ name: 'Cameras', vlan: 5000 }] }));
    const issues = draftIssues(bad);
    expect(issues.get('spec.hosts[1].vswitches[1].portGroups[0].vlan')).toBe('VLAN ID must be 0 (untagged) to 4094');
    expect(issues.has('spec.hosts[1].vswitches[1].mtu')).toBe(true);
  });

  it('splits comma lists', () => {
    expect(splitList(' VM Network, Cameras ,,')).toEqual(['VM Network', 'Cameras']);
  });
});
