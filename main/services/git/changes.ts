/**
 * What committing a site's generated files would change, relative to the branch head: the one computation
 * shared by the preview and the commit, so the preview is exactly what gets committed.
 *
 * The generated folder's tree ids are computed in memory (sha-1 of each tree object, as git builds it) and
 * compared top-down with HEAD's: only directories whose ids differ are read from the repo and, at commit
 * time, written. A regeneration touching 20 of 200 hosts reads and writes a few dozen trees, not 400.
 */
import { createHash } from 'node:crypto';
import { git, gitFs, branchHead } from './runner';
import { blobOid, readSubtree, treeAt, writeLooseObject } from './tree';
import type { FileChangeKind } from '../../core/git/types';

/** One generated file: path from the repo root (forward slashes) and its text (LF line endings). */
export interface RepoFile {
  readonly path: string;
  readonly content: string;
}

export interface SiteChange {
  readonly path: string;
  readonly kind: FileChangeKind;
  readonly oldOid?: string;
  readonly newOid?: string;
}

/** A directory of the generated tree, with its computed object id. */
interface DirNode {
  readonly blobs: Map<string, string>;
  readonly dirs: Map<string, DirNode>;
  oid: string;
  /** The tree object's body, kept so writing it needs no second serialisation. */
  body?: Buffer;
}

export interface SiteChanges {
  readonly head: string | undefined;
  readonly headTree: string | undefined;
  readonly siteTree: string | undefined;
  /** Object id of the generated site folder (undefined when no files). */
  readonly generatedTree: string | undefined;
  /** Generated file path (from the repo root) → blob id. */
  readonly generated: ReadonlyMap<string, string>;
  readonly changes: readonly SiteChange[];
  /** Writes the generated folder's trees that the repo does not have yet; returns the folder's tree id. */
  writeTrees(): Promise<string | undefined>;
}

/** Rejects paths outside the site folder, absolute paths and `..`, so a bad generator cannot write elsewhere. */
export function checkFiles(sitePath: string, files: readonly RepoFile[]): string | undefined {
  for (const f of files) {
    if (!f.path.startsWith(sitePath + '/') || f.path.split('/').some((p) => p === '..' || p === '.' || p === '') || f.path.includes('\\')) {
      return f.path;
    }
  }
  return undefined;
}

/** Git's tree entry order: byte order of names, with directories compared as if followed by "/". */
function sortedEntries(node: DirNode): { name: string; mode: string; oid: string; isDir: boolean }[] {
  const out = [
    ...[...node.blobs].map(([name, oid]) => ({ name, mode: '100644', oid, isDir: false, key: name })),
    ...[...node.dirs].map(([name, d]) => ({ name, mode: '40000', oid: d.oid, isDir: true, key: name + '/' })),
  ];
  out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

/** Computes every directory's tree id bottom-up, exactly as `git write-tree` would. */
function hashTree(node: DirNode): string {
  for (const d of node.dirs.values()) hashTree(d);
  const parts: Buffer[] = [];
  for (const e of sortedEntries(node)) parts.push(Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.oid, 'hex'));
  const body = Buffer.concat(parts);
  node.body = body;
  node.oid = createHash('sha1').update(`tree ${body.length}\0`).update(body).digest('hex');
  return node.oid;
}

function buildNodes(sitePath: string, files: readonly RepoFile[]): { root: DirNode | undefined; generated: Map<string, string> } {
  const generated = new Map<string, string>();
  if (files.length === 0) return { root: undefined, generated };
  const root: DirNode = { blobs: new Map(), dirs: new Map(), oid: '' };
  for (const f of files) {
    const oid = blobOid(f.content);
    generated.set(f.path, oid);
    const parts = f.path.slice(sitePath.length + 1).split('/');
    let node = root;
    for (const p of parts.slice(0, -1)) {
      let next = node.dirs.get(p);
      if (!next) {
        next = { blobs: new Map(), dirs: new Map(), oid: '' };
        node.dirs.set(p, next);
      }
      node = next;
    }
    node.blobs.set(parts[parts.length - 1] as string, oid);
  }
  hashTree(root);
  return { root, generated };
}

