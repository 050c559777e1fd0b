/**
 * Remotes isomorphic-git cannot push to are refused at connect, saying HTTPS is needed; and every Git
 * error's advice fits the operation that failed (issue 17). Real git makes the repositories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cloneRepo, initRepo, openRepo, unpushableRemote } from '../../../../main/services/git/connect';
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
  it('names each kind and lets http(s) through', () => {
    expect(unpushableRemote('https://git.example.com/org/sites.git')).toBeUndefined();
    expect(unpushableRemote('http://127.0.0.1:8080/config.git')).toBeUndefined();
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

  it('clone and init refuse such URLs before creating anything', async () => {
    const c = await cloneRepo({ url: `file://${join(tmp.path, 'origin.git')}`, dir: join(tmp.path, 'never'), branch: 'main' });
    expect(!c.ok && c.error.code).toBe('unsupported');
    const i = await initRepo({ dir: join(tmp.path, 'never2'), branch: 'main', url: join(tmp.path, 'origin.git') });
    expect(!i.ok && i.error.message).toContain('HTTPS');
    expect((await readdir(tmp.path)).filter((n) => n.startsWith('never'))).toEqual([]);
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
    const r = await cloneRepo({ url: `http://127.0.0.1:${port}/config.git`, dir: join(tmp.path, 'clone-fail'), branch: 'main' });
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
