/**
 * Crash-safe file writes: write a temp file in the same folder, fsync it, rename over the target, fsync the
 * folder. A crash at any point leaves either the old file or the new one, never a torn mix; a failure (the
 * rename refused, the disk full) removes the temp file again. The write goes through the file's folder as a
 * ConfinedFolder (confined-folder.ts): the file itself is never a link followed out of its folder.
 */
import { unlink, readdir } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { ConfinedFolder } from './confined-folder';

/** Matches writeFileAtomic's temp files (`.<name>.<pid>.<hex>.tmp`), capturing the pid of the process that made it. */
export const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Writes `data` to `path` atomically (its folder is created when missing). With `backup`, the previous file is
 * first kept as `path + backup`, itself written atomically: a crash never leaves a torn backup. A link at
 * `path` is refused (LinkRefused), not followed.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { backup?: string; mode?: number } = {}): Promise<void> {
  await ConfinedFolder.use(dirname(path), { create: true }, (folder) =>
    folder.writeFile(basename(path), data, { atomic: true, mode: options.mode ?? 0o600, backup: options.backup }),
  );
}

/** True while process `pid` exists (this one included); a temp file or staging folder of a live process is left alone. */
export const processAlive = (pid: number): boolean => {
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
    if (!m || processAlive(Number(m[1]))) continue;
    try {
      await unlink(join(dir, name));
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
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
