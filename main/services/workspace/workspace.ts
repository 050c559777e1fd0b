/**
 * The workspace: site drafts in a per-user data folder.
 *
 * Layout: `<root>/sites/<id>/site.yaml` (+ `site.yaml.bak`, the previous version). Saves are atomic and
 * serialised per site; a file that does not load is reported with file/line/field and never overwritten
 * unless the caller explicitly asks to replace it.
 */
import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative, sep } from 'node:path';
import { AppFailure, err, ok, type AppError, type Result } from '../../core/result';
import type { Site } from '../../core/site/schema';
import type { SiteDraft, SiteSummary } from '../../core/site/draft';
import { parseSiteYaml, stringifySite, validateSite } from '../../core/site/yaml';
import { cleanStaleTemps, KeyedMutex } from '../fs-atomic';
import { ConfinedFolder } from '../confined-folder';

const ID = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export interface WorkspaceOptions {
  /** Root folder of the workspace, e.g. ~/.local/share/Sitekit/workspace. */
  readonly root: string;
  readonly now?: () => Date;
  /** Told when a draft that did not load was replaced (by save with overwrite, or import with replace) and where it was kept. */
  readonly onReplaced?: (path: string, keptAs: string) => void;
}

/** What happened to a draft file that was replaced although it did not load (newer, unreadable, invalid). */
const keptName = (path: string, now: Date, suffix = 'kept') => `${path}.${now.toISOString().replace(/[:.]/g, '-')}.${suffix}`;

/** The revision of a draft file: the first 16 hex digits of the SHA-256 of its text. */
export function revisionOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

export class Workspace {
  private readonly mutex = new KeyedMutex();
  private readonly now: () => Date;
  private started: Promise<void> | undefined;

  constructor(private readonly options: WorkspaceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get root(): string {
    return this.options.root;
  }

  /** Folder of one site's draft. */
  siteDir(id: string): string {
    return join(this.options.root, 'sites', id);
  }

  sitePath(id: string): string {
    return join(this.siteDir(id), 'site.yaml');
  }

  /**
   * Start-up housekeeping, once per Workspace: removes temp files that saves interrupted by a crash or
   * kill -9 left in the draft folders (only those whose process is gone). Every public method awaits it.
   */
  start(): Promise<void> {
    this.started ??= (async () => {
      const sites = join(this.options.root, 'sites');
      // Only the workspace's own folders: a `sites` or draft folder that is a link is not cleaned through.
      if (!(await lstat(sites).then((st) => st.isDirectory(), () => false))) return;
      const entries = await readdir(sites, { withFileTypes: true }).catch(() => []);
      for (const e of entries.filter((d) => d.isDirectory() && ID.test(d.name))) await cleanStaleTemps(this.siteDir(e.name));
    })().catch(() => undefined);
    return this.started;
  }

  /** Lists every draft, including broken ones (with their error), newest first. */
  async list(): Promise<Result<SiteSummary[]>> {
    await this.start();
    const dir = join(this.options.root, 'sites');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
      return err('io-error', `Cannot read the workspace folder ${dir}: ${(e as Error).message}`);
    }
    const out: SiteSummary[] = [];
    for (const id of names.filter((n) => ID.test(n))) {
      const path = this.sitePath(id);
      let mtime: Date;
      try {
        mtime = (await stat(path)).mtime;
      } catch (e) {
        // A folder without site.yaml is not a draft (e.g. only a .bak left by hand).
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        out.push({ id, name: id, topology: 'one-node', hosts: [], updatedAt: new Date(0).toISOString(), error: `Cannot read ${path}: ${(e as Error).message}`, errorCode: 'io-error' });
        continue;
      }
      let parsed: Result<Site>;
      try {
        parsed = parseSiteYaml(await readFile(path, 'utf8'), path);
      } catch (e) {
        parsed = err('io-error', `Cannot read ${path}: ${(e as Error).message}`);
      }
      if (parsed.ok) {
        const s = parsed.value;
        out.push({ id, name: s.metadata.name, topology: s.spec.topology, hosts: s.spec.hosts.map((h) => h.name), updatedAt: mtime.toISOString() });
      } else {
        out.push({ id, name: id, topology: 'one-node', hosts: [], updatedAt: mtime.toISOString(), error: describeLoadError(parsed.error), errorCode: parsed.error.code });
      }
    }
    out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return ok(out);
  }

