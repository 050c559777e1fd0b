/**
 * Which local paths the API may touch, decided in one place (issues 17 and 26). Every channel declares which of
 * its request fields are paths and in which role (main/ipc/dispatch.ts); dispatch asks this policy before the
 * handler runs and hands the handler the real path it decided on (links resolved), so what is checked is what
 * gets opened: a link swapped after the check no longer changes the target.
 *
 * An allow-list of places, not a deny-list of dangers. A path is allowed when its real path lies in:
 * - the technician's home folder (os.homedir(): /root when running as root) — no hidden folder below it;
 * - the workspace and Sitekit's data folder (they may themselves lie in a hidden folder, ~/.local/share);
 * - the technician's removable media: /run/media/<user> and /media/<user>, where desktop Linux mounts sticks;
 * - a folder or file the technician picked in the desktop app's own file dialog (`choose`), for this session;
 * - places the launching code adds (`extraRoots`): tests pass the OS temp folder, nothing else does, and no
 *   request can add one.
 * Below every place, hidden folders (.ssh, .git, .gnupg…) are refused. /etc, /usr, /proc, /srv, /opt, /mnt,
 * /var/backups, other users' homes and the disk root are therefore refused because they are in none of the
 * places, not because a list names them. Block devices under /dev are allowed only where a stick is read.
 *
 * Roles: reads take only regular files (a block device only where a device is expected); writes never replace
 * an existing file that is not an image; folders to import or lint are scanned within bounds first (files,
 * bytes, depth), so a home folder or a disk root is refused with a clear message instead of being walked; the
 * file chooser (`browse`) lists only allowed folders, and `files:remember` stores only those.
 *
 * The workspace is one of Sitekit's own places, so Settings may only point it at a folder the technician may
 * own (workspaceRefusal): inside the home folder (not the home folder itself, no hidden folder on the way),
 * inside the data folder, or on their removable media; an unsafe value found in the settings file at start is
 * not honoured (runtime.ts says so and uses the default).
 *
 * The command line applies no allow-list: a path typed on the command line is the user's explicit choice,
 * made with their own rights (as with `cp`), and the CLI resolves it itself. What holds for every transport,
 * the CLI included, is the link rule of confined-folder.ts: a write into a repo, the workspace or an output
 * folder never follows a link inside it.
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
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
  /** A folder to list names of (the browser-mode file chooser) or to remember: an allowed folder. */
  | 'browse';

/** Bounds of a folder the API reads in full. */
export const FOLDER_LIMITS = {
  files: 20_000,
  bytes: 512 * 1024 * 1024,
  depth: 16,
} as const;

/**
 * Folders whose files are the computer's own. Not what the policy decides by (that is the allow-list of
 * places): used to say why a path outside the places is refused, and by the file chooser to skip them.
 */
export const SYSTEM_FOLDERS: readonly string[] = [
  '/etc', '/proc', '/sys', '/dev', '/boot', '/efi', '/run', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32',
  '/var', '/snap', '/srv', '/opt', '/mnt', '/root', '/tmp', '/lost+found',
];

/** Where desktop Linux mounts the technician's removable media (udisks2: Fedora and Arch, Debian and Ubuntu). */
export const removableMedia = (user: string): readonly string[] => [join('/run/media', user), join('/media', user)];

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
  /** The user whose removable media are allowed (default: os.userInfo().username). */
  readonly user?: string;
  /** More places this launch allows (tests: the OS temp folder). Set by the code that starts Sitekit, never by a request. */
  readonly extraRoots?: readonly string[];
}

const under = (path: string, folder: string): boolean => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/** The first hidden component of `rel` (a path below a place), or undefined. */
const hiddenIn = (rel: string): string | undefined => rel.split(sep).find((part) => part.startsWith('.') && part !== '.' && part !== '..');

/** The real path of `path`, or of its nearest existing parent joined with the rest (for paths to be created). */
async function realOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    if (parent === path) return path;
    return join(await realOf(parent), basename(path));
  }
}

