/**
 * Manifest files on disk: write a generated site tree (atomically, file by file, only what changed) and read
 * a folder of manifests for import or lint. Pure logic lives in main/core/manifests; this file only does I/O.
 */
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { GeneratedFile } from '../../core/manifests/generate';
import type { ManifestFile } from '../../core/manifests/manifest-docs';
import { AppFailure, err, ok, type Result } from '../../core/result';
import { ConfinedFolder } from '../confined-folder';
import { pool } from '../pool';
import { readText } from '../small-files';

/** Largest single file read for import/lint; bigger files are listed as skipped, not read. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Largest total read from one folder. */
export const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

export interface WriteReport {
  readonly outDir: string;
  /** Files created or changed, relative to outDir. */
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  /** Files under the site folder that generation no longer produces (removed when `prune` was set). */
  readonly stale: readonly string[];
  readonly removed: readonly string[];
}

export interface ReadReport {
  readonly root: string;
  readonly files: readonly ManifestFile[];
  /** Files not read: too large, unreadable or not text; with the reason. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

const READABLE = /\.(ya?ml|md|json)$|(^|\/)Kustomization$/i;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.flux', '.github']);

/** The absolute path of `path` under `root`, or undefined when it would leave `root`. */
function inside(root: string, path: string): string | undefined {
  const full = resolve(root, path);
  const rel = relative(root, full);
  return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : full;
}

/** Every file under `dir`, skipping .git, node_modules and other dot-folders (tool state, never manifests). */
async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const nested = await Promise.all(
    entries.map((e) => {
      if (e.isDirectory()) return SKIP_DIRS.has(e.name) || e.name.startsWith('.') ? Promise.resolve([]) : walk(join(dir, e.name));
      return Promise.resolve(e.isFile() ? [join(dir, e.name)] : []);
    }),
  );
  return nested.flat();
}

const toPosix = (p: string): string => p.split(sep).join('/');

/**
 * Current contents of the given repo-relative paths that exist under `outDir` (for comment preservation).
 * A link on the way or in place of a file is refused (its target's text must not end up in the output).
 */
export async function readPrevious(outDir: string, paths: readonly string[]): Promise<Result<Map<string, string>>> {
  const out = new Map<string, string>();
  const exists = await stat(outDir).then((s) => s.isDirectory(), () => false);
  if (!exists) return ok(out);
  try {
    await ConfinedFolder.use(outDir, {}, async (folder) => {
      await pool(paths.filter((p) => inside(folder.root, p)), 32, async (p) => {
        const text = await folder.readText(p);
        if (text !== undefined) out.set(p, text);
      });
    });
  } catch (e) {
    if (e instanceof AppFailure) return { ok: false, error: e.error };
    return err('io-error', `Could not read the existing files in ${outDir}: ${(e as Error).message}.`, { kept: 'Nothing was written.', hint: 'Check that the folder is readable, then generate again.' });
  }
  return ok(out);
}

/** Files under `rel` of a confined folder, skipping .git, node_modules and dot-folders; links are neither followed nor listed. */
async function walkConfined(folder: ConfinedFolder, rel: string): Promise<string[]> {
  const nested = await Promise.all(
    (await folder.list(rel)).map((e) => {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) return SKIP_DIRS.has(e.name) || e.name.startsWith('.') ? Promise.resolve([]) : walkConfined(folder, p);
      return Promise.resolve(e.isFile() ? [p] : []);
    }),
  );
  return nested.flat();
}

/**
 * Writes generated files under `outDir`. Each file is replaced atomically and only when its content
 * changed. `siteRoot` (e.g. `sites/store-0421`) is scanned for files no longer generated; they are removed
 * only with `prune`. Everything goes through `outDir` as a ConfinedFolder: a link on the way (`sites/`,
 * `hosts/`) or in place of a file is refused, naming it, before the first file is written.
 */
