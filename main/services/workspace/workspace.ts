/**
 * The workspace: site drafts in a per-user data folder.
 *
 * Layout: `<root>/sites/<id>/site.yaml` (+ `site.yaml.bak`, the previous version). Saves are atomic and
 * serialised per site; a file that does not load is reported with file/line/field and never overwritten
 * unless the caller explicitly asks to replace it.
 */
import { readFile, readdir, stat, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../core/result';
import type { Site } from '../../core/site/schema';
import type { SiteDraft, SiteSummary } from '../../core/site/draft';
import { parseSiteYaml, stringifySite, validateSite } from '../../core/site/yaml';
import { writeFileAtomic, KeyedMutex } from '../fs-atomic';

const ID = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export interface WorkspaceOptions {
  /** Root folder of the workspace, e.g. ~/.local/share/Sitekit/workspace. */
  readonly root: string;
  readonly now?: () => Date;
}

export class Workspace {
  private readonly mutex = new KeyedMutex();
  private readonly now: () => Date;

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

  /** Lists every draft, including broken ones (with their error), newest first. */
  async list(): Promise<Result<SiteSummary[]>> {
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
      let text: string;
      let mtime: Date;
      try {
        [text, mtime] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mtime)]);
      } catch {
        continue;
      }
      const parsed = parseSiteYaml(text, path);
      if (parsed.ok) {
        const s = parsed.value;
        out.push({ id, name: s.metadata.name, topology: s.spec.topology, hosts: s.spec.hosts.map((h) => h.name), updatedAt: mtime.toISOString() });
      } else {
        out.push({ id, name: id, topology: 'one-node', hosts: [], updatedAt: mtime.toISOString(), error: parsed.error.message });
      }
    }
    out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return ok(out);
  }

  /** Loads a draft; a broken file gives a precise error and stays untouched. */
  async load(id: string): Promise<Result<SiteDraft>> {
    if (!ID.test(id)) return err('invalid-input', `"${id}" is not a valid site id.`);
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
    return ok({ site: parsed.value, text, path, updatedAt: mtime });
  }

  /**
   * Validates and saves a site. Comments in the existing file are kept. The previous file is kept as
   * `site.yaml.bak`. A file on disk that does not parse is never replaced unless `overwrite` is set.
   */
  async save(value: unknown, options: { overwrite?: boolean } = {}): Promise<Result<SiteDraft>> {
    const valid = validateSite(value);
    if (!valid.ok) return valid;
    const site: Site = valid.value;
    const id = site.metadata.id;
    return this.mutex.run(id, async () => {
      const path = this.sitePath(id);
      let previous: string | undefined;
      try {
        previous = await readFile(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return err('io-error', `Cannot read ${path}: ${(e as Error).message}`, { file: path });
      }
      if (previous !== undefined && !options.overwrite) {
        const old = parseSiteYaml(previous, path);
        if (!old.ok && old.error.code === 'newer-version') {
          return err('newer-version', `${path} was written by a newer Sitekit; it was not overwritten.`, { file: path, kept: path, hint: 'Update Sitekit, or save this site under another id.' });
        }
        if (!old.ok && old.error.code === 'parse-error') {
          return err('conflict', `${path} on disk is not valid YAML; it was not overwritten.`, {
            file: path,
            kept: path,
            issues: old.error.issues,
            hint: 'Fix the file by hand, or save again choosing to replace it (the broken file is kept as site.yaml.bak).',
          });
        }
      }
      const text = stringifySite(site, previous);
      try {
        await writeFileAtomic(path, text, { backup: previous !== undefined ? '.bak' : undefined, mode: 0o644 });
      } catch (e) {
        return err('io-error', `Saving ${path} failed: ${(e as Error).message}`, {
          file: path,
          kept: previous !== undefined ? 'the last saved draft (unchanged)' : undefined,
          hint: 'Check free disk space and permissions, then save again.',
        });
      }
      return ok({ site, text, path, updatedAt: this.now().toISOString() });
    });
  }

  /** Imports a site.yaml text as a new or replacing draft, validating it first. */
  async importText(text: string, fileName = 'site.yaml'): Promise<Result<SiteDraft>> {
    const parsed = parseSiteYaml(text, fileName);
    if (!parsed.ok) return parsed;
    return this.mutex.run(parsed.value.metadata.id, async () => {
      const path = this.sitePath(parsed.value.metadata.id);
      await mkdir(this.siteDir(parsed.value.metadata.id), { recursive: true });
      await writeFileAtomic(path, text, { backup: '.bak', mode: 0o644 });
      return ok({ site: parsed.value, text, path, updatedAt: this.now().toISOString() });
    });
  }

  /** Removes a draft folder. */
  async remove(id: string): Promise<Result<{ id: string }>> {
    if (!ID.test(id)) return err('invalid-input', `"${id}" is not a valid site id.`);
    await rm(this.siteDir(id), { recursive: true, force: true });
    return ok({ id });
  }
}
