/**
 * Where credentials live: a small key/value `SecretStore`. The desktop app passes Electron safeStorage's
 * encrypt/decrypt (OS keychain) to `EncryptedFileSecretStore`; browser mode and the CLI use the in-memory
 * store (the CLI reads its credentials from the environment or a prompt). Secrets are never written to a
 * repo, a site file, a log or a report, and nothing here logs them.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './fs-atomic';
import { KeyedMutex } from './fs-atomic';

export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** True when secrets survive a restart (shown in the UI next to "remember"). */
  readonly persistent: boolean;
}

/** Secrets for the lifetime of the process only. */
export class MemorySecretStore implements SecretStore {
  readonly persistent = false;
  private readonly map = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.map.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
}

export interface Cipher {
  /** e.g. `safeStorage.encryptString`. */
  readonly encrypt: (plain: string) => Uint8Array | Promise<Uint8Array>;
  /** e.g. `safeStorage.decryptString`. */
  readonly decrypt: (sealed: Uint8Array) => string | Promise<string>;
}

/**
 * Secrets in one JSON file of encrypted values (base64), written atomically with mode 0600. Keys are not
 * secret (e.g. `git:https://host/org/repo.git`); values are only ever stored encrypted.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly persistent = true;
  private readonly mutex = new KeyedMutex();
  constructor(
    private readonly path: string,
    private readonly cipher: Cipher,
  ) {}

  private async readAll(): Promise<Record<string, string>> {
    try {
      const parsed = JSON.parse(await readFile(this.path, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  async get(key: string): Promise<string | undefined> {
    const sealed = (await this.readAll())[key];
    if (sealed === undefined) return undefined;
    try {
      return await this.cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch {
      return undefined; // e.g. the OS keychain changed: ask again rather than fail
    }
  }

  async set(key: string, value: string): Promise<void> {
    await this.mutex.run(this.path, async () => {
      const all = await this.readAll();
      all[key] = Buffer.from(await this.cipher.encrypt(value)).toString('base64');
      await writeFileAtomic(this.path, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
    });
  }

  async delete(key: string): Promise<void> {
    await this.mutex.run(this.path, async () => {
      const all = await this.readAll();
      if (!(key in all)) return;
      delete all[key];
      await writeFileAtomic(this.path, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
    });
  }
}
