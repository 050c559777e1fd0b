/**
 * The lint job (main/flows/lint.ts), the one path every lint takes (the CLI and its CI job, the demo, the API):
 * a folder read from disk, its scopes, a missing folder. (These were tests of services' `lintFolder`, which
 * production never called; it went, its tests came here.)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintFlow } from '../../../main/flows/lint';
import { noProgress } from '../../../main/flows/types';
import { createServices } from '../../../main/services/index';
import { CORPUS_DIR, HAS_CORPUS, corpusTitle } from '../../helpers/manifest-sites';
import { tempDir } from '../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
let ctx: Parameters<typeof lintFlow>[0];
const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: face-detector\n';

beforeAll(async () => {
  dir = await tempDir('sitekit-lintflow-');
  ctx = { services: createServices({ dataDir: join(dir.path, 'data'), version: 'test' }), progress: noProgress, now: () => new Date('2026-12-06T08:00:00Z') };
  for (const store of ['leeds', 'york']) {
    await mkdir(join(dir.path, 'sites', store), { recursive: true });
    await writeFile(join(dir.path, 'sites', store, 'ns.yaml'), ns);
  }
  await writeFile(join(dir.path, 'sites', 'york', 'ns-copy.yaml'), ns);
});
afterAll(() => dir.remove());

describe('lint flow on a folder', () => {
  it('a folder named sites/ is one store per sub-folder: the duplicate inside york is reported, the ones between stores are not', async () => {
    const r = await lintFlow(ctx, { dir: join(dir.path, 'sites') });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings.filter((f) => f.code === 'duplicate-name').map((f) => `${f.file} ${f.scope}`)).toEqual(['york/ns.yaml york']);
    expect(r.value.files).toBe(3);
  });

  it.skipIf(!HAS_CORPUS)(corpusTitle('lints a real site repo folder and reports a missing folder as not-found, nothing linted'), async () => {
    const r = await lintFlow(ctx, { dir: CORPUS_DIR });
    expect(r.ok && r.value.summary.errors).toBeGreaterThan(5);
    const missing = await lintFlow(ctx, { dir: join(dir.path, 'nope') });
    expect(!missing.ok && missing.error.code).toBe('not-found');
    expect(!missing.ok && missing.error.hint).toBe('Check the path; nothing was linted.');
  });
});
