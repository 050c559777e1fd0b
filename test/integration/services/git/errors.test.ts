import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cloneRepo } from '../../../../main/services/git/connect';
import { classifyGitError } from '../../../../main/services/git/errors';
import { tempDir } from '../../../helpers/temp';

const run = promisify(execFile);

describe('TLS failures', () => {
  let server: Server;
  let tmp: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    tmp = await tempDir('sitekit-tls-');
    // A self-signed certificate made by the real openssl: what a small company's Git server often has.
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(tmp.path, 'key.pem'), '-out', join(tmp.path, 'cert.pem')]);
    server = createServer({ key: await readFile(join(tmp.path, 'key.pem')), cert: await readFile(join(tmp.path, 'cert.pem')) }, (_req, res) => res.end('never reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await tmp.remove();
  });

  it('an untrusted certificate is a TLS error with a hint about certificates and the clock', async () => {
    const port = (server.address() as { port: number }).port;
    const r = await cloneRepo({ url: `https://127.0.0.1:${port}/config.git`, dir: join(tmp.path, 'clone'), branch: 'main', credentials: { username: 'alice', password: 's3cret' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('tls-error');
    expect(r.error.hint).toMatch(/certificate/);
    expect(JSON.stringify(r.error)).not.toContain('s3cret');
  });
});

describe('classifyGitError', () => {
  const ctx = { action: 'Pushing to', url: 'https://git.example.com/org/sites.git', auth: 'password' as const, kept: '2 commits waiting to push are kept in the local repository.' };
  it('never repeats credentials from a URL in the message', () => {
    const e = classifyGitError(new Error('failed to fetch https://alice:hunter2@git.example.com/org/sites.git'), ctx);
    expect(e.message).not.toContain('hunter2');
    expect(e.kept).toBe(ctx.kept);
  });
  it('HTTP 403 with a password is "no access", with a token it is "expired or revoked"', () => {
    const http403 = Object.assign(new Error('HTTP Error: 403'), { code: 'HttpError', data: { statusCode: 403 } });
    expect(classifyGitError(http403, ctx)).toMatchObject({ code: 'unauthorized' });
    expect(classifyGitError(http403, { ...ctx, auth: 'token' })).toMatchObject({ code: 'auth-expired' });
  });
  it('DNS failure inside a wrapped error is an unknown host', () => {
    const wrapped = Object.assign(new Error('request failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND git.example.com'), { code: 'ENOTFOUND' }) });
    expect(classifyGitError(wrapped, ctx).code).toBe('unknown-host');
  });
});
