/**
 * Which local paths the API may touch, decided in one place (issue 17). Every channel declares which of its
 * request fields are paths and in which role (main/ipc/dispatch.ts); dispatch asks this policy before the
 * handler runs and hands the handler the resolved absolute path.
 *
 * - Relative paths resolve against the workspace, never against the server's working directory.
 * - Reads: only regular files (a block device only where a device is expected), never in system folders
 *   (/etc, /proc, /sys, /boot, …) nor in hidden folders such as ~/.ssh — except Sitekit's own data folder.
 * - Writes: only into the workspace, Sitekit's data folder, or a path the technician typed; never into a
 *   system or hidden folder, and an image target never replaces an existing file that is not an image.
 * - Folders to import or lint: a bounded scan first (files, bytes, depth; hidden folders skipped), so a
 *   home folder or a disk root is refused with a clear message instead of being walked.
 * Symbolic links are followed before deciding, so a link in /tmp does not lead to /etc/shadow.
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { err, ok, type Result } from '../core/result';

/** How a request field uses its path. */
export type PathRole =
  /** A file to read (ISO, image): a regular file. */
  | 'read-file'
  /** A stick to read: a block device under /dev, or an image file. */
  | 'read-target'
  /** A folder to read every file of (import, lint): bounded by FOLDER_LIMITS. */
  | 'read-folder'
  /** An image file to create or replace. */
  | 'write-image'
  /** A folder to write into (export, generate, clone, fleet repo). */
  | 'write-folder'
  /**
   * A PowerShell script to create or replace (the PowerCLI script the Boot media step saves): the name must
   * end in .ps1, and an existing file is replaced only when it is a regular .ps1 file.
   */
  | 'write-script'
  /** A folder to list names of (the browser-mode file chooser): resolved only. */
  | 'browse';

/** Bounds of a folder the API reads in full. */
export const FOLDER_LIMITS = {
  files: 20_000,
  bytes: 512 * 1024 * 1024,
  depth: 16,
} as const;

/** Folders whose files are the computer's own: never read or written through the API. */
export const SYSTEM_FOLDERS: readonly string[] = [
  '/etc', '/proc', '/sys', '/dev', '/boot', '/efi', '/run', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32',
  '/var/lib', '/var/log', '/var/spool', '/var/cache', '/var/run', '/var/mail', '/snap',
];

/** Where desktop Linux mounts removable media (an ISO on a stick): inside /run, but the user's own files. */
export const REMOVABLE_MEDIA: readonly string[] = ['/run/media'];

/** File names an image target may replace (an existing file must also carry a boot signature otherwise). */
const IMAGE_NAME = /\.(img|raw|iso|bin|dd|image)$/i;

/** Folders skipped while scanning (hidden ones are skipped too). */
const SKIP = new Set(['node_modules']);

export interface PathPolicyOptions {
  /** The workspace root: relative paths resolve against it. */
  readonly workspace: string;
  /** Sitekit's data folder (images, reports, repos): allowed even when it lies in a hidden folder. */
  readonly dataDir: string;
  /** The user's home folder (default: os.homedir()). */
  readonly home?: string;
}

const under = (path: string, folder: string): boolean => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

export class PathPolicy {
  private readonly own: readonly string[];
  private readonly home: string;

  constructor(private readonly options: PathPolicyOptions) {
    this.own = [resolve(options.workspace), resolve(options.dataDir)];
    this.home = resolve(options.home ?? homedir());
  }

  /** Absolute, normalised; relative paths (and `~/…`) resolve against the workspace (and the home folder). */
  resolve(path: string): string {
    if (path === '~' || path.startsWith('~/')) return normalize(join(this.home, path.slice(1)));
    return isAbsolute(path) ? normalize(path) : resolve(this.options.workspace, path);
  }

  /** The real path of `path`, or of its nearest existing parent joined with the rest (for paths to be created). */
  private async real(path: string): Promise<string> {
    try {
      return await realpath(path);
    } catch {
      const parent = dirname(path);
      if (parent === path) return path;
      return join(await this.real(parent), basename(path));
    }
  }

  /** Why `real` is off limits, or undefined. Sitekit's own folders are always allowed. */
  private forbidden(real: string, role: PathRole): string | undefined {
    if (this.own.some((o) => under(real, o))) return undefined;
    if (REMOVABLE_MEDIA.some((m) => under(real, m)) && role !== 'read-target') return this.hiddenPart(real);
    const sys = SYSTEM_FOLDERS.find((f) => under(real, f));
    if (sys && !(role === 'read-target' && sys === '/dev')) return `${real} is in ${sys}, a system folder`;
    return this.hiddenPart(real);
  }

  private hiddenPart(real: string): string | undefined {
    const hidden = real.split(sep).find((part) => part.startsWith('.') && part !== '.' && part !== '..');
    return hidden ? `${real} is in a hidden folder (${hidden})` : undefined;
  }

