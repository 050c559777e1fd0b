import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as openpgp from 'openpgp';
import { AUTHOR, USER, cliClone, gitCli, serverState, siteTree, world, type World } from './fixtures';

const run = promisify(execFile);
let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => {
  await w.close();
});

describe('signed commits', () => {
  it('signs with the technician\'s OpenPGP key; real git + gpg verify the signature', async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: AUTHOR.name, email: AUTHOR.email }], passphrase: 'field-pass', format: 'armored' });
    const c = await w.service.connect({ siteId: 'store-0421', mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: USER });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const wrong = await w.service.commit('store-0421', { siteName: 'S', files: siteTree('sites/store-0421', ['esx01']), author: AUTHOR, signingKey: { armoredKey: privateKey, passphrase: 'nope' } });
    expect(!wrong.ok && wrong.error.code).toBe('unauthorized');
    expect(await gitCli(c.value.dir, 'rev-list', '--all')).toBe(''); // nothing committed

    const signed = await w.service.commit('store-0421', { siteName: 'S', files: siteTree('sites/store-0421', ['esx01']), author: AUTHOR, signingKey: { armoredKey: privateKey, passphrase: 'field-pass' } });
    expect(signed.ok && signed.value.signed).toBe(true);

    const gnupg = join(w.tmp, 'gnupg');
    await mkdir(gnupg, { recursive: true, mode: 0o700 });
    await writeFile(join(gnupg, 'pub.asc'), publicKey);
    const env = { ...process.env, GNUPGHOME: gnupg };
    await run('gpg', ['--batch', '--quiet', '--import', join(gnupg, 'pub.asc')], { env });
    const { stderr } = await run('git', ['-C', c.value.dir, 'verify-commit', 'HEAD'], { env });
    expect(stderr).toContain('Good signature from "Field Tech <tech@example.invalid>"');
    await run('gpgconf', ['--kill', 'all'], { env }).catch(() => undefined);
  });
});

describe('signed commits and a remote that moved', () => {
  it('are merged, not replayed, so their signatures stay valid', async () => {
    const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: AUTHOR.name, email: AUTHOR.email }], format: 'armored' });
    const c = await w.service.connect({ siteId: 'store-0421', mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: USER });
    expect(c.ok).toBe(true);
    await w.service.commit('store-0421', { siteName: 'S', files: siteTree('sites/store-0421', ['esx01']), author: AUTHOR });
    await w.service.push('store-0421', { committer: AUTHOR });
    const other = await cliClone(w.server, 'config', join(w.tmp, 'other'));
    await mkdir(join(other, 'sites/store-0999'), { recursive: true });
    await writeFile(join(other, 'sites/store-0999/site.yaml'), 'x: 1\n');
    await gitCli(other, 'add', '.');
    await gitCli(other, 'commit', '-q', '-m', 'store-0999: add');
    await gitCli(other, 'push', '-q', 'origin', 'HEAD:main');

    const signed = await w.service.commit('store-0421', { siteName: 'S', files: siteTree('sites/store-0421', ['esx01'], 3), author: AUTHOR, signingKey: { armoredKey: privateKey } });
    expect(signed.ok && signed.value.signed).toBe(true);
    const pushed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(pushed.ok && pushed.value).toMatchObject({ integrated: 'merged', replayed: [] });
    const bare = w.server.repoPath('config');
    const state = await serverState(w.server);
    expect(state.files).toContain('sites/store-0999/site.yaml');
    expect((await gitCli(bare, 'rev-list', '--parents', '-1', 'main')).trim().split(' ')).toHaveLength(3); // a merge
    // The signed commit reached the server unchanged.
    expect((await gitCli(bare, 'cat-file', '-t', signed.ok ? signed.value.sha : '')).trim()).toBe('commit');
    expect(await gitCli(bare, 'cat-file', 'commit', signed.ok ? signed.value.sha : '')).toContain('-----BEGIN PGP SIGNATURE-----');
    if (c.ok) expect(await gitCli(c.value.dir, 'status', '--porcelain')).toBe('');
  });
});
