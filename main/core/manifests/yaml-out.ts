/**
 * Writing YAML deterministically, keeping a person's comments when a file is regenerated.
 *
 * New files: one `yaml` Document per object, keys in the order the object was built, no line folding.
 * Regenerated files: each new object is matched to the previous document of the same kind, namespace and
 * name; that document is updated in place (values replaced, nodes and their comments kept) and written back.
 */
import { Document, isMap, isScalar, isSeq, parseAllDocuments, Schema, visit, type YAMLMap, type YAMLSeq } from 'yaml';

type Obj = Record<string, unknown>;

const TO_STRING = { lineWidth: 0, indentSeq: true } as const;

/**
 * New documents share one YAML 1.2 core schema and are written without directives (Sitekit writes no tags,
 * anchors or %YAML lines): building a schema per document and scanning every document for tags to declare
 * were a large part of the cost of writing a big site. The text written is the same.
 */
const CORE_SCHEMA = new Schema({ resolveKnownTags: true, schema: 'core' });
export const NEW_DOC = { aliasDuplicateObjects: false, schema: CORE_SCHEMA } as const;
export const NEW_TO_STRING = { ...TO_STRING, directives: false } as const;

function idOf(value: unknown): string {
  const o = (value ?? {}) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  return `${String(o.kind ?? '')}/${String(o.metadata?.namespace ?? '')}/${String(o.metadata?.name ?? '')}`;
}

/** Comment block for the top of a generated file (each line prefixed by a space, as `yaml` writes `#`). */
export function headerComment(lines: readonly string[]): string {
  return lines.map((l) => (l ? ` ${l}` : '')).join('\n');
}

/**
 * Serialises objects as a multi-document YAML file. With `previous` (the file as it is on disk), documents
 * that still exist keep their comments and formatting; `header` is only used for new files.
 */
export function writeYamlDocs(objects: readonly Obj[], options: { previous?: string; header?: string; hexKeys?: ReadonlySet<string> } = {}): string {
  const previousDocs = options.previous !== undefined ? parsePrevious(options.previous) : undefined;
  const parts = objects.map((obj, i) => {
    const prev = previousDocs?.get(idOf(obj));
    if (prev) {
      previousDocs?.delete(idOf(obj));
      if (isMap(prev.contents)) {
        mergeInto(prev, prev.contents, obj);
        return prev.toString(TO_STRING);
      }
    }
    // No anchors: a value shared between objects is written out in full (Flux and people read it the same way).
    const doc = new Document(obj, NEW_DOC);
    if (options.hexKeys) writeHex(doc, options.hexKeys);
    if (i === 0 && options.header && !previousDocs) doc.commentBefore = options.header;
    return doc.toString(NEW_TO_STRING);
  });
  return parts.map((p, i) => (i === 0 ? p : p.startsWith('---') ? p : `---\n${p}`)).join('');
}

/** Integers under the given keys written as hex literals (PCI IDs, as VMware's examples write them). */
function writeHex(doc: Document, keys: ReadonlySet<string>): void {
  visit(doc, {
    Pair(_k, pair) {
      if (isScalar(pair.key) && keys.has(String(pair.key.value)) && isScalar(pair.value) && typeof pair.value.value === 'number') pair.value.format = 'HEX';
    },
  });
}

function parsePrevious(text: string): Map<string, Document> | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return undefined;
  const map = new Map<string, Document>();
  try {
    for (const d of docs) {
      const id = idOf(d.toJS({ maxAliasCount: 100 }));
      if (!map.has(id)) map.set(id, d as Document);
    }
  } catch {
    // An alias bomb (or any document that cannot be turned into data) is no usable previous text.
    return undefined;
  }
  return map;
}

/** Replaces values inside `map` key by key, keeping existing nodes (and their comments) where a key stays. */
function mergeInto(doc: Document, map: YAMLMap, value: Obj): void {
  for (const pair of [...map.items]) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (typeof key === 'string' && !(key in value)) map.delete(key);
  }
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const existing = map.get(key, true);
    if (isMap(existing) && isPlainObject(v)) mergeInto(doc, existing, v);
    else if (isScalar(existing) && (v === null || typeof v !== 'object')) {
      if (existing.value !== v) existing.value = v;
    } else if (isSeq(existing) && Array.isArray(v)) mergeSeq(doc, existing, v);
    else map.set(key, doc.createNode(v));
  }
}

function mergeSeq(doc: Document, seq: YAMLSeq, value: readonly unknown[]): void {
  while (seq.items.length > value.length) seq.items.pop();
  value.forEach((v, i) => {
    const existing = seq.items[i];
    if (isMap(existing) && isPlainObject(v)) mergeInto(doc, existing, v);
    else if (isScalar(existing) && (v === null || typeof v !== 'object')) {
      if (existing.value !== v) existing.value = v;
    } else seq.items[i] = doc.createNode(v);
  });
}

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
