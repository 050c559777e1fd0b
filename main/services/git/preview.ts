/** `preview`: the added, modified and deleted files under `<basePath>/<site>/` with a unified diff each. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ok, err, type Result } from '../../core/result';
import { unifiedDiff } from '../../core/diff/line-diff';
import { commitMessage, hostsInPaths } from '../../core/git/message';
import type { DiffPreview, FileChange } from '../../core/git/types';
import { git, gitFs, attempt, type RepoRef } from './runner';
import { checkFiles, computeSiteChanges, type RepoFile } from './changes';

export interface PreviewRequest extends RepoRef {
  readonly sitePath: string;
  readonly siteId: string;
  readonly siteName: string;
  readonly files: readonly RepoFile[];
  readonly reason?: string;
  readonly version?: string;
}

/** Above this size a file's diff is summarised instead of shown line by line. */
const MAX_DIFF_BYTES = 512 * 1024;

/** Lists files present in the work tree under a folder (relative to the repo), skipping nothing but .git. */
export async function workTreeFiles(dir: string, folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    await Promise.all(
      entries.map(async (e) => {
        const p = `${rel}/${e.name}`;
        if (e.isDirectory()) await walk(p);
        else out.push(p);
      }),
    );
  };
  await walk(folder);
  return out.sort();
}

export async function preview(req: PreviewRequest): Promise<Result<DiffPreview>> {
  const bad = checkFiles(req.sitePath, req.files);
  if (bad) return err('invalid-input', `The generated file ${bad} is not inside ${req.sitePath}/.`, { hint: 'This is a bug in the generator; nothing was written.' });
  return attempt({ action: 'Reading the repository in', auth: 'none' }, async () => {
    const cache = {};
    const c = await computeSiteChanges(req.dir, req.branch, req.sitePath, req.files, cache);
    const byPath = new Map(req.files.map((f) => [f.path, f.content]));
    const files: FileChange[] = [];
    for (const ch of c.changes) {
      const before = ch.oldOid ? Buffer.from((await git.readBlob({ fs: gitFs, dir: req.dir, oid: ch.oldOid, cache })).blob).toString('utf8') : '';
      const after = ch.kind === 'deleted' ? '' : (byPath.get(ch.path) ?? '');
      if (before.length + after.length > MAX_DIFF_BYTES) {
        files.push({ path: ch.path, kind: ch.kind, added: 0, removed: 0, diff: '', hunks: [] });
        continue;
      }
      const d = unifiedDiff(before, after, {
        oldName: ch.kind === 'added' ? '/dev/null' : `a/${ch.path}`,
        newName: ch.kind === 'deleted' ? '/dev/null' : `b/${ch.path}`,
      });
      files.push({ path: ch.path, kind: ch.kind, added: d.added, removed: d.removed, diff: d.text, hunks: d.hunks });
    }
    // In the work tree but neither generated nor tracked (tracked ones not generated are listed as deleted).
    const deleted = new Set(c.changes.filter((x) => x.kind === 'deleted').map((x) => x.path));
    const untracked = (await workTreeFiles(req.dir, req.sitePath)).filter((p) => !c.generated.has(p) && !deleted.has(p));
    const message = commitMessage({ siteId: req.siteId, siteName: req.siteName, sitePath: req.sitePath, files, reason: req.reason, version: req.version });
    return ok({ sitePath: req.sitePath, files, untracked, hosts: hostsInPaths(req.sitePath, files.map((f) => f.path)), message, head: c.head });
  });
}