type PlaceKind = 'home' | 'own' | 'media' | 'chosen' | 'extra';

/** Why a real path outside every place is refused: the system folder it is in, another home, or just outside. */
function outsideWhy(real: string, home: string): string {
  if (real === sep) return `${real} is the root of the disk`;
  if (under(real, '/home') && !under(home, real)) return `${real} is in another user's home folder`;
  const sys = SYSTEM_FOLDERS.find((f) => under(real, f));
  if (sys) return `${real} is in ${sys}, a system folder`;
  return `${real} is outside the places Sitekit uses (your home folder, the workspace, Sitekit's data folder, your removable media)`;
}

export class PathPolicy {
  private readonly places: { readonly path: string; readonly kind: PlaceKind }[];
  private readonly chosen: string[] = [];
  private readonly home: string;

  constructor(private readonly options: PathPolicyOptions) {
    this.home = resolve(options.home ?? homedir());
    const user = options.user ?? safeUser();
    this.places = [
      { path: resolve(options.workspace), kind: 'own' },
      { path: resolve(options.dataDir), kind: 'own' },
      { path: this.home, kind: 'home' },
      ...(user ? removableMedia(user).map((path) => ({ path, kind: 'media' as const })) : []),
      ...(options.extraRoots ?? []).map((p) => ({ path: resolve(p), kind: 'extra' as const })),
    ];
  }

  /** Absolute, normalised; relative paths (and `~/…`) resolve against the workspace (and the home folder). */
  resolve(path: string): string {
    if (path === '~' || path.startsWith('~/')) return normalize(join(this.home, path.slice(1)));
    return isAbsolute(path) ? normalize(path) : resolve(this.options.workspace, path);
  }

  /**
   * Allows a file or folder the technician picked in the operating system's own dialog (the desktop app), for
   * the rest of this session: the person at the dialog chose it, not a page.
   */
  async choose(path: string): Promise<void> {
    if (!isAbsolute(path) || path.includes('\0')) return;
    const real = await realOf(normalize(path));
    if (real !== sep && !this.chosen.includes(real)) this.chosen.push(real);
  }

  /** The real paths of the places, longest first (a place inside another decides for its own subtree). */
  private async realPlaces(): Promise<{ path: string; kind: PlaceKind }[]> {
    const all = [...this.places, ...this.chosen.map((path) => ({ path, kind: 'chosen' as const }))];
    const real = await Promise.all(all.map(async (p) => ({ path: await realOf(p.path), kind: p.kind })));
    return real.sort((a, b) => b.path.length - a.path.length);
  }

  /** Why `real` is off limits for `role`, or undefined. */
  private async forbidden(real: string, role: PathRole): Promise<string | undefined> {
    // A stick is read from the drive list's devices: /dev/… block devices, never another file there.
    if (role === 'read-target' && under(real, '/dev')) return undefined;
    for (const place of await this.realPlaces()) {
      if (!under(real, place.path)) continue;
      const hidden = hiddenIn(relative(place.path, real));
      return hidden ? `${real} is in a hidden folder (${hidden})` : undefined;
    }
    return outsideWhy(real, this.home);
  }

