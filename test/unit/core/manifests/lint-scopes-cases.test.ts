/**
 * What one host applies, as lint works it out from the repo's kustomizations and folders, and how each finding
 * is placed: its scope, its line, whether the site accepted it, and the order a technician reads them in.
 */
import { describe, expect, it } from 'vitest';
import { lintFiles, lintWithScopes, resolveScopes, siteFolders } from '../../../../main/core/manifests/lint';
import { parseFile } from '../../../../main/core/manifests/manifest-docs';
import { summarize } from '../../../../main/core/manifests/findings';
import { Site } from '../../../../main/core/site/schema';
import { stringifySite } from '../../../../main/core/site/yaml';
import { generateWithPlan } from '../../../helpers/plan';
import { twoNodeInput, twoNodeSite } from '../../../helpers/manifest-sites';

type File = { path: string; content: string };
const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const k = (...resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}`).join('\n')}\n`;
const scopesOf = (files: File[], context: Parameters<typeof resolveScopes>[1] = {}) => resolveScopes(files.map((f) => parseFile(f)), context);

describe('apply scopes from kustomizations', () => {
  it('an entry point reaches files and folders through kustomization.yaml, .yml and Kustomization; remote bases are not followed', () => {
    const files = [
      { path: 'hosts/a/kustomization.yaml', content: k('../../base', '../../apps', 'own.yaml', 'https://github.com/org/repo//base?ref=v1', 'github.com/org/repo/base') },
      { path: 'hosts/a/own.yaml', content: ns('own') },
      { path: 'base/kustomization.yml', content: k('b.yaml') },
      { path: 'base/b.yaml', content: ns('b') },
      { path: 'apps/Kustomization', content: k('c.yaml') },
      { path: 'apps/c.yaml', content: ns('c') },
    ];
    const { scopes, findings } = scopesOf(files);
    expect(findings).toEqual([]);
    expect(scopes).toEqual([{ root: 'hosts/a', label: 'hosts/a', site: '', files: ['hosts/a/own.yaml', 'base/b.yaml', 'apps/c.yaml'] }]);
  });

  it('a resource that is not there is an error naming it, at its place in the list', () => {
    const findings = lintFiles([{ path: 'h/kustomization.yaml', content: k('a.yaml', 'gone.yaml', '../missing-dir') }, { path: 'h/a.yaml', content: ns('a') }]).filter((f) => f.code === 'kustomization-missing-resource');
    expect(findings.map((f) => `${f.severity} ${f.file} ${f.path} ${f.params.resource} ${f.fix.step}`)).toEqual([
      'error h/kustomization.yaml resources[1] gone.yaml review',
      'error h/kustomization.yaml resources[2] ../missing-dir review',
    ]);
    expect(findings[0]?.line).toBe(5);
  });

  it('kustomizations that list each other do not loop, and a shared folder is listed once', () => {
    const files = [
      { path: 'a/kustomization.yaml', content: k('../b', '../b', 'a.yaml') },
      { path: 'a/a.yaml', content: ns('a') },
      { path: 'b/kustomization.yaml', content: k('../c', 'b.yaml') },
      { path: 'b/b.yaml', content: ns('b') },
      { path: 'c/kustomization.yaml', content: k('../b', 'c.yaml') },
      { path: 'c/c.yaml', content: ns('c') },
    ];
    const { scopes } = scopesOf(files);
    expect(scopes.map((s) => [s.label, s.files])).toEqual([['a', ['a/a.yaml', 'b/b.yaml', 'c/c.yaml']]]);
  });

  it('a kustomization at the repository root is named "(repository root)"', () => {
    const files = [{ path: 'kustomization.yaml', content: k('a.yaml') }, { path: 'a.yaml', content: ns('a') }];
    expect(scopesOf(files).scopes.map((s) => s.label)).toEqual(['(repository root)']);
  });

  it('a file no kustomization lists, in a site that has them, is a note that no host applies it', () => {
    const files = [
      { path: 'sites/s1/hosts/a/kustomization.yaml', content: k('a.yaml') },
      { path: 'sites/s1/hosts/a/a.yaml', content: ns('a') },
      { path: 'sites/s1/stray.yaml', content: ns('stray') },
      { path: 'sites/s2/loose.yaml', content: ns('loose') },
    ];
    const findings = lintFiles(files);
    expect(findings.map((f) => `${f.severity} ${f.code} ${f.file} [${f.scope}] ${f.fix.step}`)).toEqual([
      'info not-applied sites/s1/stray.yaml [sites/s1] review',
      'info flux-applies-everything sites/s2 [sites/s2] review',
    ]);
    expect(findings.find((f) => f.code === 'flux-applies-everything')?.params).toEqual({ files: 1 });
  });

  it('--scope with a kustomization: what that kustomization reaches; "./dir/" is the same folder', () => {
    const files = [
      { path: 'hull/kustomization.yaml', content: k('a.yaml') },
      { path: 'hull/a.yaml', content: ns('a') },
      { path: 'hull/b.yaml', content: ns('a') },
    ];
    const { scopes } = scopesOf(files, { scopes: ['./hull/'] });
    expect(scopes).toEqual([{ root: 'hull', label: 'hull', site: '', files: ['hull/a.yaml'] }]);
    // The file the kustomization leaves out is not compared, so no duplicate.
    expect(lintFiles(files, { scopes: ['./hull/'] }).filter((f) => f.code === 'duplicate-name')).toEqual([]);
    // --scope . is the whole repository.
    expect(scopesOf([{ path: 'a.yaml', content: ns('a') }], { scopes: ['.'] }).scopes.map((s) => s.label)).toEqual(['(repository)']);
  });

  it('every scope checked is named, also those with nothing to say, sorted', () => {
    const files = [
      { path: 'b/kustomization.yaml', content: k('x.yaml') },
      { path: 'b/x.yaml', content: ns('x') },
      { path: 'a/kustomization.yaml', content: k('y.yaml') },
      { path: 'a/y.yaml', content: ns('y') },
    ];
    expect(lintWithScopes(files).scopes).toEqual(['a', 'b']);
  });
});

