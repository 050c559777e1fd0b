/**
 * Turns what isomorphic-git, Node's http stack and the server throw into tagged `AppError`s the technician
 * can act on: no network, unknown host, TLS, wrong credentials, expired token, rejected push. Every message
 * is redacted (URLs with user:pass@, tokens) and says what was kept.
 */
import type { AppError, ErrorCode } from '../../core/result';
import { redact } from '../logger';

/** Which kind of credential was sent; decides between "wrong password" and "expired token". */
export type AuthKind = 'none' | 'password' | 'token';

export interface ErrorContext {
  /** What we were doing, for the sentence: "Pushing to", "Cloning", "Fetching from". */
  readonly action: string;
  readonly url?: string;
  readonly auth: AuthKind;
  /** What is safe despite the failure, e.g. "Your 2 commits are saved in the local repository." */
  readonly kept?: string;
}

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN', 'ENETDOWN', 'EHOSTDOWN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_STREAM_PREMATURE_CLOSE']);
const TLS = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** Host (and port) of a URL, never its credentials. */
export function hostOf(url: string | undefined): string {
  if (!url) return 'the server';
  try {
    return new URL(url).host || 'the server';
  } catch {
    return 'the server';
  }
}

/** Removes user:pass@ from a URL. */
export function stripCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return redact(url);
  }
}

interface RawError {
  code?: string;
  message?: string;
  name?: string;
  data?: { statusCode?: number; statusMessage?: string; reason?: string; response?: string; result?: unknown; prettyDetails?: string };
  cause?: unknown;
  errors?: unknown[];
}

/** The innermost low-level code (Node wraps DNS and socket errors in `cause` or AggregateError). */
function lowCode(e: RawError, depth = 0): string | undefined {
  if (depth > 4 || !e) return undefined;
  if (e.code && (NETWORK.has(e.code) || TLS.test(e.code) || e.code === 'ENOTFOUND')) return e.code;
  if (e.cause) {
    const c = lowCode(e.cause as RawError, depth + 1);
    if (c) return c;
  }
  for (const inner of e.errors ?? []) {
    const c = lowCode(inner as RawError, depth + 1);
    if (c) return c;
  }
  return undefined;
}

/** Which operation failed, read from the context's action, so the advice names the step to repeat. */
export type GitOperation = 'clone' | 'push' | 'fetch' | 'probe' | 'local';

export function operationOf(ctx: Pick<ErrorContext, 'action'>): GitOperation {
  if (/^Cloning/i.test(ctx.action)) return 'clone';
  if (/^Pushing/i.test(ctx.action)) return 'push';
  if (/^(Fetching|Integrating)/i.test(ctx.action)) return 'fetch';
  if (/^Reaching/i.test(ctx.action)) return 'probe';
  return 'local';
}

/** "push again", "connect again" …: what to repeat after the failure is fixed. */
function again(op: GitOperation): string {
  switch (op) {
    case 'clone':
      return 'connect (clone) again';
    case 'push':
    case 'fetch':
      return 'push again';
    default:
      return 'try again';
  }
}

/** What the technician should do when the server cannot be reached, per operation. */
function offlineHint(op: GitOperation): string {
  if (op === 'push' || op === 'fetch')
    return 'There is probably no network here. Push again when there is one; Sitekit also retries by itself when it sees the server again. Your commits are kept.';
  if (op === 'clone') return 'There is probably no network here. Connect again when there is one; nothing was created (or you can start the repository offline and push later).';
  return 'There is probably no network here. Try again when there is one; nothing was changed.';
}

const make = (code: ErrorCode, message: string, ctx: ErrorContext, hint: string, details: Record<string, unknown> = {}): AppError => ({
  code,
  message: redact(message),
  hint,
  ...(ctx.kept ? { kept: ctx.kept } : {}),
  details,
});

