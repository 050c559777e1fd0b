/**
 * A fleet repo linted whole (`sitekit lint sites/`): every store is checked against its own site.yaml, not
 * only the first one found, and a store whose site.yaml is broken says so instead of silently skipping.
 */
import { generateWithPlan } from '../../../helpers/plan';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { Site, type SiteInput } from '../../../../main/core/site/schema';
import { stringifySite } from '../../../../main/core/site/yaml';
import { twoNodeInput } from '../../../helpers/manifest-sites';

const store = (id: string): SiteInput => {
  const input = twoNodeInput();
  return { ...input, metadata: { ...input.metadata, id, name: `Store ${id}` }, spec: { ...input.spec, git: { ...input.spec.git, basePath: 'sites' } } } as SiteInput;
};

/** A store's files; with `dropNic`, its site.yaml no longer lists that NIC on esx02 (the manifests still use it). */
function storeFiles(id: string, dropNic?: string): { path: string; content: string }[] {
  const site = Site.parse(store(id));
  const files = generateWithPlan(site).map((f) => ({ path: f.path, content: f.content }));
  if (!dropNic) return files;
  const edited = Site.parse({ ...site, spec: { ...site.spec, hosts: site.spec.hosts.map((h) => (h.name === 'esx02' ? { ...h, hardware: { ...h.hardware, nics: h.hardware.nics.filter((n) => n.name !== dropNic) } } : h)) } });
  return files.map((f) => (f.path.endsWith('/site.yaml') ? { ...f, content: stringifySite(edited) } : f));
}

describe('lint of a whole fleet repo', () => {
  const second = Site.parse(store('x')).spec.hosts.find((h) => h.name === 'esx02')!.hardware.nics[1]!.name;

  it('checks each store against its own site.yaml', () => {
    const files = [...storeFiles('store-a'), ...storeFiles('store-b', second)];
    const missing = lintFiles(files).filter((f) => f.code === 'uplink-missing');
    expect(missing.length).toBeGreaterThan(0);
    expect(new Set(missing.map((f) => f.scope))).toEqual(new Set(['sites/store-b']));
    expect(missing.every((f) => f.file.startsWith('sites/store-b/') && f.params.uplink === second && f.params.host === 'esx02')).toBe(true);
  });

  it('finds the same problem whichever store comes first', () => {
    const files = [...storeFiles('store-b', second), ...storeFiles('store-a')];
    const reversed = [...files].reverse();
    const a = lintFiles(files).filter((f) => f.severity !== 'info');
    const b = lintFiles(reversed).filter((f) => f.severity !== 'info');
    expect(a.map((f) => `${f.code} ${f.file}`)).toEqual(b.map((f) => `${f.code} ${f.file}`));
    expect(a.some((f) => f.code === 'uplink-missing')).toBe(true);
  });

  it("a finding accepted in one store's site.yaml stays open in another store", () => {
    const accept = (id: string) => {
      const site = Site.parse({ ...store(id), spec: { ...store(id).spec, acceptedFindings: [{ code: 'uplink-missing', by: 'Tech 1', at: '2026-12-01T10:00:00Z', reason: 'NIC arrives next week' }] } });
      return generateWithPlan(site).map((f) => ({ path: f.path, content: f.content }));
    };
    const bFiles = storeFiles('store-b', second);
    const acceptedInA = [...accept('store-a'), ...bFiles];
    const open = lintFiles(acceptedInA).filter((f) => f.code === 'uplink-missing');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((f) => !f.accepted)).toBe(true);
  });

  it('says when a store’s site.yaml is not a valid site, naming the file and the problem', () => {
    const broken = storeFiles('store-c').map((f) => (f.path.endsWith('/site.yaml') ? { ...f, content: f.content.replace(/topology: two-node/, 'topology: three-node') } : f));
    const findings = lintFiles([...storeFiles('store-a'), ...broken]);
    const invalid = findings.filter((f) => f.code === 'site-invalid');
    expect(invalid.map((f) => `${f.severity} ${f.file}`)).toEqual(['warning sites/store-c/site.yaml']);
    expect(String(invalid[0]!.params.message)).toMatch(/topology/);
  });
});
