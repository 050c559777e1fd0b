/**
 * A real Git smart-HTTP server for tests: Debian's `git http-backend` (CGI) behind a small Node HTTP server
 * on 127.0.0.1, with HTTP Basic auth. Bare repos are made with the git CLI, so what a test reads back from
 * the server (`gitCli(server.repoPath('config'), 'log')`) is what real git sees, not what isomorphic-git says.
 *
 *   const server = await startGitServer({ auth: { username: 'alice', password: 's3cret' } });
 *   await server.createRepo('config');            // bare, HEAD → main, http.receivepack true
 *   server.url('config')                          // http://127.0.0.1:PORT/config.git (no credentials)
 *   await server.stop();  await server.start();   // same port: "the network is back"
 *   server.onRequest = (info) => { ... };          // observe or cut requests (see RequestInfo)
 *   await server.close();                         // stops and deletes the repos folder
 *
 * Facts this relies on: docs/FIELD-NOTES.md "A real Git server for tests".
 */
import { spawn, execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp';

const run = promisify(execFile);

/** What the server saw; `service` is `git-upload-pack` (fetch/clone) or `git-receive-pack` (push). */
export interface RequestInfo {
  readonly method: string;
  readonly path: string;
  readonly service: 'git-upload-pack' | 'git-receive-pack' | undefined;
  /** True for the POST that carries a pack (the push itself), false for ref discovery. */
  readonly isPackPost: boolean;
  /** Cuts this request: the socket is destroyed as if the cable was pulled. */
  readonly drop: () => void;
}

export interface GitServer {
  readonly root: string;
  readonly port: number;
  /** HTTP URL of a repo without credentials. */
  url(name: string): string;
  repoPath(name: string): string;
  /** Creates a bare repo (HEAD → `branch`, default main) that accepts pushes. */
  createRepo(name: string, branch?: string): Promise<string>;
  /** Called for every request before it is served; may call `info.drop()`. */
  onRequest: ((info: RequestInfo) => void | Promise<void>) | undefined;
  /** Stops listening and cuts open connections (the port is kept for `start`). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  readonly running: boolean;
  /** Stops and removes the repos folder. */
  close(): Promise<void>;
}

export interface GitServerOptions {
  /** Required Basic credentials; without, the server is anonymous. */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Folder for bare repos; default a new temp folder, deleted by close(). */
  readonly root?: string;
}

/** Runs the real git CLI and returns stdout (throws with stderr on failure). */
export async function gitCli(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.invalid' },
  });
  return stdout;
}

export async function startGitServer(options: GitServerOptions = {}): Promise<GitServer> {
  const temp = options.root ? undefined : await tempDir('sitekit-git-server-');
  const root = options.root ?? temp!.path;
  await mkdir(root, { recursive: true });
  const expected = options.auth ? `${options.auth.username}:${options.auth.password}` : undefined;
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const u = new URL(req.url ?? '/', 'http://x');
    const service = (u.searchParams.get('service') ?? (u.pathname.endsWith('/git-receive-pack') ? 'git-receive-pack' : u.pathname.endsWith('/git-upload-pack') ? 'git-upload-pack' : undefined)) as RequestInfo['service'];
    let dropped = false;
    const info: RequestInfo = {
      method: req.method ?? 'GET',
      path: u.pathname,
      service,
      isPackPost: req.method === 'POST',
      drop: () => {
        dropped = true;
        req.socket.destroy();
      },
    };
    await api.onRequest?.(info);
    // A request whose connection was cut (drop(), or stop() from the hook) is not served: its body may be
    // buffered already, and git http-backend would otherwise apply a push nobody gets an answer for.
    if (dropped || req.socket.destroyed) return;
    let user = '';
    if (expected) {
      const m = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      const cred = m ? Buffer.from(m[1] as string, 'base64').toString() : '';
      if (cred !== expected) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
        res.end();
        return;
      }
      user = cred.split(':')[0] ?? '';
    }
    const env = {
      ...process.env,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      REMOTE_USER: user || 'anonymous',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(u.pathname),
      QUERY_STRING: u.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      CONTENT_LENGTH: req.headers['content-length'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: (req.headers['git-protocol'] as string | undefined) ?? '',
    };
    const cgi = spawn('git', ['http-backend'], { env });
    req.pipe(cgi.stdin);
    cgi.stdin.on('error', () => undefined);
    // The client went away mid-request (or the server was stopped): end the CGI too.
    res.on('close', () => {
      if (!res.writableFinished) cgi.kill();
    });
    let head = Buffer.alloc(0);
    let body = false;
    cgi.stdout.on('data', (c: Buffer) => {
      if (body) {
        res.write(c);
        return;
      }
      head = Buffer.concat([head, c]);
      const i = head.indexOf('\r\n\r\n');
      if (i < 0) return;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const l of head.subarray(0, i).toString().split('\r\n')) {
        const k = l.slice(0, l.indexOf(':'));
        const v = l.slice(l.indexOf(':') + 1).trim();
        if (k.toLowerCase() === 'status') status = parseInt(v, 10);
        else headers[k] = v;
      }
      res.writeHead(status, headers);
      body = true;
      res.write(head.subarray(i + 4));
    });
    cgi.stdout.on('end', () => res.end());
    cgi.stderr.resume();
  };

  const listen = (p: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = createServer((req, res) => {
        handle(req, res).catch(() => req.socket.destroy());
      });
      s.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      s.once('error', reject);
      s.listen(p, '127.0.0.1', () => {
        server = s;
        port = (s.address() as { port: number }).port;
        resolve();
      });
    });

  const stop = async (): Promise<void> => {
    const s = server;
    if (!s) return;
    server = undefined;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  };

  const api: GitServer = {
    root,
    get port() {
      return port;
    },
    url: (name) => `http://127.0.0.1:${port}/${name}.git`,
    repoPath: (name) => join(root, `${name}.git`),
    createRepo: async (name, branch = 'main') => {
      const path = join(root, `${name}.git`);
      await run('git', ['init', '--bare', '-q', '-b', branch, path]);
      await run('git', ['-C', path, 'config', 'http.receivepack', 'true']);
      return path;
    },
    onRequest: undefined,
    stop,
    start: () => listen(port),
    get running() {
      return server !== undefined;
    },
    close: async () => {
      await stop();
      await temp?.remove();
    },
  };
  await listen(0);
  return api;
}
