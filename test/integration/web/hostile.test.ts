/**
 * Browser mode under hostile input (issue 17): malformed paths and percent-encodings answer 400, never 500
 * (checked case by case and fuzzed with fast-check against the real server); as root it refuses to start
 * without --allow-root and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { startTestApp, REPO_ROOT, type TestApp } from '../../helpers/web-app';
import { parseRequestPath, refuseRoot } from '../../../main/web/server';
import { tempDir } from '../../helpers/temp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** A raw request: Node's http client sends the path as given, so malformed targets reach the server. */
function raw(path: string, method = 'GET', headers: Record<string, string> = {}, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: app.server.port, path, method, headers: { Host: `127.0.0.1:${app.server.port}`, ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const api = { 'Content-Type': 'application/json' } as const;

describe('malformed paths', () => {
  it('answer 400 for bad percent-encodings, NUL bytes and non-origin targets, on the API and for files', async () => {
    const token = { ...api, 'X-Sitekit-Token': app.server.token, Cookie: `sitekit_token=${app.server.token}` };
    for (const path of ['/api/%E0%A4%A', '/api/site%3Alist%', '/%C0%AF', '/assets/%FF.js', '/%00', '/api/%00', '/a%2', '*', 'http://evil/x']) {
      expect(await raw(path, path.startsWith('/api/') ? 'POST' : 'GET', token, '{}'), path).toBe(400);
    }
    // Well-formed but unknown still answers as before.
    expect(await raw('/nope.js', 'GET', token)).toBe(404);
    expect(await raw('/api/site%3Alist', 'POST', token, '{}')).toBe(200);
  });

  it('parseRequestPath accepts exactly the well-formed origin-form targets', () => {
    expect(parseRequestPath('/api/site:list', 1234)?.decoded).toBe('/api/site:list');
    expect(parseRequestPath('/%E2%9C%93', 1234)?.decoded).toBe('/✓');
    for (const bad of ['', '//evil.example/x', 'x', '/%', '/%zz', '/%E0%A4%A', '/a%00b']) expect(parseRequestPath(bad, 1234), bad).toBeUndefined();
  });

  it('fuzz: no request path makes the server answer 500 (fast-check)', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
      fc.stringMatching(/^[A-Za-z0-9%:._~!$&'()*+,;=@-]{0,16}$/),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }).map((bytes) => bytes.map((b) => '%' + b.toString(16).padStart(2, '0')).join('')),
      fc.constantFrom('..', '.', '%2e%2e', '%2f', 'api', 'index.html', '%', '%G1'),
    );
    const path = fc.tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.string({ maxLength: 8 })).map(([isApi, segs, q, query]) => `${isApi ? '/api/' : '/'}${segs.join('/')}${q ? '?' + encodeURIComponent(query) : ''}`);
    const headers = { ...api, 'X-Sitekit-Token': app.server.token, Cookie: `sitekit_token=${app.server.token}` };
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom('GET', 'POST'), async (p, method) => {
        runs++;
        const status = await raw(p, method, headers, method === 'POST' ? '{}' : undefined);
        expect([200, 400, 401, 403, 404, 405, 415]).toContain(status);
      }),
      { numRuns: 300 },
    );
    console.log(`HTTP router fuzz: ${runs} request paths, no 500`);
    expect(runs).toBeGreaterThanOrEqual(300);
  }, 120_000);
});

/** An API call through the real server (token, JSON), resolving with the Result. */
function callApi(channel: string, body: unknown): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port: app.server.port, path: `/api/${channel}`, method: 'POST', headers: { Host: `127.0.0.1:${app.server.port}`, ...api, 'X-Sitekit-Token': app.server.token } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end(data);
  });
}

