/**
 * Edges of how lint reads a repo's layout, met when a technician points `sitekit lint` at a repo Sitekit did
 * not write: a --scope typed with ./ or a trailing slash, a vendored folder whose path merely contains
 * github.com/, a folder nested deep under sites/, and the line a profile finding points at.
 */
import { describe, expect, it } from 'vitest';
import { lintFiles, lintWithScopes, resolveScopes, siteFolders } from '../../../../main/core/manifests/lint';
import { parseFile } from '../../../../main/core/manifests/manifest-docs';
import { hostConfigurationText } from '../../../helpers/host-configuration';

type File = { path: string; content: string };
const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const k = (...resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}`).join('\n')}\n`;
const parsed = (files: File[]) => files.map((f) => parseFile(f));

describe('a --scope as a technician types it', () => {
  const files: File[] = [
    { path: 'stores/a/apps/one.yaml', content: ns('one') },
    { path: 'stores/a/apps/two.yaml', content: ns('two') },
    { path: 'stores/b/apps/one.yaml', content: ns('one') },
  ];

  it('./stores/a/, stores/a/ and stores/a are the same scope', () => {
    const labels = ['./stores/a/', 'stores/a//', 'stores/a'].map((s) => lintWithScopes(files, { scopes: [s] }).scopes);
    for (const l of labels) expect(l).toContain('stores/a');
    expect(new Set(labels.map((l) => l.join(',')))).toEqual(new Set([labels[2]!.join(',')]));
    const { scopes } = resolveScopes(parsed(files), { scopes: ['./stores/a/'] });
    expect(scopes[0]).toEqual({ root: 'stores/a', label: 'stores/a', site: 'stores/a', files: ['stores/a/apps/one.yaml', 'stores/a/apps/two.yaml'] });
  });

  it('a scope that names a folder is not reported again as the folder\'s own site scope', () => {
    const { scopes } = resolveScopes(parsed(files), { scopes: ['stores/a'] });
    expect(scopes.map((s) => s.label)).toEqual(['stores/a', 'stores/b']);
  });
});

describe('remote bases and vendored folders', () => {
  it('a local folder whose path contains github.com/ is a local resource, checked like any other', () => {
    const files: File[] = [{ path: 'hosts/a/kustomization.yaml', content: k('../../vendor/github.com/org/base', 'https://example.com/x.yaml', 'github.com/org/repo') }];
    const missing = lintFiles(files).filter((f) => f.code === 'kustomization-missing-resource');
    expect(missing.map((f) => `${f.path} ${f.params.resource}`)).toEqual(['resources[0] ../../vendor/github.com/org/base']);
  });
});

describe('site folders', () => {
  it('only the folder directly under sites/ is the site, however deep the file', () => {
    expect(siteFolders(parsed([{ path: 'sites/a/hosts/esx01/deep/x.yaml', content: ns('x') }]))).toEqual(['sites/a']);
    // A file lying directly in sites/ belongs to no site.
    expect(siteFolders(parsed([{ path: 'sites/x.yaml', content: ns('x') }]))).toEqual([]);
    // Given the folder the paths are relative to (`sitekit lint sites/`), the first folder is the site.
    expect(siteFolders(parsed([{ path: 'a/b/x.yaml', content: ns('x') }]), 'sites')).toEqual(['a']);
    expect(siteFolders(parsed([{ path: 'x.yaml', content: ns('x') }]), 'sites')).toEqual([]);
  });
});

describe('the line a finding points at', () => {
  it('a problem inside a profile points at the profile block, the line the technician opens', () => {
    const content = `# edited by hand\n${hostConfigurationText('ntp', { esx: { system: { system_time: { enabled: 'yes' } } } })}`;
    const found = lintFiles([{ path: 'base/time.yaml', content }]).filter((f) => f.path.startsWith('spec.profile.'));
    expect(found.length).toBeGreaterThan(0);
    const profileLine = content.split('\n').findIndex((l) => l.startsWith('  profile: |')) + 1;
    for (const f of found) expect(f.line).toBe(profileLine);
  });

  it('a finding about a whole file has no line', () => {
    const found = lintFiles([{ path: 'stores/a/x.yaml', content: ns('x') }]).filter((f) => f.code === 'flux-applies-everything');
    expect(found.length).toBe(1);
    expect('line' in found[0]!).toBe(false);
  });
});
