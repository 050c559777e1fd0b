/** The loopback bridge's security checks, with real HTTP requests (Node's http so Host can be forged). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { startTestApp, type TestApp } from '../../helpers/web-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: opts.host ?? '127.0.0.1', port: app.server.port, path, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${app.server.port}`, ...opts.headers } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  call(`/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sitekit-Token': app.server.token, ...headers }, body: JSON.stringify(body) });

describe('browser-mode bridge', () => {
  it('serves the UI with the token and sets a strict cookie; the CSP header forbids inline scripts', async () => {
    const r = await call(`/?token=${app.server.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<div id="root">');
    expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    const withCookie = await call('/', { headers: { Cookie: `sitekit_token=${app.server.token}` } });
    expect(withCookie.status).toBe(200);
  });

  it('refuses the UI and the API without the token, or with a wrong one', async () => {
    expect((await call('/')).status).toBe(401);
    expect((await call('/?token=wrong')).status).toBe(401);
    expect((await api('site:list', {}, { 'X-Sitekit-Token': 'wrong' })).status).toBe(401);
    // The cookie alone is not enough for the API: a page on another origin could make the browser send it.
    const cookieOnly = await call('/api/site:list', { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: `sitekit_token=${app.server.token}` }, body: '{}' });
    expect(cookieOnly.status).toBe(401);
  });

  it('refuses DNS-rebinding requests (a foreign Host header) even with the token', async () => {
    const r = await api('site:list', {}, { Host: `attacker.example:${app.server.port}` });
    expect(r.status).toBe(421);
    const wrongPort = await api('site:list', {}, { Host: '127.0.0.1:1' });
    expect(wrongPort.status).toBe(421);
  });

  it('refuses cross-origin requests even with the token', async () => {
    expect((await api('site:list', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('site:list', {}, { Origin: `http://127.0.0.1:${app.server.port}` })).status).toBe(200);
    expect((await api('site:list', {}, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
  });

  it('validates requests: malformed JSON, wrong content type, unknown channel, bad fields', async () => {
    const notJson = await call('/api/site:list', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sitekit-Token': app.server.token }, body: '{nope' });
    expect(notJson.status).toBe(400);
    const form = await call('/api/site:list', { method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-Sitekit-Token': app.server.token }, body: '{}' });
    expect(form.status).toBe(415);
    const unknown = JSON.parse((await api('fs:read', {})).body);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const bad = JSON.parse((await api('site:load', { id: '../../etc' })).body);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('does not serve files outside the renderer folder', async () => {
    const r = await call(`/..%2F..%2Fpackage.json?token=${app.server.token}`);
    expect([403, 404]).toContain(r.status);
    expect(r.body).not.toContain('"name": "sitekit"');
  });

  it('round-trips a site through the real services', async () => {
    const site = { apiVersion: 'sitekit/v1', kind: 'Site', metadata: { name: 'Bridge', id: 'bridge' }, spec: { managementNetwork: { subnet: '10.0.0.0/24', gateway: '10.0.0.1' }, dns: { servers: ['10.0.0.2'] }, ntp: { servers: ['10.0.0.3'] }, hosts: [{ name: 'esx01', management: { ip: '10.0.0.11' } }] } };
    const saved = JSON.parse((await api('site:save', { site })).body);
    expect(saved.ok).toBe(true);
    const list = JSON.parse((await api('site:list', {})).body);
    expect(list.value.map((s: { id: string }) => s.id)).toContain('bridge');
  });

  it('listens on the loopback address only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!external) return expect(external).toBeUndefined();
    await expect(call('/', { host: external })).rejects.toThrow(/ECONNREFUSED/);
  });
});