  /**
   * Checks `path` for `role`; resolves with the real path the handler must use (links resolved, so the target
   * checked is the target opened), or a `rejected` error saying why (nothing was read or written).
   */
  async check(role: PathRole, path: string, field = 'path'): Promise<Result<string>> {
    if (path.includes('\0')) return refuse(field, path, 'the path contains a NUL byte');
    const abs = this.resolve(path);
    const real = await realOf(abs);
    const why = await this.forbidden(real, role);
    if (why) return refuse(field, path, why);
    const st = await stat(real).catch((e: NodeJS.ErrnoException) => e);
    const missing = st instanceof Error;
    switch (role) {
      case 'browse':
        if (missing) return err('not-found', `The folder ${abs} does not exist.`, { hint: 'Choose another folder from the list.' });
        return ok(real);
      case 'read-file':
        if (missing) return err('not-found', `Cannot read ${abs}: ${(st as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (st as Error).message}.`, { hint: 'Check the path and pick the file again.' });
        if (!st.isFile()) return refuse(field, path, `${abs} is not a regular file`);
        return ok(real);
      case 'read-target':
        if (missing) return err('not-found', `Cannot read ${abs}: no such file or device.`, { hint: 'Check the path, or plug the stick in again.' });
        if (under(real, '/dev') ? !st.isBlockDevice() : !st.isFile()) return refuse(field, path, `${abs} is neither a block device nor an image file`);
        return ok(real);
      case 'read-folder': {
        if (missing) return err('not-found', `Cannot read ${abs}: no such folder.`, { hint: 'Pick the folder that holds the site repository or the manifests.' });
        if (!st.isDirectory()) return ok(real); // a single file: the handler reads just that file
        if (real === sep || real === (await realOf(this.home)) || real === '/root' || real === '/home' || dirname(real) === '/home')
          return refuse(field, path, `${abs} is a home folder or the root of the disk`, 'Pick the folder of the site repository instead.');
        const scan = await scanFolder(real);
        if (!scan.ok) return scan;
        return ok(real);
      }
      case 'write-image': {
        if (missing) return ok(real);
        if (!st.isFile()) return refuse(field, path, `${abs} exists and is not a regular file`, 'Type the name of a new image file, such as stick.img.');
        if (!IMAGE_NAME.test(real) && !(await hasBootSignature(real)) && st.size > 0)
          return refuse(field, path, `${abs} exists and is not a disk image`, 'Type the name of a new image file (such as stick.img), or remove the file yourself first.');
        return ok(real);
      }
      case 'write-folder':
        if (!missing && !st.isDirectory()) return refuse(field, path, `${abs} exists and is not a folder`);
        return ok(real);
      case 'write-script': {
        const hint = 'Type a file name ending in .ps1, such as store-0421-custom-iso.ps1.';
        if (!/\.ps1$/i.test(real)) return refuse(field, path, `${abs} is not a PowerShell script name (.ps1)`, hint);
        if (!missing && !st.isFile()) return refuse(field, path, `${abs} exists and is not a regular file`, hint);
        const parent = await stat(dirname(real)).catch(() => undefined);
        if (!parent?.isDirectory()) return err('not-found', `Cannot save ${abs}: the folder ${dirname(abs)} does not exist. Nothing was written.`, { hint: 'Pick an existing folder.' });
        return ok(real);
      }
    }
  }
}

function safeUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why `path` may not be the workspace, or undefined when it may. The workspace counts as one of Sitekit's own
 * places (reads and writes are allowed in all of it), so it must lie where the policy allows anyway: inside the
 * home folder (not the home folder itself, no hidden folder on the way), inside Sitekit's data folder, or on
 * the technician's removable media. `/`, system folders, hidden folders and other users' homes are refused.
 */
export async function workspaceRefusal(path: string, o: { readonly dataDir: string; readonly home?: string; readonly user?: string }): Promise<string | undefined> {
  if (!isAbsolute(path) || path.includes('\0')) return `"${path}" is not a full path`;
  const real = await realOf(normalize(path));
  const home = await realOf(resolve(o.home ?? homedir()));
  const dataDir = await realOf(resolve(o.dataDir));
  const user = o.user ?? safeUser();
  const media = user ? await Promise.all(removableMedia(user).map(realOf)) : [];
  if (under(real, dataDir)) return undefined;
  for (const place of [...media, home]) {
    if (!under(real, place)) continue;
    if (real === place) return `${real} is ${place === home ? 'your home folder itself' : 'the removable-media folder itself'}; the workspace needs a folder of its own`;
    const hidden = hiddenIn(relative(place, real));
    return hidden ? `${real} is in a hidden folder (${hidden})` : undefined;
  }
  return outsideWhy(real, home);
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
