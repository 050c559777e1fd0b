/**
 * Opening a write target: a block device exclusively with direct I/O, or an image file; plus the Linux
 * facts around it (size, read-only flag, mounts) and unmount / eject.
 */
import { access, open, readdir, readFile, realpath, writeFile, constants, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** An open target: where to write, how, and its limits. */
export interface OpenTarget {
  readonly kind: 'device' | 'file';
  readonly path: string;
  readonly fh: FileHandle;
  /** True when O_DIRECT is in effect: buffers, offsets and lengths must be aligned. */
  readonly direct: boolean;
  /** Logical block size: every offset and length we use is a multiple of it. */
  readonly blockSize: number;
  /** Device capacity in bytes; Infinity for files. */
  readonly capacity: number;
}

/** sysfs directory of a block device (/dev/sdb → /sys/class/block/sdb). */
async function sysDir(device: string): Promise<string> {
  return `/sys/class/block/${basename(await realpath(device))}`;
}

const readNum = async (path: string): Promise<number | undefined> => {
  try {
    return Number((await readFile(path, 'utf8')).trim());
  } catch {
    return undefined;
  }
};

/** Capacity, logical block size and read-only flag from sysfs. */
export async function deviceFacts(device: string): Promise<{ capacity: number; blockSize: number; readOnly: boolean }> {
  const dir = await sysDir(device);
  const sectors = (await readNum(`${dir}/size`)) ?? 0;
  const blockSize = (await readNum(`${dir}/queue/logical_block_size`)) ?? 512;
  const ro = (await readNum(`${dir}/ro`)) ?? 0;
  return { capacity: sectors * 512, blockSize, readOnly: ro === 1 };
}

/** Opens a block device O_RDWR|O_EXCL|O_DIRECT (Linux: EBUSY when anything holds or mounts it). */
export async function openDevice(device: string, mode: 'write' | 'read' = 'write'): Promise<OpenTarget> {
  const facts = await deviceFacts(device);
  const base = (mode === 'write' ? constants.O_RDWR : constants.O_RDONLY) | constants.O_EXCL;
  let fh: FileHandle;
  let direct = true;
  try {
    fh = await open(device, base | constants.O_DIRECT);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
    direct = false;
    fh = await open(device, base);
  }
  return { kind: 'device', path: device, fh, direct, blockSize: facts.blockSize, capacity: facts.capacity };
}

/** Opens an image file: for writing a new one (never an existing file or a link), or for reading; direct I/O when its filesystem supports it. */
export async function openImageTarget(path: string, mode: 'write' | 'read' = 'write'): Promise<OpenTarget> {
  // A write target is always a fresh temp file: created exclusively and never through a link (a link planted
  // under the name would otherwise lead the privileged writer's bytes elsewhere).
  const base = mode === 'write' ? constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW : constants.O_RDONLY;
  let fh: FileHandle;
  let direct = true;
  try {
    fh = await open(path, base | constants.O_DIRECT, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
    direct = false;
    // Some file systems refuse O_DIRECT only after creating the file: this one is ours (O_EXCL), open it as is.
    fh = await open(path, base & ~constants.O_EXCL, 0o644);
  }
  return { kind: 'file', path, fh, direct, blockSize: 512, capacity: Infinity };
}

/** Mountpoints of the device and its partitions, from /proc/self/mountinfo (by major:minor, not by name prefix). */
export async function mountsOf(device: string): Promise<string[]> {
  const dir = await sysDir(device);
  const devs = new Set<string>();
  const self = (await readFile(`${dir}/dev`, 'utf8').catch(() => '')).trim();
  if (self) devs.add(self);
  for (const e of await readdir(dir).catch(() => [] as string[])) {
    const d = (await readFile(`${dir}/${e}/dev`, 'utf8').catch(() => '')).trim();
    if (d && e.startsWith(basename(dir))) devs.add(d);
  }
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const out: string[] = [];
  for (const line of info.split('\n')) {
    const f = line.split(' ');
    if (f[2] && devs.has(f[2]) && f[4]) out.push(f[4].replace(/\\040/g, ' '));
  }
  const swaps = await readFile('/proc/swaps', 'utf8').catch(() => '');
  const real = await realpath(device);
  for (const line of swaps.split('\n').slice(1)) {
    const name = line.split(/\s+/)[0];
    if (name && (name === real || name.startsWith(real))) out.push('[SWAP]');
  }
  return out;
}

/** Unmounts every mount of the device; resolves with the mountpoints that could not be unmounted. */
export async function unmountAll(device: string): Promise<{ unmounted: string[]; failed: { mountpoint: string; reason: string }[] }> {
  const unmounted: string[] = [];
  const failed: { mountpoint: string; reason: string }[] = [];
  // Deepest first, so nested mounts go before their parents.
  for (const mp of (await mountsOf(device)).sort((a, b) => b.length - a.length)) {
    if (mp === '[SWAP]') {
      failed.push({ mountpoint: mp, reason: 'it is in use as swap' });
      continue;
    }
    try {
      await run('umount', [mp]);
      unmounted.push(mp);
    } catch (e) {
      failed.push({ mountpoint: mp, reason: ((e as { stderr?: string }).stderr ?? (e as Error).message).trim() });
    }
  }
  return { unmounted, failed };
}

const exists = (p: string) => access(p, constants.X_OK).then(() => true, () => false);

async function which(cmd: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    if (dir && (await exists(`${dir}/${cmd}`))) return `${dir}/${cmd}`;
  }
  return undefined;
}

/**
 * Powers the stick off so it is safe to pull (docs/FIELD-NOTES.md "Eject and power-off"): udisksctl power-off, else eject(1),
 * else the kernel's SCSI delete. Loop devices and image files need nothing.
 */
export async function ejectDevice(device: string): Promise<{ status: 'done' | 'failed' | 'skipped'; message?: string }> {
  if (/^\/dev\/loop\d+$/.test(device)) return { status: 'skipped', message: 'loop device: nothing to eject' };
  const tried: string[] = [];
  const udisks = await which('udisksctl');
  if (udisks) {
    try {
      await run(udisks, ['power-off', '--block-device', device, '--no-user-interaction']);
      return { status: 'done', message: 'powered off (udisksctl)' };
    } catch (e) {
      tried.push(`udisksctl: ${((e as { stderr?: string }).stderr ?? '').trim() || (e as Error).message}`);
    }
  }
  const ej = await which('eject');
  if (ej) {
    try {
      await run(ej, [device]);
      return { status: 'done', message: 'ejected (eject)' };
    } catch (e) {
      tried.push(`eject: ${((e as { stderr?: string }).stderr ?? '').trim() || (e as Error).message}`);
    }
  }
  try {
    await writeFile(`${await sysDir(device)}/device/delete`, '1');
    return { status: 'done', message: 'removed from the kernel (sysfs delete)' };
  } catch (e) {
    tried.push(`sysfs delete: ${(e as Error).message}`);
  }
  return { status: 'failed', message: tried.join('; ') || 'no eject method available' };
}
