import { generateWithPlan } from '../../../helpers/plan';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parseDocument } from 'yaml';
import { type GeneratedFile } from '../../../../main/core/manifests/generate';
import { parseSiteYaml } from '../../../../main/core/site/yaml';
import { Site } from '../../../../main/core/site/schema';
import { oneNodeSite, settingsSite, twoNodeInput, twoNodeSharedWorkerInput, twoNodeSite } from '../../../helpers/manifest-sites';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat();
}

/** Compares with the checked-in golden tree; `UPDATE_GOLDEN=1` rewrites it (review the diff before committing). */
async function expectGolden(name: string, files: readonly GeneratedFile[]): Promise<void> {
  const dir = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) {
    for (const f of files) {
      await mkdir(dirname(join(dir, f.path)), { recursive: true });
      await writeFile(join(dir, f.path), f.content);
    }
  }
  expect(existsSync(dir), `golden tree ${name} missing: run with UPDATE_GOLDEN=1`).toBe(true);
  const golden = (await listFiles(dir)).map((p) => relative(dir, p).split('\\').join('/')).sort();
  expect(files.map((f) => f.path)).toEqual(golden);
  for (const f of files) expect(f.content, f.path).toBe(await readFile(join(dir, f.path), 'utf8'));
}

interface HcDoc {
  readonly kind?: string;
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: { readonly layertype: string; readonly profile: string };
}

const hcs = (files: readonly GeneratedFile[]) =>
  files.flatMap((f) => (f.path.endsWith('.yaml') ? parseAllDocuments(f.content).map((d) => ({ path: f.path, value: d.toJS() as HcDoc })) : [])).filter((d) => d.value?.kind === 'HostConfiguration');

