/** `sitekit git …` in-process over real services, a real git server and the real git CLI as the oracle. */
import { lazyServices } from '../../helpers/cli-io';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/index';
import type { CliIO } from '../../../main/cli/types';
import { createServices, type Services } from '../../../main/services/index';
import { startGitServer, gitCli, type GitServer } from '../../helpers/git-server';
import { tempDir } from '../../helpers/temp';
import { minimalSite } from '../../helpers/sites';

let server: GitServer;
let tmp: { path: string; remove: () => Promise<void> };
let services: Services;

async function sitekit(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    env: { ...env },
    cwd: tmp.path,
    tty: false,
    readSecret: () => Promise.reject(new Error('no terminal')),
    ...lazyServices(() => services),
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

beforeEach(async () => {
  server = await startGitServer({ auth: { username: 'bob', password: 'pa55' } });
  await server.createRepo('fleet');
  tmp = await tempDir('sitekit-git-cli-');
  services = createServices({ dataDir: tmp.path, version: 'test', allowLoopbackHttp: true });
  await services.settings.set({ technician: { name: 'CLI Tech', email: 'cli@example.invalid' } });
  await services.workspace.save(minimalSite());
});
afterEach(async () => {
  services.git.dispose();
  await server.close();
  await tmp.remove();
});

describe('sitekit git', () => {
  it('connect, commit offline, status shows the queue, push when the server is back', async () => {
    const env = { SITEKIT_GIT_USERNAME: 'bob', SITEKIT_GIT_PASSWORD: 'pa55' };
    const noCreds = await sitekit({}, 'git', 'connect', 'store-0421', '--url', server.url('fleet'));
    expect(noCreds.code).toBe(4);
    expect(noCreds.err).toContain('asks for credentials');
    const conn = await sitekit(env, 'git', 'connect', 'store-0421', '--url', server.url('fleet'));
    expect(conn.code, conn.err).toBe(0);
    // The local server is plain http:// on 127.0.0.1, allowed only explicitly: the CLI says so.
    expect(conn.err).toContain('note: Plain http:// remotes on this computer (127.0.0.1, localhost, [::1]) are allowed because SITEKIT_ALLOW_LOOPBACK_HTTP=1 is set');
    // Wrong credentials from the environment do not replace the stored ones: the push says so and stops.
    const wrong = await sitekit({ SITEKIT_GIT_USERNAME: 'bob', SITEKIT_GIT_PASSWORD: 'nope' }, 'git', 'push', 'store-0421');
    expect(wrong.code).toBe(4);
    expect(wrong.err).toMatch(/The credentials entered were not accepted by 127\.0\.0\.1:\d+/);
    expect(await services.git.credentials(server.url('fleet'))).toEqual({ username: 'bob', password: 'pa55' });

    await server.stop();
    const commit = await sitekit({}, 'git', 'commit', 'store-0421', '--reason', 'install day');
    expect(commit.code, commit.err).toBe(0);
    expect(commit.out).toMatch(/^Committed [0-9a-f]{40} \(\d+ files\): store-0421: add esx01/);
    const offline = await sitekit(env, 'git', 'push', 'store-0421');
    expect(offline.code).toBe(4);
    expect(offline.err).toMatch(/error: Pushing to 127\.0\.0\.1:\d+ failed: the server could not be reached/);
    expect(offline.err).toContain('kept: 1 commit waiting to push is kept in the local repository.');
    const status = await sitekit({}, 'git', 'status', 'store-0421');
    expect(status.out).toContain('1 commit waiting to push:');

    await server.start();
    const pushed = await sitekit(env, 'git', 'push', 'store-0421');
    expect(pushed.code, pushed.err).toBe(0);
    expect(pushed.out).toMatch(/^Pushed 1 commit to http:\/\/127\.0\.0\.1:\d+\/fleet\.git main; remote head [0-9a-f]{7}\.\n$/);
    expect((await sitekit({}, 'git', 'status', 'store-0421')).out).toContain('Nothing waiting to push.');
    await gitCli(server.repoPath('fleet'), 'fsck', '--strict');
    expect(await gitCli(server.repoPath('fleet'), 'log', '--format=%an|%s', 'main')).toBe('CLI Tech|store-0421: add esx01\n');
  });

  it('prints usage errors with exit 2', async () => {
    expect((await sitekit({}, 'git', 'frob', 'x')).code).toBe(2);
    expect((await sitekit({}, 'git', 'connect', 'store-0421')).code).toBe(2);
    expect((await sitekit({}, 'git', '--help')).code).toBe(0);
  });
});
