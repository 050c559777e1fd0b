/**
 * A fleet repo linted with one store's model in hand (the app's Review of store-a in a repo that holds every
 * store, `sitekit lint sites/ --site …`): the model in hand applies to its own store only, the host plan in
 * hand too; every other store is planned from its own site.yaml, and what each store's site.yaml accepts
 * stays in that store.
 */
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { Site, type SiteInput } from '../../../../main/core/site/schema';
import { stringifySite } from '../../../../main/core/site/yaml';
import { shippedList } from '../../../helpers/hardware';
import { generateWithPlan, planOf } from '../../../helpers/plan';
import { sampleSiteInput } from '../../../helpers/sample-site';

type File = { path: string; content: string };

/** The sample site as store `id` under sites/, with `change` applied to its first host. */
function store(id: string, change: (h: SiteInput['spec']['hosts'][number]) => SiteInput['spec']['hosts'][number] = (h) => h): Site {
  const input = sampleSiteInput();
  return Site.parse({
    ...input,
    metadata: { ...input.metadata, id, name: `Store ${id}` },
    spec: { ...input.spec, hosts: input.spec.hosts.map((h, i) => (i === 0 ? change(h) : h)) },
    records: { ...input.records, media: [] },
  });
}

const filesOf = (site: Site): File[] => generateWithPlan(site).map((f) => ({ path: f.path, content: f.content }));
/** An install NIC the host does not have: a host-plan error when the plan is made. */
const wrongInstallNic = (h: SiteInput['spec']['hosts'][number]) => ({ ...h, management: { ...h.management!, device: 'vmnic7' } });
const planFindings = (findings: ReturnType<typeof lintFiles>) => findings.filter((f) => f.code === 'host-plan').map((f) => `${f.scope} ${f.params.host} ${f.params.finding}`);

describe('one store\'s model and plan in a fleet repo', () => {
  it('each store is planned from its own site.yaml when the list is given; the plan in hand is only its own store\'s', () => {
    const a = store('store-a');
    const b = store('store-b', wrongInstallNic);
    const files = [...filesOf(a), ...filesOf(b)];
    expect(planFindings(lintFiles(files, { site: a, plan: planOf(a), list: shippedList() }))).toEqual(['sites/store-b esx01 install-nic-missing']);
    // The plan in hand is store-a's: store-b is not judged by it (it would say nothing about vmnic7).
    expect(planFindings(lintFiles(files, { site: b, plan: planOf(b), list: shippedList() }))).toEqual(['sites/store-b esx01 install-nic-missing']);
    // Without the list no store is planned; a plan in hand still speaks for its own store.
    expect(planFindings(lintFiles(files, { site: a, plan: planOf(a) }))).toEqual([]);
    expect(planFindings(lintFiles(files, { site: b, plan: planOf(b) }))).toEqual(['sites/store-b esx01 install-nic-missing']);
  });

  it('the model in hand wins over its own store\'s site.yaml on disk, and only there', () => {
    const a = store('store-a');
    const b = store('store-b');
    const files = [...filesOf(a), ...filesOf(b)];
    // The technician has just broken store-a's install NIC in the app; the site.yaml on disk is still good.
    const edited = store('store-a', wrongInstallNic);
    expect(planFindings(lintFiles(files, { site: edited, list: shippedList() }))).toEqual(['sites/store-a esx01 install-nic-missing']);
    // A broken site.yaml on disk in store-b is still reported even though a valid model is in hand for store-a.
    const broken = files.map((f) => (f.path === 'sites/store-b/site.yaml' ? { ...f, content: f.content.replace(/^(\s*)id: store-b$/m, '$1id: Store B!') } : f));
    const invalid = lintFiles(broken, { site: a, list: shippedList() }).filter((f) => f.code === 'site-invalid');
    expect(invalid.map((f) => `${f.file} ${f.scope}`)).toEqual(['sites/store-b/site.yaml sites/store-b']);
  });

  it('a finding accepted in the model in hand is accepted in its store only', () => {
    const accepted = [{ code: 'host-plan', by: 'Tech 1', at: '2026-12-01T10:00:00Z', reason: 'NIC swapped on the day' }];
    const a = Site.parse({ ...store('store-a', wrongInstallNic), spec: { ...store('store-a', wrongInstallNic).spec, acceptedFindings: accepted } });
    const b = store('store-b', wrongInstallNic);
    const files = [...filesOf(a), ...filesOf(b)].map((f) => (f.path === 'sites/store-a/site.yaml' ? { ...f, content: stringifySite(a) } : f));
    const found = lintFiles(files, { site: a, list: shippedList() }).filter((f) => f.code === 'host-plan');
    expect(found.map((f) => `${f.scope} ${f.accepted ? `accepted by ${f.accepted.by}` : 'open'}`)).toEqual(['sites/store-a accepted by Tech 1', 'sites/store-b open']);
  });

  it('files outside every store are linted without a store\'s model', () => {
    const a = store('store-a', wrongInstallNic);
    const shared: File = { path: 'shared/ns.yaml', content: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tools\n' };
    const findings = lintFiles([...filesOf(a), ...filesOf(store('store-b')), shared], { list: shippedList() });
    expect(planFindings(findings)).toEqual(['sites/store-a esx01 install-nic-missing']);
    expect(findings.filter((f) => f.file === 'shared/ns.yaml' && f.severity !== 'info')).toEqual([]);
  });
});
