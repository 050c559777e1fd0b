/**
 * Browser mode: the built renderer and the IPC contract over HTTP on 127.0.0.1 only.
 *
 * Security model (all checked on every request, tested in test/integration/web):
 * - binds to 127.0.0.1, never to other interfaces;
 * - a random per-launch token: API calls carry it in `X-Sitekit-Token`; page loads carry it once as
 *   `?token=` and then in an HttpOnly SameSite=Strict cookie;
 * - the Host header must name the loopback address and our port (defeats DNS rebinding);
 * - an Origin header, when present, must be our own origin (defeats cross-site requests);
 * - API requests are POST with a JSON body and go through `dispatch`, which validates them. The body is
 *   bounded while it arrives, before JSON.parse: its size, its nesting depth and its number of values
 *   (one 20 MB nested body took the server to 1.4 GB RSS, eight at once 3.7 GB: issue 26).
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { dispatch, type HandlerContext, type Handlers, type PathGate } from '../ipc/dispatch';
import type { EventName, PayloadOf } from '../ipc/contract';
import type { Logger } from '../services/logger';

export interface WebServerOptions {
  readonly handlers: Handlers;
  /** Folder with the built renderer (index.html + assets). */
  readonly rendererDir: string;
  readonly port?: number;
  readonly token?: string;
  readonly logger?: Logger;
  /** Largest accepted request body (default BODY_LIMITS.maxBytes). */
  readonly maxBody?: number;
  /** Run although this process is root (containers, CI; tests set it). See `refuseRoot`. */
  readonly allowRoot?: boolean;
  /** Which local paths API requests may name (services/path-policy.ts); dispatch applies it to every path field. */
  readonly paths: PathGate;
}

export interface WebServer {
  readonly url: string;
  /** The URL with the token, to open in a browser. */
  readonly openUrl: string;
  readonly token: string;
  readonly port: number;
  readonly emit: HandlerContext['emit'];
  close(): Promise<void>;
}

/** Content-Security-Policy of the UI; the same policy as the Electron window (main/app/security.ts). */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Inline styles are needed for the report preview (srcdoc iframe inherits this policy); no inline scripts.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const COOKIE = 'sitekit_token';

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...headers,
  });
  res.end(body);
}

/**
 * What an API body may be. The largest legitimate ones are texts (a compatibility list, a report's HTML,
 * up to 20 MB in one string) and a few thousand values (a 200-host site, 5,000 generated files); the deepest
 * is a site (about 10 levels).
 */
export const BODY_LIMITS = { maxBytes: 32 * 1024 * 1024, maxDepth: 64, maxValues: 250_000 } as const;

/** A refused body: the HTTP status and the sentence for the client. */
class BodyRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Counts the nesting depth and the values of JSON text as it arrives, without building anything, so a
 * hostile body is refused after its first bytes rather than after JSON.parse has built it. Written by hand
 * because a byte scan that knows strings and escapes is all that is needed here, and JSON.parse (which then
 * parses for real) has no such bounds.
 */
class JsonShape {
  private depth = 0;
  private values = 1;
  private inString = false;
  private escaped = false;

  constructor(private readonly limits: { readonly maxDepth: number; readonly maxValues: number }) {}

  /** Why the body is refused so far, or undefined. */
  feed(chunk: Buffer): string | undefined {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === 0x5c) this.escaped = true;
        else if (b === 0x22) this.inString = false;
        continue;
      }
      if (b === 0x22) this.inString = true;
      else if (b === 0x5b || b === 0x7b) {
        if (++this.depth > this.limits.maxDepth) return `The request is nested deeper than ${this.limits.maxDepth} levels.`;
      } else if (b === 0x5d || b === 0x7d) this.depth--;
      else if (b === 0x2c && ++this.values > this.limits.maxValues) return `The request has more than ${this.limits.maxValues.toLocaleString('en-US')} values.`;
    }
    return undefined;
  }
}

/**
 * Reads a JSON body within `limits`. A refusal answers at once; the rest of the body is read and dropped
 * (never kept) up to the size limit, so the client still receives the answer, and the socket is cut beyond it.
 */
function readBody(req: IncomingMessage, limits: { readonly maxBytes: number; readonly maxDepth: number; readonly maxValues: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = `The request is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB.`;
    const shape = new JsonShape(limits);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = (e: BodyRefused): void => {
      refused = true;
      chunks.length = 0;
      reject(e);
    };
    if (Number(req.headers['content-length'] ?? 0) > limits.maxBytes) refuse(new BodyRefused(413, tooLarge));
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > limits.maxBytes) req.socket.destroy();
        return;
      }
      if (size > limits.maxBytes) return refuse(new BodyRefused(413, tooLarge));
      const why = shape.feed(chunk);
      if (why) return refuse(new BodyRefused(why.includes('values') ? 413 : 400, why));
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!refused) reject(e);
    });
  });
}

