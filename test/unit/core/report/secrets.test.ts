import { topologyWithPlan } from '../../../helpers/plan';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../../main/core/report/model';
import { renderReportHtml } from '../../../../main/core/report/html';
import { renderReportJson } from '../../../../main/core/report/json';
import { collectSecrets, sanitizeUrl, scrubSecrets, secretsInManifest, REDACTED } from '../../../../main/core/report/secrets';
import { Site } from '../../../../main/core/site/schema';
import { SAMPLE_SECRETS, sampleLint, sampleSite, sampleSiteInput, sampleVerdict } from '../../../helpers/sample-site';

const base = { sitekitVersion: '1.2.3', generatedAt: '2026-11-25T06:40:00Z' };

/** Each secret and the recognisable parts of it (the hash without its `$6$salt$` prefix, too). */
const needles = (): string[] => {
  const s = SAMPLE_SECRETS;
  return [s.userPasswordHash, s.userPasswordHash.split('$')[3]!, s.cloudInitPassword, s.appToken, s.sysprepAdminPassword, 'plain_text_passwd', 'AdministratorPassword'];
};

describe('no secret from the site file reaches the report', () => {
  it('neither the HTML nor the JSON contains a password, hash, token or user data', () => {
    const site = sampleSite();
    const report = buildReport({ site, verdict: sampleVerdict(), lint: sampleLint(), topologySvg: topologyWithPlan(site), ...base });
    const html = renderReportHtml(report);
    const json = renderReportJson(report);
    expect(json.ok).toBe(true);
    const svg = decodeURIComponent(/src="data:image\/svg\+xml;charset=utf-8,([^"]*)"/.exec(html)?.[1] ?? '');
    expect(svg).toContain('<svg');
    for (const out of [html, json.ok ? json.value : '', svg]) {
      for (const secret of needles()) expect(out, secret).not.toContain(secret);
    }
  });

  it('even a secret pasted into free text (notes, labels, commit messages) is redacted', () => {
    const input = sampleSiteInput();
    input.metadata.notes = `Temporary root password is ${SAMPLE_SECRETS.cloudInitPassword}, change it`;
    input.spec.hosts[0]!.hardware!.nics![0]!.label = `tok ${SAMPLE_SECRETS.appToken.slice(0, 40)}`;
    input.records!.commits![0]!.message = `add user hash ${SAMPLE_SECRETS.userPasswordHash}`;
    const html = renderReportHtml(buildReport({ site: Site.parse(input), ...base }));
    expect(html).toContain(`Temporary root password is ${REDACTED}, change it`);
    for (const secret of needles()) expect(html).not.toContain(secret);
  });

  it('collects hashes, cloud-init passwords, Sysprep values and Secret data, longest first', () => {
    const secrets = collectSecrets(sampleSite());
    expect(secrets).toEqual(expect.arrayContaining([SAMPLE_SECRETS.userPasswordHash, SAMPLE_SECRETS.cloudInitPassword, SAMPLE_SECRETS.appToken]));
    for (let i = 1; i < secrets.length; i++) expect(secrets[i - 1]!.length).toBeGreaterThanOrEqual(secrets[i]!.length);
  });

  it('finds data and stringData of Secrets, and password-like keys in any manifest', () => {
    const m = 'kind: Secret\nmetadata: {name: s}\ndata:\n  key: c2VjcmV0dmFsdWU=\n---\nkind: ConfigMap\ndata:\n  db_password: hunter2hunter2\n';
    expect(secretsInManifest(m)).toEqual(expect.arrayContaining(['c2VjcmV0dmFsdWU=', 'hunter2hunter2']));
  });

  it('scrubs deeply and leaves short ordinary words alone', () => {
    expect(scrubSecrets({ a: ['x secret-value y'], b: { c: 'secret-value' }, n: 3 }, ['secret-value'])).toEqual({ a: [`x ${REDACTED} y`], b: { c: REDACTED }, n: 3 });
    const input = sampleSiteInput();
    input.spec.workloads!.vms![0]!.userData!.content = 'password: admin';
    // "admin" is too short to scrub everywhere: it would blank ordinary words in the report.
    expect(collectSecrets(Site.parse(input))).not.toContain('admin');
  });
});

describe('sanitizeUrl', () => {
  it.each([
    ['https://user:pa55@git.example.com/org/repo.git', 'https://git.example.com/org/repo.git'],
    ['https://oauth2:glpat-xyz@gitlab.example/r.git?x=1#y', 'https://gitlab.example/r.git'],
    ['ssh://git@host:22/r.git', 'ssh://host:22/r.git'],
    ['git@github.com:org/repo.git', 'github.com:org/repo.git'],
    ['https://git.example.com/r.git', 'https://git.example.com/r.git'],
  ])('%s → %s', (url, clean) => {
    expect(sanitizeUrl(url)).toBe(clean);
  });
});
