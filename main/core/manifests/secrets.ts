/**
 * Detectors for plain-text credentials in text that ends up in Git: cloud-init, Windows unattend.xml,
 * URLs with user:password, `password = …` lines in config files. They report what kind of secret was seen,
 * never the secret itself.
 */
import { parse as parseYaml } from 'yaml';

export type SecretKind = 'url-credentials' | 'unattend-password' | 'cloud-init-password' | 'password-field' | 'env-password' | 'secret-data';

export const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:[^\s/@'"]+@/i;
const KEY_VALUE = /^\s*["']?([A-Za-z0-9_.-]*?(?:password|passwd|secret|token|api[_-]?key|access[_-]?key))["']?[ \t]*[:=][ \t]*(.*)$/gim;
/** Names of environment variables or keys that say they hold a credential: PASSWORD, TOKEN, SECRET, KEY. */
const CREDENTIAL_WORD = /(pass(word|wd)?$|password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|(^|[_-])key([_-]|$))/i;
/** …unless the name says the value only names or locates one (METALLB_ML_SECRET_NAME, TOKEN_FILE, KEY_ID). */
const REFERENCE_SUFFIX = /[_-](name|file|path|dir|ref|url|uri|id|type|length|size|ttl|expiry|expires|header|field)$/i;

/** True for a variable or key name that says it holds a credential. */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_WORD.test(name) && !REFERENCE_SUFFIX.test(name);
}

/** True for values that are hashes, references or placeholders rather than a secret. */
export function isHarmlessValue(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '').trim();
  if (v === '' || v === '~' || v === 'null' || v === 'false' || v === 'true') return true;
  if (/^\$[0-9a-z]+\$/.test(v)) return true; // crypt hash ($6$…, $y$…)
  if (/^(\$\{|\{\{|<|%)/.test(v)) return true; // template or placeholder
  if (/^(secretKeyRef|valueFrom)/.test(v)) return true;
  return false;
}

function cloudInitPasswords(text: string): boolean {
  if (!/^#cloud-config/.test(text.trimStart())) return false;
  // Parsing is the expensive part; only text that mentions a password can hold one.
  if (!/pass/i.test(text)) return false;
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    return false;
  }
  const o = (data ?? {}) as Record<string, unknown>;
  if (typeof o.password === 'string' && !isHarmlessValue(o.password)) return true;
  const chpasswd = (o.chpasswd ?? {}) as { list?: unknown; users?: unknown };
  const list = typeof chpasswd.list === 'string' ? chpasswd.list.split('\n') : Array.isArray(chpasswd.list) ? chpasswd.list.map(String) : [];
  if (list.some((l) => /^[^:\s]+:(.+)$/.test(l.trim()) && !isHarmlessValue(l.trim().split(':').slice(1).join(':')) && !/:(R|RANDOM)$/.test(l.trim()))) return true;
  if (Array.isArray(chpasswd.users) && chpasswd.users.some((u) => (u as { type?: unknown; password?: unknown }).type === 'text' && typeof (u as { password?: unknown }).password === 'string')) return true;
  const users = Array.isArray(o.users) ? o.users : [];
  return users.some((u) => {
    const user = (u ?? {}) as Record<string, unknown>;
    if (typeof user.plain_text_passwd === 'string' && user.plain_text_passwd !== '') return true;
    return typeof user.passwd === 'string' && !isHarmlessValue(user.passwd);
  });
}

/** Kinds of plain-text credentials found in a text value (each kind once). */
export function findSecretsInText(text: string): SecretKind[] {
  const kinds = new Set<SecretKind>();
  if (URL_CREDENTIALS.test(text)) kinds.add('url-credentials');
  if (/<PlainText>\s*true\s*<\/PlainText>/i.test(text) && /<Value>[^<]+<\/Value>/i.test(text)) kinds.add('unattend-password');
  if (cloudInitPasswords(text)) kinds.add('cloud-init-password');
  else if (!/^\s*<\?xml|^\s*<unattend/i.test(text)) {
    for (const m of text.matchAll(KEY_VALUE)) {
      // A comment after the value, or in its place (`password: # set at install` holds nothing), is not the value.
      const value = (m[2] ?? '').replace(/(^|\s+)#.*$/, '');
      if (!isHarmlessValue(value) && !/^[|>]-?$/.test(value.trim())) {
        kinds.add('password-field');
        break;
      }
    }
  }
  return [...kinds];
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 to text (Latin-1/UTF-8 bytes as char codes); undefined when it is not base64. */
export function decodeBase64(s: string): string | undefined {
  const clean = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return undefined;
  let out = '';
  for (let i = 0; i < clean.length; i += 4) {
    const n = [0, 1, 2, 3].map((k) => {
      const c = clean[i + k] ?? '=';
      return c === '=' ? 0 : B64.indexOf(c);
    });
    const triple = ((n[0] ?? 0) << 18) | ((n[1] ?? 0) << 12) | ((n[2] ?? 0) << 6) | (n[3] ?? 0);
    out += String.fromCharCode((triple >> 16) & 255);
    if (clean[i + 2] !== '=') out += String.fromCharCode((triple >> 8) & 255);
    if (clean[i + 3] !== '=') out += String.fromCharCode(triple & 255);
  }
  return out;
}
