/**
 * Every request field that names a local path is declared in dispatch's PATH_FIELDS, so the path policy
 * sees it (issue 17). Fields are found by name in each channel's JSON schema; the few fields with such a
 * name that are not local paths are listed here with the reason.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channels } from '../../../main/ipc/contract';
import { PATH_FIELDS } from '../../../main/ipc/dispatch';

const PATHY = new Set(['path', 'paths', 'dir', 'base', 'folder', 'out', 'outDir', 'iso', 'image', 'repo', 'plan', 'target', 'defaultPath']);
/** channel → fields that look like paths but are not local paths. */
const NOT_LOCAL: Record<string, string[]> = {
  'manifests:accept': ['path'], // a field path inside a manifest (spec.x.y)
  'manifests:unaccept': ['path'],
  'media:write': ['items[].target'], // the union: its file branch is declared as items[].target.path
  'media:verify': ['target'],
  'media:run': ['targets[]'],
  'files:pick': ['defaultPath'], // only a suggestion for the desktop's native dialog
  'manifests:lint': ['files[].path'], // inline files: a name inside the repo, the content comes with it
  'manifests:import': ['files[].path'],
};

type Json = { type?: string | string[]; properties?: Record<string, Json>; items?: Json; anyOf?: Json[]; oneOf?: Json[] };

function pathyFields(schema: Json, prefix = ''): string[] {
  const out: string[] = [];
  for (const alt of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) out.push(...pathyFields(alt, prefix));
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    const isString = sub.type === 'string' || (sub.anyOf ?? []).some((a) => a.type === 'string');
    if (PATHY.has(key) && isString) out.push(name);
    if (PATHY.has(key) && sub.items?.type === 'string') out.push(`${name}[]`);
    if (sub.items) out.push(...pathyFields(sub.items, `${name}[]`));
    out.push(...pathyFields(sub, name));
  }
  return [...new Set(out)];
}

describe('PATH_FIELDS', () => {
  it('declares every path-like request field of every channel', () => {
    const undeclared: string[] = [];
    for (const [name, def] of Object.entries(channels)) {
      const schema = z.toJSONSchema((def as { request: z.ZodType }).request, { io: 'input', unrepresentable: 'any' }) as Json;
      const declared = new Set((PATH_FIELDS as Record<string, { field: string }[] | undefined>)[name]?.map((f) => f.field) ?? []);
      for (const field of pathyFields(schema)) if (!declared.has(field) && !(NOT_LOCAL[name] ?? []).includes(field)) undeclared.push(`${name} ${field}`);
    }
    expect(undeclared).toEqual([]);
  });
});
