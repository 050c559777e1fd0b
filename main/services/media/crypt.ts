/**
 * SHA-512 crypt (`$6$salt$hash`, Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512", default 5000 rounds) on
 * top of node:crypto's SHA-512. ESXi's kickstart accepts only this form without `rounds=`
 * (docs/FIELD-NOTES.md "Root password: SHA-512 crypt and ESXi's rules"), which several npm packages do not emit,
 * so it is implemented here and tested against glibc/openssl output.
 */
import { createHash, randomBytes } from 'node:crypto';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ROUNDS = 5000;
const ORDER: readonly (readonly [number, number, number])[] = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
  [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
  [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
];

const sha512 = (...parts: Buffer[]) => {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest();
};

function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += block.length) block.copy(out, i, 0, Math.min(block.length, length - i));
  return out;
}

/** A random 16-character salt from the crypt alphabet. */
export function makeSalt(random: (n: number) => Uint8Array = randomBytes): string {
  return Array.from(random(16), (b) => ITOA64[b & 63]).join('');
}

/** `$6$<salt>$<86 chars>` for `password`; `salt` is cut to 16 characters of [./0-9A-Za-z]. */
export function sha512Crypt(password: string, salt: string = makeSalt()): string {
  if (!/^[./0-9A-Za-z]*$/.test(salt)) throw new Error('salt must use the characters ./0-9A-Za-z');
  const s = Buffer.from(salt.slice(0, 16), 'utf8');
  const p = Buffer.from(password, 'utf8');
  const b = sha512(p, s, p);
  const a = createHash('sha512');
  a.update(p);
  a.update(s);
  a.update(repeatTo(b, p.length));
  for (let n = p.length; n > 0; n >>= 1) a.update(n & 1 ? b : p);
  let c = a.digest();
  const dp = sha512(...Array.from({ length: p.length }, () => p));
  const pp = repeatTo(dp, p.length);
  const ds = sha512(...Array.from({ length: 16 + c[0]! }, () => s));
  const ss = repeatTo(ds, s.length);
  for (let i = 0; i < ROUNDS; i++) {
    const h = createHash('sha512');
    h.update(i & 1 ? pp : c);
    if (i % 3) h.update(ss);
    if (i % 7) h.update(pp);
    h.update(i & 1 ? c : pp);
    c = h.digest();
  }
  let out = '';
  const put = (w: number, n: number) => {
    for (let k = 0; k < n; k++) {
      out += ITOA64[w & 63];
      w >>>= 6;
    }
  };
  for (const [x, y, z] of ORDER) put((c[x]! << 16) | (c[y]! << 8) | c[z]!, 4);
  put(c[63]!, 2);
  return `$6$${s.toString('utf8')}$${out}`;
}