export async function writeGeneratedFiles(outDir: string, files: readonly GeneratedFile[], options: { siteRoot?: string; prune?: boolean } = {}): Promise<Result<WriteReport>> {
  const root = resolve(outDir);
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const f of files) {
    if (!inside(root, f.path)) return err('invalid-input', `Refused to write ${f.path}: the path leaves the output folder.`, { kept: 'Nothing was written.' });
  }
  let folder: ConfinedFolder | undefined;
  try {
    folder = await ConfinedFolder.open(root, { create: true });
    const out = folder;
    // Reading every file first refuses a link on the way or in place of a file before anything is written.
    const current = new Map<string, string | undefined>();
    await pool(files, 32, async (f) => {
      current.set(f.path, await out.readText(f.path));
    });
    for (const f of files) {
      if (current.get(f.path) === f.content) {
        unchanged.push(f.path);
        continue;
      }
      await out.writeFile(f.path, f.content, { atomic: true, mode: 0o644 });
      written.push(f.path);
    }
    const stale: string[] = [];
    const removed: string[] = [];
    if (options.siteRoot && inside(root, options.siteRoot)) {
      const generated = new Set(files.map((f) => f.path));
      for (const rel of await walkConfined(out, clean(options.siteRoot))) {
        if (generated.has(rel) || !/\.(ya?ml|md)$/.test(rel) || /\.bak$|\.tmp$/.test(rel)) continue;
        stale.push(rel);
        if (options.prune) {
          await out.unlink(rel);
          removed.push(rel);
        }
      }
    }
    return ok({ outDir: root, written, unchanged, stale: stale.sort(), removed: removed.sort() });
  } catch (e) {
    if (e instanceof AppFailure) return { ok: false, error: e.error };
    return err('io-error', `Could not write the site files to ${root}: ${(e as Error).message}.`, {
      kept: written.length > 0 ? `${written.length} file(s) already written completely; no file was left half-written` : 'every existing file unchanged',
      hint: 'Check that the folder exists and is writable, then generate again.',
    });
  } finally {
    await folder?.close();
  }
}

const clean = (p: string): string => p.replace(/^\/+|\/+$/g, '');

/** Reads every manifest-like file under `dir` (YAML, Markdown, JSON, Kustomization), skipping .git. */
export async function readManifestFolder(dir: string): Promise<Result<ReadReport>> {
  const root = resolve(dir);
  try {
    const s = await stat(root);
    if (!s.isDirectory()) return readManifestPaths([root], root);
  } catch (e) {
    return err('not-found', `Cannot read ${root}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (e as Error).message}.`, { hint: 'Pick the folder that holds the site repository or the manifests.' });
  }
  return readManifestPaths(await walk(root), root);
}

/** Reads the given files (absolute, or relative to `root`); paths in the result are relative to `root`. */
export async function readManifestPaths(paths: readonly string[], root: string): Promise<Result<ReadReport>> {
  const files: ManifestFile[] = [];
  const skipped: { path: string; reason: string }[] = [];
  // Read many at once (one at a time, a 3,300-file repo spent half a second waiting), kept in path order.
  const sorted = [...paths].sort().map((p) => {
    const full = resolve(root, p);
    return { full, rel: toPosix(relative(root, full)) || toPosix(full.slice(full.lastIndexOf(sep) + 1)) };
  }).filter((x) => READABLE.test(x.rel));
  const read = new Array<ManifestFile | undefined>(sorted.length);
  let total = 0;
  let failure: Result<ReadReport> | undefined;
  await pool(
    sorted.map((x, k) => ({ ...x, k })),
    32,
    async ({ full, rel, k }) => {
      if (failure) return;
      try {
        const s = await stat(full);
        if (s.size > MAX_FILE_BYTES) {
          skipped.push({ path: rel, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` });
          return;
        }
        total += s.size;
        if (total > MAX_TOTAL_BYTES) {
          failure = err('invalid-input', `The folder holds more than ${MAX_TOTAL_BYTES / 1024 / 1024} MB of manifests; nothing was imported.`, { hint: 'Pick the site folder rather than the whole disk.' });
          return;
        }
        const content = await readText(full);
        if (content.includes('\u0000')) {
          skipped.push({ path: rel, reason: 'not a text file' });
          return;
        }
        read[k] = { path: rel, content };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') failure = err('not-found', `Cannot read ${full}: no such file.`, { hint: 'Check the path and try again.' });
        else skipped.push({ path: rel, reason: (e as Error).message });
      }
    },
  );
  if (failure) return failure;
  for (const f of read) if (f) files.push(f);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return ok({ root, files, skipped });
}
