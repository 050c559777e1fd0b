/** What each host is expected to be: from the kickstart line, the repo files GitOps applies, and the NIC roles. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedHosts, hostManifestFiles } from '../../../../main/core/acceptance/expected';
import { generateSiteFiles } from '../../../../main/core/manifests/generate';
import { Site } from '../../../../main/core/site/schema';
import { parseSiteYaml } from '../../../../main/core/site/yaml';
import { minimalSite } from '../../../helpers/sites';
import { planOf } from '../../../helpers/plan';

const root = join(import.meta.dirname, '..', '..', '..', '..');
function sample(): Site {
  const r = parseSiteYaml(readFileSync(join(root, 'resources', 'samples', 'site.yaml'), 'utf8'));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const expectedOf = (site: Site) => {
  const plan = planOf(site);
  return expectedHosts(site, plan, generateSiteFiles(site, plan));
};

describe('expectedHosts', () => {
  it('reads the sample site as its kickstart and its repo files say', () => {
    const [esx01, esx02] = expectedOf(sample());
    expect(esx01).toMatchObject({
      host: 'esx01',
      address: '192.168.42.11',
      release: '8.0U3',
      hostName: 'esx01',
      domainName: 'store0421.example.com',
      vmk0: { ip: '192.168.42.11', netmask: '255.255.255.0' },
      uplinks: [{ nic: 'vmnic0', usb: false }],
      dnsServers: ['192.168.42.2'],
      ntpServers: ['0.pool.ntp.org', '1.pool.ntp.org'],
    });
    // vSwitch0 is rewritten by the repo (it adds POS), so the repo file is the source.
    expect(esx01!.vswitches).toEqual([
      {
        name: 'vSwitch0',
        uplinks: ['vmnic0'],
        portGroups: [
          { name: 'Management Network', vlan: 0 },
          { name: 'VM Network', vlan: 0 },
          { name: 'POS', vlan: 42 },
        ],
        source: 'repo',
        file: 'sites/demo-store-0421/hosts/esx01/vswitches.yaml',
      },
    ]);
    // The worker comes from workloads/common (every host includes it), pos-gateway from esx01's own folder.
    expect(esx01!.vms.map((v) => [v.name, v.powerState, v.worker])).toEqual([
      ['ec-worker', 'poweredOff', true],
      ['pos-gateway', 'poweredOn', false],
    ]);
    expect(esx02!.vms.map((v) => v.name)).toEqual(['ec-worker']);
    expect(esx02!.uplinks).toEqual([{ nic: 'vusb0', usb: true, mac: '00:e0:4c:68:15:6a' }]);
    expect(esx02!.usbFlingSettings).toBe('usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a');
  });

  it('expects the installer\'s vSwitch0 when the repo leaves it alone, and no NTP check with PTP', () => {
    const input = minimalSite();
    input.spec.ntp = { protocol: 'PTP', servers: ['ptp.example.com'] };
    const [h] = expectedOf(Site.parse(input));
    expect(h!.vswitches).toEqual([
      // No NIC is known for this host, so the plan names no install NIC and no uplink is expected.
      { name: 'vSwitch0', uplinks: [], portGroups: [{ name: 'Management Network', vlan: 0 }, { name: 'VM Network', vlan: 0 }], source: 'install' },
    ]);
    expect(h!.ntpServers).toBeUndefined();
    expect(h!.domainName).toBeUndefined();
    expect(h!.hostName).toBe('esx01');
  });

  it('has no address to connect to for a DHCP host', () => {
    const input = minimalSite();
    input.spec.hosts[0]!.management = { mode: 'dhcp' };
    const [h] = expectedOf(Site.parse(input));
    expect(h!.address).toBeUndefined();
    expect(h!.vmk0).toBeUndefined();
  });

  it('follows the kustomization tree, not the folder layout', () => {
    const files = new Map([
      ['s/hosts/a/kustomization.yaml', 'resources: [../../base, extra.yaml]\n'],
      ['s/hosts/a/extra.yaml', 'kind: X\n'],
      ['s/hosts/a/not-listed.yaml', 'kind: Y\n'],
      ['s/base/kustomization.yaml', 'resources: [time.yaml, ../hosts/a]\n'],
      ['s/base/time.yaml', 'kind: Z\n'],
    ]);
    expect(hostManifestFiles(files, 's/hosts/a')).toEqual(['s/base/time.yaml', 's/hosts/a/extra.yaml']);
  });
});
