/**
 * Import keeps the site's own order of apps, VMs and VM classes (a round trip gives the same site.yaml, so Git
 * shows no change a person did not make); what is new goes last, and names never collide.
 */
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../main/core/manifests/import';
import { Site, type SiteInput } from '../../../../main/core/site/schema';
import { generateWithPlan } from '../../../helpers/plan';
import { oneNodeSite } from '../../../helpers/manifest-sites';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

function site(): Site {
  const base = oneNodeSite();
  return Site.parse({
    ...base,
    spec: {
      ...base.spec,
      workloads: {
        vmClasses: [
          { name: 'zeta-class', cpus: 1, memoryMiB: 1024 },
          { name: 'alpha-class', cpus: 2, memoryMiB: 2048 },
        ],
        vms: [
          { name: 'zeta', className: 'zeta-class', image: 'z.ova' },
          { name: 'alpha', namespace: 'shop', className: 'alpha-class', image: 'a.ova' },
          { name: 'alpha', className: 'alpha-class', image: 'a.ova' },
        ],
        apps: [
          { name: 'zeta-app', manifest: ns('zeta-app') },
          { name: 'alpha-app', manifest: ns('alpha-app') },
        ],
      },
    },
  });
}

describe('import keeps the order of the site it reads', () => {
  it('a generated repo with its site.yaml comes back in the site\'s order, not the files\' order', () => {
    const s = site();
    const back = Site.parse(importFiles(generateWithPlan(s)).site);
    expect(back.spec.workloads.vms.map((v) => `${v.namespace}/${v.name}`)).toEqual(['default/zeta', 'shop/alpha', 'default/alpha']);
    expect(back.spec.workloads.vmClasses.map((c) => c.name)).toEqual(['zeta-class', 'alpha-class']);
    expect(back.spec.workloads.apps.map((a) => a.name)).toEqual(['zeta-app', 'alpha-app']);
    expect(back).toEqual(s);
  });

  it('new apps, VMs and classes go after the known ones (apps by name, VMs and classes in the order of the files)', () => {
    const s = site();
    const extraVm = (name: string) => `apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachine\nmetadata:\n  name: ${name}\n  namespace: default\n  annotations:\n    vmoperator.vmware.com/image-supported-check: disable\nspec:\n  className: alpha-class\n  imageName: n.ova\n  powerState: poweredOn\n  networkInterfaces: []\n`;
    const extraClass = (name: string) => `apiVersion: vmoperator.vmware.com/v1alpha1\nkind: VirtualMachineClass\nmetadata:\n  name: ${name}\nspec:\n  hardware:\n    cpus: 1\n    memory: 1Gi\n`;
    const files = [
      ...generateWithPlan(s),
      { path: 'sites/store-0421/extra/new-b.yaml', content: ns('b') },
      { path: 'sites/store-0421/extra/new-a.yaml', content: ns('a') },
      { path: 'sites/store-0421/extra/vm-b.yaml', content: extraVm('beta') },
      { path: 'sites/store-0421/extra/vm-a.yaml', content: extraVm('aardvark') },
      { path: 'sites/store-0421/extra/class.yaml', content: `${extraClass('mid-class')}---\n${extraClass('aa-class')}` },
    ];
    const back = Site.parse(importFiles(files).site);
    expect(back.spec.workloads.apps.map((a) => a.name)).toEqual(['zeta-app', 'alpha-app', 'new-a', 'new-b']);
    expect(back.spec.workloads.vms.map((v) => v.name)).toEqual(['zeta', 'alpha', 'alpha', 'aardvark', 'beta']);
    expect(back.spec.workloads.vmClasses.map((c) => c.name)).toEqual(['zeta-class', 'alpha-class', 'mid-class', 'aa-class']);
  });

  it('a loose file named like one of the repo\'s apps gets a name of its own', () => {
    const s = site();
    const files = [...generateWithPlan(s), { path: 'elsewhere/zeta-app.yaml', content: ns('other') }];
    const back = Site.parse(importFiles(files).site);
    expect(back.spec.workloads.apps.map((a) => a.name)).toEqual(['zeta-app', 'alpha-app', 'zeta-app-2']);
    expect(back.spec.workloads.apps.find((a) => a.name === 'zeta-app')?.manifest).toBe(ns('zeta-app'));
    expect(back.spec.workloads.apps.find((a) => a.name === 'zeta-app-2')?.manifest).toBe(ns('other'));
  });
});

describe('what import says about each file', () => {
  it('items are listed by file, then by document', () => {
    const s = site();
    const r = importFiles(generateWithPlan(s));
    const keys = r.items.map((i) => `${i.file}#${i.docIndex}`);
    expect(keys).toEqual(
      [...keys].sort((a, b) => {
        const [fa, da] = a.split('#');
        const [fb, db] = b.split('#');
        return fa! < fb! ? -1 : fa! > fb! ? 1 : Number(da) - Number(db);
      }),
    );
    expect(r.items.filter((i) => i.file.endsWith('/vm-classes.yaml')).map((i) => `${i.docIndex} ${i.into}`)).toEqual(['0 spec.workloads.vmClasses[alpha-class]', '1 spec.workloads.vmClasses[zeta-class]']);
  });

  it('with a site.yaml among the files, the draft given is not used; without one, it is the base', () => {
    const draft = JSON.parse(JSON.stringify(oneNodeSite())) as SiteInput;
    draft.metadata = { name: 'Draft', id: 'draft' };
    expect(importFiles(generateWithPlan(site()), { base: draft }).site.metadata.id).toBe('store-0421');
    expect(importFiles([{ path: 'a.yaml', content: ns('a') }], { base: draft }).site.metadata.id).toBe('draft');
  });
});
