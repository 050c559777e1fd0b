/**
 * Trust before anything: a TLS server of our own (an openssl-made self-signed certificate) counts every
 * application byte it receives. Nothing may arrive before the certificate matched its pin, and a server that
 * is not an ESXi host never receives the password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readHost } from '../../../../main/services/vsphere/read-host';
import { tempDir } from '../../../helpers/temp';

const PASSWORD = 'N0t-F0r-Str4ngers!';
let dir: { path: string; remove: () => Promise<void> };
let server: Server;
let port = 0;
let thumbprint = '';
let received = Buffer.alloc(0);

beforeAll(async () => {
  dir = await tempDir('sitekit-pin-');
  await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', '/CN=esx-test'], { cwd: dir.path });
  const cert = await readFile(join(dir.path, 'cert.pem'));
  // The oracle: Node's own X.509 parser, not Sitekit's thumbprint code.
  thumbprint = new X509Certificate(cert).fingerprint256;
  server = createServer({ key: await readFile(join(dir.path, 'key.pem')), cert }, (s: TLSSocket) => {
    let answered = false;
    s.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      // Answer like a web server that is not a vSphere API.
      if (!answered && received.includes('\r\n\r\n')) {
        answered = true;
        s.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 14\r\nConnection: close\r\n\r\n<h1>Hello</h1>');
      }
    });
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await dir.remove();
});

const read = (o: { pin?: string; trustNew?: boolean }) => readHost({ address: '127.0.0.1', port, user: 'root', password: PASSWORD, timeoutMs: 5000, ...o });

describe('pinned TLS', () => {
  it('names a server that does not speak TLS as a TLS failure, in one sentence', async () => {
    const plain = createTcpServer((s) => {
      s.resume();
      s.on('error', () => undefined);
      s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
    try {
      const p = (plain.address() as { port: number }).port;
      const r = await readHost({ address: '127.0.0.1', port: p, user: 'root', password: PASSWORD, timeoutMs: 5000 });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.fault.code).toBe('tls');
      expect(r.fault.params).toMatchObject({ address: '127.0.0.1', port: p });
      expect(r.fault.params.detail).toBe('the server there does not speak TLS (it answered in plain text)');
    } finally {
      await new Promise<void>((r) => plain.close(() => r()));
    }
  });

  it('sends nothing to a host whose certificate is unknown, and shows its thumbprint', async () => {
    received = Buffer.alloc(0);
    const r = await read({});
    expect(r).toEqual({ ok: false, thumbprint, fault: { code: 'untrusted', params: { thumbprint } } });
    expect(received.length).toBe(0);
  });

  it('sends nothing to a host whose certificate differs from the pin', async () => {
    received = Buffer.alloc(0);
    const pin = 'AB'.repeat(32);
    const r = await read({ pin, trustNew: true });
    expect(r).toEqual({ ok: false, thumbprint, fault: { code: 'thumbprint-mismatch', params: { expected: pin.match(/../g)!.join(':'), found: thumbprint } } });
    expect(received.length).toBe(0);
  });

  it('talks to a pinned host (pin in any form), and a server that is not ESXi never gets the password', async () => {
    received = Buffer.alloc(0);
    const r = await read({ pin: thumbprint.replace(/:/g, '').toLowerCase() });
    expect(r).toEqual({ ok: false, thumbprint, fault: { code: 'not-vsphere', params: { address: '127.0.0.1', port, answer: 'HTTP 200 (text/html), not a SOAP answer' } } });
    expect(received.toString()).toContain('RetrieveServiceContent');
    expect(received.toString()).not.toContain(PASSWORD);
  });
});
