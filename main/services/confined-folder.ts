/**
 * Writes that stay in the folder they were meant for (docs/CONVENTIONS.md § Confined writes, issue 26): the one
 * service every write into a site repo, the workspace or an output folder goes through.
 *
 * A ConfinedFolder is a folder decided once (a repo, the workspace, a report folder): its real path is resolved
 * when it is opened, and every read, write, rename and removal below it walks the path one component at a time
 * without following a symbolic link. A link on the way — a folder such as `sites/` or `hosts/`, or the file
 * itself such as a site's README.md — is refused with an error that names it (its path inside the folder and
 * where it points); git does the same in its work tree. Callers that write many files call `check` with every
 * path first, so a refusal comes before the first byte is written and can say so.
 *
 * Check and use are one step where the system allows it. Node has no openat(), so on Linux every folder is
 * opened (O_DIRECTORY | O_NOFOLLOW) relative to its parent's open descriptor through /proc/self/fd/<fd>/<name>,
 * and files are created, read, renamed and removed through the descriptor of the folder that holds them: a
 * folder swapped for a link after it was opened changes nothing, the descriptor still is the folder that was
 * checked. The file itself is opened with O_NOFOLLOW; an atomic write creates its temp file with
 * O_CREAT | O_EXCL | O_NOFOLLOW and renames it within the same folder, and a rename replaces a link instead of
 * following it. The root is opened by its real path and the descriptor's path is compared with it, so a link
 * swapped in between resolving and opening is refused too.
 *
 * What remains: without /proc (macOS, Windows, a Linux without procfs) each component is checked with lstat
 * right before it is used, so a folder swapped for a link between that check and the use — microseconds, by a
 * process that can already write in the folder — would still be followed there. Symbolic links that are the
 * content of the folder are left alone (never followed, never removed): git and the technician may keep them.
 */
import { constants as C, promises as fsp, readFile as readFileCallback, writeFile as writeFileCallback, type Dirent, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppFailure } from '../core/result';
import { pool } from './pool';

// Numeric open flags (O_NOFOLLOW has no letter form) are accepted by node at run time; its types say string.
const writeFileAsync = promisify(writeFileCallback) as unknown as (path: string, data: string | Uint8Array, options: { mode: number; flag: number }) => Promise<void>;
const readFileAsync = promisify(readFileCallback) as unknown as {
  (path: string, options: { encoding: 'utf8'; flag: number }): Promise<string>;
  (path: string, options: { flag: number }): Promise<Buffer>;
};

const PROC_FD = '/proc/self/fd';
/** Folder descriptors kept open per ConfinedFolder; least recently used ones not in use are closed beyond it. */
const MAX_OPEN_FOLDERS = 128;
const DIR_FLAGS = C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW;

let procUsable: Promise<boolean> | undefined;

/** True where folders can be used through their descriptors (/proc/self/fd on Linux). */
function usesDescriptors(): Promise<boolean> {
  procUsable ??= (async () => {
    if (process.platform !== 'linux') return false;
    try {
      const fh = await fsp.open('/', C.O_RDONLY | C.O_DIRECTORY);
      try {
        return (await fsp.readlink(`${PROC_FD}/${fh.fd}`)) === '/';
      } finally {
        await fh.close();
      }
    } catch {
      return false;
    }
  })();
  return procUsable;
}

/**
 * A symbolic link found where Sitekit would read or write inside a confined folder. Carries the AppError the
 * technician sees: the link's path inside the folder, where it points, and what was (not) written.
 */
export class LinkRefused extends AppFailure {
  constructor(
    readonly root: string,
    readonly rel: string,
    readonly target: string | undefined,
    wroteBefore: boolean,
  ) {
    super({
      code: 'rejected',
      message:
        `${rel} in ${root} is a symbolic link${target !== undefined ? ` to ${target}` : ''}; Sitekit does not read or write through links inside a repository, workspace or output folder. ` +
        (wroteBefore ? 'Nothing was written through the link.' : 'Nothing was written.'),
      hint: `Replace ${rel} with a real folder or file (or remove the link), then try again.`,
      kept: wroteBefore ? 'Files written before the link was found stay as written; nothing outside the folder was touched.' : 'Every file is as it was.',
      details: { root, link: rel, ...(target !== undefined ? { target } : {}) },
    });
    this.name = 'LinkRefused';
  }
}

