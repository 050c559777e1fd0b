/**
 * `commit`: writes a site's generated files into the work tree under `<basePath>/<site>/`, stages exactly
 * those paths, and commits a tree that is HEAD with only that folder replaced.
 *
 * Fast path (docs/FIELD-NOTES.md "Commit fast path and measurements", then measured on a 500-store repo): the
 * generated list is the change list (no status scan of the repo or the index); blobs, trees and the commit are
 * written as loose objects with node's zlib; only the directories that changed are written; the index is read and
 * written once with exactly the site's changed entries. Because the commit tree is built from objects, whatever
 * else is staged or dirty in the repo (other sites, a technician's own edits) is neither committed nor touched.
 */
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { takeLock } from './lock-file';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pool } from '../pool';
import { ConfinedFolder } from '../confined-folder';
import { err, ok, type Result } from '../../core/result';
import type { CommitInfo } from '../../core/git/types';
import { git, gitFs, attempt, branchHead, checkIndexLock, primeDeflate, withRepoLock, type RepoRef } from './runner';
import { checkFiles, computeSiteChanges, type RepoFile } from './changes';
import { spliceTree, writeLooseObject } from './tree';
import { signerFor, type SigningKey } from './sign';

export interface Author {
  readonly name: string;
  readonly email: string;
}

export interface CommitRequest extends RepoRef {
  readonly sitePath: string;
  readonly files: readonly RepoFile[];
  readonly author: Author;
  /** The commit message, or a function of the changes (the preview's message builder). */
  readonly message: string | ((changes: readonly { path: string; kind: 'added' | 'modified' | 'deleted' }[]) => string);
  readonly signingKey?: SigningKey;
  readonly now: Date;
  /** Receives the time of each phase in ms (bench and logs: where the time goes). */
  readonly onPhase?: (phase: 'read' | 'worktree' | 'stage' | 'trees' | 'commit', ms: number) => void;
}

export async function commitSite(req: CommitRequest): Promise<Result<CommitInfo>> {
  if (!req.author.name.trim() || !req.author.email.trim()) {
    return err('invalid-input', 'A commit needs the technician\'s name and email.', { hint: 'Enter them in Settings (they are written into the commit as its author).' });
  }
  const bad = checkFiles(req.sitePath, req.files);
  if (bad) return err('invalid-input', `The generated file ${bad} is not inside ${req.sitePath}/.`, { hint: 'This is a bug in the generator; nothing was written.' });
  return withRepoLock(req.dir, () =>
    attempt({ action: 'Committing in', auth: 'none', kept: 'The work tree and earlier commits are unchanged or complete; nothing was lost.' }, () => ConfinedFolder.use(req.dir, {}, async (tree) => {
      const locked = await checkIndexLock(req.dir);
      if (!locked.ok) return locked;
      const current = await git.currentBranch({ fs: gitFs, dir: req.dir, fullname: false }).catch(() => undefined);
      if (current && current !== req.branch) {
        return err('conflict', `The repository at ${req.dir} is on branch "${current}", but this site commits to "${req.branch}".`, {
          hint: `Switch the repository back to "${req.branch}" with Git, or choose "${current}" as the site's branch.`,
          kept: 'Nothing was changed.',
        });
      }
      let mark = performance.now();
      const phase = (name: Parameters<NonNullable<CommitRequest['onPhase']>>[0]): void => {
        const t = performance.now();
        req.onPhase?.(name, t - mark);
        mark = t;
      };
      const cache = {};
      const c = await computeSiteChanges(req.dir, req.branch, req.sitePath, req.files, cache);
      phase('read');

      // 1. Work tree, through the repo as a ConfinedFolder (git's rule: a link in the work tree is never
      // followed out of it). First every path is read or looked at, which refuses a link on the way (`sites`,
      // `hosts/`) or in place of a file (a README.md) before anything is written; then the files whose bytes
      // differ are written and the files of the site that are no longer generated removed.
      const deleted = c.changes.filter((x) => x.kind === 'deleted').map((x) => x.path);
      const onDisk = new Map<string, string | undefined>();
      await pool(req.files, 32, async (f) => {
        onDisk.set(f.path, await tree.readText(f.path));
      });
      await tree.check(deleted);
      const written: string[] = [];
      await pool(req.files, 32, async (f) => {
        if (onDisk.get(f.path) === f.content) return;
        await tree.writeFile(f.path, f.content);
        written.push(f.path);
      });
      await pool(deleted, 32, (p) => tree.unlink(p));

      phase('worktree');
      const message = typeof req.message === 'string' ? req.message : req.message(c.changes);
      const branch = req.branch;
      // 2. Objects and index: blobs of what differs from HEAD (or was just written), then exactly those index
      // entries. The index is not walked (no status scan): the change list says what to stage.
      const changedPaths = new Set([...written, ...c.changes.filter((x) => x.kind !== 'deleted').map((x) => x.path)]);
      const toStage = req.files.filter((f) => changedPaths.has(f.path));
      await pool(toStage, 32, async (f) => {
        await writeLooseObject(req.dir, 'blob', Buffer.from(f.content, 'utf8'));
      });
      const refused = await stageInIndex(req.dir, toStage.map((f) => ({ path: f.path, oid: c.generated.get(f.path) as string })), deleted);
      if (refused) {
        return err(refused.startsWith('conflict') ? 'conflict' : 'unsupported', `The Git index of ${req.dir} cannot be updated: ${refused.replace(/^conflict: /, '')}.`, {
          hint: refused.startsWith('conflict') ? 'Resolve the merge conflict with Git first, then commit again.' : 'Run `git update-index --index-version 2` in the repository (no split or sparse index), then commit again.',
          kept: 'The files are written in the work tree; nothing was staged or committed.',
        });
      }

      phase('stage');
      // 3. Tree: HEAD with the site folder replaced by the generated files.
      if (c.changes.length === 0 && c.head) {
        return ok({ sha: c.head, committed: false, message, branch, files: 0, signed: false, at: req.now.toISOString() });
      }
      const siteTree = await c.writeTrees();
      const rootTree = await spliceTree(req.dir, c.headTree, req.sitePath, siteTree, cache);

      phase('trees');
      // 4. Commit (optionally signed) and move the branch.
      const who = { name: req.author.name, email: req.author.email, timestamp: Math.floor(req.now.getTime() / 1000), timezoneOffset: req.now.getTimezoneOffset() };
      let sha: string;
      let onSign;
      if (req.signingKey) {
        const signer = await signerFor(req.signingKey);
        if (!signer.ok) return { ok: false, error: { ...signer.error, kept: 'The files are written and staged; nothing was committed.' } };
        onSign = signer.value;
        await primeDeflate(req.dir);
        sha = await git.commit({
          fs: gitFs,
          dir: req.dir,
          message,
          author: who,
          committer: who,
          tree: rootTree,
          parent: c.head ? [c.head] : [],
          ref: `refs/heads/${branch}`,
          onSign,
          signingKey: req.signingKey.armoredKey,
          cache,
        });
      } else {
        sha = await writeCommit(req.dir, { tree: rootTree, parent: c.head, who, message, branch });
      }
      phase('commit');
      return ok({ sha, committed: true, message, branch, files: c.changes.length, signed: !!onSign, at: req.now.toISOString() });
    })),
  );
}