describe('generateSiteFiles', () => {
  it('matches the golden tree for a one-node site with one NIC', async () => {
    await expectGolden('one-node', generateWithPlan(oneNodeSite()));
  });

  it('matches the golden tree for a two-node site', async () => {
    await expectGolden('two-node', generateWithPlan(twoNodeSite()));
  });

  it('is deterministic: same model, byte-identical files in path order', () => {
    const a = generateWithPlan(twoNodeSite());
    const b = generateWithPlan(Site.parse(twoNodeInput()));
    expect(b).toEqual(a);
    expect(a.map((f) => f.path)).toEqual([...a.map((f) => f.path)].sort());
  });

  it('writes site.yaml that parses back to the same site, without YAML aliases', () => {
    const site = twoNodeSite();
    const file = generateWithPlan(site).find((f) => f.path === 'sites/depot-7/site.yaml');
    expect(file?.content).not.toMatch(/[&*]a\d/);
    const back = parseSiteYaml(file?.content ?? '');
    expect(back.ok && back.value).toEqual(site);
  });

  it('writes one HostConfiguration per concern: esx-system, Incremental, JSON profile starting at esx', () => {
    const files = generateWithPlan(twoNodeSite());
    const docs = hcs(files);
    expect(docs.length).toBe(4 + 2 + 1); // base: time, dcui, users, syslog; vswitches per host; module settings on esx01
    for (const d of docs) {
      expect(d.value.metadata.namespace).toBe('esx-system');
      expect(d.value.spec.layertype).toBe('Incremental');
      expect(Object.keys(JSON.parse(d.value.spec.profile))).toEqual(['esx']);
    }
    const names = docs.map((d) => `${d.path.includes('/hosts/esx02/') ? 'esx02' : d.path.includes('/hosts/esx01/') ? 'esx01' : 'base'}:${d.value.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('lists exactly what each host applies in its kustomization.yaml', () => {
    const files = generateWithPlan(twoNodeSite());
    const k = (p: string) => parseDocument(files.find((f) => f.path === p)?.content ?? '').toJS().resources;
    expect(k('sites/depot-7/hosts/esx01/kustomization.yaml')).toEqual(['../../base', '../../workloads/common', '../../workloads/hosts/esx01', 'vswitches.yaml', 'module-settings.yaml']);
    expect(k('sites/depot-7/hosts/esx02/kustomization.yaml')).toEqual(['../../base', '../../workloads/common', '../../workloads/hosts/esx02', 'vswitches.yaml']);
    expect(k('sites/depot-7/base/kustomization.yaml')).toEqual(['time.yaml', 'dcui-welcome.yaml', 'local-users.yaml', 'syslog.yaml']);
    expect(k('sites/depot-7/workloads/hosts/esx02/kustomization.yaml')).toEqual(['worker-config.yaml', 'store-kiosk.yaml']);
    // Every file a kustomization lists exists.
    for (const f of files.filter((x) => x.path.endsWith('kustomization.yaml'))) {
      const dir = f.path.slice(0, f.path.lastIndexOf('/'));
      for (const r of parseDocument(f.content).toJS().resources as string[]) {
        const target = join(dir, r).split('\\').join('/');
        expect(files.some((x) => x.path === target || x.path === `${target}/kustomization.yaml`), `${f.path} → ${r}`).toBe(true);
      }
    }
  });

  it('adds the USB NIC scan module setting for a USB uplink and says in the README that applying it reboots the host', () => {
    const files = generateWithPlan(twoNodeSite());
    const ms = files.find((f) => f.path === 'sites/depot-7/hosts/esx01/module-settings.yaml');
    const profile = JSON.parse(parseDocument(ms?.content ?? '').toJS().spec.profile);
    expect(profile).toEqual({ esx: { vmkernel: { module_settings: [{ module_name: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1' }] } } });
    expect(ms?.content).toContain('REBOOTS THE HOST');
    expect(files.some((f) => f.path === 'sites/depot-7/hosts/esx02/module-settings.yaml')).toBe(false);
    const readme = files.find((f) => f.path === 'sites/depot-7/README.md')?.content ?? '';
    expect(readme).toContain('**Applying `module-settings.yaml` reboots esx01.**');
    expect(readme).toContain('| esx01 | G6JY1234 | https://git.example.com/edge/sites.git | main | `sites/depot-7/hosts/esx01` |');
    expect(readme).toContain('| esx02 | G6JY5678 | https://git.example.com/edge/sites.git | main | `sites/depot-7/hosts/esx02` |');
  });

  it('honours moduleSettings from the Hardware step even without a USB NIC', () => {
    const input = twoNodeInput();
    const site = Site.parse({ ...input, spec: { ...input.spec, hosts: [input.spec.hosts[0], { ...input.spec.hosts[1], requirements: { moduleSettings: [{ module: 'ne1000', options: 'EEE=0' }] } }] } });
    const f = generateWithPlan(site).find((x) => x.path === 'sites/depot-7/hosts/esx02/module-settings.yaml');
    expect(JSON.parse(parseDocument(f?.content ?? '').toJS().spec.profile).esx.vmkernel.module_settings).toEqual([{ module_name: 'ne1000', options: 'EEE=0' }]);
  });

  it('uses git.basePath as the prefix', () => {
    const input = twoNodeInput();
    const site = Site.parse({ ...input, spec: { ...input.spec, git: { basePath: 'edge/stores/' } } });
    expect(generateWithPlan(site).every((f) => f.path.startsWith('edge/stores/depot-7/'))).toBe(true);
  });

  it('keeps comments a person added when regenerating over the edited file', () => {
    const site = twoNodeSite();
    const first = generateWithPlan(site);
    const path = 'sites/depot-7/hosts/esx02/vswitches.yaml';
    const edited = (first.find((f) => f.path === path)?.content ?? '').replace('metadata:', '# Jumbo frames agreed with the store IT, ticket 4711\nmetadata:');
    const kpath = 'sites/depot-7/workloads/common/worker.yaml';
    const kedited = (first.find((f) => f.path === kpath)?.content ?? '').replace('    cpus: 2', '    cpus: 2 # sized for the camera app');
    const changed = Site.parse({ ...twoNodeInput() });
    changed.spec.hosts[1] = { ...changed.spec.hosts[1]!, vswitches: changed.spec.hosts[1]!.vswitches.map((s) => (s.name === 'vSwitch1' ? { ...s, mtu: 9000 } : s)) };
    changed.spec.workloads.worker = { ...changed.spec.workloads.worker, cpus: 4 };
    const again = generateWithPlan(changed, { previous: new Map([[path, edited], [kpath, kedited]]) });
    const out = again.find((f) => f.path === path)?.content ?? '';
    expect(out).toContain('# Jumbo frames agreed with the store IT, ticket 4711');
    // vSwitch0 is as ESXi installs it, so only vSwitch1 is written (VMware's example dropped vSwitch0: 720eae7).
    expect(JSON.parse(parseDocument(out).toJS().spec.profile).esx.network_vss.switches.map((x: { name: string; mtu: number }) => `${x.name} ${x.mtu}`)).toEqual(['vSwitch1 9000']);
    const wk = again.find((f) => f.path === kpath)?.content ?? '';
    expect(wk).toContain('cpus: 4 # sized for the camera app');
  });

  it('writes the worker with a static address as netplan in worker-config, poweredOff as VMware\'s examples do (one node: next to the VM)', () => {
    const input = oneNodeSite();
    const site = Site.parse({ ...input, spec: { ...input.spec, workloads: { worker: { cpus: 2, network: { mode: 'static', ip: '192.168.10.20', gateway: '192.168.10.1', dns: ['192.168.10.3'] } } } } });
    const files = generateWithPlan(site);
    const f = files.find((x) => x.path === 'sites/store-0421/workloads/common/worker.yaml');
    const docs = parseAllDocuments(f?.content ?? '').map((d) => d.toJS());
    const vm = docs.find((d) => d.kind === 'VirtualMachine');
    expect(vm.spec).toMatchObject({ className: 'best-effort-ec-small', imageName: 'ec-wrkr.ova', powerState: 'poweredOff', vmMetadata: { transport: 'CloudInit', configMapName: 'worker-config' } });
    const cm = docs.find((d) => d.kind === 'ConfigMap');
    expect(parseDocument(cm.data.networkconfig).toJS()).toEqual({
      version: 2,
      ethernets: { eth0: { dhcp: 'false', addresses: ['192.168.10.20/24'], nameservers: { addresses: ['192.168.10.3'] }, routes: [{ to: '0.0.0.0/0', via: '192.168.10.1' }] } },
    });
    expect(files.some((x) => x.path.endsWith('/worker-config.yaml'))).toBe(false);
  });

  it('gives each host of a two-node site its own worker netplan, in what that host alone applies', () => {
    const files = generateWithPlan(twoNodeSite());
    const common = parseAllDocuments(files.find((x) => x.path === 'sites/depot-7/workloads/common/worker.yaml')?.content ?? '').map((d) => d.toJS());
    // One VM definition for both hosts, naming the ConfigMap; no address in what every host applies.
    expect(common.map((d) => d.kind)).toEqual(['VirtualMachineClass', 'Namespace', 'VirtualMachine']);
    expect(common[2].spec.vmMetadata).toEqual({ transport: 'CloudInit', configMapName: 'worker-config' });
    const addressOf = (host: string) => {
      const docs = parseAllDocuments(files.find((x) => x.path === `sites/depot-7/workloads/hosts/${host}/worker-config.yaml`)?.content ?? '').map((d) => d.toJS());
      expect(docs.map((d) => `${d.kind} ${d.metadata.namespace}/${d.metadata.name}`)).toEqual(['ConfigMap ec-system/worker-config']);
      return parseDocument(docs[0].data.networkconfig).toJS().ethernets.eth0.addresses;
    };
    expect(addressOf('esx01')).toEqual(['192.168.10.20/24']);
    expect(addressOf('esx02')).toEqual(['192.168.10.21/24']);
    // Each host reaches its own worker-config through its kustomization, and not the other host's.
    const k = (p: string) => parseDocument(files.find((f) => f.path === p)?.content ?? '').toJS().resources as string[];
    expect(k('sites/depot-7/hosts/esx01/kustomization.yaml')).toContain('../../workloads/hosts/esx01');
    expect(k('sites/depot-7/hosts/esx01/kustomization.yaml')).not.toContain('../../workloads/hosts/esx02');
    expect(k('sites/depot-7/workloads/hosts/esx01/kustomization.yaml')).toEqual(['worker-config.yaml', 'nvr.yaml']);
  });

  it('regenerating over a repo written with one worker-config for both hosts moves it to the hosts and keeps the comments on the VM', () => {
    const kpath = 'sites/depot-7/workloads/common/worker.yaml';
    // What Sitekit wrote before: the ConfigMap in the same file as the VM, which every host applies.
    const files = generateWithPlan(Site.parse(twoNodeSharedWorkerInput()));
    const cm = (files.find((f) => f.path === 'sites/depot-7/workloads/hosts/esx01/worker-config.yaml')?.content ?? '').replace(/^#.*\n/gm, '').trimStart();
    const before = `${files.find((f) => f.path === kpath)?.content ?? ''}---\n${cm}`;
    expect(before).toContain('kind: ConfigMap');
    const edited = before.replace('  powerState: poweredOff', '  powerState: poweredOff # the ECS controller powers it');
    const again = generateWithPlan(twoNodeSite(), { previous: new Map([[kpath, edited]]) }).find((f) => f.path === kpath)?.content ?? '';
    expect(again).toContain('powerState: poweredOff # the ECS controller powers it');
    expect(again).not.toContain('kind: ConfigMap');
  });

  it('keeps a comment a person added to a host\'s worker-config when regenerating', () => {
    const site = twoNodeSite();
    const path = 'sites/depot-7/workloads/hosts/esx02/worker-config.yaml';
    const first = generateWithPlan(site).find((f) => f.path === path)?.content ?? '';
    const edited = first.replace('metadata:', '# Address reserved in the store DHCP server, ticket 4712\nmetadata:');
    const changed = Site.parse({ ...twoNodeInput() });
    changed.spec.hosts[1] = { ...changed.spec.hosts[1]!, workerIp: '192.168.10.31' };
    const again = generateWithPlan(changed, { previous: new Map([[path, edited]]) }).find((f) => f.path === path)?.content ?? '';
    expect(again).toContain('# Address reserved in the store DHCP server, ticket 4712');
    expect(again).toContain('- 192.168.10.31/24');
  });

  it('matches the golden tree for a site that changes vSwitch0 and uses every host-settings block', async () => {
    await expectGolden('settings', generateWithPlan(settingsSite()));
  });

  it('leaves an unchanged vSwitch0 out, and writes a changed one with a warning comment', () => {
    const one = generateWithPlan(oneNodeSite());
    expect(one.some((f) => f.path.endsWith('/vswitches.yaml'))).toBe(false);
    expect(one.find((f) => f.path.endsWith('hosts/esx01/kustomization.yaml'))?.content).not.toContain('vswitches.yaml');
    const files = generateWithPlan(settingsSite());
    const vs = files.find((f) => f.path === 'sites/store-0421/hosts/esx01/vswitches.yaml')?.content ?? '';
    expect(vs).toContain('REWRITES vSwitch0');
    const sw = JSON.parse(parseDocument(vs).toJS().spec.profile).esx.network_vss.switches;
    expect(sw.map((x: { name: string; mtu: number }) => `${x.name} ${x.mtu}`)).toEqual(['vSwitch0 9000', 'vSwitch1 1500']);
  });

  it('keeps https://{ip}/ in the DCUI welcome: custom text first, then VMware\'s management line', () => {
    const dcui = (site: Site) => JSON.parse(parseDocument(generateWithPlan(site).find((f) => f.path.endsWith('base/dcui-welcome.yaml'))?.content ?? '').toJS().spec.profile).esx.system.welcome_message.message as string;
    const two = dcui(twoNodeSite());
    expect(two.startsWith('{align:left}{color:yellow}Depot 7 — call 0800 123 456{/color}{/align}\n\n')).toBe(true);
    expect(two).toContain('https://{ip}/');
    const own = Site.parse({ ...twoNodeInput(), spec: { ...twoNodeInput().spec, dcuiWelcome: 'Store 9: https://{ip}/ or call us' } });
    expect(dcui(own)).toBe('Store 9: https://{ip}/ or call us');
  });

  it('carries DNS search domains to the README as the esxcli commands that set them', () => {
    const readme = generateWithPlan(settingsSite()).find((f) => f.path.endsWith('/README.md'))?.content ?? '';
    expect(readme).toContain('esxcli network ip dns search add --domain=store.example.com');
    expect(readme).toContain('esxcli network ip dns search add --domain=example.com');
    expect(generateWithPlan(oneNodeSite()).find((f) => f.path.endsWith('/README.md'))?.content).not.toContain('esxcli network ip dns search');
  });

  it('writes the syslog address as real repos do: bare address on port 514, address:port otherwise', () => {
    const input = twoNodeInput();
    const site = Site.parse({ ...input, spec: { ...input.spec, syslog: [{ address: '192.168.10.5' }, { protocol: 'TCP', address: 'logs.example.com', port: 1514 }] } });
    const f = generateWithPlan(site).find((x) => x.path.endsWith('base/syslog.yaml'))?.content ?? '';
    expect(JSON.parse(parseDocument(f).toJS().spec.profile).esx.syslog.global_settings.remote_logging.log_host).toEqual([
      { protocol: 'UDP', address: '192.168.10.5' },
      { protocol: 'TCP', address: 'logs.example.com:1514' },
    ]);
  });

  it('refuses a worker CPU count that is not a power of two (VMware\'s first-boot sample)', () => {
    const input = twoNodeInput();
    const bad = Site.safeParse({ ...input, spec: { ...input.spec, workloads: { ...input.spec.workloads, worker: { cpus: 6 } } } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('power of two');
    expect(Site.safeParse({ ...input, spec: { ...input.spec, workloads: { ...input.spec.workloads, worker: { cpus: 8 } } } }).success).toBe(true);
  });
});
