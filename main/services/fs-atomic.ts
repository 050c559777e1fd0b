/**
 * Crash-safe file writes: write a temp file in the same folder, fsync it, rename over the target, fsync the
 * folder. A crash at any point leaves either the old file or the new one, never a torn mix.
 */
import { open, rename, unlink, mkdir, readFile, readdir } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The temp-file name writeFileAtomic uses next to `path`: `.<name>.<pid>.<hex>.tmp`. */
function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Matches writeFileAtomic's temp files, capturing the pid of the process that made it. */
export const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Writes `data` to a new temp file next to `path`, fsynced; resolves with the temp path. */
async function writeTemp(path: string, data: string | Uint8Array, mode: number): Promise<string> {
  const tmp = tempName(path);
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  return tmp;
}

/**
 * Writes `data` to `path` atomically. With `backup`, the previous file is first kept as `path + backup`,
 * itself written atomically (copied to a temp file, fsynced, renamed): a crash never leaves a torn backup.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { backup?: string; mode?: number } = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = await writeTemp(path, data, options.mode ?? 0o600);
  if (options.backup) {
    try {
      await copyFileAtomic(path, path + options.backup, options.mode ?? 0o600);
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

/** Copies `from` to `to` through a fsynced temp file and a rename. Rejects with ENOENT when `from` is missing. */
export async function copyFileAtomic(from: string, to: string, mode = 0o600): Promise<void> {
  const tmp = await writeTemp(to, await readFile(from), mode);
  try {
    await rename(tmp, to);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

const alive = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes temp files left in `dir` by writeFileAtomic calls that never finished (a crash, kill -9). Only
 * files whose writer process is gone are removed, so another Sitekit saving right now is not disturbed.
 * Resolves with the names removed.
 */
export async function cleanStaleTemps(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_FILE.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    try {
      await unlink(join(dir, name));
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
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
