/**
 * HostConfiguration profiles as generation writes them: vSwitch0 is written only when the site changes it from
 * what ESXi installs (a wrong vSwitch0 cuts the host off), and the profile keys a technician can check against
 * VMware's examples.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { checkProfileShape, ESX_PROFILE } from '../../../../main/core/manifests/profile-shapes';
import { deepEqual, welcomeCustom, welcomeText } from '../../../../main/core/manifests/profiles';
import type { Site, SiteInput } from '../../../../main/core/site/schema';
import { generateWithPlan } from '../../../helpers/plan';
import { oneHostSite } from '../../../helpers/sites';

type HostInput = SiteInput['spec']['hosts'][number];

/** One host with vmnic0 (install NIC) and vmnic1, management on VLAN 10, and the vSwitch0 given. */
function withVSwitch0(vs0: NonNullable<HostInput['vswitches']>[number], host: Partial<HostInput> = {}): Site {
  return oneHostSite({
    name: 'esx01',
    management: { ip: '192.168.10.11', vlan: 10 },
    hardware: { nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3' }, { name: 'vmnic1', bus: 'pci', vendorId: '8086', deviceId: '15f3' }] },
    vswitches: [vs0],
    ...host,
  });
}

const installed = { name: 'vSwitch0', uplinks: { active: ['vmnic0'] }, portGroups: [{ name: 'Management Network', vlan: 10 }, { name: 'VM Network', vlan: 0 }] };
/** The switches written to the host's vswitches.yaml, or [] when there is no such file. */
const written = (site: Site) => {
  const f = generateWithPlan(site).find((x) => x.path.endsWith('/hosts/esx01/vswitches.yaml'));
  return f ? (JSON.parse(parseDocument(f.content).toJS().spec.profile).esx.network_vss.switches as { name: string }[]).map((s) => s.name) : [];
};

describe('vSwitch0: left as ESXi installs it unless the site changes it', () => {
  it('as installed (install NIC, MTU 1500, no security exceptions, Management Network on the management VLAN, VM Network): not written', () => {
    expect(written(withVSwitch0(installed))).toEqual([]);
    // Port groups in another order are the same switch.
    expect(written(withVSwitch0({ ...installed, portGroups: [...installed.portGroups].reverse() }))).toEqual([]);
    // Uplinks left to the plan: the install NIC, as the installer gives it.
    expect(written(withVSwitch0({ ...installed, uplinks: {} }))).toEqual([]);
  });

  it('any change writes it: MTU, a security exception, port groups, VLAN, uplinks', () => {
    const changes: Record<string, NonNullable<HostInput['vswitches']>[number]> = {
      mtu: { ...installed, mtu: 9000 },
      promiscuous: { ...installed, security: { allowPromiscuous: true } },
      macChanges: { ...installed, security: { macChanges: true } },
      forgedTransmits: { ...installed, security: { forgedTransmits: true } },
      extraPortGroup: { ...installed, portGroups: [...installed.portGroups, { name: 'Cameras', vlan: 20 }] },
      noVmNetwork: { ...installed, portGroups: [installed.portGroups[0]!] },
      managementVlan: { ...installed, portGroups: [{ name: 'Management Network', vlan: 11 }, { name: 'VM Network', vlan: 0 }] },
      vmNetworkVlan: { ...installed, portGroups: [{ name: 'Management Network', vlan: 10 }, { name: 'VM Network', vlan: 5 }] },
      otherUplink: { ...installed, uplinks: { active: ['vmnic1'] } },
      twoUplinks: { ...installed, uplinks: { active: ['vmnic0', 'vmnic1'] } },
      standby: { ...installed, uplinks: { active: ['vmnic0'], standby: ['vmnic1'] } },
      noUplink: { ...installed, uplinks: { active: [] } },
    };
    for (const [change, vs0] of Object.entries(changes)) expect(written(withVSwitch0(vs0)), change).toEqual(['vSwitch0']);
  });

  it('another switch is always written', () => {
    const site = withVSwitch0(installed, { vswitches: [installed, { name: 'vSwitch1', uplinks: { active: ['vmnic1'] }, portGroups: [] }] });
    expect(written(site)).toEqual(['vSwitch1']);
  });
});

describe('the DCUI welcome text', () => {
  it('the management line is added once, and taken off again when read back', () => {
    const line = '{align:left}{color:yellow}To manage this host, go to: https://{ip}/{/color}{/align}';
    expect(welcomeText('Store 9')).toBe(`Store 9\n\n${line}`);
    expect(welcomeCustom(welcomeText('Store 9'))).toBe('Store 9');
    expect(welcomeText('at https://{ip}/')).toBe('at https://{ip}/');
    expect(welcomeCustom(`Store 9\n${line}`)).toBe(`Store 9\n${line}`);
  });
});

describe('deepEqual: how import compares what it read with what Sitekit would write', () => {
  it('key order and absent keys do not matter; values, types and list order do', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1, b: 3 }, { a: 1, c: 3 })).toBe(false);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
    expect(deepEqual({ a: '1' }, { a: 1 })).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual({}, null)).toBe(false);
    expect(deepEqual(null, null)).toBe(true);
    expect(deepEqual('a', 'b')).toBe(false);
  });
});

