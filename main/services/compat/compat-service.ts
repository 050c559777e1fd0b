/**
 * The compatibility list in use: the shipped one (bundled with the app, validated on first use) or a newer
 * list the technician imported from a file into the user data folder.
 *
 * An import must come with its SHA-256 (a `sha256sum` line, as the `.sha256` file next to the list); it is
 * verified, validated against the schema and rejected as a whole when anything is wrong, so the list in use
 * never changes by half. An imported list older than the shipped one is ignored (an app update brings newer
 * data), and the version in use is always reported with every answer.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { err, ok, type Result } from '../../core/result';
import type { CompatList, CompatListInfo } from '../../core/hardware/schema';
import { compareListVersions, parseChecksum, parseCompatList, validateCompatList } from '../../core/hardware/list';
import { writeFileAtomic } from '../fs-atomic';
import { nullLogger, type Logger } from '../logger';
import shippedJson from '../../../resources/compat/compat-list.json' with { type: 'json' };

export interface CompatServiceOptions {
  /** Per-user data folder; imported lists live in `<dataDir>/compat/`. */
  readonly dataDir: string;
  readonly logger?: Logger;
  /** The shipped list as parsed JSON; defaults to the bundled resources/compat/compat-list.json. */
  readonly shipped?: unknown;
}

export interface LoadedList {
  readonly list: CompatList;
  readonly info: CompatListInfo;
  /** Why an imported list was not used, when there is one. */
  readonly note?: string;
}

const FILE = 'compat-list.json';
export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The canonical text of a list file: 2-space JSON with a final newline (how the shipped file is written). */
export const canonicalListText = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

export class CompatService {
  private readonly dir: string;
  private readonly logger: Logger;
  private readonly shippedValue: unknown;
  private shippedCache: Result<LoadedList> | undefined;
  private currentCache: LoadedList | undefined;

  constructor(options: CompatServiceOptions) {
    this.dir = join(options.dataDir, 'compat');
    this.logger = options.logger ?? nullLogger;
    this.shippedValue = options.shipped ?? shippedJson;
  }

  /** Where an imported list is kept. */
  get importedPath(): string {
    return join(this.dir, FILE);
  }

  /** The list bundled with this build, validated once. */
  shipped(): Result<LoadedList> {
    if (!this.shippedCache) {
      const v = validateCompatList(this.shippedValue, `shipped ${FILE}`);
      this.shippedCache = v.ok
        ? ok({ list: v.value, info: infoOf(v.value, 'shipped', sha256Hex(canonicalListText(this.shippedValue))) })
        : err('internal', `The compatibility list shipped with Sitekit is invalid: ${v.error.message}`, { issues: v.error.issues, hint: 'Reinstall Sitekit, or import a valid list.' });
    }
    return this.shippedCache;
  }

  /** The list in use: a valid imported list not older than the shipped one, else the shipped list. */
  async current(): Promise<Result<LoadedList>> {
    if (this.currentCache) return ok(this.currentCache);
    const shipped = this.shipped();
    const imported = await this.readImported();
    if (imported.ok && imported.value) {
      const older = shipped.ok && compareListVersions(imported.value.list.listVersion, shipped.value.list.listVersion) < 0;
      if (!older) {
        this.currentCache = imported.value;
        return ok(imported.value);
      }
      if (shipped.ok) {
        this.currentCache = { ...shipped.value, note: `The imported list ${imported.value.list.listVersion} is older than the shipped list ${shipped.value.list.listVersion} and is not used.` };
        return ok(this.currentCache);
      }
    }
    if (!shipped.ok) return shipped;
    this.currentCache = imported.ok ? shipped.value : { ...shipped.value, note: `The imported list was not used: ${imported.error.message}` };
    return ok(this.currentCache);
  }