/** A path inside a confined folder that tries to leave it (absolute, `..`, empty parts). */
export class PathLeaves extends AppFailure {
  constructor(root: string, rel: string) {
    super({ code: 'invalid-input', message: `Refused to use "${rel}" in ${root}: the path leaves the folder. Nothing was written.`, hint: 'This is a bug in Sitekit; please report it.' });
    this.name = 'PathLeaves';
  }
}

interface DirEntry {
  /** The path prefix to use for names in this folder: /proc/self/fd/<fd>, or the checked path without /proc. */
  readonly path: string;
  readonly fh?: FileHandle;
  /** Created by this ConfinedFolder just now: nothing can be in it yet, so a sub-folder is made, not looked for. */
  readonly fresh?: boolean;
}

interface Slot {
  readonly ready: Promise<DirEntry>;
  entry?: DirEntry;
  refs: number;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException)?.code;

/** See the file comment. Open with `ConfinedFolder.open`, close with `close()` (or use `ConfinedFolder.use`). */
export class ConfinedFolder {
  private readonly slots = new Map<string, Slot>();
  private wrote = false;
  private closed = false;

  private constructor(
    /** The folder's real path, resolved once when it was opened. */
    readonly root: string,
    private readonly rootEntry: DirEntry,
    private readonly descriptors: boolean,
  ) {
    this.slots.set('', { ready: Promise.resolve(rootEntry), entry: rootEntry, refs: 1 });
  }

