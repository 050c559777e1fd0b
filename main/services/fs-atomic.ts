/**
 * Crash-safe file writes: write a temp file in the same folder, fsync it, rename over the target, fsync the
 * folder. A crash at any point leaves either the old file or the new one, never a torn mix.
 */
import { open, rename, unlink, mkdir, copyFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes `data` to `path` atomically. With `backup`, the previous file is first copied to `path + backup`. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { backup?: string; mode?: number } = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', options.mode ?? 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  if (options.backup) {
    try {
      await copyFile(path, path + options.backup);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        await unlink(tmp).catch(() => undefined);
        throw e;
      }
    }
  }
  await rename(tmp, path);
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Directories cannot be fsynced on every platform (Windows); the rename is still atomic there.
  }
}

/**
 * Serialises async work per key: concurrent saves of the same draft run one after the other, so two
 * writers never interleave their temp-file/rename sequences.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