/** `+hhmm` / `-hhmm` from a JavaScript timezone offset (minutes behind UTC), as git writes it. */
function tz(offsetMinutes: number): string {
  const east = -offsetMinutes;
  const abs = Math.abs(east);
  return `${east < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Writes an unsigned commit object and moves the branch to it under `<ref>.lock` (git's ref lock, taken with
 * an owner record: lock-file.ts), compare-and-swap on the old head. Written directly rather than with isomorphic-git's commit, which reads and locks
 * the whole index even when it is given the tree (≈30 ms on a 7,500-entry index, most of a one-site commit).
 */
async function writeCommit(dir: string, c: { tree: string; parent?: string; who: { name: string; email: string; timestamp: number; timezoneOffset: number }; message: string; branch: string }): Promise<string> {
  const person = `${c.who.name} <${c.who.email}> ${c.who.timestamp} ${tz(c.who.timezoneOffset)}`;
  const text = `tree ${c.tree}\n${c.parent ? `parent ${c.parent}\n` : ''}author ${person}\ncommitter ${person}\n\n${c.message.endsWith('\n') ? c.message : c.message + '\n'}`;
  const sha = await writeLooseObject(dir, 'commit', Buffer.from(text, 'utf8'));
  const refPath = join(dir, '.git', 'refs', 'heads', ...c.branch.split('/'));
  await mkdir(dirname(refPath), { recursive: true });
  // git's ref lock, born with Sitekit's owner record so a kill -9 here never blocks later commits.
  const lock = await takeLock(`${refPath}.lock`, join(dir, '.git'));
  try {
    const current = await branchHead(dir, c.branch);
    if (current !== c.parent) throw new Error(`the branch ${c.branch} moved while committing (now ${current ?? 'unborn'})`);
    await replaceFile(dir, refPath, `${sha}\n`);
  } finally {
    await lock.release();
  }
  return sha;
}

/**
 * Sets the index entries of `add` (fresh stat data and the given blob ids) and drops `remove`, reading and
 * writing `.git/index` once, under `.git/index.lock` as git does. Untouched entries are copied byte for byte;
 * the optional extensions (cache-tree, untracked cache, …) are dropped, which git accepts and rebuilds.
 * Returns why, changing nothing, for an index it does not handle: version 4, a split or sparse index (which
 * isomorphic-git cannot update either), or a path of the site in a merge conflict.
 *
 * Why by hand: isomorphic-git's add re-parses and re-serialises every entry in JavaScript and hashes with a
 * JS SHA-1: 70–120 ms for one file on a 4,000-entry index here, where git takes a few ms; this keeps a
 * one-site commit in a 500-store repo close to `git add && git commit`. Format: git's index-format.txt (v2/v3).
 */
export async function stageInIndex(dir: string, add: readonly { path: string; oid: string }[], remove: readonly string[]): Promise<string | undefined> {
  if (add.length === 0 && remove.length === 0) return undefined;
  const indexPath = join(dir, '.git', 'index');
  const buf = await readFile(indexPath).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  const kept: { name: Buffer; entry: Buffer }[] = [];
  const touched = new Set([...add.map((a) => a.path), ...remove]);
  let version = 2;
  if (buf) {
    if (buf.length < 32 || buf.toString('latin1', 0, 4) !== 'DIRC') return 'it is not a Git index file';
    version = buf.readUInt32BE(4);
    if (version !== 2 && version !== 3) return `it uses index format version ${version}; Sitekit updates versions 2 and 3`;
    const count = buf.readUInt32BE(8);
    let pos = 12;
    for (let i = 0; i < count; i++) {
      const flags = buf.readUInt16BE(pos + 60);
      const extended = (flags & 0x4000) !== 0;
      const nameStart = pos + 62 + (extended ? 2 : 0);
      const nameEnd = buf.indexOf(0, nameStart);
      if (nameEnd < 0) return 'it is truncated';
      const len = Math.ceil((nameEnd - pos + 1) / 8) * 8;
      const name = buf.subarray(nameStart, nameEnd);
      const path = name.toString('utf8');
      if (touched.has(path)) {
        if ((flags & 0x3000) !== 0) return `conflict: ${path} is in a merge conflict`;
      } else kept.push({ name, entry: buf.subarray(pos, pos + len) });
      pos += len;
    }
    // Extensions: refuse the ones whose meaning depends on entries elsewhere; drop the rest.
    while (pos + 8 <= buf.length - 20) {
      const sig = buf.toString('latin1', pos, pos + 4);
      if (sig === 'link' || sig === 'sdir') return `it is a ${sig === 'link' ? 'split' : 'sparse'} index`;
      pos += 8 + buf.readUInt32BE(pos + 4);
    }
  }
  const fresh = await Promise.all(
    add.map(async (a) => {
      const st = await stat(join(dir, a.path), { bigint: true });
      const name = Buffer.from(a.path, 'utf8');
      const entry = Buffer.alloc(Math.ceil((62 + name.length + 1) / 8) * 8);
      const u32 = (v: bigint): number => Number(v & 0xffffffffn);
      const ns = (v: bigint): [number, number] => [u32(v / 1_000_000_000n), u32(v % 1_000_000_000n)];
      const [cs, cn] = ns(st.ctimeNs);
      const [ms, mn] = ns(st.mtimeNs);
      [cs, cn, ms, mn, u32(st.dev), u32(st.ino), (st.mode & 0o111n) !== 0n ? 0o100755 : 0o100644, u32(st.uid), u32(st.gid), u32(st.size)].forEach((v, i) => entry.writeUInt32BE(v, i * 4));
      entry.write(a.oid, 40, 'hex');
      entry.writeUInt16BE(Math.min(name.length, 0xfff), 60);
      name.copy(entry, 62);
      return { name, entry };
    }),
  );
  // Git sorts entries by the bytes of the path (then stage; kept entries keep their order, sort is stable).
  const all = [...kept, ...fresh].sort((a, b) => Buffer.compare(a.name, b.name));
  const header = Buffer.alloc(12);
  header.write('DIRC', 0, 'latin1');
  header.writeUInt32BE(version, 4);
  header.writeUInt32BE(all.length, 8);
  const body = Buffer.concat([header, ...all.map((e) => e.entry)]);
  const out = Buffer.concat([body, createHash('sha1').update(body).digest()]);
  const lock = await takeLock(`${indexPath}.lock`, join(dir, '.git'));
  try {
    await replaceFile(dir, indexPath, out);
  } finally {
    await lock.release();
  }
  return undefined;
}

/** Writes `data` to a temp file in .git and renames it over `path` (under the caller's lock). */
async function replaceFile(dir: string, path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dir, '.git', `sitekit-write-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { mode: 0o644 });
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
