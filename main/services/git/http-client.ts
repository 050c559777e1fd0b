/**
 * The HTTP client every Git network operation uses (isomorphic-git's `HttpClient` shape), with the bounds a
 * hostile or broken remote must not get past:
 *
 * - an overall deadline per operation (clone, fetch, push, probe): a remote that sends one byte every few
 *   seconds kept a push waiting indefinitely (issue 26 item 5); at the deadline the socket is destroyed and
 *   the operation fails with a sentence that says so;
 * - a size bound on what is read: the ref advertisement (an endless ref list held a core for minutes) and
 *   every other response (packs, push reports), counted while reading, so nothing unbounded is buffered;
 * - the remote rule (core/git/remote-rule.ts) checked on every request, so no path to the network (a
 *   clone's origin, a redirect, a URL edited in .git/config) skips it; redirects are not followed.
 *
 * Written over node:http/https rather than wrapping isomorphic-git's own client (simple-get), because the
 * deadline must reach the socket itself and the byte count must see every chunk before it is kept.
 */
import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import { remoteProblem, type RemotePolicy } from '../../core/git/remote-rule';

/** The bounds of one network operation. */
export interface NetworkLimits {
  /** Overall time for the whole operation, every request in it included. */
  readonly deadlineMs: number;
  /** Largest ref advertisement read (GET …/info/refs). */
  readonly maxRefsBytes: number;
  /** Largest other response read (a pack on clone or fetch, the push report). */
  readonly maxResponseBytes: number;
}

/** Defaults: a 500-store repo clones in seconds over a slow field link and its refs are a few kB. */
export const DEFAULT_LIMITS: NetworkLimits = {
  deadlineMs: 10 * 60_000,
  maxRefsBytes: 16 * 1024 * 1024,
  maxResponseBytes: 512 * 1024 * 1024,
};

/** A probe ("is the network back?") is a single ref listing: it gets a short deadline. */
export const PROBE_DEADLINE_MS = 15_000;

/** Why a network operation was stopped by Sitekit (not by the remote). */
export type NetworkLimitKind = 'deadline' | 'size' | 'refused-remote';

/** Thrown when a bound is reached; classifyGitError turns it into a sentence. */
export class NetworkLimitError extends Error {
  readonly code = 'SitekitNetworkLimit';
  constructor(
    readonly kind: NetworkLimitKind,
    message: string,
    readonly limit?: number,
  ) {
    super(message);
  }
}

const mb = (n: number): string => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
const secs = (ms: number): string => (ms < 10_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 1000)} s`);

/** One operation's client: `http` for isomorphic-git, `dispose()` when the operation is over. */
export interface BoundedHttp {
  readonly http: HttpClient;
  /**
   * The bound that stopped the operation, if one did. isomorphic-git turns a failed read of the ref list into
   * its own "not a Git server" error, so callers report this instead of what isomorphic-git throws.
   */
  readonly failure: NetworkLimitError | undefined;
  /** Stops the deadline timer and destroys any request still open. */
  dispose(): void;
}

async function bodyBuffer(body: GitHttpRequest['body']): Promise<Buffer | undefined> {
  if (!body) return undefined;
  const parts: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array> | Iterable<Uint8Array>) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Starts an operation's clock and returns its client. */
export function boundedHttp(limits: NetworkLimits, policy: RemotePolicy): BoundedHttp {
  const open = new Set<ClientRequest>();
  let expired: NetworkLimitError | undefined;
  let failure: NetworkLimitError | undefined;
  let rejectExpired: (e: Error) => void = () => undefined;
  const expiry = new Promise<never>((_, reject) => {
    rejectExpired = reject;
  });
  expiry.catch(() => undefined);
  const timer = setTimeout(() => {
    expired = new NetworkLimitError('deadline', `the remote did not finish within ${secs(limits.deadlineMs)}, Sitekit's deadline for one Git operation`, limits.deadlineMs);
    failure ??= expired;
    for (const req of open) req.destroy(expired);
    rejectExpired(expired);
  }, limits.deadlineMs);
  timer.unref?.();

  const request = async (r: GitHttpRequest): Promise<GitHttpResponse> => {
    // Once a bound has stopped the operation, no further request of it goes out (isomorphic-git retries).
    if (failure) throw failure;
    const refused = remoteProblem(r.url, policy);
    if (refused) throw (failure ??= new NetworkLimitError('refused-remote', refused));
    const url = new URL(r.url);
    const payload = await bodyBuffer(r.body);
    const isRefs = (r.method ?? 'GET').toUpperCase() === 'GET' && /\/info\/refs$/.test(url.pathname);
    const max = isRefs ? limits.maxRefsBytes : limits.maxResponseBytes;
    const headers: Record<string, string> = { ...(r.headers ?? {}) };
    if (payload) headers['content-length'] = String(payload.length);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: (r.method ?? 'GET').toUpperCase(), headers });
    open.add(req);
    req.on('close', () => open.delete(req));
    const res = await Promise.race([
      new Promise<IncomingMessage>((resolve, reject) => {
        req.once('response', resolve);
        req.once('error', reject);
        req.end(payload);
      }),
      expiry,
    ]);
    let read = 0;
    const chunks = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const body: AsyncIterableIterator<Uint8Array> = {
      async next() {
        const step = await Promise.race([chunks.next(), expiry]);
        if (!step.done) {
          read += step.value.length;
          if (read > max) {
            const e = new NetworkLimitError(
              'size',
              isRefs
                ? `the remote's list of branches and tags is larger than ${mb(max)}; Sitekit stopped reading it`
                : `the remote sent more than ${mb(max)} in one answer; Sitekit stopped reading it`,
              max,
            );
            failure ??= e;
            req.destroy(e);
            throw e;
          }
        }
        return step;
      },
      async return() {
        req.destroy();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    const headersOut: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headersOut[k] = Array.isArray(v) ? v.join(', ') : v;
    return { url: r.url, method: r.method, statusCode: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: headersOut, body };
  };

  return {
    http: { request },
    get failure() {
      return failure;
    },
    dispose() {
      clearTimeout(timer);
      for (const req of open) req.destroy();
      open.clear();
    },
  };
}

/** Runs `work` with an operation's client and always releases it. */
export async function withBoundedHttp<T>(limits: NetworkLimits, policy: RemotePolicy, work: (http: HttpClient) => Promise<T>): Promise<T> {
  const client = boundedHttp(limits, policy);
  try {
    return await work(client.http);
  } catch (e) {
    throw client.failure ?? e;
  } finally {
    client.dispose();
  }
}
