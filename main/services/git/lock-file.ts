/**
 * Git's lock files (`.git/index.lock`, `.git/refs/heads/<branch>.lock`) as Sitekit takes them: each lock is
 * born holding an owner record (Sitekit, pid, the process's start time, host), so a lock left behind by a
 * Sitekit that was killed (kill -9, power cut) is recognised and cleared at the next commit instead of
 * blocking every later one (issue 26 item 6: 16 of 20 commits after kill -9 failed with "Try again"). A lock
 * Sitekit cannot prove stale (another Git program's, another host's, a live process's) is left alone and
 * named with the exact command that removes it.
 *
 * The lock is created by linking a finished temp file to the lock's name: link() fails when the name exists,
 * exactly like git's O_CREAT|O_EXCL, and there is no moment at which the lock exists without its record.
 * The holder writes its result through a temp file and a rename (never into the lock), then removes the lock;
 * git respects the lock either way. Hand-written because no maintained library takes git's locks.
 */
import { link, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** What a Sitekit lock file holds. */
export interface LockOwner {
  readonly sitekit: 1;
  readonly pid: number;
  /** The process's start (Linux: start time in clock ticks from /proc; elsewhere the start in ms). */
  readonly start: string;
  readonly host: string;
  readonly at: string;
}

/** Why a lock is held, for the error a caller turns into a sentence. */
export class LockHeldError extends Error {
  readonly code = 'SitekitLockHeld';
  constructor(
    readonly lockPath: string,
    readonly owner: LockOwner | undefined,
    readonly removeCommand: string,
  ) {
    super(`${lockPath} exists`);
  }
}

/** The start of a process as the OS knows it, or undefined when it is gone (or unknown on this OS). */
async function processStart(pid: number): Promise<string | undefined | 'gone'> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name (field 2) may hold spaces and parentheses: count from its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    if (process.platform === 'linux') return 'gone';
    try {
      process.kill(pid, 0);
      return undefined;
    } catch (k) {
      return (k as NodeJS.ErrnoException).code === 'ESRCH' ? 'gone' : undefined;
    }
  }
}

let self: Promise<LockOwner> | undefined;
/** This process's owner record (start time read once). */
function ownRecord(): Promise<LockOwner> {
  self ??= (async () => {
    const start = await processStart(process.pid);
    return { sitekit: 1, pid: process.pid, start: start && start !== 'gone' ? start : String(Math.round(Date.now() - process.uptime() * 1000)), host: hostname(), at: '' } as const;
  })();
  return self;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (o.sitekit === 1 && typeof o.pid === 'number' && typeof o.start === 'string' && typeof o.host === 'string') return o as LockOwner;
  } catch {
    // Not ours: git writes the new content into its lock files.
  }
  return undefined;
}

/** True only when the record proves its process is gone: same host, and no process with that pid and start. */
async function provablyStale(owner: LockOwner | undefined): Promise<boolean> {
  if (!owner || owner.host !== hostname()) return false;
  // This very process: held by another call of it (alive), unless an earlier process had the same pid.
  if (owner.pid === process.pid) return owner.start !== (await ownRecord()).start;
  const now = await processStart(owner.pid);
  if (now === 'gone') return true;
  if (now === undefined) return false;
  return process.platform === 'linux' && now !== owner.start; // the pid was reused by another process
}

/** The command that removes a lock, quoted for the shell of this platform. */
export function removeCommand(lockPath: string): string {
  return process.platform === 'win32' ? `del "${lockPath}"` : `rm -f -- '${lockPath.replace(/'/g, `'\\''`)}'`;
}

/** A held lock: `release()` removes it (after the result was renamed into place). */
export interface HeldLock {
  readonly path: string;
  release(): Promise<void>;
}

/**
 * Removes a lock whose owner record proves it stale. It is renamed away first and its content compared with
 * what was read, so a lock another process took in between is never removed (it is put back).
 */
async function clearStale(lockPath: string, seen: string): Promise<boolean> {
  const aside = `${lockPath}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return false;
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved === seen) {
    await unlink(aside).catch(() => undefined);
    return true;
  }
  // Someone took the lock between our read and the rename: give it back.
  await link(aside, lockPath).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return false;
}

/**
 * Takes `lockPath` (e.g. `.git/index.lock`) with this process's owner record in it. A stale Sitekit lock is
 * cleared and taken; any other existing lock rejects with LockHeldError. `tempDir` is a folder on the same
 * file system (the .git folder) for the record's temp file, so no stray file appears among the refs.
 */
export async function takeLock(lockPath: string, tempDir: string): Promise<HeldLock> {
  const record = JSON.stringify({ ...(await ownRecord()), at: new Date().toISOString() }) + '\n';
  const temp = join(tempDir, `sitekit-lock-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temp, record, { mode: 0o644 });
  try {
    for (let tries = 0; ; tries++) {
      try {
        await link(temp, lockPath);
        return { path: lockPath, release: () => unlink(lockPath).catch(() => undefined) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const seen = await readFile(lockPath, 'utf8').catch(() => undefined);
      if (seen === undefined && tries < 3) continue; // released meanwhile: try again
      const owner = seen !== undefined ? parseOwner(seen) : undefined;
      if (tries < 3 && seen !== undefined && (await provablyStale(owner)) && (await clearStale(lockPath, seen))) continue;
      throw new LockHeldError(lockPath, owner, removeCommand(lockPath));
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Checks a lock Sitekit only waits for (an index.lock before reading the index): clears it when its owner
 * record proves it stale; rejects with LockHeldError when another holds it; resolves when there is none.
 */
export async function clearIfStale(lockPath: string): Promise<void> {
  const seen = await readFile(lockPath, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : ''));
  if (seen === undefined) return;
  const owner = parseOwner(seen);
  if ((await provablyStale(owner)) && (await clearStale(lockPath, seen))) return;
  throw new LockHeldError(lockPath, owner, removeCommand(lockPath));
}

/** The lock file git uses for `path`. */
export const lockOf = (path: string): string => join(dirname(path), `${basename(path)}.lock`);

const TEMP = /^sitekit-(?:lock|write)-(\d+)-[0-9a-f]{8}\.tmp$/;

/** Removes the temp files (lock records, index and ref writes) that killed Sitekit processes left in `gitDir`. */
export async function cleanStaleLockTemps(gitDir: string): Promise<void> {
  const names = await readdir(gitDir).catch(() => [] as string[]);
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || Number(m[1]) === process.pid || (await processStart(Number(m[1]))) !== 'gone') continue;
    await unlink(join(gitDir, name)).catch(() => undefined);
  }
}
