import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSalt, sha512Crypt } from '../../../../main/services/media/crypt';
import { execFile } from 'node:child_process';

const SHA512_CRYPT = /^\$6\$[A-Za-z0-9./]{0,16}\$[A-Za-z0-9./]{86}$/;

describe('sha512Crypt', () => {
  it("matches the spec's published vectors", () => {
    expect(sha512Crypt('Hello world!', 'saltstring')).toBe(
      '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1',
    );
    // Salt is cut to 16 characters, as glibc does.
    expect(sha512Crypt('a very much longer text to encrypt.  This one even stretches over morethan one line.', 'toolongsaltstringxxx')).toMatch(/^\$6\$toolongsaltstrin\$/);
  });

  it('matches openssl passwd -6 for random passwords and salts, in the form ESXi accepts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60, unit: fc.constantFrom(...'abcXYZ019 !#$%&()*+,-./:;<=>?@[]^_{|}~\'"`'.split('')) }), async (pw) => {
        const salt = makeSalt();
        const mine = sha512Crypt(pw, salt);
        const ref = await new Promise<string>((resolve, reject) => {
          const child = execFile('openssl', ['passwd', '-6', '-salt', salt, '-stdin'], (e: Error | null, out: string) => (e ? reject(e) : resolve(out.trim())));
          child.stdin!.end(pw + '\n');
        });
        expect(mine).toBe(ref);
        expect(mine).toMatch(SHA512_CRYPT);
        expect(mine).not.toContain('rounds=');
      }),
      { numRuns: 15 },
    );
  });
});