/**
 * The tree id git would give a folder holding exactly these files (regular files, mode 100644), computed in
 * memory: how fleet status tells "committed" apart without a status scan of the repo.
 */
export function folderTreeOid(folder: string, files: readonly RepoFile[]): string | undefined {
  return buildNodes(folder, files).root?.oid;
}

export async function computeSiteChanges(dir: string, branch: string, sitePath: string, files: readonly RepoFile[], cache: object): Promise<SiteChanges> {
  const head = await branchHead(dir, branch);
  const headTree = head ? (await git.readCommit({ fs: gitFs, dir, oid: head, cache })).commit.tree : undefined;
  const siteTree = await treeAt(dir, headTree, sitePath, cache);
  const { root, generated } = buildNodes(sitePath, files);
  const changes: SiteChange[] = [];

  const allFiles = (node: DirNode, prefix: string, out: [string, string][]): void => {
    for (const [n, oid] of node.blobs) out.push([`${prefix}/${n}`, oid]);
    for (const [n, d] of node.dirs) allFiles(d, `${prefix}/${n}`, out);
  };
  const deletedUnder = async (oid: string, prefix: string): Promise<void> => {
    const sub = await readSubtree(dir, oid, cache);
    for (const [rel, b] of sub.files) changes.push({ path: `${prefix}/${rel}`, kind: 'deleted', oldOid: b.oid });
  };
  const compare = async (node: DirNode | undefined, headOid: string | undefined, prefix: string): Promise<void> => {
    if (node && headOid && node.oid === headOid) return;
    if (!headOid) {
      const out: [string, string][] = [];
      if (node) allFiles(node, prefix, out);
      for (const [p, oid] of out) changes.push({ path: p, kind: 'added', newOid: oid });
      return;
    }
    if (!node) return deletedUnder(headOid, prefix);
    const { tree } = await git.readTree({ fs: gitFs, dir, oid: headOid, cache });
    const seen = new Set<string>();
    for (const e of tree) {
      seen.add(e.path);
      const p = `${prefix}/${e.path}`;
      if (e.type === 'tree') {
        const sub = node.dirs.get(e.path);
        await compare(sub, e.oid, p);
        const blob = node.blobs.get(e.path);
        if (blob) changes.push({ path: p, kind: 'added', newOid: blob });
      } else if (e.type === 'blob') {
        const blob = node.blobs.get(e.path);
        if (blob === undefined) changes.push({ path: p, kind: 'deleted', oldOid: e.oid });
        else if (blob !== e.oid || e.mode !== '100644') changes.push({ path: p, kind: 'modified', oldOid: e.oid, newOid: blob });
        const sub = node.dirs.get(e.path);
        if (sub) await compare(sub, undefined, p);
      }
    }
    for (const [n, oid] of node.blobs) if (!seen.has(n)) changes.push({ path: `${prefix}/${n}`, kind: 'added', newOid: oid });
    for (const [n, d] of node.dirs) if (!seen.has(n)) await compare(d, undefined, `${prefix}/${n}`);
  };
  await compare(root, siteTree, sitePath);
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  // Tree ids the repo already has (HEAD's side of every directory we compared equal) need no writing.
  const writeTrees = async (): Promise<string | undefined> => {
    if (!root) return undefined;
    const write = async (node: DirNode, headOid: string | undefined): Promise<string> => {
      if (headOid === node.oid) return node.oid;
      let headEntries = new Map<string, string>();
      if (headOid) headEntries = new Map((await git.readTree({ fs: gitFs, dir, oid: headOid, cache })).tree.filter((e) => e.type === 'tree').map((e) => [e.path, e.oid]));
      await Promise.all([...node.dirs].map(([n, d]) => write(d, headEntries.get(n))));
      const written = await writeLooseObject(dir, 'tree', node.body as Buffer);
      if (written !== node.oid) throw new Error(`internal: tree id mismatch (${written} ≠ ${node.oid})`);
      return written;
    };
    return write(root, siteTree);
  };
  return { head, headTree, siteTree, generatedTree: root?.oid, generated, changes, writeTrees };
}
