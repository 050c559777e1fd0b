/**
 * Git network operations against hostile remotes, written here as real HTTP servers on 127.0.0.1 (issue 26
 * item 5): one that sends a byte at a time and never finishes, and one with an endless ref list. Every
 * operation ends at its deadline or size bound with a sentence saying so, and a push stuck on a slow remote
 * does not hold a local commit on the same repo.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { readdir } from 'node:fs/promises';
import { GitService } from '../../../../main/services/git/git-service';
import { MemorySecretStore } from '../../../../main/services/secrets';
import { AUTHOR, USER, gitCli, siteTree, world, type World } from './fixtures';

/** A hostile server: `answer` writes to each response; counts requests and the bytes it managed to send. */
interface Hostile {
  readonly url: string;
  requests: number;
  bytesSent: number;
  /** Resolves at the first request (the operation under test is talking to it now). */
  firstRequest: Promise<void>;
  /** Cuts every connection (the remote dies). */
  cut(): void;
  close(): Promise<void>;
}

async function hostile(answer: (res: ServerResponse, sent: (n: number) => void, req: IncomingMessage) => () => void): Promise<Hostile> {
  const sockets = new Set<Socket>();
  const stops = new Set<() => void>();
  let signal: () => void = () => undefined;
  const h: Hostile = {
    url: '',
    requests: 0,
    bytesSent: 0,
    firstRequest: new Promise<void>((r) => (signal = r)),
    cut: () => {
      for (const s of stops) s();
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      h.cut();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer((req, res) => {
    h.requests++;
    signal();
    req.resume();
    const stop = answer(res, (n) => (h.bytesSent += n), req);
    stops.add(stop);
    res.on('close', () => {
      stop();
      stops.delete(stop);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  (h as { url: string }).url = `http://127.0.0.1:${(server.address() as { port: number }).port}/config.git`;
  return h;
}

/** One byte every 200 ms, for at most 2 minutes (the test bounds its own server). */
const drip = (res: ServerResponse, sent: (n: number) => void): (() => void) => {
  res.writeHead(200, { 'Content-Type': 'application/x-git-upload-pack-advertisement', 'Cache-Control': 'no-cache' });
  const timer = setInterval(() => {
    res.write('0');
    sent(1);
  }, 200);
  const cap = setTimeout(() => clearInterval(timer), 120_000);
  return () => {
    clearInterval(timer);
    clearTimeout(cap);
  };
};

/** A valid ref advertisement that never ends: pkt-lines of made-up branches as fast as the socket takes them. */
const endlessRefs = (res: ServerResponse, sent: (n: number) => void, req: IncomingMessage): (() => void) => {
  const service = new URL(req.url ?? '/', 'http://x').searchParams.get('service') ?? 'git-upload-pack';
  res.writeHead(200, { 'Content-Type': `application/x-${service}-advertisement`, 'Cache-Control': 'no-cache' });
  const pkt = (s: string): string => (s.length + 4).toString(16).padStart(4, '0') + s;
  res.write(pkt(`# service=${service}\n`) + '0000');
  res.write(pkt(`${'1'.repeat(40)} refs/heads/main\0report-status side-band-64k\n`));
  let n = 0;
  let stopped = false;
  const deadline = Date.now() + 120_000;
  const pump = (): void => {
    while (!stopped && Date.now() < deadline) {
      let chunk = '';
      for (let i = 0; i < 500; i++) chunk += pkt(`${'2'.repeat(40)} refs/heads/b${n++}\n`);
      sent(chunk.length);
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
  return () => {
    stopped = true;
  };
};

describe('a remote that sends one byte every 200 ms', () => {
  let h: Hostile;
  let tmp: World;
  beforeEach(async () => {
    h = await hostile(drip);
    tmp = await world();
  });
  afterEach(async () => {
    await h.close();
    await tmp.close();
  });

  it('connect (clone) ends at the deadline, says so, and leaves no folder behind', async () => {
    const service = new GitService({ reposRoot: join(tmp.tmp, 'slow-repos'), secrets: new MemorySecretStore(), remotes: { allowLoopbackHttp: true }, network: { deadlineMs: 1500 } });
    const r = await service.connect({ siteId: 'store-0421', mode: 'clone', url: h.url, branch: 'main', basePath: 'sites' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('network-unreachable');
      expect(r.error.message).toMatch(/did not finish within 1\.5 s, Sitekit's deadline for one Git operation/);
      expect(r.error.hint).toMatch(/connect \(clone\) again/);
    }
    expect(h.requests).toBeGreaterThan(0);
    expect(await readdir(join(tmp.tmp, 'slow-repos')).catch(() => [])).toEqual([]);
  });

  it('push ends at the deadline with the commits kept; a commit made meanwhile does not wait for it', async () => {
    // A real clone and commit against the real git server, then origin is pointed at the slow remote.
    const service = new GitService({ reposRoot: join(tmp.tmp, 'repos2'), secrets: new MemorySecretStore(), remotes: { allowLoopbackHttp: true }, network: { deadlineMs: 60_000 } });
    const c = await service.connect({ siteId: 'store-0421', mode: 'clone', url: tmp.url, branch: 'main', basePath: 'sites', credentials: USER });
    if (!c.ok) throw new Error(c.error.message);
    const first = await service.commit('store-0421', { siteName: 'Store 0421', files: siteTree('sites/store-0421', ['esx01']), author: AUTHOR });
    expect(first.ok).toBe(true);
    await gitCli(c.value.dir, 'remote', 'set-url', 'origin', h.url);
    let pushSettled = false;
    const push = service.push('store-0421', { committer: AUTHOR }).finally(() => (pushSettled = true));
    await h.firstRequest;
    // The push is talking to the slow remote now. A local commit on the same repo goes through at once.
    const second = await service.commit('store-0421', { siteName: 'Store 0421', files: siteTree('sites/store-0421', ['esx01'], 1), author: AUTHOR });
    expect(second.ok && second.value.committed).toBe(true);
    expect(pushSettled).toBe(false);
    // The remote dies: the push ends and keeps both commits as waiting.
    h.cut();
    const pushed = await push;
    expect(pushed.ok).toBe(false);
    const status = await service.status('store-0421');
    expect(status.ok && status.value.waitingToPush).toBe(2);
    service.dispose();
  });

  it('push alone ends at its deadline', async () => {
    const service = new GitService({ reposRoot: join(tmp.tmp, 'repos3'), secrets: new MemorySecretStore(), remotes: { allowLoopbackHttp: true }, network: { deadlineMs: 1500 } });
    const c = await service.connect({ siteId: 'store-0421', mode: 'clone', url: tmp.url, branch: 'main', basePath: 'sites', credentials: USER });
    if (!c.ok) throw new Error(c.error.message);
    await service.commit('store-0421', { siteName: 'Store 0421', files: siteTree('sites/store-0421', ['esx01']), author: AUTHOR });
    await gitCli(c.value.dir, 'remote', 'set-url', 'origin', h.url);
    const pushed = await service.push('store-0421', { committer: AUTHOR });
    expect(pushed.ok).toBe(false);
    if (!pushed.ok) {
      expect(pushed.error.code).toBe('network-unreachable');
      expect(pushed.error.message).toMatch(/^Pushing to 127\.0\.0\.1:\d+ was stopped: the remote did not finish within 1\.5 s/);
      expect(pushed.error.kept).toMatch(/1 commit waiting to push is kept/);
    }
    service.dispose();
  });
});

describe('a remote with an endless ref list', () => {
  let h: Hostile;
  let tmp: { tmp: string; close: () => Promise<void> };
  beforeAll(async () => {
    h = await hostile(endlessRefs);
    const w = await world();
    tmp = { tmp: w.tmp, close: () => w.close() };
  });
  afterAll(async () => {
    await h.close();
    await tmp.close();
  });

  it('clone stops reading at the size bound and says so', async () => {
    const service = new GitService({ reposRoot: join(tmp.tmp, 'endless'), secrets: new MemorySecretStore(), remotes: { allowLoopbackHttp: true }, network: { maxRefsBytes: 1024 * 1024 } });
    const r = await service.connect({ siteId: 'store-0421', mode: 'clone', url: h.url, branch: 'main', basePath: 'sites' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('unsupported');
      expect(r.error.message).toMatch(/list of branches and tags is larger than 1 MB; Sitekit stopped reading it/);
    }
    // One request, stopped: what was sent is what the client read plus the socket buffers, not 2 minutes' worth.
    expect(h.requests).toBe(1);
    expect(h.bytesSent).toBeLessThan(16 * 1024 * 1024);
  });
});
