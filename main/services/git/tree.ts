/**
 * Tree plumbing for site-scoped commits: read the files of one subtree, splice a subtree into a root tree,
 * and list the paths that differ between two trees. All of it works on objects only, so a commit never
 * depends on what else is staged in the index (other sites, a technician's half-done edit).
 */
import { createHash, randomBytes } from 'node:crypto';
import { access, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { makeDirs, writeSmallFile } from '../small-files';
import { git, gitFs } from './runner';

/** A blob in a tree: object id and mode (100644 for generated files). */
export interface BlobEntry {
  readonly oid: string;
  readonly mode: string;
}

type TreeEntry = { mode: string; path: string; oid: string; type: 'blob' | 'tree' | 'commit' };

/** The object id git gives a blob with this content (`git hash-object`). */
export function blobOid(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

/**
 * Writes one loose object (`.git/objects/xx/…`, zlib of `<type> <size>\\0<body>`) unless it is there already,
 * and returns its id. Written here rather than through isomorphic-git's writeBlob/writeTree because those
 * deflate in JavaScript and look the object up first: committing a 500-store fleet writes ~7,000 objects,
 * and node's zlib does each in microseconds (docs/FIELD-NOTES.md "Deflate with pako"). Temp file + rename, as git
 * does, so a crash never leaves a torn object under its final name.
 */
export async function writeLooseObject(dir: string, type: 'blob' | 'tree' | 'commit', body: Uint8Array): Promise<string> {
  const head = Buffer.from(`${type} ${body.byteLength}\0`, 'utf8');
  const oid = createHash('sha1').update(head).update(body).digest('hex');
  const folder = join(dir, '.git', 'objects', oid.slice(0, 2));
  const path = join(folder, oid.slice(2));
  if (await access(path).then(() => true, () => false)) return oid;
  await makeDirs(folder);
  const tmp = join(folder, `tmp_obj_${process.pid}_${randomBytes(4).toString('hex')}`);
  await writeSmallFile(tmp, deflateSync(Buffer.concat([head, body])), 0o444);
  await rename(tmp, path).catch(async (e) => {
    await unlink(tmp).catch(() => undefined);
    throw e;
  });
  return oid;
}

/** A tree object's body from its entries, in git's order (names compared with a "/" after directories). */
export function treeBody(entries: readonly { readonly mode: string; readonly path: string; readonly oid: string }[]): Buffer {
  const key = (e: { mode: string; path: string }): string => (e.mode === '040000' || e.mode === '40000' ? e.path + '/' : e.path);
  const sorted = [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const parts: Buffer[] = [];
  for (const e of sorted) parts.push(Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.path}\0`, 'utf8'), Buffer.from(e.oid, 'hex'));
  return Buffer.concat(parts);
}

/** Reads the tree oid at `path` inside a commit's tree, or undefined when the path does not exist. */
export async function treeAt(dir: string, rootTree: string | undefined, path: string, cache: object): Promise<string | undefined> {
  let oid = rootTree;
  for (const part of path.split('/').filter(Boolean)) {
    if (!oid) return undefined;
    const { tree } = await git.readTree({ fs: gitFs, dir, oid, cache });
    const entry = tree.find((e) => e.path === part && e.type === 'tree');
    oid = entry?.oid;
  }
  return oid;
}

/** A subtree's files (path relative to the subtree → blob) and each directory's entries, for reuse. */
export interface SubtreeIndex {
  readonly files: Map<string, BlobEntry>;
  /** Directory (relative, '' for the subtree root) → its tree oid and entries. */
  readonly dirs: Map<string, { oid: string; entries: readonly TreeEntry[] }>;
}

/** Reads every file under a tree recursively. */
export async function readSubtree(dir: string, treeOid: string | undefined, cache: object): Promise<SubtreeIndex> {
  const files = new Map<string, BlobEntry>();
  const dirs = new Map<string, { oid: string; entries: readonly TreeEntry[] }>();
  const visit = async (oid: string, prefix: string): Promise<void> => {
    const { tree } = await git.readTree({ fs: gitFs, dir, oid, cache });
    dirs.set(prefix, { oid, entries: tree as TreeEntry[] });
    await Promise.all(
      tree.map(async (e) => {
        const p = prefix ? `${prefix}/${e.path}` : e.path;
        if (e.type === 'tree') await visit(e.oid, p);
        else if (e.type === 'blob') files.set(p, { oid: e.oid, mode: e.mode });
      }),
    );
  };
  if (treeOid) await visit(treeOid, '');
  return { files, dirs };
}

/**
 * Replaces (or removes, with `subtree` undefined) the entry at `path` in a root tree, writing the
 * parent trees along the way. Returns the new root oid (the empty tree's oid when everything is gone).
 */
export async function spliceTree(dir: string, rootTree: string | undefined, path: string, subtree: string | undefined, cache: object): Promise<string> {
  const parts = path.split('/').filter(Boolean);
  const rewrite = async (oid: string | undefined, depth: number): Promise<string | undefined> => {
    const entries: TreeEntry[] = oid ? ((await git.readTree({ fs: gitFs, dir, oid, cache })).tree as TreeEntry[]).slice() : [];
    const name = parts[depth] as string;
    const at = entries.findIndex((e) => e.path === name);
    const child = depth === parts.length - 1 ? subtree : await rewrite(at >= 0 && entries[at]!.type === 'tree' ? entries[at]!.oid : undefined, depth + 1);
    if (at >= 0) entries.splice(at, 1);
    if (child) entries.push({ mode: '040000', path: name, oid: child, type: 'tree' });
    if (entries.length === 0 && depth > 0) return undefined;
    return writeLooseObject(dir, 'tree', treeBody(entries));
  };
  return (await rewrite(rootTree, 0)) as string;
}

/** Paths (files) that differ between two trees; equal subtrees are skipped without reading them. */
export async function changedPaths(dir: string, a: string | undefined, b: string | undefined, cache: object, prefix = ''): Promise<string[]> {
  if (a === b) return [];
  const read = async (oid: string | undefined): Promise<Map<string, TreeEntry>> =>
    oid ? new Map(((await git.readTree({ fs: gitFs, dir, oid, cache })).tree as TreeEntry[]).map((e) => [e.path, e])) : new Map();
  const [ea, eb] = await Promise.all([read(a), read(b)]);
  const out: string[] = [];
  const names = new Set([...ea.keys(), ...eb.keys()]);
  for (const name of [...names].sort()) {
    const x = ea.get(name);
    const y = eb.get(name);
    const p = prefix ? `${prefix}/${name}` : name;
    if (x && y && x.oid === y.oid && x.mode === y.mode) continue;
    const xt = x?.type === 'tree' ? x.oid : undefined;
    const yt = y?.type === 'tree' ? y.oid : undefined;
    if (xt || yt) out.push(...(await changedPaths(dir, xt, yt, cache, p)));
    if ((x && x.type !== 'tree') || (y && y.type !== 'tree')) out.push(p);
  }
  return out;
}

/** True when `path` is the folder `root` or inside it. */
export const isUnder = (path: string, root: string): boolean => path === root || path.startsWith(root + '/');

/**
 * The entries of the folder at `path` in a commit (name → tree or blob id), or an empty map when the commit
 * or the folder does not exist. Fleet status reads `sites/` once this way instead of scanning the work tree.
 */
export async function folderEntriesAt(dir: string, commit: string | undefined, path: string, cache: object): Promise<Map<string, string>> {
  if (!commit) return new Map();
  const { commit: c } = await git.readCommit({ fs: gitFs, dir, oid: commit, cache });
  const oid = await treeAt(dir, c.tree, path, cache);
  if (!oid) return new Map();
  const { tree } = await git.readTree({ fs: gitFs, dir, oid, cache });
  return new Map(tree.map((e) => [e.path, e.oid]));
}
