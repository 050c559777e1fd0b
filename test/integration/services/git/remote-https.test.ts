/**
 * Remotes isomorphic-git cannot push to, and plain http:// ones, are refused at connect, saying HTTPS is
 * needed — one rule whichever way the remote arrives (issue 26 item 14); and every Git error's advice fits
 * the operation that failed (issue 17). Real git makes the repositories; a real listener counts requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cloneRepo, initRepo, openRepo, unpushableRemote } from '../../../../main/services/git/connect';
import { pushSite } from '../../../../main/services/git/push';
import { DEFAULT_LIMITS } from '../../../../main/services/git/http-client';
import { LOOPBACK_HTTP_NOTICE, remoteProblem } from '../../../../main/core/git/remote-rule';
import { classifyGitError } from '../../../../main/services/git/errors';
import { tempDir } from '../../../helpers/temp';

const run = promisify(execFile);
const git = (cwd: string, ...args: string[]) => run('git', ['-c', 'init.defaultBranch=main', ...args], { cwd });

let tmp: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir('sitekit-remote-');
  await git(tmp.path, 'init', '-q', '--bare', 'origin.git');
});
afterAll(() => tmp.remove());

describe('remotes Sitekit cannot push to', () => {
  it('names each kind and lets https through; plain http only to this computer and only when allowed', () => {
    expect(unpushableRemote('https://git.example.com/org/sites.git')).toBeUndefined();
    expect(unpushableRemote('http://127.0.0.1:8080/config.git')).toMatch(/plain http:\/\/ \(to this computer\).*SITEKIT_ALLOW_LOOPBACK_HTTP=1/);
    expect(unpushableRemote('http://git.example.com/org/sites.git')).toMatch(/plain http:\/\/.*unencrypted/);
    const allow = { allowLoopbackHttp: true };
    for (const url of ['http://127.0.0.1:8080/config.git', 'http://localhost/x.git', 'http://[::1]:9/x.git', 'http://127.8.9.10/x.git']) expect(remoteProblem(url, allow), url).toBeUndefined();
    for (const url of ['http://git.example.com/x.git', 'http://127.0.0.1.example.com/x.git', 'http://localhost.evil.example/x.git', 'http://10.0.0.1/x.git', 'http://user@git.example.com/x.git'])
      expect(remoteProblem(url, allow), url).toMatch(/plain http/);
    expect(LOOPBACK_HTTP_NOTICE).toMatch(/SITEKIT_ALLOW_LOOPBACK_HTTP=1/);
    expect(unpushableRemote('/srv/git/sites.git')).toMatch(/local path.*HTTPS/);
    expect(unpushableRemote('file:///srv/git/sites.git')).toMatch(/file:\/\/ URL.*HTTPS/);
    expect(unpushableRemote('git@github.com:org/sites.git')).toMatch(/SSH remote.*HTTPS/);
    expect(unpushableRemote('ssh://git@host/org/sites.git')).toMatch(/SSH remote/);
    expect(unpushableRemote('git://host/org/sites.git')).toMatch(/git:\/\/ remote/);
  });

  it('open refuses a clone whose origin is a local path, file:// or ssh, and leaves it unchanged', async () => {
    const origin = join(tmp.path, 'origin.git');
    for (const [name, url] of [['local', origin], ['file', `file://${origin}`], ['ssh', 'git@example.invalid:org/sites.git']] as const) {
      const dir = join(tmp.path, `clone-${name}`);
      await git(tmp.path, 'clone', '-q', origin, dir);
      await git(dir, 'remote', 'set-url', 'origin', url);
      const before = await readdir(join(dir, '.git'));
      const r = await openRepo({ dir, branch: 'main' });
      expect(r.ok, name).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('unsupported');
        expect(r.error.message).toContain('HTTPS');
        expect(r.error.hint).toMatch(/https:\/\//);
      }
      expect(await readdir(join(dir, '.git'))).toEqual(before);
    }
  });

  it('open refuses a clone whose origin is plain http:// (not "Connected", no password asked), allowed or not', async () => {
    const origin = join(tmp.path, 'origin.git');
    const dir = join(tmp.path, 'clone-http');
    await git(tmp.path, 'clone', '-q', origin, dir);
    await git(dir, 'remote', 'set-url', 'origin', 'http://git.example.com/org/sites.git');
    const before = await readdir(join(dir, '.git'));
    for (const remotes of [undefined, { allowLoopbackHttp: true }]) {
      const r = await openRepo({ dir, branch: 'main', remotes });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('unsupported');
        expect(r.error.message).toMatch(/plain http:\/\/.*HTTPS/);
      }
    }
    expect(await readdir(join(dir, '.git'))).toEqual(before);
  });

  it('clone and init refuse such URLs before creating anything', async () => {
    const c = await cloneRepo({ url: `file://${join(tmp.path, 'origin.git')}`, dir: join(tmp.path, 'never'), branch: 'main' });
    expect(!c.ok && c.error.code).toBe('unsupported');
    const i = await initRepo({ dir: join(tmp.path, 'never2'), branch: 'main', url: join(tmp.path, 'origin.git') });
    expect(!i.ok && i.error.message).toContain('HTTPS');
    expect((await readdir(tmp.path)).filter((n) => n.startsWith('never'))).toEqual([]);
  });
});

describe('plain http to this computer without the explicit option', () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('clone is refused before any connection is made', async () => {
    const r = await cloneRepo({ url: `http://127.0.0.1:${port}/config.git`, dir: join(tmp.path, 'clone-loopback'), branch: 'main' });
    expect(!r.ok && r.error.code).toBe('unsupported');
    expect(!r.ok && r.error.message).toMatch(/SITEKIT_ALLOW_LOOPBACK_HTTP=1/);
    expect(connections).toBe(0);
  });

  it('a push to an origin edited to plain http:// after connecting is refused without a request', async () => {
    const dir = join(tmp.path, 'pushes-http');
    await git(tmp.path, 'clone', '-q', join(tmp.path, 'origin.git'), dir);
    await git(dir, '-c', 'user.name=T', '-c', 'user.email=t@example.invalid', 'commit', '-q', '--allow-empty', '-m', 'one');
    await git(dir, 'remote', 'set-url', 'origin', `http://127.0.0.1:${port}/config.git`);
    const r = await pushSite({ dir, branch: 'main', sitePath: 'sites/x', committer: { name: 'T', email: 't@example.invalid' }, now: new Date(), credentials: { username: 'a', password: 'b' } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('unsupported');
      expect(r.error.message).toMatch(/was not attempted: .*plain http/);
      expect(r.error.kept).toMatch(/1 commit waiting to push is kept/);
    }
    expect(connections).toBe(0);
  });
});

describe('advice fits the operation that failed', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    // A port that accepts and closes at once: the connection is reset, a real network failure.
    server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('a failed clone never advises "Push again"', async () => {
    const r = await cloneRepo({ url: `http://127.0.0.1:${port}/config.git`, dir: join(tmp.path, 'clone-fail'), branch: 'main', net: { limits: DEFAULT_LIMITS, remotes: { allowLoopbackHttp: true } } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.hint).not.toMatch(/push again/i);
      expect(r.error.hint).toMatch(/connect/i);
    }
  });

  it('every classified error names the step to repeat for clone, push and local work', () => {
    const cases: unknown[] = [
      { code: 'ENOTFOUND' },
      { code: 'ECONNREFUSED' },
      { cause: { code: 'ETIMEDOUT' } },
      { code: 'HttpError', data: { statusCode: 401 } },
      { code: 'HttpError', data: { statusCode: 500, statusMessage: 'oops' } },
      { code: 'SmartHttpError' },
      new Error('weird'),
    ];
    for (const e of cases) {
      for (const auth of ['none', 'password', 'token'] as const) {
        const clone = classifyGitError(e, { action: 'Cloning from', url: 'https://h/x.git', auth });
        expect(clone.hint ?? '', JSON.stringify(e)).not.toMatch(/push again/i);
        const local = classifyGitError(e, { action: 'Committing in', auth });
        expect(local.hint ?? '').not.toMatch(/push again/i);
      }
    }
    expect(classifyGitError({ code: 'ECONNREFUSED' }, { action: 'Pushing to', url: 'https://h/x.git', auth: 'none' }).hint).toMatch(/Push again/);
    expect(classifyGitError({ code: 'HttpError', data: { statusCode: 401 } }, { action: 'Cloning from', url: 'https://h/x.git', auth: 'token' }).hint).toMatch(/connect \(clone\) again/);
  });
});
