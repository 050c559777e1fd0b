/** `preview`: the added, modified and deleted files under `<basePath>/<site>/` with a unified diff each. */
import { ConfinedFolder, isLinkRefused } from '../confined-folder';
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

/** Lists what the work tree holds under a folder (relative to the repo): files, and links as entries never followed. */
async function listUnder(tree: ConfinedFolder, folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await tree.list(rel);
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

/**
 * Lists files present in the work tree under a folder (relative to the repo), skipping nothing but .git.
 * Through the repo as a ConfinedFolder: a link on the way to the folder is refused (LinkRefused), a link
 * inside it is listed, never followed.
 */
export async function workTreeFiles(dir: string, folder: string): Promise<string[]> {
  return ConfinedFolder.use(dir, {}, (tree) => listUnder(tree, folder));
}

/**
 * The text of every file under a folder of the work tree (repo-relative path → text), for keeping the
 * comments a person added. A link on the way or in place of a file is refused with its name: its target's
 * text must never end up in generated files that get committed and pushed.
 */
export async function readWorkTree(dir: string, folder: string): Promise<Result<Map<string, string>>> {
  try {
    return ok(
      await ConfinedFolder.use(dir, {}, async (tree) => {
        const texts = new Map<string, string>();
        for (const p of await listUnder(tree, folder)) {
          const text = await tree.readText(p);
          if (text !== undefined) texts.set(p, text);
        }
        return texts;
      }),
    );
  } catch (e) {
    if (isLinkRefused(e)) return { ok: false, error: { ...e.error, message: e.error.message.replace('Nothing was written.', 'Nothing was read or written.') } };
    return err('io-error', `Could not read the work tree under ${folder} in ${dir}: ${(e as Error).message}.`, { hint: 'Check that the repository folder is readable.', kept: 'Nothing was written.' });
  }
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
