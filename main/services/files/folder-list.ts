/**
 * Folder listings for the browser-mode file chooser, and the recent-folders list.
 *
 * Path rules: dispatch applies the API's path policy first (services/path-policy.ts, role `browse`:
 * resolved, `~` and relative paths included). On top of it the chooser never lists the kernel's pseudo file
 * systems (/proc, /sys, /dev: drives are chosen from the drive list, not as files), leaves hidden entries out
 * and does not offer the system folders the policy refuses to read from (SYSTEM_FOLDERS), so it never shows
 * a file the next request would refuse.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, parse, resolve } from 'node:path';
import { err, ok, type Result } from '../../core/result';
import type { FileEntry, FileFilter, FileListing, FilePlace } from '../../core/files';
import type { Services } from '../index';
import { writeFileAtomic } from '../fs-atomic';
import { SYSTEM_FOLDERS } from '../path-policy';

const MAX_ENTRIES = 2000;
const MAX_RECENT = 8;
const PSEUDO = ['/proc', '/sys', '/dev'];

/** The path if the API may list or remember it, else the reason. */
function checkPath(p: string): Result<string> {
  if (!isAbsolute(p) || p.includes('\0')) return err('invalid-input', `"${p}" is not an absolute path.`, { hint: 'Choose a folder from the list, or type a full path such as /home/tech/isos.' });
  const abs = resolve(p);
  if (PSEUDO.some((x) => abs === x || abs.startsWith(`${x}/`))) return err('invalid-input', `${abs} is a system folder, not a place for installer or image files.`, { hint: 'Drives are chosen in the Sticks list; choose a folder in your home or on mounted media.' });
  return ok(abs);
}

const matches = (name: string, filter: FileFilter): boolean =>
  filter === 'any' || (filter === 'iso' && /\.iso$/i.test(name)) || (filter === 'image' && /\.(img|bin|raw)$/i.test(name));

async function places(s: Services): Promise<FilePlace[]> {
  const home = homedir();
  const candidates: FilePlace[] = [
    { label: 'Home', path: home },
    { label: 'Image folder', path: join(s.options.dataDir, 'images') },
    { label: 'Workspace', path: s.workspace.root },
    { label: 'Mounted media', path: '/media' },
    { label: 'Mounted media', path: join('/run/media', process.env.USER ?? '') },
    { label: 'Mounts', path: '/mnt' },
  ];
  const seen = new Set<string>();
  const out: FilePlace[] = [];
  for (const c of candidates) {
    if (seen.has(c.path)) continue;
    seen.add(c.path);
    if (await stat(c.path).then((st) => st.isDirectory(), () => false)) out.push(c);
  }
  return out;
}

function recentFile(s: Services): string {
  return join(s.options.dataDir, 'recent-folders.json');
}

async function readRecent(s: Services): Promise<string[]> {
  try {
    const raw = JSON.parse(await readFile(recentFile(s), 'utf8')) as unknown;
    return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string' && isAbsolute(x)).slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

/** Lists a folder for the chooser (folders first, then files matching the filter). */
export async function listFolder(s: Services, dir: string | undefined, filter: FileFilter): Promise<Result<FileListing>> {
  const recent = await readRecent(s);
  const start = dir ?? recent[0] ?? homedir();
  const checked = checkPath(start);
  if (!checked.ok) return checked;
  const abs = checked.value;
  let names;
  try {
    names = await readdir(abs, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a folder' : code === 'EACCES' || code === 'EPERM' ? 'may not be read by Sitekit' : `could not be read (${code ?? String(e)})`;
    return err(code === 'ENOENT' ? 'not-found' : 'io-error', `The folder ${abs} ${why}.`, { hint: 'Choose another folder from the list.' });
  }
  const entries: FileEntry[] = [];
  let omitted = 0;
  for (const d of names) {
    const path = join(abs, d.name);
    if (d.name.startsWith('.') || SYSTEM_FOLDERS.includes(path)) continue;
    // Follow symlinks to say what they point at; a dangling link is "other".
    const st = await stat(path).catch(() => undefined);
    const kind: FileEntry['kind'] = st?.isDirectory() ? 'folder' : st?.isFile() ? 'file' : 'other';
    if (kind === 'other' || (kind === 'file' && (filter === 'folder' || !matches(d.name, filter)))) continue;
    if (entries.length >= MAX_ENTRIES) {
      omitted++;
      continue;
    }
    entries.push({ name: d.name, path, kind, ...(kind === 'file' && st ? { size: st.size, modified: st.mtime.toISOString() } : {}) });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.kind === 'folder' ? -1 : 1));
  const parent = parse(abs).root === abs ? undefined : dirname(abs);
  return ok({ dir: abs, ...(parent ? { parent } : {}), entries, omitted, recent, places: await places(s) });
}

/** Remembers the folder of a picked file among the recent folders. */
export async function rememberFolder(s: Services, path: string): Promise<Result<{ recent: readonly string[] }>> {
  const checked = checkPath(path);
  if (!checked.ok) return checked;
  const isDir = await stat(checked.value).then((st) => st.isDirectory(), () => false);
  const folder = isDir ? checked.value : dirname(checked.value);
  const recent = [folder, ...(await readRecent(s)).filter((r) => r !== folder)].slice(0, MAX_RECENT);
  await writeFileAtomic(recentFile(s), JSON.stringify(recent, null, 2) + '\n');
  return ok({ recent });
}

