import { topologyWithPlan } from '../../../helpers/plan';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// ajv (a pinned devDependency) is an independent JSON Schema validator: the oracle, so the published schema is
// checked by something other than zod.
import Ajv2020 from 'ajv/dist/2020';
import { buildReport } from '../../../../main/core/report/model';
import { renderReportJson } from '../../../../main/core/report/json';
import { reportJsonSchema, SiteReport, REPORT_SCHEMA_ID } from '../../../../main/core/report/schema';
import { Site } from '../../../../main/core/site/schema';
import { minimalSite } from '../../../helpers/sites';
import { sampleLint, sampleSite, sampleVerdict } from '../../../helpers/sample-site';
import { REPO_ROOT } from '../../../helpers/web-app';

const base = { sitekitVersion: '1.2.3', generatedAt: '2026-11-25T06:40:00Z' };
const PUBLISHED = join(REPO_ROOT, 'resources', 'report.schema.json');

describe('the report JSON and its published schema', () => {
  it('resources/report.schema.json is exactly the schema generated from the zod model', async () => {
    const published = JSON.parse(await readFile(PUBLISHED, 'utf8'));
    // Regenerate with: npx tsx -e "import('./main/core/report/schema.ts').then(m=>console.log(JSON.stringify(m.reportJsonSchema(),null,2)))" > resources/report.schema.json
    expect(published).toEqual(reportJsonSchema());
    expect(published.$id).toBe(REPORT_SCHEMA_ID);
  });

  it('the JSON of a full and of a bare report validates against the published schema', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(await readFile(PUBLISHED, 'utf8')));
    const site = sampleSite();
    const full = renderReportJson(buildReport({ site, verdict: sampleVerdict(), lint: sampleLint(), topologySvg: topologyWithPlan(site), listVersion: '2026.11.1', ...base }));
    const bare = renderReportJson(buildReport({ site: Site.parse(minimalSite()), ...base }));
    for (const out of [full, bare]) {
      expect(out.ok).toBe(true);
      if (!out.ok) continue;
      const data = JSON.parse(out.value);
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
      expect(data.$schema).toBe(REPORT_SCHEMA_ID);
      expect(out.value.endsWith('}\n')).toBe(true);
    }
  });

  it('the schema rejects a report that misses a section or carries an unknown field', async () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(await readFile(PUBLISHED, 'utf8')));
    const good = buildReport({ site: sampleSite(), ...base });
    const { git: _git, ...noGit } = good;
    expect(validate(noGit)).toBe(false);
    expect(validate({ ...good, rootPassword: 'x' })).toBe(false);
  });

  it('renders the same model to the same bytes and round-trips through the zod schema', () => {
    const r = buildReport({ site: sampleSite(), verdict: sampleVerdict(), ...base });
    const a = renderReportJson(r);
    const b = renderReportJson(buildReport({ site: sampleSite(), verdict: sampleVerdict(), ...base }));
    expect(a).toEqual(b);
    if (!a.ok) throw new Error('no json');
    const { $schema: _s, ...back } = SiteReport.parse(JSON.parse(a.value));
    expect(back).toEqual(r);
  });

  it('refuses to write a model that does not match the schema', () => {
    const r = buildReport({ site: sampleSite(), ...base });
    const out = renderReportJson({ ...r, hosts: [{ name: 1 }] } as unknown as typeof r);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.code).toBe('internal');
  });
});