/**
 * Parses the request target into a URL plus its decoded path, or undefined when it is malformed: not an
 * origin-form path, a percent-encoding that does not decode to UTF-8, or a NUL byte. Malformed input is the
 * client's fault and answers 400, never 500 (issue 17).
 */
export function parseRequestPath(target: string | undefined, port: number): (URL & { readonly decoded: string }) | undefined {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return undefined;
  let url: URL;
  let decoded: string;
  try {
    url = new URL(target, `http://127.0.0.1:${port}`);
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (url.host !== `127.0.0.1:${port}` && !(port === 80 && url.host === '127.0.0.1')) return undefined;
  if (decoded.includes('\0')) return undefined;
  return Object.assign(url, { decoded });
}

/**
 * Why browser mode must not start, or undefined when it may. As root, anyone holding the URL's token could
 * make the API read and write anywhere on the machine; the desktop app never runs as root either (its raw-disk
 * writes go through the short-lived privileged writer), so browser mode refuses unless told `--allow-root`
 * (containers and CI, where root is the only user).
 */
export function refuseRoot(allowRoot: boolean, uid: number | undefined = process.getuid?.()): string | undefined {
  if (uid !== 0 || allowRoot) return undefined;
  return (
    'Sitekit browser mode does not run as root: with root rights, anyone holding its access token could read and write ' +
    'any file on this computer. Start it as your normal user (writing to a stick will ask for the administrator ' +
    'password then), or, in a container or CI job where root is the only user, pass --allow-root.'
  );
}

/** Starts the loopback bridge. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const refused = refuseRoot(Boolean(options.allowRoot));
  if (refused) throw new Error(refused);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const bodyLimits = { ...BODY_LIMITS, maxBytes: options.maxBody ?? BODY_LIMITS.maxBytes };
  const streams = new Set<ServerResponse>();
  let port = 0;

  const emit: HandlerContext['emit'] = <E extends EventName>(event: E, payload: PayloadOf<E>) => {
    const line = JSON.stringify({ event, payload }) + '\n';
    for (const res of streams) res.write(line);
  };
  const ctx: HandlerContext = { emit, transport: 'browser', paths: options.paths };

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, 'Wrong Host header: Sitekit only answers on its loopback address.');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return send(res, 403, 'Cross-origin requests are refused.');
    const fetchSite = req.headers['sec-fetch-site'];
    if (fetchSite === 'cross-site') return send(res, 403, 'Cross-site requests are refused.');
    const url = parseRequestPath(req.url, port);
    if (!url) return send(res, 400, 'Malformed request path.', undefined, { Connection: 'close' });

    if (url.pathname.startsWith('/api/')) {
      if (!sameToken(req.headers['x-sitekit-token'] as string | undefined, token)) return send(res, 401, JSON.stringify({ ok: false, error: { code: 'unauthorized', message: 'Missing or wrong Sitekit token.' } }), 'application/json');
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        res.write(JSON.stringify({ event: 'hello', payload: {} }) + '\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (req.method !== 'POST') return send(res, 405, 'Use POST.', 'text/plain', { Allow: 'POST' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'Use application/json.');
      const channel = url.decoded.slice('/api/'.length);
      let body: unknown;
      try {
        const text = await readBody(req, bodyLimits);
        body = text ? JSON.parse(text) : {};
      } catch (e) {
        const refused = e instanceof BodyRefused;
        const status = refused ? e.status : 400;
        const message = refused ? `${e.message} Sitekit refused it without reading it.` : 'The request body is not JSON.';
        return send(res, status, JSON.stringify({ ok: false, error: { code: 'invalid-request', message, hint: 'This is not a request the Sitekit page sends; nothing was changed.' } }), 'application/json', refused ? { Connection: 'close' } : {});
      }
      const result = await dispatch(options.handlers, channel, body, ctx, (ch, e) => options.logger?.error('handler failed', { channel: ch, error: String((e as Error)?.stack ?? e) }));
      return send(res, 200, JSON.stringify(result), 'application/json');
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
    const queryToken = url.searchParams.get('token') ?? undefined;
    const headers: Record<string, string> = {};
    if (sameToken(queryToken, token)) {
      headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    } else if (!sameToken(cookieToken(req), token)) {
      return send(res, 401, 'Sitekit browser mode needs the token: open the full URL printed by `npm start`.');
    }
    const rel = url.pathname === '/' ? 'index.html' : url.decoded.replace(/^\/+/, '');
    const file = normalize(join(options.rendererDir, rel));
    if (!file.startsWith(normalize(options.rendererDir) + sep)) return send(res, 403, 'Forbidden.');
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      return send(res, 404, 'Not found.');
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CSP;
    res.writeHead(200, {
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      options.logger?.error('web bridge failure', { error: String(e) });
      if (!res.headersSent) send(res, 500, 'Internal error.');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openUrl: `${url}/?token=${encodeURIComponent(token)}`,
    token,
    port,
    emit,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