describe('profile keys and types against VMware\'s examples', () => {
  it('a key no source shows is a note at its path; a value of another type is a problem naming both types', () => {
    const esx = {
      system: { system_time: { enabled: 'yes', protocol: 'NTP', ntp_config: { server: [{ hostname: 'a', command: 'SERVER', prefer: true }] } } },
      network_vss: { switches: { name: 'not a list' } },
      storage: { nfs_v3_datastores: [{ volume_name: 'NFS', connections: 1.5, read_only: null }] },
      security: 'strict',
      advanced_options: { anygroup: { option_name: 'X', integer_value: 1 }, other: { option_name: 2 } },
    };
    expect(checkProfileShape(esx, 'spec.profile.esx')).toEqual([
      { path: 'spec.profile.esx.system.system_time.enabled', problem: 'type', expected: 'boolean', found: 'string' },
      { path: 'spec.profile.esx.system.system_time.ntp_config.server[0].prefer', problem: 'unknown-key' },
      { path: 'spec.profile.esx.network_vss.switches', problem: 'type', expected: 'list', found: 'object' },
      { path: 'spec.profile.esx.storage.nfs_v3_datastores[0].connections', problem: 'type', expected: 'integer', found: 'number' },
      { path: 'spec.profile.esx.storage.nfs_v3_datastores[0].read_only', problem: 'type', expected: 'boolean', found: 'null' },
      { path: 'spec.profile.esx.security', problem: 'type', expected: 'object', found: 'string' },
      { path: 'spec.profile.esx.advanced_options.other.option_name', problem: 'type', expected: 'string', found: 'integer' },
    ]);
  });

  it('a list where an object belongs, and what Sitekit writes itself, are told apart', () => {
    expect(checkProfileShape({ system: [] }, 'esx')).toEqual([{ path: 'esx.system', problem: 'type', expected: 'object', found: 'list' }]);
    expect(checkProfileShape([], 'esx')).toEqual([{ path: 'esx', problem: 'type', expected: 'object', found: 'list' }]);
    expect(checkProfileShape({ vmkernel: { module_settings: [{ module_name: 'm', options: 'o' }] } }, 'esx')).toEqual([]);
    // A number where the sources show any number accepts integers too.
    expect(checkProfileShape({ ratio: 2 }, 'x', { ratio: 'number' })).toEqual([]);
    expect(checkProfileShape({ ratio: 'two' }, 'x', { ratio: 'number' })).toEqual([{ path: 'x.ratio', problem: 'type', expected: 'number', found: 'string' }]);
    expect(Object.keys(ESX_PROFILE).sort()).toEqual(['advanced_options', 'authentication', 'authorization', 'esx_update', 'network', 'network_vss', 'security', 'storage', 'syslog', 'system', 'vmkernel']);
  });
});
