import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createServices, type Services } from '../../../../main/services/index';
import { createHandlers } from '../../../../main/ipc/handlers/index';
import { dispatch, type HandlerContext } from '../../../../main/ipc/dispatch';
import { createFileLogger } from '../../../../main/services/logger';
import type { PayloadOf } from '../../../../main/ipc/contract';
import { startGitServer, gitCli, type GitServer } from '../../../helpers/git-server';
import { tempDir } from '../../../helpers/temp';
import { minimalSite } from '../../../helpers/sites';

const USER = { username: 'alice', password: 's3cret-field-pass' };
let server: GitServer;
let tmp: { path: string; remove: () => Promise<void> };
let services: Services;
let logger: ReturnType<typeof createFileLogger>;
const progress: PayloadOf<'job:progress'>[] = [];
const ctx: HandlerContext = { emit: (e, p) => void (e === 'job:progress' && progress.push(p as PayloadOf<'job:progress'>)), transport: 'direct' };

async function call<T = unknown>(name: string, req: unknown): Promise<T> {
  const r = await dispatch(createHandlers(services), name, req, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

beforeEach(async () => {
  server = await startGitServer({ auth: USER });
  await server.createRepo('fleet');
  tmp = await tempDir('sitekit-git-ipc-');
  logger = createFileLogger({ dir: join(tmp.path, 'logs') });
  services = createServices({ dataDir: tmp.path, version: 'test', logger, allowLoopbackHttp: true });
  await services.settings.set({ technician: { name: 'Field Tech', email: 'tech@example.invalid' } });
  const saved = await services.workspace.save(minimalSite({ twoNode: true }));
  expect(saved.ok).toBe(true);
});
afterEach(async () => {
  services.git.dispose();
  await server.close();
  await tmp.remove();
});

describe('git channels over the real generator', () => {
  it('connect → preview → commit → push: the generated site lands on the server and in the draft records', async () => {
    const conn = await call<{ dir: string }>('git:connect', { siteId: 'store-0421', mode: 'clone', url: server.url('fleet'), credentials: USER });
    const preview = await call<{ files: { path: string; kind: string }[]; hosts: string[]; message: string }>('git:preview', { siteId: 'store-0421', reason: 'initial install' });
    expect(preview.files.length).toBeGreaterThan(5);
    expect(preview.files.every((f) => f.kind === 'added' && f.path.startsWith('sites/store-0421/'))).toBe(true);
    expect(preview.hosts).toEqual(['esx01', 'esx02']);

    const commit = await call<{ sha: string; message: string }>('git:commit', { siteId: 'store-0421', reason: 'initial install' });
    expect(commit.message).toBe(preview.message);
    const draft = await services.workspace.load('store-0421');
    expect(draft.ok && draft.value.site.records.commits).toEqual([expect.objectContaining({ sha: commit.sha, pushed: false })]);
    expect(draft.ok && draft.value.site.spec.git).toMatchObject({ url: server.url('fleet'), branch: 'main', basePath: 'sites' });

    const before = await call<{ status: { waitingToPush: number } }>('git:status', { siteId: 'store-0421' });
    expect(before.status.waitingToPush).toBe(1);
    await call('git:push', { siteId: 'store-0421', jobId: 'j1' });
    const after = await call<{ status: { waitingToPush: number } }>('git:status', { siteId: 'store-0421' });
    expect(after.status.waitingToPush).toBe(0);
    const pushedDraft = await services.workspace.load('store-0421');
    expect(pushedDraft.ok && pushedDraft.value.site.records.commits[0]?.pushed).toBe(true);
    // Recording the commit in the draft does not leave a change behind to commit again.
    const again = await call<{ files: unknown[] }>('git:preview', { siteId: 'store-0421' });
    expect(again.files).toEqual([]);

    const bare = server.repoPath('fleet');
    await gitCli(bare, 'fsck', '--full', '--strict');
    const tree = (await gitCli(bare, 'ls-tree', '-r', '--name-only', 'main')).trim().split('\n');
    expect(tree).toEqual(preview.files.map((f) => f.path));
    expect(tree).toContain('sites/store-0421/hosts/esx02/kustomization.yaml');

    // Credentials are nowhere on disk: not in the repo, its config, the draft, or the log.
    await logger.flush();
    const texts = [
      await readFile(join(conn.dir, '.git', 'config'), 'utf8'),
      await readFile(services.workspace.sitePath('store-0421'), 'utf8'),
      await readFile(join(tmp.path, 'logs', 'sitekit.log'), 'utf8'),
      await gitCli(bare, 'log', '-p', 'main'),
      JSON.stringify(await readdir(tmp.path, { recursive: true })),
    ];
    for (const t of texts) expect(t).not.toContain(USER.password);
  });

  it('a push without network starts the automatic retry and reports the queue', async () => {
    await call('git:connect', { siteId: 'store-0421', mode: 'clone', url: server.url('fleet'), credentials: USER });
    await call('git:commit', { siteId: 'store-0421' });
    await server.stop();
    const r = await dispatch(createHandlers(services), 'git:push', { siteId: 'store-0421' }, ctx);
    expect(!r.ok && r.error.code).toBe('network-unreachable');
    expect(!r.ok && r.error.kept).toContain('1 commit waiting to push');
  });

  it('rejects a URL with credentials in it before anything runs', async () => {
    const r = await dispatch(createHandlers(services), 'git:connect', { siteId: 'store-0421', mode: 'clone', url: 'https://alice:pw@example.invalid/x.git' }, ctx);
    expect(!r.ok && r.error.code).toBe('invalid-request');
  });
});
