/**
 * Keeping secrets out of the report.
 *
 * The report model has no field for a secret, but free text (notes, labels, a VM's image string) could
 * still carry one a person pasted. So the builder also collects every secret the site holds (password
 * hashes, VM user data and the passwords in it, the values of Secrets in added manifests) and removes any
 * occurrence of them from every string of the finished model. URLs lose their credentials and query.
 */
import { parseAllDocuments } from 'yaml';
import type { Site } from '../site/schema';

export const REDACTED = '[redacted]';

/** Shorter strings are too likely to be ordinary words to scrub everywhere. */
const MIN_SECRET_LENGTH = 6;

const SECRET_LINE = /(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|private[_-]?key|credential)s?["']?\s*[:=]\s*["']?([^\s"',}]+)/gi;

function valuesOf(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) value.forEach((v) => valuesOf(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => valuesOf(v, out));
}

/** Passwords and keys written as `password: x`, `passwd=x`, `token: x` in free text such as cloud-init. */
export function secretsInText(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(SECRET_LINE)) if (m[3]) found.push(m[3]);
  return found;
}

/** Data values of Secret objects, and password-like values anywhere, in a multi-document manifest. */
export function secretsInManifest(manifest: string): string[] {
  const found = secretsInText(manifest);
  try {
    for (const doc of parseAllDocuments(manifest, { logLevel: 'error' })) {
      if (!('toJS' in doc)) continue;
      const obj = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
      if (obj && typeof obj === 'object' && obj.kind === 'Secret') {
        valuesOf(obj.data, found);
        valuesOf(obj.stringData, found);
      }
    }
  } catch {
    // Not YAML: the line scan above is all we can do.
  }
  return found;
}

/** Every secret string the site holds, longest first (so a longer secret is replaced before its parts). */
export function collectSecrets(site: Site): string[] {
  const all: string[] = [];
  for (const u of site.spec.users) all.push(u.passwordHash);
  for (const vm of site.spec.workloads.vms) {
    if (!vm.userData) continue;
    all.push(vm.userData.content.trim(), ...secretsInText(vm.userData.content));
  }
  for (const app of site.spec.workloads.apps) all.push(...secretsInManifest(app.manifest));
  const unique = [...new Set(all.map((s) => s.trim()).filter((s) => s.length >= MIN_SECRET_LENGTH))];
  return unique.sort((a, b) => b.length - a.length);
}

/** A URL without user, password, query or fragment; non-URLs are returned without anything before an `@`. */
export function sanitizeUrl(url: string): string {
  const trimmed = url.trim();
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)/i.exec(trimmed);
  if (!m) return trimmed.replace(/^[^@/]*@/, '').replace(/[?#].*$/, '');
  const host = (m[2] ?? '').replace(/^.*@/, '');
  return `${m[1]}${host}${m[3] ?? ''}`;
}

/** Replaces every occurrence of every secret in every string of `value` (deep copy). */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const scrub = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let s = v;
      for (const secret of secrets) if (s.includes(secret)) s = s.split(secret).join(REDACTED);
      return s;
    }
    if (Array.isArray(v)) return v.map(scrub);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x)]));
    return v;
  };
  return scrub(value) as T;
}