/** Classifies any failure of a git network or repo operation. */
export function classifyGitError(error: unknown, ctx: ErrorContext): AppError {
  const e = (error ?? {}) as RawError;
  const host = hostOf(ctx.url);
  const low = lowCode(e);
  const raw = redact(e.message ?? String(error));
  const op = operationOf(ctx);
  if (e.code === 'SitekitNetworkLimit') {
    // A bound Sitekit put on the operation (services/git/http-client.ts), not something the remote said.
    const kind = (error as { kind?: string }).kind;
    if (kind === 'refused-remote')
      return make('unsupported', `${ctx.action} ${host} was not attempted: ${raw}`, ctx, "Use the repository's https:// address (git remote set-url origin https://… for a clone), then try again.", { limit: kind });
    if (kind === 'deadline')
      return make('network-unreachable', `${ctx.action} ${host} was stopped: ${raw}.`, ctx,
        `The server or the network is far too slow, or the server hangs. Nothing waits on it any more; ${again(op)} when the network is better${op === 'push' || op === 'fetch' ? ' (your commits are kept)' : ''}.`, { limit: kind });
    return make('unsupported', `${ctx.action} ${host} was stopped: ${raw}.`, ctx,
      'A Git server of a site repository does not send that much: check that the URL names the right server, or ask the repository admin.', { limit: kind });
  }
  if (low === 'ENOTFOUND') {
    return make('unknown-host', `${ctx.action} ${host} failed: the server name could not be found (DNS lookup failed).`, ctx,
      `Check the repository URL for typos. If it is right, this computer has no network or no DNS right now: ${again(op)} later, nothing is lost.`, { low });
  }
  if (low && TLS.test(low)) {
    return make('tls-error', `${ctx.action} ${host} failed: the secure connection could not be set up (${low}).`, ctx,
      "This computer does not trust the server's certificate (self-signed, expired, or issued for another name), or its clock is wrong. Check the URL and the date and time, or ask the repository's admin for a trusted certificate.", { low });
  }
  if (low) {
    return make('network-unreachable', `${ctx.action} ${host} failed: the server could not be reached (${low}).`, ctx, offlineHint(op), { low });
  }
  if (e.code === 'HttpError') {
    const status = e.data?.statusCode ?? 0;
    if (status === 401 || status === 403) {
      if (ctx.auth === 'token') {
        return make('auth-expired', `${host} rejected the access token (HTTP ${status}): it has expired, was revoked, or has no write access to this repository.`, ctx,
          `Create a new token with read and write access to the repository, enter it in the Git step, and ${again(op)}.`, { status });
      }
      if (ctx.auth === 'none') {
        return make('unauthorized', `${host} asks for credentials (HTTP ${status}) and none were given.`, ctx,
          'Enter a user name and password or an access token for this repository, then try again.', { status });
      }
      return make('unauthorized', status === 401 ? `${host} rejected the user name or password (HTTP 401).` : `${host} accepted the login but denied access to this repository (HTTP 403).`, ctx,
        status === 401 ? 'Check the user name and password (or use an access token), then try again.' : 'Ask the repository admin for write access, or use an account that has it.', { status });
    }
    if (status === 404) {
      return make('not-found', `There is no repository at ${ctx.url ? stripCredentials(ctx.url) : host} (HTTP 404).`, ctx, 'Check the repository URL.', { status });
    }
    return make('network-unreachable', `${ctx.action} ${host} failed: the server answered HTTP ${status} ${e.data?.statusMessage ?? ''}.`.replace(' .', '.'), ctx,
      'The server may be down or behind a proxy that blocks Git. Try again later; nothing is lost.', { status });
  }
  if (e.code === 'UserCanceledError') {
    return make(ctx.auth === 'token' ? 'auth-expired' : 'unauthorized', `${host} rejected the credentials.`, ctx, 'Check the credentials and try again.');
  }
  if (e.code === 'PushRejectedError') {
    return make('rejected', `${host} rejected the push: the remote branch has commits this copy does not have.`, ctx, 'Sitekit fetches and integrates them automatically; if this persists, push again.', { reason: e.data?.reason });
  }
  if (e.code === 'GitPushError') {
    return make('rejected', `${host} refused the push: ${raw}`, ctx, 'A server rule (branch protection or a hook) refused it. Ask the repository admin, or push to another branch.');
  }
  if (e.code === 'SmartHttpError') {
    return make('network-unreachable', `${ctx.action} ${host} failed: the server did not answer like a Git server (a login page or a proxy?).`, ctx, 'Check the repository URL (it usually ends in .git) and the network.');
  }
  return make('io-error', `${ctx.action} ${host} failed: ${raw}`, ctx, 'Nothing was lost. Try again; if it keeps failing, the log file has the details.', { name: e.code ?? e.name });
}
