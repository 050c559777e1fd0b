/**
 * Round trips a technician relies on: a repo read back into a site and written again keeps every VM on its host,
 * the host list comes from the host folders only, a worker kept as written says why, documents kept from a partly
 * modelled file are written back without an empty document between them, and the namespace a VM needs is written.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { importFiles, type ImportResult } from '../../../../main/core/manifests/import';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { findingMessage } from '../../../../main/core/manifests/messages';
import { Site, type SiteInput } from '../../../../main/core/site/schema';
import { generateWithPlan } from '../../../helpers/plan';
import { oneNodeSite, twoNodeInput, twoNodeSite } from '../../../helpers/manifest-sites';

type File = { path: string; content: string };
const model = (r: ImportResult) => Site.parse(r.site);
const vm = (name: string) =>
  `apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: ${name}\n  namespace: default\n  annotations:\n    vmoperator.vmware.com/image-supported-check: disable\nspec:\n  className: tiny\n  imageName: web/${name}.ova\n  powerState: poweredOn\n  networkInterfaces:\n    - networkName: VM Network\n      ethernetCardType: vmxnet3\n`;
const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n  a: "1"\n`;

describe('VMs stay on their host', () => {
  it('a VM in the second host\'s own folder is read as that host\'s, and written back to its workloads folder', () => {
    const two = JSON.parse(JSON.stringify(twoNodeSite())) as SiteInput;
    two.spec.workloads = {};
    const r = importFiles([{ path: 'sites/depot-7/hosts/esx02/cam.yaml', content: vm('cam') }], { base: two });
    const site = model(r);
    expect(site.spec.workloads.vms.map((v) => `${v.name} ${v.host ?? '(first host)'}`)).toEqual(['cam esx02']);
    const files = generateWithPlan(site).map((f) => f.path);
    expect(files).toContain('sites/depot-7/workloads/hosts/esx02/cam.yaml');
    expect(files.filter((p) => p.endsWith('/cam.yaml'))).toEqual(['sites/depot-7/workloads/hosts/esx02/cam.yaml']);
  });
});

describe('a site built from the folders alone (no site.yaml, no draft)', () => {
  it('names its hosts after the host folders, not after a VM folder under workloads/hosts', () => {
    const files: File[] = [
      { path: 'sites/depot-7/hosts/esx01/cam.yaml', content: vm('a') },
      { path: 'sites/depot-7/workloads/hosts/esx05/nvr.yaml', content: vm('nvr') },
    ];
    const site = importFiles(files, {}).site as SiteInput;
    expect(site.spec.hosts.map((h) => h.name)).toEqual(['esx01']);
    expect(site.spec.topology).toBe('one-node');
    expect(site.metadata.id).toBe('depot-7');
  });

  it('does not take "workloads" for the site id when only VM folders are there', () => {
    const site = importFiles([{ path: 'sites/depot-7/workloads/hosts/esx05/nvr.yaml', content: vm('nvr') }], {}).site as SiteInput;
    expect(site.metadata.id).not.toBe('workloads');
    expect(site.spec.hosts.map((h) => h.name)).toEqual(['esx01']);
  });
});

describe('what is kept as written says why', () => {
  it('a worker someone edited by hand is kept, and each of its documents says the worker was not exact', () => {
    const generated = generateWithPlan(oneNodeSite());
    const worker = generated.find((f) => f.path.endsWith('/workloads/common/worker.yaml'))!;
    const edited = { ...worker, content: worker.content.replace(/kind: VirtualMachine\nmetadata:\n/, 'kind: VirtualMachine\nmetadata:\n  labels:\n    team: stores\n') };
    expect(edited.content).not.toBe(worker.content);
    const r = importFiles([edited], { base: JSON.parse(JSON.stringify(oneNodeSite())) as SiteInput });
    const items = r.items.filter((i) => i.file === edited.path);
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((i) => `${i.outcome} ${i.reason}`)).toEqual(items.map(() => 'verbatim worker-not-exact'));
    expect(model(r).spec.workloads.worker.enabled).toBe(false);
  });

  it('the documents left from a partly modelled file are written back as separate documents, none of them empty', () => {
    const ntp = JSON.stringify({ esx: { system: { system_time: { enabled: true, protocol: 'NTP', ntp_config: { server: [{ hostname: 'ntp.example.com', command: 'SERVER' }] } } } } }, null, 2)
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
    const hc = `apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: ntp-sync\n  namespace: esx-system\nspec:\n  layertype: Incremental\n  profile: |\n${ntp}\n`;
    const r = importFiles([{ path: 'mixed.yaml', content: `---\n${hc}---\n${cm('one')}---\n${cm('two')}` }], { base: JSON.parse(JSON.stringify(oneNodeSite())) as SiteInput });
    const app = model(r).spec.workloads.apps.find((a) => a.name === 'mixed')!;
    expect(app.manifest).not.toMatch(/^---[ \t]*\n---/m);
    const docs = parseAllDocuments(app.manifest) as { toJS(): unknown }[];
    expect(docs.map((d) => (d.toJS() as { metadata: { name: string } }).metadata.name)).toEqual(['one', 'two']);
  });
});

describe('namespaces written for VMs', () => {
  it('a VM in ec-system on a site without the worker gets its namespace written; with the worker on, the worker writes it', () => {
    const input = twoNodeInput();
    const vms = [{ name: 'probe', namespace: 'ec-system', className: 'tiny', image: 'x.ova' }];
    const off = Site.parse({ ...input, spec: { ...input.spec, workloads: { ...input.spec.workloads, vms, worker: { ...input.spec.workloads!.worker, enabled: false } } } });
    const namespacesOf = (site: Site) =>
      generateWithPlan(site)
        .filter((f) => /\/workloads\/common\/(namespaces|worker)\.yaml$/.test(f.path))
        .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as { kind: string; metadata: { name: string } }))
        .filter((o) => o.kind === 'Namespace')
        .map((o) => o.metadata.name);
    expect(namespacesOf(off)).toEqual(['ec-system']);
    const on = Site.parse({ ...input, spec: { ...input.spec, workloads: { ...input.spec.workloads, vms } } });
    expect(namespacesOf(on)).toEqual(['ec-system']);
  });
});

describe('the words of a type problem', () => {
  it('a field that must be an object or an array says so with the right article', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: "80"\n  selector: [a]\n';
    const found = lintFiles([{ path: 'a.yaml', content: text }], {}).filter((f) => f.code === 'schema-type');
    expect(found.map((f) => findingMessage(f))).toEqual([
      'Service "web": spec.ports must be an array in the Kubernetes schema; the API server rejects the object.',
      'Service "web": spec.selector must be an object in the Kubernetes schema; the API server rejects the object.',
    ]);
  });
});
