/**
 * site.yaml ⇄ Site, with precise errors.
 *
 * Parsing reports file, line and field for YAML syntax errors and for schema violations, using the YAML
 * document's source ranges. A newer `apiVersion` than this build understands is refused, never rewritten.
 * Serialising keeps the comments and key order of the text it was loaded from when one is given.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { err, ok, type Issue, type Result } from '../result';
import { Site, SITE_API_VERSION, SITE_KIND, SITE_SCHEMA_VERSION, type SiteInput } from './schema';

/** Converts zod issue paths ("spec.hosts.0.name") to a readable dotted path with indexes in brackets. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}

function nodeAt(doc: Document, path: readonly PropertyKey[]): YamlNode | undefined {
  let node: unknown = doc.contents;
  let last: unknown = node;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else break;
    if (node) last = node;
  }
  return (last as YamlNode | undefined) ?? undefined;
}

/** Maps zod issues onto lines of the YAML text. */
export function issuesFromZod(error: z.ZodError, doc?: Document, lines?: LineCounter): Issue[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path as PropertyKey[]);
    const node = doc ? nodeAt(doc, issue.path as PropertyKey[]) : undefined;
    const pos = node?.range && lines ? lines.linePos(node.range[0]) : undefined;
    const message = issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'is required' : issue.message;
    return pos ? { path, message, line: pos.line, column: pos.col } : { path, message };
  });
}

/** Reads the `sitekit/vN` version number, or undefined when the field is not of that shape. */
export function apiVersionNumber(apiVersion: unknown): number | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const m = /^sitekit\/v(\d+)$/.exec(apiVersion);
  return m ? Number(m[1]) : undefined;
}

/** Validates an already-parsed value (from the UI or JSON). */
export function validateSite(value: unknown, file = 'site'): Result<Site> {
  const version = apiVersionNumber((value as { apiVersion?: unknown } | null)?.apiVersion);
  if (version !== undefined && version > SITE_SCHEMA_VERSION) {
    return err('newer-version', `${file} was written by a newer Sitekit (sitekit/v${version}); this version reads up to ${SITE_API_VERSION}.`, {
      file,
      hint: 'Update Sitekit to open this site. The file was not changed.',
    });
  }
  const parsed = Site.safeParse(value);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    return err('schema-error', `${file} is not a valid site: ${issues.length} problem${issues.length === 1 ? '' : 's'}.`, { file, issues });
  }
  return ok(parsed.data);
}

/** Parses site.yaml text. Errors carry the file, line and field of every problem. */
export function parseSiteYaml(text: string, file = 'site.yaml'): Result<Site> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues: Issue[] = doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      return { path: '', message: e.message.split('\n')[0] ?? e.message, line: pos.line, column: pos.col };
    });
    return err('parse-error', `${file} is not valid YAML (line ${issues[0]?.line ?? '?'}).`, {
      file,
      issues,
      hint: 'Fix the YAML at the line shown; the file was not changed.',
    });
  }
  const value: unknown = doc.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return err('schema-error', `${file} does not hold a site (expected a mapping with apiVersion, kind, metadata, spec).`, { file });
  }
  const obj = value as Record<string, unknown>;
  if (obj.kind !== undefined && obj.kind !== SITE_KIND) {
    return err('schema-error', `${file} holds a ${String(obj.kind)}, not a Site.`, { file, issues: [{ path: 'kind', message: `must be ${SITE_KIND}` }] });
  }
  const version = apiVersionNumber(obj.apiVersion);
  if (version !== undefined && version > SITE_SCHEMA_VERSION) {
    return validateSite(value, file);
  }
  const parsed = Site.safeParse(value);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error, doc, lines);
    const first = issues[0];
    const where = first?.line ? ` (line ${first.line}: ${first.path} ${first.message})` : '';
    return err('schema-error', `${file} is not a valid site: ${issues.length} problem${issues.length === 1 ? '' : 's'}${where}.`, {
      file,
      issues,
      hint: 'Fix the fields listed; the file was not changed.',
    });
  }
  return ok(parsed.data);
}

/** Canonical key order of a site document, so files diff well. */
const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'spec', 'records'];

/**
 * Serialises a site to YAML. With `previous` text, the previous document is updated in place so the
 * technician's comments survive; without it, keys are written in canonical order.
 */
export function stringifySite(site: Site | SiteInput, previous?: string): string {
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_ORDER) if ((site as Record<string, unknown>)[key] !== undefined) ordered[key] = (site as Record<string, unknown>)[key];
  if (previous) {
    const doc = parseDocument(previous);
    if (doc.errors.length === 0 && isMap(doc.contents)) {
      mergeInto(doc, doc.contents, ordered);
      return doc.toString({ lineWidth: 0 });
    }
  }
  return new Document(ordered, { aliasDuplicateObjects: false }).toString({ lineWidth: 0 });
}

/** Replaces values inside `map` key by key, keeping existing nodes (and their comments) where the key stays. */
function mergeInto(doc: Document, map: import('yaml').YAMLMap, value: Record<string, unknown>): void {
  for (const pair of [...map.items]) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (typeof key === 'string' && !(key in value)) map.delete(key);
  }
  for (const [key, v] of Object.entries(value)) {
    const existing = map.get(key, true);
    if (isMap(existing) && v && typeof v === 'object' && !Array.isArray(v)) {
      mergeInto(doc, existing, v as Record<string, unknown>);
    } else if (isScalar(existing) && (v === null || typeof v !== 'object')) {
      existing.value = v;
    } else if (isSeq(existing) && Array.isArray(v)) {
      mergeSeq(doc, existing, v);
    } else {
      map.set(key, doc.createNode(v, { aliasDuplicateObjects: false }));
    }
  }
}

function mergeSeq(doc: Document, seq: import('yaml').YAMLSeq, value: readonly unknown[]): void {
  while (seq.items.length > value.length) seq.items.pop();
  value.forEach((v, i) => {
    const existing = seq.items[i];
    if (isMap(existing) && v && typeof v === 'object' && !Array.isArray(v)) mergeInto(doc, existing, v as Record<string, unknown>);
    else if (isScalar(existing) && (v === null || typeof v !== 'object')) existing.value = v;
    else seq.items[i] = doc.createNode(v, { aliasDuplicateObjects: false });
  });
}