  /**
   * Opens `root` (created first with `create`). Its real path is resolved here, once; links in the path to the
   * root are the caller's choice, links below it are refused.
   */
  static async open(root: string, options: { readonly create?: boolean } = {}): Promise<ConfinedFolder> {
    if (options.create) await fsp.mkdir(root, { recursive: true });
    const real = await fsp.realpath(root);
    const descriptors = await usesDescriptors();
    if (!descriptors) {
      const st = await fsp.lstat(real);
      if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${real} is not a folder`), { code: 'ENOTDIR' });
      return new ConfinedFolder(real, { path: real }, false);
    }
    const fh = await fsp.open(real, C.O_RDONLY | C.O_DIRECTORY);
    const opened = await fsp.readlink(`${PROC_FD}/${fh.fd}`).catch(() => undefined);
    if (opened !== real) {
      await fh.close();
      throw new AppFailure({
        code: 'rejected',
        message: `${real} was replaced (now ${opened ?? 'unknown'}) while Sitekit opened it; nothing was written.`,
        hint: 'Check what changed that folder, then try again.',
        kept: 'Every file is as it was.',
      });
    }
    return new ConfinedFolder(real, { path: `${PROC_FD}/${fh.fd}`, fh }, true);
  }

  /** Opens `root`, runs `work`, and closes it again whatever happens. */
  static async use<T>(root: string, options: { readonly create?: boolean }, work: (folder: ConfinedFolder) => Promise<T>): Promise<T> {
    const folder = await ConfinedFolder.open(root, options);
    try {
      return await work(folder);
    } finally {
      await folder.close();
    }
  }

  /** Closes every folder descriptor. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const entries = [...this.slots.values()];
    this.slots.clear();
    await Promise.all(entries.map((s) => s.ready.then((e) => e.fh?.close(), () => undefined).catch(() => undefined)));
  }

  /** The absolute path of `rel` (for messages and for callers that hand it on). */
  pathOf(rel: string): string {
    return rel === '' || rel === '.' ? this.root : join(this.root, ...this.parts(rel));
  }

  /** True once any file or folder was written through this folder (refusals then say so). */
  get hasWritten(): boolean {
    return this.wrote;
  }

  /** Splits a relative path, refusing one that leaves the folder. */
  private parts(rel: string): string[] {
    const parts = rel.split('/');
    if (rel === '' || rel.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..')) throw new PathLeaves(this.root, rel);
    return parts;
  }

  private split(rel: string): { dir: string; name: string } {
    const parts = this.parts(rel);
    return { dir: parts.slice(0, -1).join('/'), name: parts[parts.length - 1] as string };
  }

  /** Rewrites an fs error about a /proc/self/fd path into one about the real path. */
  private fail(e: unknown, action: string, rel: string): Error {
    if (e instanceof AppFailure) return e;
    const code = errno(e);
    return Object.assign(new Error(`${code ?? 'error'}: could not ${action} ${this.pathOf(rel)}${code ? '' : `: ${(e as Error)?.message ?? String(e)}`}`), { code });
  }

  private async refuseLink(rel: string, at: string): Promise<LinkRefused> {
    const target = await fsp.readlink(at).catch(() => undefined);
    return new LinkRefused(this.root, rel, target, this.wrote);
  }

  /** Opens (or creates) the folder `rel` without following links; ENOENT when missing and not `create`. */
  private async openDir(rel: string, create: boolean): Promise<DirEntry> {
    const { dir, name } = this.split(rel);
    return this.inDir(dir, create, async (parent) => {
      const at = `${parent.path}/${name}`;
      const tryOpen = async (fresh = false): Promise<DirEntry | undefined> => {
        if (this.descriptors) {
          try {
            const fh = await fsp.open(at, DIR_FLAGS);
            return { path: `${PROC_FD}/${fh.fd}`, fh, fresh };
          } catch (e) {
            if (errno(e) === 'ENOENT') return undefined;
            if (errno(e) !== 'ENOTDIR' && errno(e) !== 'ELOOP') throw this.fail(e, 'open the folder', rel);
          }
        } else {
          const st = await fsp.lstat(at).catch((e: unknown) => {
            if (errno(e) === 'ENOENT') return undefined;
            throw this.fail(e, 'read', rel);
          });
          if (!st) return undefined;
          if (st.isDirectory()) return { path: join(this.root, rel) };
        }
        const st = await fsp.lstat(at).catch(() => undefined);
        if (st?.isSymbolicLink()) throw await this.refuseLink(rel, at);
        throw Object.assign(new Error(`ENOTDIR: ${this.pathOf(rel)} is not a folder`), { code: 'ENOTDIR' });
      };
      // In a folder made just now the sub-folder cannot exist yet (other calls for it wait on the same slot):
      // make it straight away instead of looking first (a staging tree of thousands of folders).
      const found = create && parent.fresh ? undefined : await tryOpen();
      if (found) return found;
      if (!create) throw Object.assign(new Error(`ENOENT: no such folder ${this.pathOf(rel)}`), { code: 'ENOENT' });
      let made = true;
      await fsp.mkdir(at, 0o755).catch((e: unknown) => {
        if (errno(e) !== 'EEXIST') throw this.fail(e, 'create the folder', rel);
        made = false;
      });
      this.wrote = true;
      const opened = await tryOpen(made);
      if (!opened) throw Object.assign(new Error(`ENOENT: ${this.pathOf(rel)} vanished while it was created`), { code: 'ENOENT' });
      return opened;
    });
  }

  /** Runs `work` with the folder `dir` ('' for the root) open, creating it (and its parents) with `create`. */
  private async inDir<T>(dir: string, create: boolean, work: (entry: DirEntry) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`${this.root} was closed`);
    let slot = this.slots.get(dir);
    if (slot) {
      // Most recently used last.
      this.slots.delete(dir);
      this.slots.set(dir, slot);
    } else {
      const ready = this.openDir(dir, create);
      const made: Slot = { ready, refs: 0 };
      slot = made;
      this.slots.set(dir, made);
      ready.then(
        (e) => (made.entry = e),
        () => this.slots.get(dir) === made && this.slots.delete(dir),
      );
    }
    slot.refs++;
    try {
      return await work(await slot.ready);
    } finally {
      slot.refs--;
      this.trim();
    }
  }

  /** Closes folders not in use beyond MAX_OPEN_FOLDERS (least recently used first); without /proc keeps none. */
  private trim(): void {
    const limit = this.descriptors ? MAX_OPEN_FOLDERS : 1;
    if (this.slots.size <= limit) return;
    for (const [key, slot] of this.slots) {
      if (this.slots.size <= limit) break;
      if (key === '' || slot.refs > 0 || !slot.entry) continue;
      this.slots.delete(key);
      void slot.entry.fh?.close().catch(() => undefined);
    }
  }

  /**
   * Checks that no existing component of these paths (folders on the way, and the path itself) is a link:
   * throws LinkRefused naming the first one found. Missing paths are fine: they will be created as real ones.
   */
  async check(rels: Iterable<string>): Promise<void> {
    await pool([...rels], 32, async (rel) => {
      const { dir, name } = this.split(rel);
      try {
        await this.inDir(dir, false, async (d) => {
          const st = await fsp.lstat(`${d.path}/${name}`).catch((e: unknown) => {
            if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return undefined;
            throw this.fail(e, 'read', rel);
          });
          if (st?.isSymbolicLink()) throw await this.refuseLink(rel, `${d.path}/${name}`);
        });
      } catch (e) {
        if (errno(e) !== 'ENOENT') throw e;
      }
    });
  }

  /** Creates the folder `rel` and its missing parents as real folders. */
  async mkdirs(rel: string): Promise<void> {
    this.parts(rel);
    await this.inDir(rel, true, async () => undefined);
  }

  /**
   * Writes a file. Plain: created or truncated in place (O_NOFOLLOW: a link is refused, never followed).
   * `atomic`: a temp file in the same folder (removed again on any failure), fsynced, renamed over the
   * file; with `backup` the previous file is first kept as `<name><backup>` the same way.
   */
  async writeFile(rel: string, data: string | Uint8Array, options: { readonly mode?: number; readonly atomic?: boolean; readonly backup?: string } = {}): Promise<void> {
    const { dir, name } = this.split(rel);
    const mode = options.mode ?? 0o644;
    await this.inDir(dir, true, async (d) => {
      const target = `${d.path}/${name}`;
      if (!options.atomic) {
        try {
          await writeFileAsync(target, data, { mode, flag: C.O_WRONLY | C.O_CREAT | C.O_TRUNC | C.O_NOFOLLOW });
        } catch (e) {
          if (errno(e) === 'ELOOP') throw await this.refuseLink(rel, target);
          throw this.fail(e, 'write', rel);
        }
        this.wrote = true;
        return;
      }
      const current = await fsp.lstat(target).catch((e: unknown) => {
        if (errno(e) === 'ENOENT') return undefined;
        throw this.fail(e, 'read', rel);
      });
      if (current?.isSymbolicLink()) throw await this.refuseLink(rel, target);
      if (options.backup && current) await this.replaceAtomically(d, `${name}${options.backup}`, await this.readAt(rel, target, true), mode);
      await this.replaceAtomically(d, name, data, mode, rel);
    });
  }

  /** Temp file + fsync + rename in the folder `d`; the temp file is removed whenever the rename does not happen. */
  private async replaceAtomically(d: DirEntry, name: string, data: string | Uint8Array, mode: number, rel = name): Promise<void> {
    const tmp = `${d.path}/.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    let fh: FileHandle | undefined;
    try {
      fh = await fsp.open(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, mode);
      this.wrote = true;
      await fh.writeFile(data);
      await fh.sync();
      await fh.close();
      fh = undefined;
      await fsp.rename(tmp, `${d.path}/${name}`);
    } catch (e) {
      await fh?.close().catch(() => undefined);
      await fsp.unlink(tmp).catch(() => undefined);
      throw this.fail(e, 'write', rel);
    }
    // Make the rename itself durable; folders cannot be fsynced everywhere, the rename is atomic regardless.
    if (d.fh) await d.fh.sync().catch(() => undefined);
  }

  private async readAt(rel: string, at: string, mustExist: true): Promise<Buffer>;
  private async readAt(rel: string, at: string, mustExist: false): Promise<Buffer | undefined>;
  private async readAt(rel: string, at: string, mustExist: boolean): Promise<Buffer | undefined> {
    try {
      return await readFileAsync(at, { flag: C.O_RDONLY | C.O_NOFOLLOW });
    } catch (e) {
      if (errno(e) === 'ELOOP') throw await this.refuseLink(rel, at);
      if (errno(e) === 'ENOENT' && !mustExist) return undefined;
      throw this.fail(e, 'read', rel);
    }
  }

  /** A file's text, or undefined when it (or its folder) does not exist; a link is refused, never read through. */
  async readText(rel: string): Promise<string | undefined> {
    const { dir, name } = this.split(rel);
    try {
      return await this.inDir(dir, false, async (d) => {
        const at = `${d.path}/${name}`;
        try {
          return await readFileAsync(at, { encoding: 'utf8', flag: C.O_RDONLY | C.O_NOFOLLOW });
        } catch (e) {
          if (errno(e) === 'ELOOP') throw await this.refuseLink(rel, at);
          if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return undefined;
          throw this.fail(e, 'read', rel);
        }
      });
    } catch (e) {
      if (errno(e) === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** A file's bytes (see readText). */
  async readBytes(rel: string): Promise<Buffer | undefined> {
    const { dir, name } = this.split(rel);
    try {
      return await this.inDir(dir, false, (d) => this.readAt(rel, `${d.path}/${name}`, false));
    } catch (e) {
      if (errno(e) === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** lstat of `rel` (a link is reported as a link, not followed), or undefined when it does not exist. */
  async lstat(rel: string): Promise<Stats | undefined> {
    const { dir, name } = this.split(rel);
    try {
      return await this.inDir(dir, false, (d) => fsp.lstat(`${d.path}/${name}`));
    } catch (e) {
      if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return undefined;
      throw e;
    }
  }

  /** The entries of the folder `rel` ('' for the root); empty when it does not exist. */
  async list(rel: string): Promise<Dirent[]> {
    if (rel !== '') this.parts(rel);
    try {
      return await this.inDir(rel, false, (d) => fsp.readdir(d.path, { withFileTypes: true }));
    } catch (e) {
      if (errno(e) === 'ENOENT') return [];
      throw this.fail(e, 'list', rel);
    }
  }

  /** Removes a file (or a link itself, never what it points to); a missing one is fine. */
  async unlink(rel: string): Promise<void> {
    const { dir, name } = this.split(rel);
    try {
      await this.inDir(dir, false, (d) => fsp.unlink(`${d.path}/${name}`));
      this.wrote = true;
    } catch (e) {
      if (errno(e) === 'ENOENT') return;
      throw this.fail(e, 'remove', rel);
    }
  }

  /** Removes a folder and everything in it (links inside are removed, not followed); a missing one is fine. */
  async removeTree(rel: string): Promise<void> {
    const { dir, name } = this.split(rel);
    try {
      await this.inDir(dir, false, (d) => fsp.rm(`${d.path}/${name}`, { recursive: true, force: true }));
      this.wrote = true;
    } catch (e) {
      if (errno(e) === 'ENOENT') return;
      throw this.fail(e, 'remove', rel);
    }
  }

  /** Creates the folder `rel` exclusively (fails with EEXIST when it exists): a fresh staging folder. */
  async makeFreshDir(rel: string): Promise<void> {
    const { dir, name } = this.split(rel);
    await this.inDir(dir, true, async (d) => {
      try {
        await fsp.mkdir(`${d.path}/${name}`, 0o700);
      } catch (e) {
        throw this.fail(e, 'create the folder', rel);
      }
      this.wrote = true;
    });
  }

  /**
   * Creates a new file at `rel` for writing and returns its handle (O_CREAT | O_EXCL | O_NOFOLLOW: never an
   * existing file, never through a link): for large files written in place, such as a stick image.
   * `extraFlags` adds open flags such as O_DIRECT.
   */
  async createFile(rel: string, mode = 0o644, extraFlags = 0): Promise<FileHandle> {
    const { dir, name } = this.split(rel);
    return this.inDir(dir, true, async (d) => {
      try {
        const fh = await fsp.open(`${d.path}/${name}`, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW | extraFlags, mode);
        this.wrote = true;
        return fh;
      } catch (e) {
        throw this.fail(e, 'create', rel);
      }
    });
  }

  /** Opens the existing file at `rel` for writing in place (O_WRONLY | O_NOFOLLOW: never through a link). */
  async openForWriting(rel: string): Promise<FileHandle> {
    const { dir, name } = this.split(rel);
    return this.inDir(dir, false, async (d) => {
      try {
        return await fsp.open(`${d.path}/${name}`, C.O_WRONLY | C.O_NOFOLLOW);
      } catch (e) {
        throw this.fail(e, 'open', rel);
      }
    });
  }

  /** Creates a symbolic link at `rel` (its folders as real folders) pointing at `target`; the link is content, never followed. */
  async makeLink(rel: string, target: string): Promise<void> {
    const { dir, name } = this.split(rel);
    await this.inDir(dir, true, async (d) => {
      try {
        await fsp.symlink(target, `${d.path}/${name}`);
      } catch (e) {
        throw this.fail(e, 'create the link', rel);
      }
      this.wrote = true;
    });
  }

  /**
   * Moves `from` to `to`, both inside this folder (one rename: never a copy). `to`'s folders are created as
   * real folders; a link at `to` is refused.
   */
  async rename(from: string, to: string): Promise<void> {
    const a = this.split(from);
    const b = this.split(to);
    await this.inDir(a.dir, false, (src) =>
      this.inDir(b.dir, true, async (dst) => {
        const target = `${dst.path}/${b.name}`;
        const st = await fsp.lstat(target).catch(() => undefined);
        if (st?.isSymbolicLink()) throw await this.refuseLink(to, target);
        try {
          await fsp.rename(`${src.path}/${a.name}`, target);
        } catch (e) {
          throw this.fail(e, `move ${this.pathOf(from)} to`, to);
        }
        this.wrote = true;
      }),
    );
  }
}

/** True for the refusal of a link inside a confined folder. */
export function isLinkRefused(e: unknown): e is LinkRefused {
  return e instanceof LinkRefused;
}
