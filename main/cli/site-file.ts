/** Reads a site given on the command line (a site.yaml or a draft id), with errors that name the file and line. */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { err, ok, type Result } from '../core/result';
import type { Site } from '../core/site/schema';
import { parseSiteYaml } from '../core/site/yaml';
import type { Services } from '../services/index';

export async function readSiteFile(path: string, cwd: string): Promise<Result<{ site: Site; text: string; path: string }>> {
  const full = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (e) {
    return err('not-found', `Cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`, { file: full });
  }
  const parsed = parseSiteYaml(text, path);
  return parsed.ok ? { ok: true, value: { site: parsed.value, text, path: full } } : parsed;
}

/** A site on the command line: a site.yaml path, or the id of a draft in the workspace. */
export interface SiteArg {
  readonly site: Site;
  /** What to send through the contract: `{ id }` for a draft (records go there), `{ site }` for a file. */
  readonly ref: { readonly id: string } | { readonly site: Site };
  /** For messages: the file path or "draft <id>". */
  readonly label: string;
}

/**
 * Resolves a site argument: an existing file is read as site.yaml; otherwise a DNS-label argument names a
 * workspace draft (`sitekit site list` shows them).
 */
export async function readSiteArg(arg: string, io: { readonly cwd: string; readonly services: () => Services }): Promise<Result<SiteArg>> {
  const full = resolve(io.cwd, arg);
  const isFile = await stat(full).then((s) => s.isFile(), () => false);
  if (!isFile && /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(arg)) {
    const draft = await io.services().workspace.load(arg);
    if (draft.ok) return ok({ site: draft.value.site, ref: { id: arg }, label: `draft ${arg}` });
    if (draft.error.code !== 'not-found') return draft;
    return err('not-found', `"${arg}" is neither a file nor a site draft in the workspace.`, { hint: 'Give the path of a site.yaml, or a draft id from `sitekit site list`.' });
  }
  const file = await readSiteFile(arg, io.cwd);
  return file.ok ? ok({ site: file.value.site, ref: { site: file.value.site }, label: file.value.path }) : file;
}
