/**
 * Folder listings for the browser-mode file chooser, and the recent-folders list.
 *
 * Path rules: the chooser applies the same policy as reads and writes (services/path-policy.ts). Dispatch
 * checks the folder asked for (role `browse`: an allowed folder, its real path); here every entry that is a
 * link is checked where it leads (a link to /proc/self or /etc is left out), the parent is offered only when
 * it is allowed, recent folders and places only when they still are, and `files:remember` stores only an
 * allowed folder. Without a policy (the CLI, tests of this module) it still never lists the kernel's pseudo
 * file systems, hidden entries or the system folders. So the chooser never shows what the next request would
 * refuse.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { dirname, isAbsolute, join, parse, resolve } from 'node:path';
import { err, ok, type Result } from '../../core/result';
import type { FileEntry, FileFilter, FileListing, FilePlace } from '../../core/files';
import type { Services } from '../index';
import { writeFileAtomic } from '../fs-atomic';
import { removableMedia, SYSTEM_FOLDERS, type PathPolicy } from '../path-policy';

/** The policy the chooser applies (what dispatch hands handlers as `ctx.paths`). */
export type ChooserPolicy = Pick<PathPolicy, 'check'>;

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

async function places(s: Services, policy?: ChooserPolicy): Promise<FilePlace[]> {
  const home = homedir();
  let user = process.env.USER ?? '';
  try {
    user = userInfo().username;
  } catch {
    // no user database entry: keep $USER
  }
  const candidates: FilePlace[] = [
    { label: 'Home', path: home },
    { label: 'Image folder', path: join(s.options.dataDir, 'images') },
    { label: 'Workspace', path: s.workspace.root },
    ...(user ? removableMedia(user).map((path) => ({ label: 'Mounted media', path })) : []),
  ];
  const seen = new Set<string>();
  const out: FilePlace[] = [];
  for (const c of candidates) {
    if (seen.has(c.path)) continue;
    seen.add(c.path);
    if (!(await stat(c.path).then((st) => st.isDirectory(), () => false))) continue;
    if (policy && !(await policy.check('browse', c.path)).ok) continue;
    out.push(c);
  }
  return out;
}

function recentFile(s: Services): string {
  return join(s.options.dataDir, 'recent-folders.json');
}

async function readRecent(s: Services, policy?: ChooserPolicy): Promise<string[]> {
  let list: string[];
  try {
    const raw = JSON.parse(await readFile(recentFile(s), 'utf8')) as unknown;
    list = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string' && isAbsolute(x)).slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
  if (!policy) return list;
  // A folder remembered earlier (or by an older Sitekit) is offered only while the policy still allows it.
  const allowed = await Promise.all(list.map(async (r) => (await policy.check('browse', r)).ok));
  return list.filter((_, i) => allowed[i]);
}

/** Whether an entry that is a link may be shown: where it leads must be allowed (as a folder or a readable file). */
async function linkAllowed(policy: ChooserPolicy, path: string, kind: FileEntry['kind']): Promise<boolean> {
  return (await policy.check(kind === 'folder' ? 'browse' : 'read-file', path)).ok;
}

/** Lists a folder for the chooser (folders first, then files matching the filter). */
export async function listFolder(s: Services, dir: string | undefined, filter: FileFilter, policy?: ChooserPolicy): Promise<Result<FileListing>> {
  const recent = await readRecent(s, policy);
  const start = dir ?? recent[0] ?? homedir();
  const checked = checkPath(start);
  if (!checked.ok) return checked;
  const abs = checked.value;
  if (policy && dir === undefined) {
    const allowed = await policy.check('browse', abs);
    if (!allowed.ok) return allowed;
  }
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
    if (policy && d.isSymbolicLink() && !(await linkAllowed(policy, path, kind))) continue;
    if (entries.length >= MAX_ENTRIES) {
      omitted++;
      continue;
    }
    entries.push({ name: d.name, path, kind, ...(kind === 'file' && st ? { size: st.size, modified: st.mtime.toISOString() } : {}) });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.kind === 'folder' ? -1 : 1));
  const up = parse(abs).root === abs ? undefined : dirname(abs);
  const parent = up && (!policy || (await policy.check('browse', up)).ok) ? up : undefined;
  return ok({ dir: abs, ...(parent ? { parent } : {}), entries, omitted, recent, places: await places(s, policy) });
}

/** Remembers the folder of a picked file among the recent folders (only a folder the policy allows). */
export async function rememberFolder(s: Services, path: string, policy?: ChooserPolicy): Promise<Result<{ recent: readonly string[] }>> {
  const checked = checkPath(path);
  if (!checked.ok) return checked;
  const isDir = await stat(checked.value).then((st) => st.isDirectory(), () => false);
  const folder = isDir ? checked.value : dirname(checked.value);
  if (policy) {
    const allowed = await policy.check('browse', folder);
    if (!allowed.ok) return allowed;
  }
  const recent = [folder, ...(await readRecent(s, policy)).filter((r) => r !== folder)].slice(0, MAX_RECENT);
  await writeFileAtomic(recentFile(s), JSON.stringify(recent, null, 2) + '\n');
  return ok({ recent });
}
