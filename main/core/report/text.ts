/**
 * Words for people: verdict labels, finding sentences, sizes, speeds and dates as the report prints them. Rules
 * elsewhere return codes and params (docs/CONVENTIONS.md § Rules return codes, words live in messages); the
 * sentences are made here, once, for HTML and PDF.
 */
import type { FindingParams } from './inputs';
import type { VerdictStatus } from './schema';

export const VERDICT_LABEL: Readonly<Record<VerdictStatus, string>> = {
  ok: 'Supported',
  action: 'Supported with actions',
  check: 'Check on site',
  unsupported: 'Not supported',
  unknown: 'Not in the list',
};

/** Sentences for finding codes the report itself raises. Codes from other modules bring their own message. */
const SENTENCES: Readonly<Record<string, (p: FindingParams) => string>> = {
  'not-checked': () => 'The hardware of this host was not checked against the compatibility list.',
  'host-not-in-verdict': (p) => `The hardware check has no result for host ${String(p.host)}.`,
};

/** A sentence for a finding: the producer's message, a known code, or the code with its params. */
export function describeFinding(code: string, params: FindingParams = {}, message?: string): string {
  if (message && message.trim()) return message.trim();
  const known = SENTENCES[code];
  if (known) return known(params);
  const detail = Object.entries(params)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
  return detail ? `${code} (${detail})` : code;
}

/** 16 GB style decimal size for sticks and disks, as printed on their labels. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

/** Write/verify speed, e.g. "84.2 MB/s". */
export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Link speed of a NIC, e.g. "2.5 Gb/s", "100 Mb/s". */
export function formatLinkSpeed(mbps: number): string {
  return mbps >= 1000 ? `${String(Math.round((mbps / 1000) * 10) / 10)} Gb/s` : `${mbps} Mb/s`;
}

/** Duration like "4 min 12 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "25 Nov 2026, 06:40 UTC" for an ISO time; the input unchanged when it does not parse. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "25 Nov 2026" for an ISO time. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A SHA-1/SHA-256 shortened for tables: first 12 hex digits. */
export function shortSha(sha: string): string {
  return sha.length > 12 ? sha.slice(0, 12) : sha;
}
