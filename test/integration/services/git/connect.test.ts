import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AUTHOR, USER, cliClone, gitCli, serverState, siteTree, world, type World } from './fixtures';

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => {
  await w.close();
});

/** Puts another site on the server, committed by the real git. */
async function seedServer(): Promise<void> {
  const seed = await cliClone(w.server, 'config', join(w.tmp, 'seed'));
  await mkdir(join(seed, 'sites/store-0999'), { recursive: true });
  await writeFile(join(seed, 'sites/store-0999/site.yaml'), 'id: store-0999\n');
  await gitCli(seed, 'add', '.');
  await gitCli(seed, 'commit', '-q', '-m', 'store-0999: add');
  await gitCli(seed, 'push', '-q', 'origin', 'HEAD:main');
}

describe('connect', () => {
  it('opens an existing clone made by the real git, commits and pushes from it', async () => {
    await seedServer();
    const dir = await cliClone(w.server, 'config', join(w.tmp, 'existing'));
    const c = await w.service.connect({ siteId: 'store-0421', mode: 'open', dir, branch: 'main', basePath: 'sites' });
    expect(c.ok && c.value).toMatchObject({ dir, branch: 'main', url: w.url });
    await w.service.setCredentials(w.url, USER, false);
    await w.service.commit('store-0421', { siteName: 'S', files: siteTree('sites/store-0421', ['esx01']), author: AUTHOR });
    const pushed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(pushed.ok && pushed.value.pushed).toBe(1);
    expect((await serverState(w.server)).subjects).toEqual(['store-0421: add esx01', 'store-0999: add']);
    expect(await gitCli(dir, 'status', '--porcelain')).toBe('');
  });

  it('refuses a folder that is not a repository, and cloning over a non-empty folder', async () => {
    const notRepo = await w.service.connect({ siteId: 'store-0421', mode: 'open', dir: w.tmp, branch: 'main', basePath: 'sites' });
    expect(!notRepo.ok && notRepo.error.code).toBe('not-found');
    const full = join(w.tmp, 'full');
    await mkdir(full);
    await writeFile(join(full, 'keep.txt'), 'mine\n');
    const over = await w.service.connect({ siteId: 'store-0421', mode: 'clone', url: w.url, dir: full, branch: 'main', basePath: 'sites', credentials: USER });
    expect(!over.ok && over.error.code).toBe('conflict');
    expect(await readFile(join(full, 'keep.txt'), 'utf8')).toBe('mine\n');
  });

  it('a repo started offline (init) is replayed onto the fleet repo it is later pushed to', async () => {
    await seedServer();
    const c = await w.service.connect({ siteId: 'store-0421', mode: 'init', url: w.url, branch: 'main', basePath: 'sites', credentials: USER });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const first = await w.service.commit('store-0421', { siteName: 'S', files: siteTree('sites/store-0421', ['esx01']), author: AUTHOR });
    expect(first.ok).toBe(true);
    const st = await w.service.status('store-0421');
    expect(st.ok && st.value).toMatchObject({ waitingToPush: 1, remoteEmpty: true });
    const pushed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(pushed.ok && pushed.value.integrated).toBe('replayed');
    const server = await serverState(w.server);
    expect(server.subjects).toEqual(['store-0421: add esx01', 'store-0999: add']);
    expect(server.files).toContain('sites/store-0999/site.yaml');
    expect(await readFile(join(c.value.dir, 'sites/store-0999/site.yaml'), 'utf8')).toBe('id: store-0999\n');
    expect(await gitCli(c.value.dir, 'status', '--porcelain')).toBe('');
  });

  it('credentials are not written into the clone', async () => {
    const c = await w.service.connect({ siteId: 'store-0421', mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: USER });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const config = await readFile(join(c.value.dir, '.git', 'config'), 'utf8');
    expect(config).toContain(w.url);
    expect(config).not.toContain(USER.password);
  });
});