describe('the path policy, through the API', () => {
  it('iso:hash /etc/shadow and a link to it are refused; a named file is hashed', async () => {
    const r = await callApi('iso:hash', { path: '/etc/shadow' });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('rejected');
    expect(r.error?.message).toMatch(/system folder/);
    const work = await tempDir('sitekit-api-');
    try {
      await symlink('/etc/shadow', join(work.path, 'esxi.iso'));
      expect((await callApi('iso:hash', { path: join(work.path, 'esxi.iso') })).error?.code).toBe('rejected');
      await writeFile(join(work.path, 'real.iso'), 'abc');
      const good = await callApi('iso:hash', { path: join(work.path, 'real.iso') });
      expect(good.ok && good.value.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    } finally {
      await work.remove();
    }
  });

  it('manifests:import does not walk /root or the disk root', async () => {
    for (const dir of ['/root', '/']) {
      const r = await callApi('manifests:import', { dir });
      expect(r.ok, dir).toBe(false);
      expect(r.error?.code).toBe('rejected');
    }
  });

  it('manifests:lint refuses system files and the disk root among several paths; a named folder is linted', async () => {
    for (const paths of [['/etc/shadow'], ['/'], ['/etc']]) {
      const r = await callApi('manifests:lint', { paths });
      expect(r.ok, paths.join()).toBe(false);
      expect(r.error?.code).toBe('rejected');
    }
    const work = await tempDir('sitekit-api-lint-');
    try {
      await writeFile(join(work.path, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
      const mixed = await callApi('manifests:lint', { paths: [work.path, '/etc/passwd'] });
      expect(mixed.error?.code).toBe('rejected');
      const r = await callApi('manifests:lint', { paths: [work.path], base: work.path });
      expect(r.ok).toBe(true);
      expect((r.value as { files: number }).files).toBe(1);
    } finally {
      await work.remove();
    }
  });

  it('media:write never overwrites a non-image file; a relative target lands in the workspace', async () => {
    const work = await tempDir('sitekit-api-');
    try {
      const image = join(work.path, 'stick.img');
      await writeFile(image, Buffer.alloc(64 * 1024, 1));
      const victim = join(work.path, 'notes.txt');
      await writeFile(victim, 'keep me');
      const over = await callApi('media:write', { jobId: 'api-over', items: [{ image, target: { kind: 'file', path: victim } }] });
      expect(over.ok).toBe(false);
      expect(over.error?.code).toBe('rejected');
      expect(await readFile(victim, 'utf8')).toBe('keep me');
      expect((await callApi('media:write', { jobId: 'api-etc', items: [{ image, target: { kind: 'file', path: '/etc/sitekit.img' } }] })).error?.code).toBe('rejected');
      const rel = await callApi('media:write', { jobId: 'api-rel', items: [{ image, target: { kind: 'file', path: 'relative-stick.img' } }] });
      expect(rel.ok, JSON.stringify(rel.error)).toBe(true);
      const outcome = rel.value.outcomes[0];
      expect(outcome.verified, JSON.stringify(outcome.error)).toBe(true);
      expect(outcome.target).toBe(join(app.services.workspace.root, 'relative-stick.img'));
      expect(existsSync(join(process.cwd(), 'relative-stick.img'))).toBe(false);
    } finally {
      await work.remove();
    }
  });
});

describe('load', () => {
  it('holds 200 concurrent API calls (saves, lists, conflicting imports, bad requests): every answer is a Result, every draft loads', async () => {
    const site = (id: string, name: string) => ({
      apiVersion: 'sitekit/v1',
      kind: 'Site',
      metadata: { name, id },
      spec: { managementNetwork: { subnet: '10.0.0.0/24', gateway: '10.0.0.1' }, dns: { servers: ['10.0.0.2'] }, ntp: { servers: ['ntp'] }, hosts: [{ name: 'esx01', management: { ip: '10.0.0.11' } }] },
    });
    const yaml = (id: string, name: string) => `apiVersion: sitekit/v1\nkind: Site\nmetadata: {name: ${name}, id: ${id}}\nspec:\n  managementNetwork: {subnet: 10.0.0.0/24, gateway: 10.0.0.1}\n  dns: {servers: [10.0.0.2]}\n  ntp: {servers: [ntp]}\n  hosts: [{name: esx01, management: {ip: 10.0.0.11}}]\n`;
    const calls: Promise<{ ok: boolean; error?: { code: string } }>[] = [];
    for (let i = 0; i < 50; i++) calls.push(callApi('site:save', { site: site(`load-${i % 10}`, `Load ${i}`) }));
    for (let i = 0; i < 50; i++) calls.push(callApi('site:list', {}));
    for (let i = 0; i < 50; i++) calls.push(callApi('site:import', { text: yaml(`load-${i % 10}`, `Import ${i}`) }));
    for (let i = 0; i < 50; i++) calls.push(callApi('iso:hash', { path: `/etc/passwd-${i}` }));
    const started = Date.now();
    const answers = await Promise.all(calls);
    const seconds = (Date.now() - started) / 1000;
    expect(answers.filter((a) => !a.ok && a.error?.code === 'internal')).toEqual([]);
    expect(answers.slice(0, 100).every((a) => a.ok)).toBe(true);
    // An import never replaces a draft without being told: at most the first import per id (before its saves) went in.
    expect(answers.slice(100, 150).filter((a) => !a.ok).every((a) => a.error?.code === 'conflict')).toBe(true);
    expect(answers.slice(150).every((a) => a.error?.code === 'rejected')).toBe(true);
    for (let i = 0; i < 10; i++) expect((await app.services.workspace.load(`load-${i}`)).ok).toBe(true);
    console.log(`load: ${answers.length} concurrent API calls in ${seconds.toFixed(1)} s, no internal error, every draft loads`);
  }, 120_000);
});

describe('browser mode and root', () => {
  it('refuseRoot says why for root without the flag, and lets others through', () => {
    expect(refuseRoot(false, 0)).toMatch(/does not run as root.*--allow-root/s);
    expect(refuseRoot(true, 0)).toBeUndefined();
    expect(refuseRoot(false, 1000)).toBeUndefined();
  });

  const WEB = join(REPO_ROOT, 'out', 'main', 'web.mjs');
  it.runIf(process.getuid?.() === 0 && existsSync(WEB))('as root, exits non-zero without --allow-root and starts with it', async () => {
    const data = await tempDir('sitekit-root-');
    try {
      const env = { ...process.env, SITEKIT_DATA_DIR: data.path, SITEKIT_RENDERER_DIR: join(REPO_ROOT, 'out', 'renderer') };
      const refused = spawnSync(process.execPath, [WEB], { env, encoding: 'utf8', timeout: 60_000 });
      expect(refused.status).not.toBe(0);
      expect(refused.status).not.toBeNull();
      expect(refused.stderr).toMatch(/does not run as root.*--allow-root/s);
      expect(refused.stdout).not.toContain('token=');
      const started = spawn(process.execPath, [WEB, '--allow-root'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        started.stdout.on('data', (d: Buffer) => {
          out += String(d);
          const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
          if (m) resolve(m[0]);
        });
        started.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(url).toContain('token=');
      started.kill('SIGTERM');
      await new Promise((r) => started.on('exit', r));
    } finally {
      await data.remove();
    }
  }, 90_000);
});

describe('hostile API bodies (issue 26)', () => {
  /** POSTs `body` to a channel with the token; resolves with the status and the answer's JSON. */
  function post(body: string | Buffer, channel = 'site:import'): Promise<{ status: number; json: { ok: boolean; error?: { message: string } } }> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: app.server.port, path: `/api/${channel}`, method: 'POST', headers: { Host: `127.0.0.1:${app.server.port}`, ...api, 'X-Sitekit-Token': app.server.token } },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString('utf8')) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('eight concurrent 20 MB nested bodies are refused before parsing, in bounded memory', async () => {
    const nested = Buffer.alloc(20 * 1024 * 1024, '[');
    const before = process.resourceUsage().maxRSS;
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(nested)));
    const grewMB = (process.resourceUsage().maxRSS - before) / 1024;
    for (const a of answers) {
      expect(a.status).toBe(400);
      expect(a.json.error?.message).toBe('The request is nested deeper than 64 levels. Sitekit refused it without reading it.');
    }
    // JSON.parse of one such body alone built 1.4 GB (issue 26); the bodies are not even kept now.
    expect(grewMB).toBeLessThan(400);
  });

  it('a body of too many values or too many bytes is refused; a large legitimate text still gets its answer', async () => {
    const many = await post(`[${'0,'.repeat(300_000)}0]`);
    expect(many.status).toBe(413);
    expect(many.json.error?.message).toMatch(/^The request has more than 250,000 values\./);
    const huge = await post(Buffer.alloc(33 * 1024 * 1024, ' '));
    expect(huge.status).toBe(413);
    expect(huge.json.error?.message).toMatch(/^The request is larger than 32 MB\./);
    // A 4 MB site.yaml text (not a site) is read, parsed and answered by the handler as usual.
    const text = await post(JSON.stringify({ text: `# ${'x'.repeat(4 * 1024 * 1024)}\n` }));
    expect(text.status).toBe(200);
    expect(text.json.ok).toBe(false);
    expect(text.json.error?.message).not.toMatch(/request/);
  });
});