  /** Loads a draft; a broken file gives a precise error and stays untouched. */
  async load(id: string): Promise<Result<SiteDraft>> {
    if (!ID.test(id)) return err('invalid-input', `"${id}" is not a valid site id.`);
    await this.start();
    const path = this.sitePath(id);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return err('not-found', `There is no site "${id}" in the workspace.`, { file: path });
      return err('io-error', `Cannot read ${path}: ${(e as Error).message}`, { file: path });
    }
    const parsed = parseSiteYaml(text, path);
    if (!parsed.ok) return { ok: false, error: { ...parsed.error, kept: `${path} (unchanged)` } };
    const mtime = (await stat(path)).mtime.toISOString();
    return ok({ site: parsed.value, text, path, updatedAt: mtime, revision: revisionOf(text) });
  }

  /**
   * Why the draft file on disk may not be replaced without asking: it was written by a newer Sitekit, does
   * not parse, or is not a valid site. Undefined when there is no file or it loads.
   */
  private async guardExisting(path: string, id: string, action: 'save' | 'import'): Promise<{ previous?: string; loads: boolean; refusal?: { ok: false; error: AppError } }> {
    let previous: string;
    try {
      previous = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { loads: true };
      return { loads: false, refusal: refuse('io-error', `Cannot read ${path}: ${(e as Error).message}; it was not replaced.`, { file: path, kept: path }) };
    }
    const old = parseSiteYaml(previous, path);
    const again = action === 'save' ? 'save again choosing to replace it' : 'import again with replace (sitekit site import --replace)';
    if (old.ok) {
      if (action === 'save') return { previous, loads: true };
      return {
        previous,
        loads: true,
        refusal: refuse('conflict', `The workspace already has a draft "${id}" (${old.value.metadata.name}); the import did not replace it.`, {
          file: path,
          kept: `${path} (unchanged)`,
          hint: `Compare the two, then ${again} (the current draft is kept as site.yaml.bak), or import it under another id.`,
          details: { existing: { id, name: old.value.metadata.name, hosts: old.value.spec.hosts.map((h) => h.name) }, existingText: previous },
        }),
      };
    }
    if (old.error.code === 'newer-version')
      return {
        previous,
        loads: false,
        refusal: refuse('newer-version', `${path} was written by a newer Sitekit; it was not overwritten.`, {
          file: path,
          kept: path,
          hint: action === 'save' ? 'Update Sitekit, or save this site under another id.' : 'Update Sitekit, or import this file under another id.',
        }),
      };
    return {
      previous,
      loads: false,
      refusal: refuse('conflict', `${path} on disk does not load (${describeLoadError(old.error)}); it was not overwritten.`, {
        file: path,
        kept: path,
        issues: old.error.issues,
        hint: `Fix the file by hand, or ${again} (the file that does not load is kept next to it as site.yaml.<time>.kept).`,
      }),
    };
  }

  /**
   * Replaces the draft file, keeping the previous one as .bak and, when it did not load, also as a never-
   * overwritten .kept copy. Written through the workspace as a ConfinedFolder: a `sites` folder, a draft folder
   * or a draft file that is a link is refused, never written through.
   */
  private async replaceFile(path: string, text: string, previous: string | undefined, previousLoads: boolean): Promise<string | undefined> {
    const rel = relative(this.options.root, path).split(sep).join('/');
    return ConfinedFolder.use(this.options.root, { create: true }, async (ws) => {
      let kept: string | undefined;
      if (previous !== undefined && !previousLoads) {
        // The bytes on disk, not the text read: a file that is not valid UTF-8 is kept exactly.
        const bytes = await ws.readBytes(rel);
        if (!bytes) throw Object.assign(new Error(`ENOENT: ${path} vanished before it could be kept`), { code: 'ENOENT' });
        const at = this.now();
        kept = keptName(path, at);
        await ws.writeFile(keptName(rel, at), bytes, { atomic: true, mode: 0o644 });
      }
      await ws.writeFile(rel, text, { atomic: true, mode: 0o644, backup: previous !== undefined ? '.bak' : undefined });
      return kept;
    });
  }

  /**
   * Validates and saves a site. Comments in the existing file are kept. The previous file is kept as
   * `site.yaml.bak`. A file on disk that does not load (newer, unparsable, invalid) is never replaced
   * unless `overwrite` is set; then it is also kept as `site.yaml.<time>.kept`.
   *
   * `baseRevision` is the revision the caller's copy was read as: when the file changed since (another
   * window, another client, a flow recording a commit), the save is refused, the file is left as it is, and
   * the caller's version is kept next to it as `site.yaml.<time>.mine`. `keepRecords` (saves from a client)
   * takes `records` from the file, never from the caller: records are written by flows only, so a client's
   * copy can never drop a commit or stick run that the report's done lines cite.
   */
  async save(value: unknown, options: { overwrite?: boolean; baseRevision?: string; keepRecords?: boolean } = {}): Promise<Result<SiteDraft>> {
    const valid = validateSite(value);
    if (!valid.ok) return valid;
    let site: Site = valid.value;
    const id = site.metadata.id;
    await this.start();
    return this.mutex.run(id, async () => {
      const path = this.sitePath(id);
      const guard = await this.guardExisting(path, id, 'save');
      if (guard.refusal && (!options.overwrite || guard.refusal.error.code === 'io-error')) return guard.refusal;
      if (options.baseRevision !== undefined && guard.previous !== undefined && guard.loads && revisionOf(guard.previous) !== options.baseRevision) {
        const mine = keptName(path, this.now(), 'mine');
        try {
          // Through the workspace as a ConfinedFolder, like every draft write: never through a link.
          const rel = relative(this.options.root, mine).split(sep).join('/');
          await ConfinedFolder.use(this.options.root, { create: true }, (ws) => ws.writeFile(rel, stringifySite(site), { atomic: true, mode: 0o644 }));
        } catch (e) {
          return err('io-error', `Saving ${path} was refused (it changed since this copy was opened), and keeping your version failed: ${(e as Error).message}`, { file: path, kept: `${path} (unchanged)` });
        }
        return err('conflict', `The site "${id}" was saved elsewhere since this copy was opened (another window, another client, or a commit or stick recorded meanwhile); this save was refused so that change is not lost.`, {
          file: path,
          kept: `Both versions: the saved one in ${path} (unchanged), yours in ${mine}.`,
          hint: 'Reload the saved version and make your change again (yours stays in that file), or keep yours as a copy under another site id.',
          details: { currentRevision: revisionOf(guard.previous), currentText: guard.previous, mineFile: mine },
        });
      }
      if (options.keepRecords && guard.loads && guard.previous !== undefined) {
        const onDisk = parseSiteYaml(guard.previous, path);
        if (onDisk.ok) site = { ...site, records: onDisk.value.records };
      }
      const text = stringifySite(site, guard.loads ? guard.previous : undefined);
      let kept: string | undefined;
      try {
        kept = await this.replaceFile(path, text, guard.previous, guard.loads);
      } catch (e) {
        if (e instanceof AppFailure) return { ok: false, error: { ...e.error, file: path } };
        return err('io-error', `Saving ${path} failed: ${(e as Error).message}`, {
          file: path,
          kept: guard.previous !== undefined ? 'the last saved draft (unchanged)' : undefined,
          hint: 'Check free disk space and permissions, then save again.',
        });
      }
      if (kept) this.options.onReplaced?.(path, kept);
      return ok({ site, text, path, updatedAt: this.now().toISOString(), revision: revisionOf(text) });
    });
  }

  /**
   * Imports a site.yaml text as a new draft, validating it first. An existing draft with the same id (also
   * one written by a newer Sitekit, or one that does not load) is replaced only with `replace: true`; the
   * refusal carries the existing draft so the UI can show the difference.
   */
  async importText(text: string, fileName = 'site.yaml', options: { replace?: boolean } = {}): Promise<Result<SiteDraft>> {
    const parsed = parseSiteYaml(text, fileName);
    if (!parsed.ok) return parsed;
    const id = parsed.value.metadata.id;
    await this.start();
    return this.mutex.run(id, async () => {
      const path = this.sitePath(id);
      const guard = await this.guardExisting(path, id, 'import');
      if (guard.refusal && (!options.replace || guard.refusal.error.code === 'io-error')) return guard.refusal;
      try {
        const kept = await this.replaceFile(path, text, guard.previous, guard.loads);
        if (kept) this.options.onReplaced?.(path, kept);
      } catch (e) {
        if (e instanceof AppFailure) return { ok: false, error: { ...e.error, file: path } };
        return err('io-error', `Importing into ${path} failed: ${(e as Error).message}`, {
          file: path,
          kept: guard.previous !== undefined ? 'the existing draft (unchanged)' : undefined,
          hint: 'Check free disk space and permissions, then import again.',
        });
      }
      return ok({ site: parsed.value, text, path, updatedAt: this.now().toISOString(), revision: revisionOf(text) });
    });
  }

  /** Removes a draft folder. */
  async remove(id: string): Promise<Result<{ id: string }>> {
    if (!ID.test(id)) return err('invalid-input', `"${id}" is not a valid site id.`);
    // Through the workspace as a ConfinedFolder: a `sites` link is refused, a draft folder that is a link is
    // removed itself, never what it points to.
    try {
      await ConfinedFolder.use(this.options.root, { create: true }, (ws) => ws.removeTree(`sites/${id}`));
    } catch (e) {
      if (e instanceof AppFailure) return { ok: false, error: e.error };
      throw e;
    }
    return ok({ id });
  }
}

const refuse = (...a: Parameters<typeof err>): { ok: false; error: AppError } => err(...a) as { ok: false; error: AppError };

/** One line for a draft that does not load: the message plus the first located issue (line, column). */
export function describeLoadError(e: AppError): string {
  const first = e.issues?.find((i) => i.line !== undefined);
  if (!first || e.message.includes(`line ${first.line}`)) return e.message;
  return `${e.message} (line ${first.line}${first.column !== undefined ? `, column ${first.column}` : ''}: ${first.path ? first.path + ' ' : ''}${first.message})`;
}