  /** Imports a list from its text and its checksum text; on any problem nothing changes. */
  async importText(text: string, checksumText: string, fileName = FILE): Promise<Result<CompatListInfo>> {
    const expected = parseChecksum(checksumText);
    if (!expected) {
      return err('invalid-input', `No SHA-256 checksum was given for ${fileName}; the list was not imported.`, {
        kept: 'the compatibility list in use',
        hint: `Provide the ${fileName}.sha256 file that came with the list (a line "<64 hex digits>  ${fileName}").`,
      });
    }
    const actual = sha256Hex(text);
    if (actual !== expected) {
      return err('checksum-mismatch', `${fileName} does not match its checksum (expected ${expected.slice(0, 12)}…, got ${actual.slice(0, 12)}…); it was not imported.`, {
        kept: 'the compatibility list in use',
        hint: 'The file is damaged or was changed. Copy it again from the source and retry.',
      });
    }
    const parsed = parseCompatList(text, fileName);
    if (!parsed.ok) return parsed;
    const shipped = this.shipped();
    if (shipped.ok && compareListVersions(parsed.value.listVersion, shipped.value.list.listVersion) < 0) {
      return err('rejected', `${fileName} is list version ${parsed.value.listVersion}, older than the ${shipped.value.list.listVersion} shipped with Sitekit; it was not imported.`, {
        kept: `the compatibility list ${shipped.value.list.listVersion}`,
        hint: 'Import a list at least as new as the shipped one.',
      });
    }
    try {
      await writeFileAtomic(join(this.dir, `${FILE}.sha256`), `${actual}  ${FILE}\n`, { mode: 0o644 });
      await writeFileAtomic(this.importedPath, text, { mode: 0o644 });
    } catch (e) {
      return err('io-error', `Saving the imported list to ${this.dir} failed: ${(e as Error).message}`, { kept: 'the compatibility list in use', hint: 'Check the free space and permissions of the data folder.' });
    }
    this.currentCache = undefined;
    this.logger.info('compatibility list imported', { listVersion: parsed.value.listVersion, sha256: actual });
    return ok(infoOf(parsed.value, 'imported', actual));
  }

  /** Imports `path`, with its checksum from `checksumPath` (default: `path + ".sha256"`). */
  async importFile(path: string, checksumPath = `${path}.sha256`): Promise<Result<CompatListInfo>> {
    let text: string;
    let sum: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      return err('not-found', `Cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`, { file: path, kept: 'the compatibility list in use' });
    }
    try {
      sum = await readFile(checksumPath, 'utf8');
    } catch {
      return err('invalid-input', `The checksum file ${checksumPath} is missing; ${basename(path)} was not imported.`, {
        file: path,
        kept: 'the compatibility list in use',
        hint: `Put the ${basename(path)}.sha256 that came with the list next to it, or name it explicitly.`,
      });
    }
    return this.importText(text, sum, basename(path));
  }

  /** Removes an imported list; the shipped list is used again. */
  async reset(): Promise<Result<CompatListInfo>> {
    try {
      await rm(this.importedPath, { force: true });
      await rm(`${this.importedPath}.sha256`, { force: true });
    } catch (e) {
      return err('io-error', `Removing the imported list failed: ${(e as Error).message}`);
    }
    this.currentCache = undefined;
    const s = this.shipped();
    return s.ok ? ok(s.value.info) : s;
  }

  /** Reads and re-verifies the imported list; ok(undefined) when there is none. */
  private async readImported(): Promise<Result<LoadedList | undefined>> {
    let text: string;
    try {
      text = await readFile(this.importedPath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
      return err('io-error', `Cannot read ${this.importedPath}: ${(e as Error).message}`);
    }
    const sum = await readFile(`${this.importedPath}.sha256`, 'utf8').catch(() => '');
    const actual = sha256Hex(text);
    if (parseChecksum(sum) !== actual) {
      this.logger.warn('imported compatibility list fails its checksum; using the shipped list', { path: this.importedPath });
      return err('checksum-mismatch', `The imported list at ${this.importedPath} no longer matches its checksum.`, { hint: 'Import the list again.' });
    }
    const parsed = parseCompatList(text, this.importedPath);
    if (!parsed.ok) return parsed;
    return ok({ list: parsed.value, info: infoOf(parsed.value, 'imported', actual) });
  }
}

function infoOf(list: CompatList, origin: CompatListInfo['origin'], sha256: string): CompatListInfo {
  return { listVersion: list.listVersion, dataDate: list.dataDate, schemaVersion: list.schemaVersion, origin, sha256 };
}
