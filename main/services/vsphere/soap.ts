/**
 * A small SOAP client for the vSphere Web Services API of one ESXi host (`https://ADDRESS/sdk`).
 *
 * Hand-written because no maintained npm vSphere client exists
 * (docs/FIELD-NOTES.md "Why the SOAP client is hand-written": node-vsphere-soap and the wrappers on it date from
 * 2015; the `soap` package needs the vSphere WSDL, which is not public here), and the acceptance check needs five
 * calls. XML is built and read with fast-xml-parser (maintained); this file only frames the calls: one pinned TLS
 * connection per call (pinned-tls.ts: no byte is written before the certificate matched), the session cookie, a
 * size limit and a deadline on every answer, and SOAP faults turned into coded faults. It never logs: request
 * bodies carry the password.
 */
import { request } from 'node:http';
import type { AcceptanceItem } from '../../core/site/acceptance-record';
import { connectPinned, networkFault, type PinnedTarget } from './pinned-tls';

/** fast-xml-parser, loaded on first use so commands that never accept hosts do not pay for it. */
type Fxp = typeof import('fast-xml-parser');
let fxp: Promise<Fxp> | undefined;
const loadFxp = (): Promise<Fxp> => (fxp ??= import('fast-xml-parser'));

/** Largest answer read (a host with many VMs answers well under this). */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export type SoapResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fault: AcceptanceItem };

/** A parsed XML element as fast-xml-parser gives it: strings, objects, arrays; attributes as `@_name`. */
export type Xml = string | { readonly [key: string]: Xml } | readonly Xml[] | undefined;

/** The element's children named `key` as a list (one child is not an array in the parsed form). */
export function list(x: Xml, key?: string): Xml[] {
  const v = key === undefined ? x : x && typeof x === 'object' && !Array.isArray(x) ? (x as { readonly [k: string]: Xml })[key] : undefined;
  if (v === undefined || v === '') return [];
  return Array.isArray(v) ? (v as Xml[]) : [v];
}

/** The child named `key` (the first, when repeated). */
export function child(x: Xml, key: string): Xml {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return undefined;
  const v = (x as { readonly [k: string]: Xml })[key];
  return Array.isArray(v) ? (v as Xml[])[0] : v;
}

/** The text of an element (its `#text` when it has attributes). */
export function text(x: Xml): string | undefined {
  if (typeof x === 'string') return x;
  if (x && typeof x === 'object' && !Array.isArray(x)) {
    const t = (x as { readonly [k: string]: Xml })['#text'];
    return typeof t === 'string' ? t : t === undefined ? '' : undefined;
  }
  return undefined;
}

/** A managed object reference: `<_this type="SessionManager">ha-sessionmgr</_this>`. */
export interface MoRef {
  readonly type: string;
  readonly value: string;
}

export const moRef = (x: Xml): MoRef | undefined => {
  const value = text(x);
  const type = x && typeof x === 'object' && !Array.isArray(x) ? (x as { readonly [k: string]: Xml })['@_type'] : undefined;
  return value && typeof type === 'string' ? { type, value } : undefined;
};

/** A MoRef as the builder's input. */
export const ref = (r: MoRef): Record<string, string> => ({ '@_type': r.type, '#text': r.value });

export interface SoapSessionOptions extends PinnedTarget {
  /** The thumbprint trusted for this host; every connection is checked against it again. */
  readonly thumbprint: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** One login session with one host. */
export class SoapSession {
  private cookie: string | undefined;
  /** SOAPAction version: a version every ESXi 6.7+ accepts until the host said its own. */
  apiVersion = '6.7';

  constructor(private readonly o: SoapSessionOptions) {}

