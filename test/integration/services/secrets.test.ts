import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EncryptedFileSecretStore, MemorySecretStore } from '../../../main/services/secrets';
import { tempDir } from '../../helpers/temp';

/** A real cipher standing in for Electron safeStorage (AES-256-GCM with a process key). */
const key = randomBytes(32);
const cipher = {
  encrypt: (plain: string): Uint8Array => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  },
  decrypt: (sealed: Uint8Array): string => {
    const b = Buffer.from(sealed);
    const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
  },
};

let tmp: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir('sitekit-secrets-');
});
afterEach(() => tmp.remove());

describe('secret stores', () => {
  it('the encrypted file keeps values across instances, never in clear, with mode 0600', async () => {
    const path = join(tmp.path, 'secrets.json');
    const a = new EncryptedFileSecretStore(path, cipher);
    await a.set('git:https://git.example.com/org/sites.git', '{"token":"glpat-SECRETSECRETSECRET1234"}');
    const b = new EncryptedFileSecretStore(path, cipher);
    expect(await b.get('git:https://git.example.com/org/sites.git')).toBe('{"token":"glpat-SECRETSECRETSECRET1234"}');
    expect(await readFile(path, 'utf8')).not.toContain('SECRET');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await b.delete('git:https://git.example.com/org/sites.git');
    expect(await a.get('git:https://git.example.com/org/sites.git')).toBeUndefined();
  });

  it('a value that no longer decrypts (keychain changed) reads as missing, not as an error', async () => {
    const path = join(tmp.path, 'secrets.json');
    await new EncryptedFileSecretStore(path, cipher).set('k', 'v');
    const other = new EncryptedFileSecretStore(path, { ...cipher, decrypt: () => { throw new Error('bad key'); } });
    expect(await other.get('k')).toBeUndefined();
  });

  it('the memory store forgets on a new instance', async () => {
    const m = new MemorySecretStore();
    await m.set('k', 'v');
    expect(await m.get('k')).toBe('v');
    expect(await new MemorySecretStore().get('k')).toBeUndefined();
    expect(m.persistent).toBe(false);
  });
});
