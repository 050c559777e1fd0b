import { generateWithPlan, planOf } from '../../../helpers/plan';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../main/core/manifests/import';
import { Site, type SiteInput } from '../../../../main/core/site/schema';
import { parseAllDocuments } from 'yaml';
import { oneNodeSite, readCorpus, settingsSite, twoNodeInput, twoNodeSite, HAS_CORPUS, corpusTitle } from '../../../helpers/manifest-sites';

/** The site with everything the manifests carry reset to defaults: what import must fill back in. */
function withoutManifestParts(site: Site): SiteInput {
  const s = JSON.parse(JSON.stringify(site)) as Site;
  return {
    ...s,
    spec: {
      ...s.spec,
      ntp: { servers: ['placeholder.invalid'] },
      syslog: [],
      dcuiWelcome: undefined,
      users: [],
      hosts: s.spec.hosts.map(({ workerIp: _, ...h }) => ({ ...h, vswitches: [], requirements: { ...h.requirements, moduleSettings: [] } })),
      workloads: {},
    },
  };
}

describe('importFiles', () => {
  it('round trip: generate → import (with site.yaml) gives the same model', () => {
    for (const site of [oneNodeSite(), twoNodeSite()]) {
      const r = importFiles(generateWithPlan(site));
      expect(r.valid).toBe(true);
      expect(Site.parse(r.site)).toEqual(site);
      expect(r.items.filter((i) => i.outcome === 'verbatim').map((i) => i.into)).toEqual(site.spec.workloads.apps.map((a) => `spec.workloads.apps[${a.name}]`));
    }
  });

  it('round trip: generate → import without site.yaml rebuilds every modelled part from the manifests alone', () => {
    const site = twoNodeSite();
    const files = generateWithPlan(site).filter((f) => !f.path.endsWith('/site.yaml'));
    const r = importFiles(files, { base: withoutManifestParts(site) });
    expect(r.issues).toEqual([]);
    // vSwitch0 as the installer makes it is not written, so it comes back following the host plan: the same
    // uplinks (the install NIC), decided by the plan instead of written down.
    const followingPlan = { ...site, spec: { ...site.spec, hosts: site.spec.hosts.map((h) => ({ ...h, vswitches: h.vswitches.map((sw) => (sw.name === 'vSwitch0' ? { ...sw, uplinks: { standby: sw.uplinks.standby } } : sw)) })) } };
    expect(Site.parse(r.site)).toEqual(followingPlan);
    const uplinks = (x: Site) => planOf(x).hosts.map((h) => h.vswitches.map((sw) => [sw.name, sw.uplinks]));
    expect(uplinks(Site.parse(r.site))).toEqual(uplinks(site));
    expect(r.items.filter((i) => i.outcome === 'verbatim').length).toBe(1); // the app, kept byte for byte
  });

  it('reads each host\'s worker address from its own worker-config, and keeps a per-host netplan that is not Sitekit\'s as it is', () => {
    const site = twoNodeSite();
    const files = generateWithPlan(site).filter((f) => !f.path.endsWith('/site.yaml'));
    const r = importFiles(files, { base: withoutManifestParts(site) });
    expect(Site.parse(r.site).spec.hosts.map((h) => h.workerIp)).toEqual(['192.168.10.20', '192.168.10.21']);
    expect(r.items.filter((i) => i.file.endsWith('/worker-config.yaml')).map((i) => [i.file, i.outcome, i.into])).toEqual([
      ['sites/depot-7/workloads/hosts/esx01/worker-config.yaml', 'modeled', 'spec.workloads.worker'],
      ['sites/depot-7/workloads/hosts/esx02/worker-config.yaml', 'modeled', 'spec.workloads.worker'],
    ]);
    // esx02's gateway changed by hand: the two differ in more than the address, so the worker is kept, not guessed.
    const edited = files.map((f) => (f.path.endsWith('esx02/worker-config.yaml') ? { ...f, content: f.content.replace('via: 192.168.10.1', 'via: 192.168.10.254') } : f));
    const kept = importFiles(edited, { base: withoutManifestParts(site) });
    expect(Site.parse(kept.site).spec.workloads.worker.enabled).toBe(false);
    expect(kept.items.filter((i) => i.file.endsWith('/worker-config.yaml')).map((i) => i.outcome)).toEqual(['verbatim', 'verbatim']);
  });

  it('picks up a value a person changed in the repo (MTU in vswitches.yaml)', () => {
    const site = twoNodeSite();
    const files = generateWithPlan(site).map((f) => (f.path.endsWith('esx02/vswitches.yaml') ? { ...f, content: f.content.replace(/"mtu": 1500,(\s+"port_groups": \[\s+\{\s+"name": "Cameras")/, '"mtu": 9000,$1') } : f));
    expect(files.find((f) => f.path.endsWith('esx02/vswitches.yaml'))?.content).toContain('"mtu": 9000');
    const r = importFiles(files);
    const s = Site.parse(r.site);
    expect(s.spec.hosts[1]?.vswitches.find((v) => v.name === 'vSwitch1')?.mtu).toBe(9000);
    expect(s.spec.hosts[0]?.vswitches.find((v) => v.name === 'vSwitch1')?.mtu).toBe(1500);
  });

  it.skipIf(!HAS_CORPUS)(corpusTitle('imports every file of corpus/ecs-example: modelled where exact, the rest kept verbatim, nothing dropped'), async () => {
    const corpus = await readCorpus();
    expect(corpus.length).toBe(34);
    const r = importFiles(corpus);
    for (const f of corpus) expect(r.items.some((i) => i.file === f.path && i.outcome !== 'skipped'), f.path).toBe(true);
    const modeled = r.items.filter((i) => i.outcome === 'modeled').map((i) => `${i.file}→${i.into}`);
    expect(modeled).toEqual([
      'edge-host-config/dcui-welcome-message.yaml→spec.dcuiWelcome',
      'edge-host-config/new-vswitch-and-portgroup.yaml→spec.hosts[esx01].vswitches',
      'edge-host-config/nfs.yaml→spec.hostSettings.nfsDatastores',
      'edge-host-config/ntp.yaml→spec.ntp',
      'edge-host-config/read-only-account.yaml→spec.users',
      'edge-host-config/usb-nic-scan-on-boot.yaml→spec.hosts[esx01].requirements.moduleSettings',
      'virtualmachine/VMClass/passthrough-pcie-device.yaml→spec.workloads.vmClasses[pci-vmclass]',
      'virtualmachine/deploy-from-bitnami-catalog.yaml→spec.workloads.vms[harbor]',
      'virtualmachine/linux-photon.yaml→spec.workloads.vms[photon-vm]',
      'virtualmachine/linux-photon.yaml→spec.workloads.vms[photon-vm].userData',
      'virtualmachine/real-time-vm.yaml→spec.workloads.vms[rt-vm]',
      'virtualmachine/windowsvm.yaml→spec.workloads.vms[win10vm]',
    ]);
    const site = r.site as Site;
    expect(site.spec.ntp).toEqual({ protocol: 'NTP', servers: ['0.pool.ntp.org', '1.pool.ntp.org'] });
    expect(site.spec.users?.[0]).toMatchObject({ name: 'monitor', access: 'ReadOnly' });
    expect(site.spec.hosts[0]?.vswitches.map((v) => v.name)).toEqual(['vSwitch0', 'vSwitch1']);
    // Defective and unmodelled files are kept verbatim, byte for byte, with their comments.
    const apps = new Map(site.spec.workloads.apps.map((a) => [a.name, a.manifest]));
    expect(apps.get('ptp')).toBe(corpus.find((f) => f.path === 'edge-host-config/ptp.yaml')?.content);
    expect(apps.has('nfs')).toBe(false);
    expect(site.spec.hostSettings?.nfsDatastores).toEqual([{ name: 'NFS', server: '192.168.208.45', share: '/data/NFS', connections: 1, readOnly: false }]);
    expect(site.spec.workloads.vmClasses?.find((c) => c.name === 'pci-vmclass')?.passthroughDevices).toEqual([{ vendorId: '0x14e4', deviceId: '0x1751' }]);
    expect(apps.get('00-ecs-config')).toContain('# kind: HostConfiguration');
    expect(r.items.find((i) => i.file === 'edge-host-config/ptp.yaml')?.reason).toBe('profile-wrapped');
    // Only the documents that were not modelled stay in a partly modelled file.
    expect(apps.get('real-time-vm')).toContain('kind: VirtualMachineClass');
    expect(apps.get('real-time-vm')).not.toContain('kind: VirtualMachine\n');
    // The worker is defined twice (differently) in the corpus: both kept, Sitekit's own worker switched off.
    expect(site.spec.workloads.worker.enabled).toBe(false);
    // What the corpus does not give (management network, DNS) is reported, not invented.
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => i.path)).toEqual(['spec.managementNetwork', 'spec.dns']);
    expect(r.findings.some((f) => f.code === 'profile-wrapped')).toBe(true);
  });

  it.skipIf(!HAS_CORPUS)(corpusTitle('merges into a given base site and then validates'), async () => {
    const corpus = await readCorpus();
    const base = oneNodeSite();
    const r = importFiles(corpus, { base: base as SiteInput });
    expect(r.valid).toBe(true);
    const s = Site.parse(r.site);
    expect(s.metadata.id).toBe(base.metadata.id);
    expect(s.spec.workloads.apps.length).toBe(24); // nfs.yaml and the PCI passthrough class are modelled now
    expect(s.spec.hosts[0]?.vswitches.map((v) => v.name)).toEqual(['vSwitch0', 'vSwitch1']);
  });

  it('does not model the USB scan setting twice when the host already uses a USB NIC', () => {
    const site = twoNodeSite();
    const r = importFiles(generateWithPlan(site).filter((f) => !f.path.endsWith('/site.yaml')), { base: withoutManifestParts(site) });
    expect(Site.parse(r.site).spec.hosts[0]?.requirements.moduleSettings).toEqual([]);
    void twoNodeInput;
  });

  it('round trip of every block modelled from real repos: generate → import (manifests only) → the same model', () => {
    const site = settingsSite();
    const files = generateWithPlan(site).filter((f) => !f.path.endsWith('/site.yaml'));
    const base = JSON.parse(JSON.stringify(site)) as Site;
    const stripped: SiteInput = {
      ...base,
      spec: {
        ...base.spec,
        hostSettings: {},
        hosts: base.spec.hosts.map((h) => ({ ...h, vswitches: [], ptp: undefined })),
        workloads: { worker: { enabled: false } },
      },
    };
    const r = importFiles(files, { base: stripped });
    expect(r.issues).toEqual([]);
    expect(r.items.filter((i) => i.outcome === 'verbatim')).toEqual([]);
    const back = Site.parse(r.site);
    expect(back.spec.hostSettings).toEqual(site.spec.hostSettings);
    expect(back.spec.hosts[0]?.ptp).toEqual(site.spec.hosts[0]?.ptp);
    expect(back.spec.workloads.vmClasses).toEqual(site.spec.workloads.vmClasses.map((c) => ({ ...c, passthroughDevices: c.passthroughDevices.map(({ label: _label, ...d }) => d) })));
    expect(back.spec.workloads.metallbPools).toEqual(site.spec.workloads.metallbPools);
    expect(back.spec.hosts[0]?.vswitches).toEqual(site.spec.hosts[0]?.vswitches);
    // And generating from what was imported gives the same files (the label of a device is not in the manifests).
    expect(generateWithPlan(back).filter((f) => !/\/(site\.yaml|README\.md)$/.test(f.path))).toEqual(generateWithPlan(site).filter((f) => !/\/(site\.yaml|README\.md)$/.test(f.path)));
  });

  it.skipIf(!HAS_CORPUS)(corpusTitle('VMware\'s NFS and PCI passthrough examples import and generate back to the same profile and class'), async () => {
    const corpus = (await readCorpus()).filter((f) => ['edge-host-config/nfs.yaml', 'virtualmachine/VMClass/passthrough-pcie-device.yaml'].includes(f.path));
    const r = importFiles(corpus, { base: oneNodeSite() as SiteInput });
    const out = generateWithPlan(Site.parse(r.site));
    const js = (path: string) => parseAllDocuments(out.find((f) => f.path.endsWith(path))?.content ?? '').map((d) => d.toJS());
    const nfs = JSON.parse(js('base/nfs-datastores.yaml')[0].spec.profile);
    expect(nfs).toEqual(JSON.parse(parseAllDocuments(corpus[0]!.content)[0]!.toJS().spec.profile));
    const cls = js('workloads/common/vm-classes.yaml').find((d) => d.metadata.name === 'pci-vmclass');
    expect(cls.spec).toEqual(parseAllDocuments(corpus[1]!.content)[0]!.toJS().spec);
  });
});
