/**
 * A TLS connection to an ESXi host that is trusted by its certificate's SHA-256 thumbprint, and nothing else.
 *
 * An installed host presents a self-signed certificate, so the usual CA check cannot pass; turning it off and
 * carrying on would trust anything on the address. Here the CA check is replaced, not dropped: Node's CA
 * verification is not used (`rejectUnauthorized: false`), and instead the certificate the host presented is
 * hashed and compared with the pinned thumbprint before the socket is handed to anyone. The HTTP request (and
 * with it the user name and password) is only created on a socket that passed; an unknown or different
 * certificate closes the socket with nothing written to it (the test counts the bytes the server received).
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import type { AcceptanceItem } from '../../core/site/acceptance-record';
import { normalizeThumbprint } from '../../core/acceptance/thumbprint';

export interface PinnedTarget {
  readonly address: string;
  readonly port: number;
}

export interface PinOptions {
  /** The trusted thumbprint (any accepted form); without one the certificate is unknown. */
  readonly pin?: string;
  /** Trust an unknown certificate (the technician confirmed it); never overrides a pin that differs. */
  readonly trustNew?: boolean;
  /** Connect and handshake must finish within this; then the host counts as not reachable. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export type PinnedConnection =
  | { readonly ok: true; readonly socket: TLSSocket; readonly thumbprint: string }
  | { readonly ok: false; readonly fault: AcceptanceItem; readonly thumbprint?: string };

/** The SHA-256 thumbprint of a DER certificate, in the canonical colon form. */
export function certificateThumbprint(der: Uint8Array): string {
  return normalizeThumbprint(createHash('sha256').update(der).digest('hex'))!;
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

/** A TLS error in words (OpenSSL's own text is a line of internal codes). */
function tlsDetail(e: NodeJS.ErrnoException & { reason?: string }): string {
  if (e.code === 'ERR_SSL_WRONG_VERSION_NUMBER') return 'the server there does not speak TLS (it answered in plain text)';
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return 'the server closed the connection during the TLS handshake';
  const reason = e.reason ?? /:([a-z][a-z ]+):[^:]*:\d+:?$/.exec(e.message)?.[1];
  return reason ? `the TLS handshake failed (${reason})` : `the TLS handshake failed (${e.code ?? e.message.split('\n')[0]})`;
}

/** A socket error as a fault that says what was tried. */
export function networkFault(e: NodeJS.ErrnoException, t: PinnedTarget, stage: 'connect' | 'tls' | 'answer', timeoutMs: number): AcceptanceItem {
  const where = { address: t.address, port: t.port };
  switch (e.code) {
    case 'ECONNREFUSED':
      return { code: 'refused', params: { ...where, seconds: seconds(timeoutMs) } };
    case 'ETIMEDOUT':
      return { code: 'timeout', params: { ...where, seconds: seconds(timeoutMs), stage } };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
    case 'EHOSTDOWN':
      return { code: 'no-route', params: { ...where, detail: e.code } };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { code: 'name-unknown', params: where };
    case 'ECONNRESET':
    case 'EPIPE':
      return stage === 'tls' ? { code: 'tls', params: { ...where, detail: tlsDetail(e) } } : { code: 'connection-lost', params: { ...where, detail: e.code } };
    default:
      if (stage === 'tls' || /SSL|TLS|EPROTO/i.test(`${e.code ?? ''} ${e.message}`)) return { code: 'tls', params: { ...where, detail: tlsDetail(e) } };
      return { code: 'connection-lost', params: { ...where, detail: e.code ?? e.message } };
  }
}

/**
 * Connects, completes the TLS handshake and checks the certificate against the pin. Resolves with the socket
 * only when the certificate is trusted; otherwise the socket is destroyed and the fault says why.
 */
export function connectPinned(target: PinnedTarget, o: PinOptions): Promise<PinnedConnection> {
  const pin = o.pin ? normalizeThumbprint(o.pin) : undefined;
  return new Promise((resolve) => {
    let stage: 'connect' | 'tls' = 'connect';
    let settled = false;
    const socket = connect({
      host: target.address,
      port: target.port,
      // SNI only for names (an IP address is not a valid server name).
      ...(isIP(target.address) ? {} : { servername: target.address }),
      // The CA check is replaced by the thumbprint check below (see the module comment), never skipped.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const finish = (r: PinnedConnection): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      if (!r.ok) socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, fault: { code: 'timeout', params: { address: target.address, port: target.port, seconds: seconds(o.timeoutMs), stage } } }), o.timeoutMs);
    const onAbort = (): void => finish({ ok: false, fault: { code: 'cancelled', params: {} } });
    o.signal?.addEventListener('abort', onAbort, { once: true });
    if (o.signal?.aborted) onAbort();
    socket.once('connect', () => {
      stage = 'tls';
    });
    socket.once('error', (e: NodeJS.ErrnoException) => finish({ ok: false, fault: networkFault(e, target, stage, o.timeoutMs) }));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (!cert?.raw?.length) return finish({ ok: false, fault: { code: 'tls', params: { address: target.address, port: target.port, detail: 'the server presented no certificate' } } });
      const thumbprint = certificateThumbprint(cert.raw);
      if (pin && pin !== thumbprint) return finish({ ok: false, thumbprint, fault: { code: 'thumbprint-mismatch', params: { expected: pin, found: thumbprint } } });
      if (!pin && !o.trustNew) return finish({ ok: false, thumbprint, fault: { code: 'untrusted', params: { thumbprint } } });
      finish({ ok: true, socket, thumbprint });
    });
  });
}
