/**
 * OpenPGP commit signing with a key the technician provides (armored private key, optional passphrase),
 * through isomorphic-git's `onSign` hook and the `openpgp` library. The key is used in memory only.
 * openpgp is loaded when a key is first used (it adds about 0.1 s to every start of the CLI otherwise).
 */
import type * as OpenPgp from 'openpgp';
import { err, ok, type Result } from '../../core/result';

export interface SigningKey {
  /** ASCII-armored OpenPGP private key. */
  readonly armoredKey: string;
  readonly passphrase?: string;
}

/** isomorphic-git's SignCallback. */
export type SignFn = (args: { payload: string; secretKey: string }) => Promise<{ signature: string }>;

/** Unlocks the key once and returns the signing hook; a wrong passphrase or a broken key is an error value. */
export async function signerFor(key: SigningKey): Promise<Result<SignFn>> {
  const openpgp: typeof OpenPgp = await import('openpgp');
  let privateKey: OpenPgp.PrivateKey;
  try {
    privateKey = await openpgp.readPrivateKey({ armoredKey: key.armoredKey });
  } catch (e) {
    return err('invalid-input', `The signing key could not be read: ${(e as Error).message}`, { hint: 'Paste an ASCII-armored OpenPGP private key (-----BEGIN PGP PRIVATE KEY BLOCK-----).' });
  }
  if (!privateKey.isDecrypted()) {
    if (!key.passphrase) return err('invalid-input', 'The signing key is protected by a passphrase and none was given.', { hint: 'Enter the key passphrase, or commit without signing.' });
    try {
      privateKey = await openpgp.decryptKey({ privateKey, passphrase: key.passphrase });
    } catch {
      return err('unauthorized', 'The passphrase does not unlock the signing key.', { hint: 'Check the passphrase and commit again; nothing was committed.' });
    }
  }
  const unlocked = privateKey;
  // Binary (not text) signature over the exact commit bytes: what `git commit -S` makes with gpg.
  return ok(async ({ payload }) => {
    const message = await openpgp.createMessage({ binary: new TextEncoder().encode(payload) });
    const signature = (await openpgp.sign({ message, signingKeys: unlocked, detached: true, format: 'armored' })) as string;
    return { signature };
  });
}
