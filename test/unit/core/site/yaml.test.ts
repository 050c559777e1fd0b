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