describe('site folders', () => {
  const folders = (paths: string[], rootName?: string) => siteFolders(paths.map((path) => parseFile({ path, content: ns('x') })), rootName);

  it('folders directly in sites/, stores/, locations/, edges/, edge-sites/ or branches/ (any case)', () => {
    expect(folders(['sites/a/x.yaml', 'Stores/b/x.yaml', 'repo/locations/c/d/x.yaml', 'edges/e/x.yaml', 'edge-sites/f/x.yaml', 'branches/g/x.yaml', 'other/h/x.yaml']).sort()).toEqual([
      'Stores/b',
      'branches/g',
      'edge-sites/f',
      'edges/e',
      'repo/locations/c',
      'sites/a',
    ]);
  });

  it('a file directly in sites/ is not a site folder; the folder the paths are relative to counts as a container', () => {
    expect(folders(['sites/x.yaml'])).toEqual([]);
    expect(folders(['leeds/x.yaml', 'york/y.yaml'], 'stores').sort()).toEqual(['leeds', 'york']);
    expect(folders(['leeds/x.yaml'], 'repo')).toEqual([]);
  });

  it('a folder with a Sitekit site.yaml is a site folder; one inside another is part of it', () => {
    const site = twoNodeSite();
    const parsed = [
      parseFile({ path: 'fleet/depot-7/site.yaml', content: stringifySite(site) }),
      parseFile({ path: 'fleet/depot-7/sites/inner/x.yaml', content: ns('x') }),
      parseFile({ path: 'site.yaml', content: stringifySite(site) }),
    ];
    expect(siteFolders(parsed)).toEqual(['fleet/depot-7']);
    // Whichever file is read first.
    expect(siteFolders([...parsed].reverse())).toEqual(['fleet/depot-7']);
  });
});

