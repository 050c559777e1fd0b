/**
 * site.yaml ⇄ Site, with precise errors.
 *
 * Parsing reports file, line and field for YAML syntax errors and for schema violations, using the YAML
 * document's source ranges. A newer `apiVersion` than this build understands is refused, never rewritten.
 * Serialising keeps the comments and key order of the text it was loaded from when one is given.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { err, ok, type Issue, type Result } from '../result';
import { NEW_DOC, NEW_TO_STRING } from '../manifests/yaml-out';
import { Site, SITE_API_VERSION, SITE_KIND, SITE_SCHEMA_VERSION, type SiteInput } from './schema';
import { firstBadCharacter } from './text';

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

/**
 * Issues at paths of a site.yaml text, with the line and column of each field when the text has it (for
 * problems found after loading, such as readiness.ts's). The text is one that already loaded.
 */
export function locateIssues(text: string, problems: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): Issue[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  return problems.map((p) => {
    const node = nodeAt(doc, p.path);
    const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
    const path = formatPath(p.path);
    return pos ? { path, message: p.message, line: pos.line, column: pos.col } : { path, message: p.message };
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

/**
 * Resource limits of a site file. A real site.yaml is a few KB, a few levels deep and uses no aliases; these
 * bounds leave ample room while keeping a hostile file (alias bomb, deep nesting, huge text) from exhausting
 * memory or the stack. Exceeding one is an invalid-file error with line and column, like a syntax error.
 */
export const SITE_YAML_LIMITS = {
  /** Characters of text. */
  maxChars: 2_000_000,
  /** Nesting depth of collections. */
  maxDepth: 64,
  /** Alias nodes (`*name`) in the file. */
  maxAliases: 100,
  /** yaml's own guard on alias expansion during toJS (counts expanded nodes per alias). */
  maxAliasCount: 100,
} as const;

function invalidFile(file: string, message: string, line: number, column: number, detail: string): Result<never> {
  return err('parse-error', `${file} is not a usable site file (line ${line}, column ${column}): ${message}`, {
    file,
    issues: [{ path: '', message: detail, line, column }],
    hint: 'Fix the file at the line shown (a site file needs no aliases and little nesting); the file was not changed.',
  });
}

/**
 * Checks the parsed document against SITE_YAML_LIMITS without recursion (a deep document must not overflow
 * the stack here either). Returns the first offending node's offset and what was exceeded.
 */
function checkLimits(doc: Document): { offset: number; message: string; detail: string } | undefined {
  let aliases = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    const offset = (node as YamlNode).range?.[0] ?? 0;
    if (isAlias(node)) {
      aliases++;
      if (aliases > SITE_YAML_LIMITS.maxAliases)
        return { offset, message: `it uses more than ${SITE_YAML_LIMITS.maxAliases} aliases.`, detail: `too many aliases (more than ${SITE_YAML_LIMITS.maxAliases})` };
      continue;
    }
    if (isMap(node) || isSeq(node)) {
      if (depth + 1 > SITE_YAML_LIMITS.maxDepth)
        return { offset, message: `it is nested more than ${SITE_YAML_LIMITS.maxDepth} levels deep.`, detail: `nested too deeply (more than ${SITE_YAML_LIMITS.maxDepth} levels)` };
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          stack.push({ node: item.key, depth: depth + 1 });
          stack.push({ node: item.value, depth: depth + 1 });
        } else stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * Parses site.yaml text. Errors carry the file, line and field of every problem.
 *
 * Readers decode the file as UTF-8 and turn a byte that is not UTF-8 into U+FFFD; such a character (or a
 * control character) anywhere in the text refuses the file with its line and column (text.ts), so a file
 * saved in another encoding is never read, saved back and committed with its accents silently replaced.
 */
export function parseSiteYaml(text: string, file = 'site.yaml'): Result<Site> {
  if (text.length > SITE_YAML_LIMITS.maxChars) {
    const head = text.slice(0, SITE_YAML_LIMITS.maxChars);
    const line = head.split('\n').length;
    const column = head.length - head.lastIndexOf('\n');
    return invalidFile(file, `it is larger than ${SITE_YAML_LIMITS.maxChars} characters.`, line, column, `file too large (more than ${SITE_YAML_LIMITS.maxChars} characters)`);
  }
  const bad = firstBadCharacter(text);
  if (bad) {
    // Anywhere in the file, comments included: a comment kept through a save would carry the loss on.
    const before = text.slice(0, bad.index);
    const line = before.split('\n').length;
    const column = bad.index - before.lastIndexOf('\n');
    const notUtf8 = bad.code === 'U+FFFD';
    return err('parse-error', `${file} ${notUtf8 ? 'is not UTF-8 text' : 'holds a character no site file may hold'} (line ${line}, column ${column}): ${bad.what}.`, {
      file,
      issues: [{ path: '', message: `${bad.what}; a site file is UTF-8 text of printable characters, tabs and line breaks`, line, column }],
      hint: notUtf8
        ? 'Save the file as UTF-8 in your editor (it was probably saved as Latin-1 or Windows-1252) and check the text at that place; the file was not changed.'
        : 'Remove the character at the line and column shown; the file was not changed.',
    });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues: Issue[] = doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      // yaml catches its own stack overflow on very deep nesting and reports it as a syntax error.
      const msg = /Maximum call stack/.test(e.message) ? `nested too deeply (more than ${SITE_YAML_LIMITS.maxDepth} levels)` : e.message.split('\n')[0] ?? e.message;
      return { path: '', message: msg, line: pos.line, column: pos.col };
    });
    return err('parse-error', `${file} is not valid YAML (line ${issues[0]?.line ?? '?'}, column ${issues[0]?.column ?? '?'}).`, {
      file,
      issues,
      hint: 'Fix the YAML at the line shown; the file was not changed.',
    });
  }
  const limit = checkLimits(doc);
  if (limit) {
    const pos = lines.linePos(limit.offset);
    return invalidFile(file, limit.message, pos.line, pos.col, limit.detail);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: SITE_YAML_LIMITS.maxAliasCount });
  } catch (e) {
    // yaml refuses alias expansion beyond maxAliasCount ("resource exhaustion"); point at the first alias.
    let first = 0;
    visit(doc, { Alias: (_k, n) => ((first = n.range?.[0] ?? 0), visit.BREAK) });
    const pos = lines.linePos(first);
    return invalidFile(file, `its aliases expand to too much data (${(e as Error).message}).`, pos.line, pos.col, 'aliases expand to too much data');
  }
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
  // The shared schema and no directives, as for generated manifests: the same text, a third faster.
  return new Document(ordered, NEW_DOC).toString(NEW_TO_STRING);
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
