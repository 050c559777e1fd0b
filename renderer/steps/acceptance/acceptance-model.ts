/**
 * Pure parts of the Acceptance step: the host rows (address prefilled from the plan, the pin from the site's
 * records), reading ADDRESS[:PORT], the request the step sends, and each host's state as results arrive.
 */
import type { Site } from '../../../main/core/site/schema';
import type { AcceptanceRecord } from '../../../main/core/site/acceptance-record';
import { latestAcceptance, trustedThumbprint } from '../../../main/core/site/records';
import { normalizeThumbprint, thumbprintProblem } from '../../../main/core/acceptance/thumbprint';
import { readParts } from '../../../main/core/acceptance/messages';

export interface HostRow {
  readonly host: string;
  /** ADDRESS or ADDRESS:PORT as typed. */
  readonly address: string;
  /** The pinned thumbprint as typed (empty: none known yet). */
  readonly thumbprint: string;
  /** The thumbprint was shown by Sitekit and the technician confirmed it ("Trust this certificate"). */
  readonly confirmed: boolean;
}

/** Each host's state in the step: its last recorded result, being checked now, or this session's result. */
export type HostState = { readonly kind: 'idle'; readonly last?: AcceptanceRecord } | { readonly kind: 'checking' } | { readonly kind: 'done'; readonly record: AcceptanceRecord };

/** The rows on entry: planned addresses, and the thumbprints the site's records trust. */
export function initialRows(site: Site): HostRow[] {
  return site.spec.hosts.map((h) => ({ host: h.name, address: h.management.mode === 'static' ? (h.management.ip ?? '') : '', thumbprint: trustedThumbprint(site, h.name) ?? '', confirmed: false }));
}

/** The states on entry: each host's latest recorded run. */
export function initialStates(site: Site): Record<string, HostState> {
  const latest = latestAcceptance(site);
  return Object.fromEntries(site.spec.hosts.map((h) => [h.name, { kind: 'idle', ...(latest.get(h.name) ? { last: latest.get(h.name) } : {}) }]));
}

/** ADDRESS[:PORT] (IPv4 or a name), or why not. */
export function parseAddress(text: string): { address: string; port?: number } | string {
  const t = text.trim();
  if (!t) return 'Give the address the host console shows.';
  const m = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(t);
  if (!m) return 'An IP address or host name, optionally with :PORT.';
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return 'The port must be 1 to 65535.';
  return { address: m[1]!, ...(port !== undefined ? { port } : {}) };
}

/** Field errors by host, for the address and thumbprint fields. */
export function rowErrors(rows: readonly HostRow[]): Record<string, { address?: string; thumbprint?: string }> {
  const out: Record<string, { address?: string; thumbprint?: string }> = {};
  for (const r of rows) {
    const a = parseAddress(r.address);
    const t = r.thumbprint.trim() ? thumbprintProblem(r.thumbprint) : undefined;
    if (typeof a === 'string' || t) out[r.host] = { ...(typeof a === 'string' ? { address: a } : {}), ...(t ? { thumbprint: `Not a SHA-256 thumbprint: ${t}.` } : {}) };
  }
  return out;
}

/**
 * The `hosts:accept` request for the rows (all hosts, or `only` some). A pin equal to the one the site's records
 * trust is left to main (recorded as "as recorded"); one typed or confirmed here is sent (pinned / confirmed).
 */
export function acceptRequest(site: Site, rows: readonly HostRow[], user: string, password: string, jobId: string, only?: readonly string[]) {
  const targets = rows.flatMap((r) => {
    const a = parseAddress(r.address);
    if (typeof a === 'string') return [];
    const pin = r.thumbprint.trim() ? normalizeThumbprint(r.thumbprint) : undefined;
    const send = pin && (r.confirmed || pin !== trustedThumbprint(site, r.host));
    return [{ name: r.host, ...a, ...(send ? { thumbprint: pin, ...(r.confirmed ? { confirmed: true } : {}) } : {}) }];
  });
  const siteId = site.metadata.id;
  return { jobId, id: siteId, targets, user: user.trim() || 'root', password, ...(only ? { only: [...only] } : {}) };
}

/** The record a host shows now (this session's, else the last recorded one). */
export function shownRecord(s: HostState | undefined): AcceptanceRecord | undefined {
  return s?.kind === 'done' ? s.record : s?.kind === 'idle' ? s.last : undefined;
}

/** What was read, in a few words: build, NIC links, port groups. */
export function factsSummary(r: AcceptanceRecord): string[] {
  const p = readParts(r);
  return p ? [p.build, `NICs: ${p.links || 'none'}`, `Port groups: ${p.portGroups || 'none'}`] : [];
}

