/** Reads a site.yaml given on the command line, with errors that name the file and line. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { err, type Result } from '../core/result';
import type { Site } from '../core/site/schema';
import { parseSiteYaml } from '../core/site/yaml';

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
