/**
 * Generated repos for sites the golden trees do not cover: where the files go for other Git paths, where a VM
 * runs, what a site without a worker or workloads applies, and the order things are written in.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parseDocument } from 'yaml';
import { hostPath, siteRoot, vmHost } from '../../../../main/core/manifests/generate';
import { Site, type SiteInput } from '../../../../main/core/site/schema';
import { generateWithPlan } from '../../../helpers/plan';
import { oneNodeSite, twoNodeInput, twoNodeSite } from '../../../helpers/manifest-sites';

const withSpec = (input: SiteInput, spec: Partial<SiteInput['spec']>): Site => Site.parse({ ...input, spec: { ...input.spec, ...spec } });
const resources = (files: { path: string; content: string }[], path: string) => parseDocument(files.find((f) => f.path === path)?.content ?? '').toJS()?.resources as string[] | undefined;

describe('where the files go', () => {
  it('the site folder is <basePath>/<id>, slashes trimmed; with no base path it is the id alone', () => {
    const input = twoNodeInput();
    expect(siteRoot(withSpec(input, { git: { ...input.spec.git, basePath: '/edge/stores/' } }))).toBe('edge/stores/depot-7');
    expect(siteRoot(withSpec(input, { git: { ...input.spec.git, basePath: '' } }))).toBe('depot-7');
    expect(siteRoot(withSpec(input, { git: { ...input.spec.git, basePath: '/' } }))).toBe('depot-7');
    const flat = withSpec(input, { git: { ...input.spec.git, basePath: '' } });
    expect(hostPath(flat, { name: 'esx02' })).toBe('depot-7/hosts/esx02');
    const files = generateWithPlan(flat);
    expect(files.every((f) => f.path.startsWith('depot-7/'))).toBe(true);
    // The README lists the files relative to the site folder and the path each host enters in VECO.
    const readme = files.find((f) => f.path === 'depot-7/README.md')?.content ?? '';
    expect(readme).toContain('| esx02 | G6JY5678 | https://git.example.com/edge/sites.git | main | `depot-7/hosts/esx02` |');
    expect(readme).toContain('- `base/time.yaml`\n');
    expect(readme).toContain('- `README.md`\n');
  });

  it('a site without a repository URL or serials yet says so in the README', () => {
    const readme = generateWithPlan(oneNodeSite()).find((f) => f.path.endsWith('/README.md'))?.content ?? '';
    expect(readme).toContain("| esx01 | — | (not set yet: enter the repository URL in Sitekit's Git step) | main | `sites/store-0421/hosts/esx01` |");
  });

  it('a VM runs on its host, or on the first host when its host is not one of the site\'s', () => {
    const site = twoNodeSite();
    expect(vmHost(site, 'esx02').name).toBe('esx02');
    expect(vmHost(site, undefined).name).toBe('esx01');
    expect(vmHost(site, 'esx09').name).toBe('esx01');
  });
});

describe('what a host applies', () => {
  it('no worker and no workloads: no workloads/common, and the host applies only base', () => {
    const input = oneNodeSite() as unknown as SiteInput;
    const site = withSpec(input, { workloads: { worker: { enabled: false } } });
    const files = generateWithPlan(site);
    expect(files.some((f) => f.path.includes('/workloads/'))).toBe(false);
    expect(resources(files, 'sites/store-0421/hosts/esx01/kustomization.yaml')).toEqual(['../../base']);
    const readme = files.find((f) => f.path.endsWith('/README.md'))?.content ?? '';
    expect(readme).toContain('`sites/store-0421/hosts/esx01/kustomization.yaml` lists:\n\n- `../../base`\n\n## Files');
  });

  it('a worker on DHCP: class, namespace and VM, no ConfigMap, and the VM names none', () => {
    const files = generateWithPlan(oneNodeSite());
    const docs = parseAllDocuments(files.find((f) => f.path.endsWith('/workloads/common/worker.yaml'))?.content ?? '').map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['VirtualMachineClass', 'Namespace', 'VirtualMachine']);
    expect(docs[2].spec.vmMetadata).toEqual({ transport: 'CloudInit' });
    expect(docs[0].spec).toEqual({ controllerName: 'vmoperator.vmware.com/ecworker', hardware: { cpus: 4, memory: '8Gi' } });
  });

  it('apps and VM classes are written in name order, and workloads/common lists them in that order', () => {
    const input = twoNodeInput();
    const site = withSpec(input, {
      workloads: {
        ...input.spec.workloads,
        apps: [
          { name: 'zeta', manifest: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: zeta\n' },
          { name: 'alpha', manifest: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: alpha\n' },
        ],
        vmClasses: [
          { name: 'tiny', cpus: 1, memoryMiB: 1536 },
          { name: 'big', cpus: 8, memoryMiB: 32768, reservation: 'guaranteed' },
          { name: 'nvr-class', cpus: 4, memoryMiB: 8192, reservation: 'guaranteed' },
        ],
      },
    });
    const files = generateWithPlan(site);
    expect(resources(files, 'sites/depot-7/workloads/common/kustomization.yaml')).toEqual(['worker.yaml', 'namespaces.yaml', 'vm-classes.yaml', 'apps/alpha.yaml', 'apps/zeta.yaml']);
    const classes = parseAllDocuments(files.find((f) => f.path.endsWith('vm-classes.yaml'))?.content ?? '').map((d) => d.toJS());
    expect(classes.map((c) => `${c.metadata.name} ${c.spec.hardware.memory}${c.spec.policies ? ' guaranteed' : ''}`)).toEqual(['big 32Gi guaranteed', 'nvr-class 8Gi guaranteed', 'tiny 1536Mi']);
    expect(files.find((f) => f.path.endsWith('apps/alpha.yaml'))?.content).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: alpha\n');
  });

  it('VMs on one host are written in name order, one file each, named with their namespace unless default', () => {
    const input = twoNodeInput();
    const site = withSpec(input, {
      workloads: {
        ...input.spec.workloads,
        vms: [
          { name: 'b', className: 'tiny', image: 'x.ova', host: 'esx02' },
          { name: 'a', namespace: 'shop', className: 'tiny', image: 'x.ova', host: 'esx02' },
          { name: 'a', className: 'tiny', image: 'x.ova', host: 'esx02' },
        ],
      },
    });
    const files = generateWithPlan(site);
    expect(resources(files, 'sites/depot-7/workloads/hosts/esx02/kustomization.yaml')).toEqual(['worker-config.yaml', 'a.yaml', 'shop-a.yaml', 'b.yaml']);
    expect(resources(files, 'sites/depot-7/workloads/hosts/esx01/kustomization.yaml')).toEqual(['worker-config.yaml']);
    expect(parseDocument(files.find((f) => f.path.endsWith('esx02/shop-a.yaml'))?.content ?? '').toJS().metadata).toEqual({ name: 'a', namespace: 'shop', annotations: { 'vmoperator.vmware.com/image-supported-check': 'disable' } });
  });

  it('the generated-file header names the site and says comments are kept; extra lines follow per file', () => {
    const files = generateWithPlan(twoNodeSite());
    const head = (p: string) => (files.find((f) => f.path.endsWith(p))?.content ?? '').split('\n').filter((l) => l.startsWith('#'));
    expect(head('base/time.yaml')).toEqual(['# Generated by Sitekit from site.yaml (site "depot-7").', '# Change the site in Sitekit and regenerate; comments you add to this file are kept.']);
    expect(head('base/local-users.yaml')[2]).toBe('# Passwords are SHA-512 crypt ($6$) hashes, never plain text.');
    expect(head('base/syslog.yaml')[2]).toBe('# The esx.syslog key path comes from a community site repo, not VMware examples: check it on a test host.');
    expect(head('hosts/esx01/kustomization.yaml')[2]).toBe('# Lists exactly what Flux applies from this folder.');
    expect(head('workloads/common/worker.yaml').slice(2)).toEqual(['# Kubernetes worker node. Changes reach a running worker only after the next host reboot.', '# Each host gives it its own address: workloads/hosts/<host>/worker-config.yaml.']);
    expect(head('workloads/hosts/esx02/worker-config.yaml').slice(2)).toEqual([
      "# The static address of esx02's Kubernetes worker (the VM is in workloads/common/worker.yaml).",
      '# Changes reach a running worker only after the next host reboot.',
    ]);
    expect(head('hosts/esx01/vswitches.yaml')).toHaveLength(2);
  });

  it('a profile is JSON in a block, one HostConfiguration in esx-system per file, layertype Incremental', () => {
    const text = generateWithPlan(twoNodeSite()).find((f) => f.path.endsWith('base/time.yaml'))?.content ?? '';
    expect(text).toContain('apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: sitekit-time\n  namespace: esx-system\nspec:\n  layertype: Incremental\n  profile: |\n    {\n      "esx": {\n');
  });
});
