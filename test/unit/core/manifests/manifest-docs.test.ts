/**
 * Reading a repo's files as lint and import see them: which files are manifests, kustomizations or a Sitekit
 * site.yaml, what Go's YAML (Flux) accepts that YAML 1.2 does not, and the line a finding points at.
 */
import { describe, expect, it } from 'vitest';
import { goYamlReading, joinPath, lineOf, looksLikeSiteYaml, parseFile } from '../../../../main/core/manifests/manifest-docs';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { stringifySite } from '../../../../main/core/site/yaml';
import { twoNodeSite } from '../../../helpers/manifest-sites';

describe('parseFile', () => {
  it('sorts files into manifests, kustomizations, the site and other files', () => {
    const role = (path: string, content = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n') => parseFile({ path, content }).role;
    expect(role('a.yaml')).toBe('manifests');
    expect(role('a.YML')).toBe('manifests');
    expect(role('x/kustomization.yaml')).toBe('kustomization');
    expect(role('kustomization.yml')).toBe('kustomization');
    expect(role('x/Kustomization')).toBe('kustomization');
    expect(role('x/my-kustomization.yaml')).toBe('manifests');
    expect(role('README.md')).toBe('other');
    expect(role('x/kustomization.yaml.bak')).toBe('other');
    expect(role('s/site.yaml', stringifySite(twoNodeSite()))).toBe('site');
  });

  it('reads kind, name, namespace and apiVersion of each document, "" where absent, and numbers as text', () => {
    const f = parseFile({ path: 'a.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 42\n  namespace: shop\n---\n# just a note\n---\nkind: X\n' });
    expect(f.docs.map((d) => [d.docIndex, d.apiVersion, d.kind, d.name, d.namespace, d.value === null])).toEqual([
      [0, 'v1', 'ConfigMap', '42', 'shop', false],
      [1, '', '', '', '', true],
      [2, '', 'X', '', '', false],
    ]);
  });

  it('a syntax error is reported with its first line of text and its line number', () => {
    const f = parseFile({ path: 'a.yaml', content: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: [1,\n  b: 2\n' });
    expect(f.errors.length).toBeGreaterThan(0);
    expect(f.errors[0]?.line).toBeGreaterThanOrEqual(4);
    expect(f.errors[0]?.message).not.toContain('\n');
    expect(f.docs[0]?.value).toBeNull();
  });

  it('an alias bomb is an error, not a hang', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i ? `*b${i - 1}` : '*a').join(',')}]`)].join('\n');
    const f = parseFile({ path: 'bomb.yaml', content: bomb });
    expect(f.errors).toEqual([{ message: expect.stringMatching(/alias/i), line: 1 }]);
    expect(lintFiles([{ path: 'bomb.yaml', content: bomb }]).map((x) => `${x.severity} ${x.code}`)).toContain('error yaml-syntax');
  });

  it('with shallow, a site.yaml is recognised but not read', () => {
    const f = parseFile({ path: 's/site.yaml', content: stringifySite(twoNodeSite()) }, { shallow: true });
    expect(f).toMatchObject({ role: 'site', docs: [], errors: [] });
    expect(parseFile({ path: 'a.yaml', content: 'a: 1\n' }, { shallow: true }).docs).toHaveLength(1);
  });
});

describe('looksLikeSiteYaml', () => {
  it('a Sitekit site by its first lines, quoted or not', () => {
    expect(looksLikeSiteYaml('apiVersion: sitekit/v1\nkind: Site\nmetadata: {}\n')).toBe(true);
    expect(looksLikeSiteYaml('# my store\napiVersion: "sitekit/v1"\nkind: \'Site\'\n')).toBe(true);
    expect(looksLikeSiteYaml('apiVersion: sitekit/v1\nkind: SiteList\n')).toBe(false);
    expect(looksLikeSiteYaml('apiVersion: other/v1\nkind: Site\n# sitekit/v1\n')).toBe(false);
    expect(looksLikeSiteYaml('kind: Site\n')).toBe(false);
    // Only the head of the file is read: a Site far down a long file is not the file's kind.
    expect(looksLikeSiteYaml(`${'# padding line of text\n'.repeat(20)}apiVersion: sitekit/v1\nkind: Site\n`)).toBe(false);
  });
});

describe('goYamlReading: what Flux reads where YAML 1.2 stops', () => {
  it('a quoted value directly followed by # becomes a comment, on the same line', () => {
    const r = goYamlReading('a: "x"# note\nb: \'y\'#n\nc: "keep # inside"\n# "q"#\nd: plain#hash\n');
    expect(r).toEqual({ text: 'a: "x" # note\nb: \'y\' #n\nc: "keep # inside"\n# "q"#\nd: plain#hash\n', lines: [{ line: 1, construct: 'quoted-value-hash' }, { line: 2, construct: 'quoted-value-hash' }] });
  });

  it('escaped quotes and doubled single quotes stay inside the value', () => {
    expect(goYamlReading('a: "say \\"hi\\""# c\n')?.text).toBe('a: "say \\"hi\\"" # c\n');
    expect(goYamlReading("a: 'it''s'# c\n")?.text).toBe("a: 'it''s' # c\n");
  });

  it('nothing to change: undefined', () => {
    expect(goYamlReading('a: "x" # fine\nb: y\n')).toBeUndefined();
    expect(goYamlReading('')).toBeUndefined();
  });

  it('a file that needs more than that stays a syntax error', () => {
    const f = parseFile({ path: 'a.yaml', content: 'a: "x"# note\nb: [\n' });
    expect(f.errors.length).toBeGreaterThan(0);
    expect(f.goYamlOnly).toBeUndefined();
  });
});

describe('lineOf and joinPath', () => {
  const doc = (content: string) => parseFile({ path: 'a.yaml', content }).docs[0]!;
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 80\n    - port: 81\n      nodePort: 1\n';

  it('the line of a path\'s value, or of the deepest part of it that exists', () => {
    const d = doc(text);
    expect(lineOf(d, 'spec.ports[1].nodePort')).toBe(9);
    expect(lineOf(d, 'spec.ports[0]')).toBe(7);
    // No sixth port: the list of ports, which starts at its first item.
    expect(lineOf(d, 'spec.ports[5].nodePort')).toBe(7);
    expect(lineOf(d, 'spec.ports.x')).toBe(7);
    expect(lineOf(d, 'spec.missing.deeper')).toBe(6);
    expect(lineOf(d, 'metadata.name.x')).toBe(4);
    expect(lineOf(d, '')).toBe(1);
  });

  it('joins a kustomization folder and a resource into a repository path', () => {
    expect(joinPath('sites/a/hosts/esx01', '../../base')).toBe('sites/a/base');
    expect(joinPath('', 'a/./b.yaml')).toBe('a/b.yaml');
    expect(joinPath('a', '../../x')).toBe('x');
    expect(joinPath('a//b', './')).toBe('a/b');
    expect(joinPath('', '')).toBe('');
  });
});