  /**
   * Calls `method` with `args` (already in the builder's object form) and returns the parsed
   * `<methodResponse>` element, or a fault.
   */
  async call(method: string, args: Record<string, unknown>): Promise<SoapResult<Xml>> {
    const { XMLBuilder, XMLParser, XMLValidator } = await loadFxp();
    const body = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false }).build({
      'soapenv:Envelope': {
        '@_xmlns:soapenv': 'http://schemas.xmlsoap.org/soap/envelope/',
        '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
        'soapenv:Body': { [method]: { '@_xmlns': 'urn:vim25', ...args } },
      },
    }) as string;
    const answer = await this.post(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
    if (!answer.ok) return answer;
    const { status, contentType, text: xml } = answer.value;
    const where = { address: this.o.address, port: this.o.port };
    if (!/xml/i.test(contentType)) {
      return { ok: false, fault: { code: 'not-vsphere', params: { ...where, answer: `HTTP ${status}${contentType ? ` (${contentType.split(';')[0]})` : ''}, not a SOAP answer` } } };
    }
    // No DTDs: a vSphere answer never has one, and entity tricks are refused before parsing.
    if (/<!DOCTYPE/i.test(xml)) return { ok: false, fault: { code: 'malformed', params: { detail: 'the answer declares a DTD, which vSphere never does' } } };
    const valid = XMLValidator.validate(xml);
    if (valid !== true) return { ok: false, fault: { code: 'malformed', params: { detail: `the XML breaks off or is invalid (${valid.err.msg}, line ${valid.err.line})` } } };
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseTagValue: false, parseAttributeValue: false, htmlEntities: true, trimValues: false }).parse(xml) as Xml;
    const bodyEl = child(child(parsed, 'Envelope'), 'Body');
    if (bodyEl === undefined) return { ok: false, fault: { code: 'not-vsphere', params: { ...where, answer: `HTTP ${status} with XML that is not a SOAP envelope` } } };
    const fault = child(bodyEl, 'Fault');
    if (fault !== undefined) {
      const detail = child(fault, 'detail');
      const kind = detail && typeof detail === 'object' && !Array.isArray(detail) ? Object.keys(detail).find((k) => !k.startsWith('@_') && k !== '#text') : undefined;
      const name = kind?.replace(/Fault$/, '') ?? '';
      const message = text(child(fault, 'faultstring')) ?? '';
      if (name === 'InvalidLogin' || /login failure|incorrect user name or password/i.test(message)) return { ok: false, fault: { code: 'login', params: {} } };
      return { ok: false, fault: { code: 'soap-fault', params: { fault: name || 'SOAP fault', message } } };
    }
    const response = child(bodyEl, `${method}Response`);
    if (response === undefined) return { ok: false, fault: { code: 'malformed', params: { detail: `the answer to ${method} has no ${method}Response` } } };
    return { ok: true, value: response };
  }

  /** One POST to /sdk on a freshly pinned connection. */
  private async post(payload: string): Promise<SoapResult<{ status: number; contentType: string; text: string }>> {
    const o = this.o;
    const conn = await connectPinned(o, { pin: o.thumbprint, timeoutMs: o.timeoutMs, signal: o.signal });
    if (!conn.ok) return conn;
    const socket = conn.socket;
    return new Promise((resolve) => {
      let done = false;
      const finish = (r: SoapResult<{ status: number; contentType: string; text: string }>): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(r);
      };
      const timer = setTimeout(() => finish({ ok: false, fault: { code: 'timeout', params: { address: o.address, port: o.port, seconds: Math.round(o.timeoutMs / 100) / 10, stage: 'answer' } } }), o.timeoutMs);
      const onAbort = (): void => finish({ ok: false, fault: { code: 'cancelled', params: {} } });
      o.signal?.addEventListener('abort', onAbort, { once: true });
      const req = request(
        {
          method: 'POST',
          path: '/sdk',
          // The verified socket is the only connection this request may use.
          createConnection: () => socket,
          headers: {
            Host: o.port === 443 ? o.address : `${o.address}:${o.port}`,
            'Content-Type': 'text/xml; charset=utf-8',
            SOAPAction: `"urn:vim25/${this.apiVersion}"`,
            'Content-Length': Buffer.byteLength(payload),
            ...(this.cookie ? { Cookie: this.cookie } : {}),
          },
        },
        (res) => {
          const cookie = res.headers['set-cookie']?.map((c) => c.split(';')[0]).find((c) => c?.startsWith('vmware_soap_session='));
          if (cookie) this.cookie = cookie;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_ANSWER_BYTES) finish({ ok: false, fault: { code: 'malformed', params: { detail: `the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB` } } });
            else chunks.push(c);
          });
          res.on('end', () => finish({ ok: true, value: { status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') } }));
          res.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, fault: networkFault(e, o, 'answer', o.timeoutMs) }));
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => {
        // An answer that is not HTTP at all (HPE_* parse errors) comes from something that is not a vSphere API.
        if (e.code?.startsWith('HPE_')) finish({ ok: false, fault: { code: 'not-vsphere', params: { address: o.address, port: o.port, answer: 'something that is not HTTP' } } });
        else finish({ ok: false, fault: networkFault(e, o, 'answer', o.timeoutMs) });
      });
      req.end(payload);
    });
  }
}
