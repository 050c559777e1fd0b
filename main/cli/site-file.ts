/** Reads a site given on the command line (a site.yaml or a draft id), with errors that name the file and line. */
import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
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

const isFile = (path: string): Promise<boolean> => stat(path).then((s) => s.isFile(), () => false);

/** The site folder `sitekit site new` makes: `./<id>/site.yaml` under `cwd`. */
export const siteFolderFile = (cwd: string, id: string): string => join(cwd, id, 'site.yaml');

/**
 * Resolves a site argument (issue 28: the id a command prints works in the next command):
 * 1. an existing file is read as site.yaml;
 * 2. a DNS-label argument names a workspace draft (`sitekit site list`), where stick runs and commits are recorded;
 * 3. otherwise the same id names `./<id>/site.yaml`, the folder `sitekit site new` writes.
 * When both a draft and `./<id>/site.yaml` exist, the draft is used and `note` says so (and how to use the file).
 */
export async function readSiteArg(arg: string, io: { readonly cwd: string; readonly services: () => Services }): Promise<Result<SiteArg & { readonly note?: string }>> {
  const full = resolve(io.cwd, arg);
  if (!(await isFile(full)) && /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(arg)) {
    const folderFile = siteFolderFile(io.cwd, arg);
    const shown = `./${relative(io.cwd, folderFile)}`;
    const hasFolderFile = await isFile(folderFile);
    const draft = await io.services().workspace.load(arg);
    if (draft.ok) {
      const note = hasFolderFile ? `using the workspace draft ${arg}; ${shown} also exists (give that path to use the file instead)` : undefined;
      return ok({ site: draft.value.site, ref: { id: arg }, label: `draft ${arg}`, ...(note ? { note } : {}) });
    }
    if (draft.error.code !== 'not-found') return draft;
    if (hasFolderFile) {
      const file = await readSiteFile(folderFile, io.cwd);
      return file.ok ? ok({ site: file.value.site, ref: { site: file.value.site }, label: file.value.path }) : file;
    }
    return err('not-found', `"${arg}" is neither a file, a site draft in the workspace, nor a site folder here (${shown} does not exist).`, {
      hint: 'Give the path of a site.yaml, a draft id from `sitekit site list`, or run the command in the folder where `sitekit site new` wrote <id>/site.yaml.',
    });
  }
  const file = await readSiteFile(arg, io.cwd);
  return file.ok ? ok({ site: file.value.site, ref: { site: file.value.site }, label: file.value.path }) : file;
}
