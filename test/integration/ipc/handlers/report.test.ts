/** The report channels through dispatch, over the real services and a saved sample site. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dispatch, type HandlerContext } from '../../../../main/ipc/dispatch';
import { createHandlers } from '../../../../main/ipc/handlers/index';
import { createServices, type Services } from '../../../../main/services/index';
import type { ReportExport, ReportPreview } from '../../../../main/ipc/channels/report';
import { sampleSite } from '../../../helpers/sample-site';
import { tempDir } from '../../../helpers/temp';

let tmp: { path: string; remove: () => Promise<void> };
let services: Services;
const ctx: HandlerContext = { emit: () => undefined, transport: 'direct' };
const call = (name: string, req: unknown) => dispatch(createHandlers(services), name, req, ctx);

beforeAll(async () => {
  tmp = await tempDir('sitekit-report-ipc-');
  services = createServices({ dataDir: tmp.path, version: 'test', now: () => new Date('2026-11-25T06:40:00Z') });
  const saved = await services.workspace.save(sampleSite());
  if (!saved.ok) throw new Error(saved.error.message);
});
afterAll(() => tmp.remove());

describe('report channels', () => {
  it('report:preview returns the HTML, the status and where an export would go', async () => {
    const r = await call('report:preview', { id: 'store-0421' });
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as ReportPreview;
    expect(v.html.startsWith('<!doctype html>')).toBe(true);
    expect(v.html).toContain('Store 0421 Leeds');
    expect(v.status).toBe('ready');
    expect(v.defaultFolder).toBe(join(tmp.path, 'workspace', 'sites', 'store-0421', 'reports'));
  });

  it('report:export writes JSON into the default folder; bad requests and unknown sites are refused', async () => {
    const r = await call('report:export', { id: 'store-0421', formats: ['json'] });
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as ReportExport;
    expect(v.files.map((f) => f.format)).toEqual(['json']);
    expect(await readdir(join(tmp.path, 'workspace', 'sites', 'store-0421', 'reports'))).toEqual(['store-0421-handover-2026-11-25.json']);
    expect((await call('report:export', { id: 'store-0421', formats: ['docx'] })).ok).toBe(false);
    expect((await call('report:export', { id: 'store-0421', formats: [] })).ok).toBe(false);
    const missing = await call('report:preview', { id: 'no-such-site' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe('not-found');
  });
});
