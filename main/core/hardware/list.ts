/**
 * Validating a compatibility list as data: schema version, the zod schema with every problem's path, version
 * ordering, and the `sha256sum`-style checksum file that must accompany an imported list.
 */
import { err, ok, type Result } from '../result';
import { issuesFromZod } from '../site/yaml';
import { COMPAT_SCHEMA_VERSION, CompatList } from './schema';

/** Validates a parsed JSON value as a list; refuses lists written for a newer schema. Never throws. */
export function validateCompatList(value: unknown, file = 'compat-list.json'): Result<CompatList> {
  const v = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof v === 'number' && v > COMPAT_SCHEMA_VERSION) {
    return err('newer-version', `${file} uses list schema ${v}; this Sitekit reads up to schema ${COMPAT_SCHEMA_VERSION}.`, {
      file,
      hint: 'Update Sitekit to use this list. The list in use was not changed.',
      kept: 'the compatibility list in use',
    });
  }
  const parsed = CompatList.safeParse(value);
  if (!parsed.success) {
    return err('schema-error', `${file} is not a valid compatibility list (${parsed.error.issues.length} problem${parsed.error.issues.length === 1 ? '' : 's'}); it was rejected as a whole.`, {
      file,
      issues: issuesFromZod(parsed.error).slice(0, 50),
      hint: 'Get a complete list file from the source you trust and import it again.',
      kept: 'the compatibility list in use',
    });
  }
  return ok(parsed.data);
}

/** Parses JSON text and validates it as a list. */
export function parseCompatList(text: string, file = 'compat-list.json'): Result<CompatList> {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return err('parse-error', `${file} is not JSON: ${(e as Error).message}.`, { file, kept: 'the compatibility list in use', hint: 'Check that the whole file was copied.' });
  }
  return validateCompatList(value, file);
}

/** Reads the hash out of a `sha256sum` line ("<64 hex>  compat-list.json") or a bare hash. */
export function parseChecksum(text: string): string | undefined {
  const m = /^\s*([0-9a-fA-F]{64})(?:\s+\*?\S.*)?\s*$/m.exec(text);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Compares list versions "2026.11.1" numerically: negative when a < b. */
export function compareListVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
