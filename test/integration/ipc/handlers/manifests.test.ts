/** The manifests channels through dispatch with real services: request validation and results. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../../../main/ipc/dispatch';
import { createHandlers } from '../../../../main/ipc/handlers/index';
import { createServices } from '../../../../main/services/index';
import type { ManifestsGenerateResult, ManifestsImportResult, ManifestsLintResult } from '../../../../main/ipc/channels/manifests';
import { CORPUS_DIR, twoNodeSite, HAS_CORPUS, corpusTitle } from '../../../helpers/manifest-sites';
import { tempDir } from '../../../helpers/temp';

const ctx: HandlerContext = { emit: () => undefined, transport: 'direct' };
let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('sitekit-mipc-');
});
afterEach(() => dir.remove());

describe('manifests channels', () => {
  it.skipIf(!HAS_CORPUS)(corpusTitle('generates, lints, imports and draws the topology'), async () => {
    const handlers = createHandlers(createServices({ dataDir: dir.path }));
    const site = twoNodeSite();
    const gen = await dispatch(handlers, 'manifests:generate', { site }, ctx);
    expect(gen.ok).toBe(true);
    const files = (gen as { value: ManifestsGenerateResult }).value.files;
    expect(files.length).toBe(23); // each host's worker-config among them
    const lint = await dispatch(handlers, 'manifests:lint', { files: [...files], site }, ctx);
    expect((lint as { value: ManifestsLintResult }).value.summary).toMatchObject({ errors: 0, warnings: 1 });
    const corpus = await dispatch(handlers, 'manifests:lint', { dir: CORPUS_DIR }, ctx);
    expect((corpus as { value: ManifestsLintResult }).value.summary.errors).toBe(13);
    const imp = await dispatch(handlers, 'manifests:import', { dir: CORPUS_DIR, base: site }, ctx);
    expect((imp as { value: ManifestsImportResult }).value.valid).toBe(true);
    const topo = await dispatch(handlers, 'manifests:topology', { site }, ctx);
    expect((topo as { value: { svg: string } }).value.svg).toContain('<title id="topology-title">Network topology of Depot 7</title>');
  });

  it('refuses an invalid site and a request without files or folder, saying what to do', async () => {
    const handlers = createHandlers(createServices({ dataDir: dir.path }));
    const bad = await dispatch(handlers, 'manifests:generate', { site: { apiVersion: 'sitekit/v1', kind: 'Site' } }, ctx);
    expect(!bad.ok && bad.error.code).toBe('schema-error');
    const none = await dispatch(handlers, 'manifests:lint', {}, ctx);
    expect(!none.ok && none.error.code).toBe('invalid-request');
    const accept = await dispatch(handlers, 'manifests:accept', { id: 'depot-7', code: 'reboot-on-apply', by: '' }, ctx);
    expect(!accept.ok && accept.error.code).toBe('invalid-request');
  });
});
