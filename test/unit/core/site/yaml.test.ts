import { describe, expect, it } from 'vitest';
import { parseSiteYaml, stringifySite } from '../../../../main/core/site/yaml';
import { Site } from '../../../../main/core/site/schema';
import { minimalSite } from '../../../helpers/sites';

const text = stringifySite(Site.parse(minimalSite()));

describe('site.yaml', () => {
  it('round-trips a site through YAML unchanged', () => {
    const r = parseSiteYaml(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(Site.parse(minimalSite()));
    expect(text.startsWith('apiVersion: sitekit/v1\nkind: Site\nmetadata:')).toBe(true);
  });

  it('is deterministic: the same site gives byte-identical text', () => {
    expect(stringifySite(Site.parse(minimalSite()))).toBe(text);
  });

  it('points at the line of a schema error', () => {
    const broken = text.replace('gateway: 192.168.10.1', 'gateway: 192.168.10.999');
    const line = broken.split('\n').findIndex((l) => l.includes('192.168.10.999')) + 1;
    const r = parseSiteYaml(broken, 'sites/store/site.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('schema-error');
    expect(r.error.file).toBe('sites/store/site.yaml');
    expect(r.error.issues?.[0]).toMatchObject({ path: 'spec.managementNetwork.gateway', line });
    expect(r.error.message).toContain(`line ${line}`);
  });

  it('points at the line of a missing field (its parent)', () => {
    const broken = text.replace(/  ntp:\n    protocol: NTP\n    servers:\n      - pool.ntp.org\n/, '');
    const r = parseSiteYaml(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues?.[0]?.path).toBe('spec.ntp');
  });

  it('reports YAML syntax errors with their line', () => {
    const r = parseSiteYaml('apiVersion: sitekit/v1\nkind: Site\nmetadata: [unclosed\n  name: x\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('parse-error');
      expect(r.error.issues?.[0]?.line).toBeGreaterThanOrEqual(3);
    }
  });

  it('refuses duplicate keys instead of silently taking one', () => {
    const r = parseSiteYaml(text.replace('kind: Site', 'kind: Site\nkind: Site'));
    expect(r.ok).toBe(false);
  });

  it('refuses a newer apiVersion with a clear message', () => {
    const r = parseSiteYaml(text.replace('sitekit/v1', 'sitekit/v7'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('newer-version');
  });

  it('refuses another kind of document', () => {
    const r = parseSiteYaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('ConfigMap');
  });

  it('keeps the technician’s comments when saving over an edited file', () => {
    const edited = text.replace('kind: Site', 'kind: Site # do not rename').replace('  dns:', '  # customer DNS, ask IT before changing\n  dns:');
    const site = Site.parse(minimalSite());
    site.spec.managementNetwork.gateway = '192.168.10.254';
    const out = stringifySite(site, edited);
    expect(out).toContain('# do not rename');
    expect(out).toContain('# customer DNS, ask IT before changing');
    expect(out).toContain('gateway: 192.168.10.254');
    const back = parseSiteYaml(out);
    expect(back.ok && back.value.spec.managementNetwork.gateway).toBe('192.168.10.254');
  });
});

describe('site.yaml limits: a hostile file is an invalid file with its line and column, never a crash', () => {
  const head = 'apiVersion: sitekit/v1\nkind: Site\n';
  const refusal = (t: string) => {
    const r = parseSiteYaml(t, 'site.yaml');
    if (r.ok) throw new Error('accepted');
    return r.error;
  };

  it('more than 100 aliases: refused, pointing at an alias', () => {
    const lines = [head + 'a: &x 1'];
    for (let i = 0; i < 101; i++) lines.push(`b${i}: *x`);
    const e = refusal(lines.join('\n'));
    expect(e.code).toBe('parse-error');
    expect(e.message).toBe('site.yaml is not a usable site file (line 4, column 5): it uses more than 100 aliases.');
    expect(e.issues).toEqual([{ path: '', message: 'too many aliases (more than 100)', line: 4, column: 5 }]);
    expect(e.hint).toBe('Fix the file at the line shown (a site file needs no aliases and little nesting); the file was not changed.');
    // 99 are still read (and then judged by the schema); at 100 yaml's own expansion guard already refuses.
    expect(refusal(lines.slice(0, 100).join('\n')).code).toBe('schema-error');
  });

  it('aliases that expand to too much data: refused at the first alias', () => {
    const lines = [head + 'l0: &a0 [1,1,1,1,1,1,1,1,1,1]'];
    for (let i = 1; i < 6; i++) lines.push(`l${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]`);
    const e = refusal(lines.join('\n'));
    expect(e.code).toBe('parse-error');
    expect(e.message).toMatch(/^site\.yaml is not a usable site file \(line 4, column 10\): its aliases expand to too much data/);
    expect(e.issues?.[0]).toMatchObject({ message: 'aliases expand to too much data', line: 4, column: 10 });
  });

  it('nested more than 64 levels: refused where the 65th level starts', () => {
    const deep = head + 'x: ' + '['.repeat(65) + ']'.repeat(65) + '\n';
    const e = refusal(deep);
    expect(e.message).toBe('site.yaml is not a usable site file (line 3, column 67): it is nested more than 64 levels deep.');
    expect(e.issues?.[0]?.message).toBe('nested too deeply (more than 64 levels)');
    expect(refusal(head + 'x: ' + '['.repeat(63) + ']'.repeat(63) + '\n').code).toBe('schema-error');
  });

  it('more than 2,000,000 characters: refused before parsing, at the place the limit is reached', () => {
    const big = head + '#' + 'x'.repeat(2_000_000);
    const e = refusal(big);
    expect(e.message).toBe('site.yaml is not a usable site file (line 3, column 1999967): it is larger than 2000000 characters.');
    expect(e.issues?.[0]?.message).toBe('file too large (more than 2000000 characters)');
  });

  it('a document that is not a mapping, or is another kind, is said to be so', () => {
    expect(refusal('- a\n- b\n')).toMatchObject({ code: 'schema-error', message: 'site.yaml does not hold a site (expected a mapping with apiVersion, kind, metadata, spec).' });
    expect(refusal('just text\n').code).toBe('schema-error');
    expect(refusal('')).toMatchObject({ code: 'schema-error' });
    expect(refusal('kind: Deployment\n')).toMatchObject({ code: 'schema-error', message: 'site.yaml holds a Deployment, not a Site.', issues: [{ path: 'kind', message: 'must be Site' }] });
  });

  it('a schema error names the count, the first problem with its line, and keeps the file', () => {
    const broken = text.replace('gateway: 192.168.10.1', 'gateway: 192.168.10.999').replace('name: esx01', 'name: esx_01');
    const e = refusal(broken);
    const line = broken.split('\n').findIndex((l) => l.includes('192.168.10.999')) + 1;
    expect(e.message).toBe(`site.yaml is not a valid site: 2 problems (line ${line}: spec.managementNetwork.gateway must be an IPv4 address such as 192.168.10.11 (four numbers 0–255, no leading zeros)).`);
    expect(e.hint).toBe('Fix the fields listed; the file was not changed.');
    const one = refusal(text.replace('name: esx01', 'name: esx_01'));
    expect(one.message).toMatch(/^site\.yaml is not a valid site: 1 problem \(line \d+: spec\.hosts\[0\]\.name must be a host name/);
  });
});

describe('apiVersion', () => {
  it('reads the number of sitekit/vN, nothing else', async () => {
    const { apiVersionNumber } = await import('../../../../main/core/site/yaml');
    expect(apiVersionNumber('sitekit/v1')).toBe(1);
    expect(apiVersionNumber('sitekit/v12')).toBe(12);
    for (const v of ['sitekit/v', 'sitekit/1', 'xsitekit/v1', 'sitekit/v1x', 'v1', 1, undefined, null]) expect(apiVersionNumber(v), String(v)).toBeUndefined();
  });

  it('validateSite refuses a newer version with what to do, and names problems of a current one', async () => {
    const { validateSite } = await import('../../../../main/core/site/yaml');
    const newer = validateSite({ ...minimalSite(), apiVersion: 'sitekit/v3' }, 'the site');
    expect(newer).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'newer-version', message: 'the site was written by a newer Sitekit (sitekit/v3); this version reads up to sitekit/v1.', hint: 'Update Sitekit to open this site. The file was not changed.' }),
    });
    const bad = validateSite({ ...minimalSite(), kind: 'Other' });
    expect(bad.ok ? '' : bad.error.message).toBe('site is not a valid site: 1 problem.');
    const two = validateSite({ ...minimalSite(), kind: 'Other', apiVersion: 'x' });
    expect(two.ok ? '' : two.error.message).toBe('site is not a valid site: 2 problems.');
  });

  it('a site.yaml from a newer Sitekit is refused as newer even when its fields do not fit this schema', () => {
    const r = parseSiteYaml('apiVersion: sitekit/v9\nkind: Site\nmetadata: {}\nspec: {whatever: 1}\n', 'site.yaml');
    expect(r.ok ? '' : r.error.code).toBe('newer-version');
  });
});

describe('stringifySite', () => {
  it('writes the canonical key order when there is no previous text', () => {
    const site = Site.parse(minimalSite());
    const shuffled = { records: site.records, spec: site.spec, metadata: site.metadata, kind: site.kind, apiVersion: site.apiVersion };
    expect(stringifySite(shuffled as Site)).toBe(text);
  });

  it('over previous text: keeps comments and untouched lines, replaces changed values, drops removed keys, grows and shrinks lists', () => {
    const site = Site.parse({ ...minimalSite(), spec: { ...minimalSite().spec, dns: { servers: ['192.168.10.2', '192.168.10.3'], searchDomains: ['a.example.com'] } } });
    const before = stringifySite(site).replace('    servers:\n', '    servers: # the store router first\n').replace('kind: Site', 'kind: Site # keep');
    const next = structuredClone(site);
    next.spec.dns.servers = ['192.168.10.9'];
    next.spec.dns.searchDomains = ['a.example.com', 'b.example.com'];
    next.metadata.location = 'Leeds';
    delete (next.spec.dns as { domain?: string }).domain;
    const out = stringifySite(next, before);
    expect(out).toContain('kind: Site # keep');
    expect(out).toContain('# the store router first');
    expect(out).not.toContain('192.168.10.3');
    const back = parseSiteYaml(out);
    if (!back.ok) throw new Error(back.error.message);
    expect(back.value).toEqual(Site.parse(next));
    // Removing a key removes it from the text.
    const fewer = structuredClone(next);
    delete (fewer.metadata as { location?: string }).location;
    expect(stringifySite(fewer, out)).not.toContain('location');
  });

  it('over text that is not a mapping (or not YAML), writes the canonical text', () => {
    const site = Site.parse(minimalSite());
    expect(stringifySite(site, '- a list\n')).toBe(text);
    expect(stringifySite(site, 'a: [unclosed\n')).toBe(text);
  });
});

describe('where a schema problem is in the file', () => {
  const twoHosts = stringifySite(Site.parse(minimalSite({ twoNode: true })));
  const lineOf = (t: string, needle: string, from = 0) => t.split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1;

  it('a problem inside a list item points at that item, not the first', () => {
    const broken = twoHosts.replace('192.168.10.12', '192.168.10.300');
    const r = parseSiteYaml(broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.issues?.[0]).toMatchObject({ path: 'spec.hosts[1].management.ip', line: lineOf(broken, '192.168.10.300'), column: 13 });
  });

  it('a problem in a list of plain values points at that value', () => {
    const broken = twoHosts.replace('      - 192.168.10.2\n', '      - 192.168.10.2\n      - 0.0.0.0\n');
    const r = parseSiteYaml(broken);
    if (r.ok) throw new Error('accepted');
    expect(r.error.issues?.[0]).toMatchObject({ path: 'spec.dns.servers[1]', line: lineOf(broken, '0.0.0.0') });
  });

  it('a missing key points at the map that should hold it; a path through a scalar stops at the scalar', () => {
    const noGateway = twoHosts.replace(/^    gateway: .*\n/m, '');
    const r = parseSiteYaml(noGateway);
    if (r.ok) throw new Error('accepted');
    expect(r.error.issues?.[0]).toMatchObject({ path: 'spec.managementNetwork.gateway', message: 'is required', line: lineOf(noGateway, 'managementNetwork:') + 1 });
    const scalarDns = twoHosts.replace(/  dns:\n    servers:\n      - 192.168.10.2\n    searchDomains: \[\]\n/, '  dns: none\n');
    const s = parseSiteYaml(scalarDns);
    if (s.ok) throw new Error('accepted');
    expect(s.error.issues?.[0]).toMatchObject({ path: 'spec.dns', line: lineOf(scalarDns, 'dns: none') });
  });

  it('a host list written as a map is refused at the map', () => {
    const broken = twoHosts.replace(/  hosts:\n    - name: esx01/, '  hosts:\n    first:\n      name: esx01').replace(/    - name: esx02[\s\S]*?(?=\n  users:)/, '');
    const r = parseSiteYaml(broken);
    if (r.ok) throw new Error('accepted');
    expect(r.error.issues?.map((i) => i.path)).toContain('spec.hosts');
  });
});

describe('saving over a file a person edited keeps what the person wrote', () => {
  const two = () => Site.parse(minimalSite({ twoNode: true }));

  it('comments inside list items survive a change to that item, and the other items are left as written', () => {
    const before = stringifySite(two()).replace('    - name: esx02', '    # the spare box\n    - name: esx02').replace(/(ip: 192\.168\.10\.12)/, '$1 # from the store plan');
    const site = two();
    site.spec.hosts[1]!.management.vlan = 20;
    const out = stringifySite(site, before);
    expect(out).toContain('# the spare box');
    expect(out).toContain('ip: 192.168.10.12 # from the store plan');
    expect(out).toMatch(/ip: 192\.168\.10\.12 # from the store plan\n\s+vlan: 20/);
    const back = parseSiteYaml(out);
    expect(back.ok && back.value).toEqual(site);
  });

  it('values change kind: a map becomes a value, a value becomes a map or a list, a list item changes kind', () => {
    const site = two();
    const before = stringifySite(site);
    const next = structuredClone(site) as any;
    next.spec.hostSettings.accountLockout = { failures: 5, unlockSeconds: 900 };
    next.spec.dns.domain = 'store.example.com';
    next.spec.syslog = [{ protocol: 'TCP', address: 'logs.example.com', port: 1514 }];
    next.spec.hosts[1].hardware.nics = [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '125c', role: 'uplink' }];
    const out = stringifySite(next, before);
    const back = parseSiteYaml(out);
    expect(back.ok && back.value).toEqual(Site.parse(next));
    // And back again over that text.
    const again = stringifySite(site, out);
    const back2 = parseSiteYaml(again);
    expect(back2.ok && back2.value).toEqual(site);
    expect(again).not.toContain('accountLockout');
    expect(again).not.toContain('logs.example.com');
  });

  it('a value set to null, and lists that grow from empty, are written', () => {
    const site = two();
    const before = stringifySite(site);
    const next = structuredClone(site) as any;
    next.spec.dns.searchDomains = ['a.example.com', 'b.example.com'];
    next.spec.users = [{ name: 'monitor', passwordHash: '$6$saltsalt$' + 'a'.repeat(86), access: 'ReadOnly' }];
    next.metadata.notes = null;
    const out = stringifySite(next, before);
    // An empty list written [] stays in that (flow) style as it grows.
    expect(out).toContain('searchDomains: [ a.example.com, b.example.com ]');
    expect(out).toMatch(/users: \[\s*\{ name: monitor,/);
    expect(out).toMatch(/notes: null/);
    const back = parseSiteYaml(out.replace('  notes: null\n', ''));
    expect(back.ok && back.value.spec.users[0]?.name).toBe('monitor');
  });

  it('two places holding the same object are written out twice, never as a YAML alias (aliases are refused on load)', () => {
    const site = two();
    const shared = site.spec.hosts[0]!.vswitches;
    const next = { ...site, spec: { ...site.spec, hosts: [site.spec.hosts[0]!, { ...site.spec.hosts[1]!, vswitches: shared }] } };
    const before = stringifySite(site).replace(/(\n    - name: esx02[\s\S]*?)\n      vswitches:[\s\S]*?(?=\n      install:)/, '$1\n      vswitches: []');
    for (const out of [stringifySite(next, before), stringifySite(next)]) {
      expect(out).not.toMatch(/[&*]a\d/);
      const back = parseSiteYaml(out);
      expect(back.ok && back.value.spec.hosts[1]!.vswitches).toEqual(shared);
    }
  });

  it('long values are not folded onto several lines', () => {
    const site = two();
    site.metadata.notes = 'x '.repeat(120).trim();
    const before = stringifySite(two());
    expect(stringifySite(site, before)).toContain(`notes: ${site.metadata.notes}\n`);
  });
});