describe('each finding\'s place: line, scope, acceptance, order', () => {
  const site = () => {
    const s = Site.parse(twoNodeInput());
    s.spec.hosts[1]!.management.ip = '10.0.0.12';
    return s;
  };

  it('a finding about site.yaml gets its line in site.yaml', () => {
    const input = twoNodeInput();
    const s = Site.parse({ ...input, spec: { ...input.spec, dns: { servers: ['192.168.10.3'], searchDomains: ['store.example.com'] } } });
    const files = generateWithPlan(s);
    const f = lintFiles(files).find((x) => x.code === 'search-domains-manual');
    const lines = (files.find((x) => x.path.endsWith('/site.yaml'))?.content ?? '').split('\n');
    expect(f?.file).toBe('sites/depot-7/site.yaml');
    // The line of the value: the first domain, under `searchDomains:`.
    expect(lines[(f?.line ?? 0) - 2]).toMatch(/^\s+searchDomains:$/);
    expect(lines[(f?.line ?? 0) - 1]).toMatch(/^\s+- store\.example\.com$/);
  });

  it('with lineNumbers "problems", notes come without a line and problems with one', () => {
    const files = [{ path: 'a.yaml', content: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 80\n      nodePort: 1\n' }];
    const all = lintFiles(files);
    const some = lintFiles(files, { lineNumbers: 'problems' });
    expect(all.map((f) => `${f.code} ${f.line}`)).toEqual(['nodeport-range 8', 'flux-applies-everything undefined']);
    expect(some.map((f) => `${f.code} ${f.line}`)).toEqual(['nodeport-range 8', 'flux-applies-everything undefined']);
    const trunk = 'apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: v\n  namespace: esx-system\nspec:\n  layertype: Incremental\n  profile: |\n    {"esx": {"network_vss": {"switches": [{"name": "s", "port_groups": [{"name": "t", "vlan_id": 4095}]}]}}}\n';
    expect(lintFiles([{ path: 'v.yaml', content: trunk }], { lineNumbers: 'problems' }).find((f) => f.code === 'vlan-trunk')?.line).toBeUndefined();
    // By default notes get a line too; a path inside the profile points at the `profile:` line.
    expect(lintFiles([{ path: 'v.yaml', content: trunk }]).find((f) => f.code === 'vlan-trunk')?.line).toBe(8);
  });

  it('an accepted finding names who accepted it; the acceptance can be narrowed to a file and a path', () => {
    const s = site();
    const accept = (extra: Record<string, string>) => {
      // The schema refuses the address now; lint still meets it in repos written by hand, so it is set after parsing.
      const a = Site.parse({ ...twoNodeInput(), spec: { ...twoNodeInput().spec, acceptedFindings: [{ code: 'ip-outside-subnet', by: 'J. Smith', at: '2026-12-01T10:00:00Z', ...extra }] } });
      a.spec.hosts[1]!.management.ip = s.spec.hosts[1]!.management.ip;
      return a;
    };
    const outside = (a: Site) => lintFiles(generateWithPlan(a), { site: a }).filter((f) => f.code === 'ip-outside-subnet');
    expect(outside(accept({}))[0]?.accepted).toEqual({ by: 'J. Smith', at: '2026-12-01T10:00:00Z' });
    expect(outside(accept({ file: 'sites/depot-7/site.yaml', path: 'spec.hosts[1].management.ip', reason: 'moved next week' }))[0]?.accepted).toEqual({ by: 'J. Smith', at: '2026-12-01T10:00:00Z', reason: 'moved next week' });
    expect(outside(accept({ file: 'other.yaml' }))[0]?.accepted).toBeUndefined();
    expect(outside(accept({ path: 'spec.hosts[0].management.ip' }))[0]?.accepted).toBeUndefined();
    const counts = summarize(lintFiles(generateWithPlan(accept({})), { site: accept({}) }));
    expect(counts.accepted).toBe(1);
    // An accepted note stops counting as a note too.
    const notes = Site.parse({ ...twoNodeInput(), spec: { ...twoNodeInput().spec, dns: { servers: ['192.168.10.3'], searchDomains: ['example.com'] }, acceptedFindings: [{ code: 'search-domains-manual', by: 'J. Smith', at: '2026-12-01T10:00:00Z' }] } });
    const all = lintFiles(generateWithPlan(notes), { site: notes });
    expect(all.filter((f) => f.severity === 'info').length).toBeGreaterThan(0);
    expect(summarize(all)).toEqual({ errors: 0, warnings: all.filter((f) => f.severity === 'warning' && !f.accepted).length, infos: all.filter((f) => f.severity === 'info' && !f.accepted).length, accepted: 1 });
    expect(all.find((f) => f.code === 'search-domains-manual')?.accepted?.by).toBe('J. Smith');
  });

  it('errors first, then warnings, then notes; within each by file, document and path', () => {
    const svc = (port: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${port}\nspec:\n  ports:\n    - port: 80\n      nodePort: ${port}\n    - port: 81\n      nodePort: ${port + 1}\n`;
    const files = [
      { path: 'b.yaml', content: `${svc(1)}---\n${svc(3)}` },
      { path: 'a.yaml', content: svc(5) },
      { path: 'c.yaml', content: 'apiVersion: metallb.io/v1beta1\nkind: Thing\n---\n- list\n' },
      { path: 'd.yaml', content: 'apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: v\n  namespace: esx-system\nspec:\n  layertype: Incremental\n  profile: |\n    {"esx": {"network_vss": {"switches": [{"name": "s", "port_groups": [{"name": "t", "vlan_id": 4095}]}]}}}\n' },
    ];
    expect(lintFiles(files).map((f) => `${f.severity} ${f.file}#${f.docIndex} ${f.path} ${f.code}`)).toEqual([
      'error a.yaml#0 spec.ports[0].nodePort nodeport-range',
      'error a.yaml#0 spec.ports[1].nodePort nodeport-range',
      'error b.yaml#0 spec.ports[0].nodePort nodeport-range',
      'error b.yaml#0 spec.ports[1].nodePort nodeport-range',
      'error b.yaml#1 spec.ports[0].nodePort nodeport-range',
      'error b.yaml#1 spec.ports[1].nodePort nodeport-range',
      'warning c.yaml#1  not-a-manifest',
      'info #-1  flux-applies-everything',
      'info d.yaml#0 spec.profile.esx.network_vss.switches[0].port_groups[0].vlan_id vlan-trunk',
    ]);
    const counts = summarize(lintFiles(files));
    expect(counts).toEqual({ errors: 6, warnings: 1, infos: 2, accepted: 0 });
  });

  it('the same finding reached from two scopes is reported once; a whole-set note once per scope', () => {
    const files = [
      { path: 'h1/kustomization.yaml', content: k('../shared') },
      { path: 'h2/kustomization.yaml', content: k('../shared') },
      { path: 'shared/kustomization.yaml', content: k('a.yaml', 'b.yaml') },
      { path: 'shared/a.yaml', content: ns('x') },
      { path: 'shared/b.yaml', content: ns('x') },
    ];
    const dups = lintFiles(files).filter((f) => f.code === 'duplicate-name');
    expect(dups.map((f) => `${f.file} ${f.scope}`)).toEqual(['shared/b.yaml h1']);
  });

  it('a site.yaml that is not a valid site: a warning with the first problem\'s line and field', () => {
    const s = twoNodeSite();
    const text = stringifySite(s).replace('topology: two-node', 'topology: three-node');
    const f = lintFiles([{ path: 'sites/depot-7/site.yaml', content: text }, { path: 'sites/depot-7/a.yaml', content: ns('a') }]).find((x) => x.code === 'site-invalid');
    const line = text.split('\n').findIndex((l) => l.includes('three-node')) + 1;
    expect(f).toMatchObject({ severity: 'warning', file: 'sites/depot-7/site.yaml', scope: 'sites/depot-7', fix: { step: 'site' } });
    expect(String(f?.params.message)).toMatch(new RegExp(`^line ${line}: spec\\.topology: `));
  });

  it('a site.yaml that is not YAML at all still says so', () => {
    const f = lintFiles([{ path: 'sites/s/site.yaml', content: 'apiVersion: sitekit/v1\nkind: Site\nmetadata: [\n' }, { path: 'sites/s/a.yaml', content: ns('a') }]).find((x) => x.code === 'site-invalid');
    expect(f?.file).toBe('sites/s/site.yaml');
    expect(f?.params.message).toBe('line 4: Flow sequence in block collection must be sufficiently indented and end with a ]');
    // A field that is missing: its line and its path.
    const g = lintFiles([{ path: 'sites/s/site.yaml', content: 'apiVersion: sitekit/v1\nkind: Site\nmetadata:\n  name: x\n  id: x\nspec: {}\n' }, { path: 'sites/s/a.yaml', content: ns('a') }]).find((x) => x.code === 'site-invalid');
    expect(g?.params.message).toBe('line 6: spec.managementNetwork: is required');
  });
});

describe('the scope a finding names', () => {
  it('a file every host applies (base/) is named by its site folder; a file of one host by that host\'s entry point', () => {
    const site = twoNodeSite();
    const files = generateWithPlan(site).map((f) => (f.path.endsWith('/base/time.yaml') ? { ...f, content: f.content.replace('namespace: esx-system', 'namespace: default') } : f));
    const findings = lintFiles(files, { site });
    expect(findings.find((f) => f.code === 'hc-namespace')).toMatchObject({ file: 'sites/depot-7/base/time.yaml', scope: 'sites/depot-7' });
    expect(findings.find((f) => f.code === 'reboot-on-apply')?.scope).toBe('sites/depot-7/hosts/esx01');
  });

  it('outside any site folder, a file two entry points share is named by the first; a kustomization by "(repository)"', () => {
    const files = [
      { path: 'h1/kustomization.yaml', content: k('../shared/a.yaml', 'gone.yaml') },
      { path: 'h2/kustomization.yaml', content: k('../shared/a.yaml') },
      { path: 'shared/a.yaml', content: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 80\n      nodePort: 1\n' },
    ];
    const findings = lintFiles(files);
    expect(findings.find((f) => f.code === 'nodeport-range')?.scope).toBe('h1');
    expect(findings.find((f) => f.code === 'kustomization-missing-resource')?.scope).toBe('(repository)');
    // Inside a site folder, the kustomization's finding names the site.
    const inSite = lintFiles(files.map((f) => ({ ...f, path: `sites/s1/${f.path}` })));
    expect(inSite.find((f) => f.code === 'kustomization-missing-resource')?.scope).toBe('sites/s1');
  });

  it('files outside every site folder are not checked against a store\'s site.yaml', () => {
    const input = twoNodeInput();
    const storeA = Site.parse({ ...input, metadata: { ...input.metadata, id: 'store-a', name: 'store-a' } });
    const vs = 'apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: vs\n  namespace: esx-system\nspec:\n  layertype: Incremental\n  profile: |\n    {"esx": {"network_vss": {"switches": [{"name": "vSwitch9", "policy": {"nic_teaming": {"active_nics": ["vmnic9"]}}, "bridge": {"nics": ["vmnic9"]}, "port_groups": []}]}}}\n';
    const findings = lintFiles([...generateWithPlan(storeA), { path: 'extra/vs.yaml', content: vs }]);
    expect(findings.filter((f) => f.code === 'uplink-missing')).toEqual([]);
    // The same file inside the store is checked against its hosts.
    expect(lintFiles([...generateWithPlan(storeA), { path: 'sites/store-a/extra/vs.yaml', content: vs }]).filter((f) => f.code === 'uplink-missing').map((f) => f.params.host)).toEqual(['esx01', 'esx02']);
  });

  it('in a fleet, the model given for one store is used for that store (its acceptances), the others use their own site.yaml', () => {
    const store = (id: string) => {
      const input = twoNodeInput();
      return Site.parse({ ...input, metadata: { ...input.metadata, id, name: id } });
    };
    const broken = (s: Site) => generateWithPlan(s).map((f) => (f.path.endsWith('esx02/vswitches.yaml') ? { ...f, content: f.content.replace(/"vmnic1"/g, '"vmnic3"') } : f));
    const a = store('store-a');
    const b = store('store-b');
    const files = [...broken(a), ...broken(b)];
    const bAccepted = Site.parse({ ...b, spec: { ...b.spec, acceptedFindings: [{ code: 'uplink-missing', by: 'Tech 2', at: '2026-12-01T10:00:00Z' }] } });
    const missing = lintFiles(files, { site: bAccepted }).filter((f) => f.code === 'uplink-missing');
    expect(missing.map((f) => `${f.file.split('/')[1]} ${f.accepted ? 'accepted' : 'open'}`).sort()).toEqual(['store-a open', 'store-b accepted']);
  });
});
