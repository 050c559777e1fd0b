/**
 * The filesystem isomorphic-git sees: Node's fs/promises, except that `stat`/`lstat` report exact
 * nanosecond timestamps (from bigint stats), as the git CLI writes them into the index.
 *
 * Why (docs/FIELD-NOTES.md "mtime nanoseconds"): isomorphic-git derives nanoseconds from the float `mtimeMs`, so
 * after any git CLI write of the index every entry looks changed and is re-hashed (+0.5 s on a 3,700-file repo).
 * Every call in this service uses this one object, because mixing it with plain fs re-hashes at each switch.
 */
import { promises as fsp, type BigIntStats } from 'node:fs';

interface PreciseStats {
  readonly dev: number;
  readonly ino: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly mtimeSeconds: number;
  readonly mtimeNanoseconds: number;
  readonly ctimeSeconds: number;
  readonly ctimeNanoseconds: number;
  readonly mtime: Date;
  readonly ctime: Date;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

const BILLION = 1_000_000_000n;

function precise(s: BigIntStats): PreciseStats {
  return {
    dev: Number(s.dev),
    ino: Number(s.ino % 0x1_0000_0000n),
    mode: Number(s.mode),
    uid: Number(s.uid),
    gid: Number(s.gid),
    size: Number(s.size),
    mtimeMs: Number(s.mtimeMs),
    ctimeMs: Number(s.ctimeMs),
    mtimeSeconds: Number(s.mtimeNs / BILLION),
    mtimeNanoseconds: Number(s.mtimeNs % BILLION),
    ctimeSeconds: Number(s.ctimeNs / BILLION),
    ctimeNanoseconds: Number(s.ctimeNs % BILLION),
    mtime: s.mtime,
    ctime: s.ctime,
    isFile: () => s.isFile(),
    isDirectory: () => s.isDirectory(),
    isSymbolicLink: () => s.isSymbolicLink(),
  };
}

/** The promise fs handed to every isomorphic-git call. */
export const gitFs = {
  promises: {
    readFile: fsp.readFile,
    writeFile: fsp.writeFile,
    mkdir: fsp.mkdir,
    rmdir: fsp.rmdir,
    rm: fsp.rm,
    unlink: fsp.unlink,
    readdir: fsp.readdir,
    readlink: fsp.readlink,
    symlink: fsp.symlink,
    chmod: fsp.chmod,
    stat: async (path: string) => precise(await fsp.stat(path, { bigint: true })),
    lstat: async (path: string) => precise(await fsp.lstat(path, { bigint: true })),
  },
};