  /**
   * Checks `path` for `role`; resolves with the absolute path the handler should use, or a `rejected` error
   * saying why (nothing was read or written).
   */
  async check(role: PathRole, path: string, field = 'path'): Promise<Result<string>> {
    if (path.includes('\0')) return refuse(field, path, 'the path contains a NUL byte');
    const abs = this.resolve(path);
    if (role === 'browse') return ok(abs);
    const real = await this.real(abs);
    const why = this.forbidden(real, role);
    if (why) return refuse(field, path, why);
    const st = await stat(real).catch((e: NodeJS.ErrnoException) => e);
    const missing = st instanceof Error;
    switch (role) {
      case 'read-file':
        if (missing) return err('not-found', `Cannot read ${abs}: ${(st as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (st as Error).message}.`, { hint: 'Check the path and pick the file again.' });
        if (!st.isFile()) return refuse(field, path, `${abs} is not a regular file`);
        return ok(abs);
      case 'read-target':
        if (missing) return err('not-found', `Cannot read ${abs}: no such file or device.`, { hint: 'Check the path, or plug the stick in again.' });
        if (under(real, '/dev') ? !st.isBlockDevice() : !st.isFile()) return refuse(field, path, `${abs} is neither a block device nor an image file`);
        return ok(abs);
      case 'read-folder': {
        if (missing) return err('not-found', `Cannot read ${abs}: no such folder.`, { hint: 'Pick the folder that holds the site repository or the manifests.' });
        if (!st.isDirectory()) return ok(abs); // a single file: the handler reads just that file
        if (real === sep || real === this.home || real === '/root' || real === '/home' || dirname(real) === '/home')
          return refuse(field, path, `${abs} is a home folder or the root of the disk`, 'Pick the folder of the site repository instead.');
        const scan = await scanFolder(real);
        if (!scan.ok) return scan;
        return ok(abs);
      }
      case 'write-image': {
        if (missing) return ok(abs);
        if (!st.isFile()) return refuse(field, path, `${abs} exists and is not a regular file`, 'Type the name of a new image file, such as stick.img.');
        if (!IMAGE_NAME.test(real) && !(await hasBootSignature(real)) && st.size > 0)
          return refuse(field, path, `${abs} exists and is not a disk image`, 'Type the name of a new image file (such as stick.img), or remove the file yourself first.');
        return ok(abs);
      }
      case 'write-folder':
        if (!missing && !st.isDirectory()) return refuse(field, path, `${abs} exists and is not a folder`);
        return ok(abs);
      case 'write-script': {
        const hint = 'Type a file name ending in .ps1, such as store-0421-custom-iso.ps1.';
        if (!/\.ps1$/i.test(real)) return refuse(field, path, `${abs} is not a PowerShell script name (.ps1)`, hint);
        if (!missing && !st.isFile()) return refuse(field, path, `${abs} exists and is not a regular file`, hint);
        const parent = await stat(dirname(real)).catch(() => undefined);
        if (!parent?.isDirectory()) return err('not-found', `Cannot save ${abs}: the folder ${dirname(abs)} does not exist. Nothing was written.`, { hint: 'Pick an existing folder.' });
        return ok(abs);
      }
    }
  }
}

function refuse(field: string, path: string, why: string, hint = 'Pick a file or folder of your own (for example under your home folder or on a USB drive).'): Result<never> {
  return err('rejected', `Sitekit will not use "${path}" (${field}): ${why}. Nothing was read or written.`, { hint, details: { field } });
}

/** True when the file has the 0x55AA boot signature at byte 510 (MBR, hybrid ISO, GPT protective MBR). */
async function hasBootSignature(path: string): Promise<boolean> {
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return false;
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 510);
    return bytesRead === 2 && b[0] === 0x55 && b[1] === 0xaa;
  } finally {
    await fh.close();
  }
}

/**
 * Counts what a folder holds, without following links, skipping hidden folders and node_modules, and stops
 * with a clear error at the first limit passed. Iterative: a deep tree does not grow the stack.
 */
export async function scanFolder(root: string, limits: { files: number; bytes: number; depth: number } = FOLDER_LIMITS): Promise<Result<{ files: number; bytes: number }>> {
  let files = 0;
  let bytes = 0;
  const stack: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  const tooMuch = (what: string) =>
    err<never>('rejected', `${root} ${what}; Sitekit reads folders only up to ${limits.files} files, ${Math.round(limits.bytes / 1024 / 1024)} MB and ${limits.depth} levels (hidden folders skipped). Nothing was read.`, {
      hint: 'Pick the folder of the site repository (the one with site.yaml or the manifests), not a home folder or a whole disk.',
    });
  while (stack.length) {
    const { dir, depth } = stack.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable sub-folder: the reader reports it per file
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
      if (e.isDirectory()) {
        if (depth + 1 > limits.depth) return tooMuch(`is nested more than ${limits.depth} levels deep`);
        stack.push({ dir: join(dir, e.name), depth: depth + 1 });
      } else if (e.isFile()) {
        files++;
        if (files > limits.files) return tooMuch(`holds more than ${limits.files} files`);
        bytes += (await stat(join(dir, e.name)).catch(() => ({ size: 0 }))).size;
        if (bytes > limits.bytes) return tooMuch(`holds more than ${Math.round(limits.bytes / 1024 / 1024)} MB`);
      }
    }
  }
  return ok({ files, bytes });
}
