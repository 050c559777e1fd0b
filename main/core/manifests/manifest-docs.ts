/**
 * Files of a site repo parsed into Kubernetes-style documents, with source positions for findings.
 *
 * Shared by lint and import. Kustomization files and Sitekit's own site.yaml are recognised and kept apart;
 * documents that are only comments are kept (as empty) so nothing a person wrote is lost.
 */
import { LineCounter, parseAllDocuments, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';

/** One input file: path relative to the folder that was read, forward slashes. */
export interface ManifestFile {
  readonly path: string;
  readonly content: string;
}

export interface ManifestDoc {
  readonly file: string;
  readonly docIndex: number;
  /** The document as plain data (null for an empty or comment-only document). */
  readonly value: unknown;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace as written ('' when absent). */
  readonly namespace: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

export interface ParsedFile {
  readonly file: ManifestFile;
  readonly docs: readonly ManifestDoc[];
  /** YAML syntax errors: message and line. */
  readonly errors: readonly { readonly message: string; readonly line: number }[];
  /** Lines that only Go's YAML (kustomize, Flux) accepts, e.g. `"value"# comment`; the docs are read as Go reads them. */
  readonly goYamlOnly?: readonly { readonly line: number; readonly construct: string }[];
  readonly role: 'manifests' | 'kustomization' | 'site' | 'other';
}

export const isYamlPath = (p: string): boolean => /\.ya?ml$/i.test(p);
export const isKustomizationPath = (p: string): boolean => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(p);
export const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
export const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Kinds that have no namespace: their identity is kind + name. */
export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'VirtualMachineClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
]);

/**
 * Documents a file was written from, registered by the generator for the file object it returns. Lint reads
 * them instead of parsing the text it just wrote (the YAML is parsed only if a finding needs a line number).
 * A WeakMap keyed by the file object: nothing changes in the file's shape (IPC copies simply parse), and the
 * entries go away with the files. The property test checks that generated text parses to these values.
 */
const KNOWN_DOCS = new WeakMap<ManifestFile, readonly unknown[]>();

/** Records the plain documents `file.content` was serialised from (generator use only). */
export function registerKnownDocs(file: ManifestFile, documents: readonly unknown[]): void {
  KNOWN_DOCS.set(file, documents);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** A Sitekit site.yaml, recognised from its first lines without parsing it. */
export function looksLikeSiteYaml(content: string): boolean {
  if (!content.includes('sitekit/v')) return false;
  const head = content.slice(0, 400);
  return /^apiVersion:\s*["']?sitekit\/v\d+/m.test(head) && /^kind:\s*["']?Site["']?\s*$/m.test(head);
}

/**
 * Parses one file; never throws. With `shallow`, a site.yaml is only recognised, not parsed: lint never
 * reads its documents (the model comes in as context), and parsing a big one is the slowest step.
 *
 * The documents keep their plain values; the YAML syntax trees (`doc`, `lines`) are dropped once the values
 * are read and the file is parsed again if something asks for them (a finding's line, a comment). Keeping
 * thousands of trees alive until a whole repo was linted cost more in garbage collection than the few
 * parses again that findings need.
 */
export function parseFile(file: ManifestFile, options: { shallow?: boolean } = {}): ParsedFile {
  if (!isYamlPath(file.path) && !isKustomizationPath(file.path)) return { file, docs: [], errors: [], role: 'other' };
  if (options.shallow && looksLikeSiteYaml(file.content)) return { file, docs: [], errors: [], role: 'site' };
  const known = KNOWN_DOCS.get(file);
  if (known) return fromKnown(file, known);
  const full = parseWithTrees(file);
  return { ...full, docs: lazyTrees(file, full.docs.map((d) => d.value)) };
}

/** Parses one file keeping the YAML syntax trees of its documents. */
function parseWithTrees(file: ManifestFile): ParsedFile {
  let lines = new LineCounter();
  let parsed = parseAllDocuments(file.content, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  let goYamlOnly: { line: number; construct: string }[] | undefined;
  if (Array.isArray(parsed) && parsed.some((d) => d.errors.length > 0)) {
    const repaired = goYamlReading(file.content);
    if (repaired) {
      const lines2 = new LineCounter();
      const again = parseAllDocuments(repaired.text, { lineCounter: lines2, prettyErrors: false, uniqueKeys: false });
      if (Array.isArray(again) && again.every((d) => d.errors.length === 0)) {
        parsed = again;
        lines = lines2;
        goYamlOnly = repaired.lines;
      }
    }
  }
  const all: Document[] = Array.isArray(parsed) ? (parsed as Document[]) : [];
  const errors: { message: string; line: number }[] = [];
  const docs: ManifestDoc[] = [];
  all.forEach((doc, docIndex) => {
    for (const e of doc.errors) errors.push({ message: e.message.split('\n')[0] ?? e.message, line: lines.linePos(e.pos[0]).line });
    let value: unknown = null;
    try {
      value = doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : null;
    } catch (e) {
      errors.push({ message: (e as Error).message, line: 1 });
    }
    const o = (value && typeof value === 'object' ? value : {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    docs.push({
      file: file.path,
      docIndex,
      value,
      apiVersion: str(o.apiVersion),
      kind: str(o.kind),
      name: str(o.metadata?.name),
      namespace: str(o.metadata?.namespace),
      doc,
      lines,
    });
  });
  const role = isKustomizationPath(file.path)
    ? 'kustomization'
    : docs.some((d) => d.kind === 'Site' && d.apiVersion.startsWith('sitekit/'))
      ? 'site'
      : 'manifests';
  return { file, docs, errors, role, ...(goYamlOnly ? { goYamlOnly } : {}) };
}

/** A parsed file from its known documents; the text is parsed on first access to a document's `doc` or `lines`. */
function fromKnown(file: ManifestFile, known: readonly unknown[]): ParsedFile {
  return { file, docs: lazyTrees(file, known), errors: [], role: isKustomizationPath(file.path) ? 'kustomization' : 'manifests' };
}

/** Documents from their values; the file is parsed (once) when a document's `doc` or `lines` is read. */
function lazyTrees(file: ManifestFile, values: readonly unknown[]): ManifestDoc[] {
  let real: ParsedFile | undefined;
  const parseNow = (): ParsedFile => (real ??= parseWithTrees(file));
  return values.map((value, docIndex) => {
    const o = (value && typeof value === 'object' ? value : {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    return {
      file: file.path,
      docIndex,
      value,
      apiVersion: str(o.apiVersion),
      kind: str(o.kind),
      name: str(o.metadata?.name),
      namespace: str(o.metadata?.namespace),
      get doc(): Document {
        return (parseNow().docs[docIndex] as ManifestDoc).doc;
      },
      get lines(): LineCounter {
        return (parseNow().docs[docIndex] as ManifestDoc).lines;
      },
    };
  });
}

/** A quoted scalar followed directly by `#` (no space): YAML 1.2 forbids it, Go's yaml.v2/v3 reads a comment. */
const QUOTED_THEN_HASH = /^((?:[^"'#\n]|"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')*?(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'))#/;

/**
 * The text as Go's YAML reads it, for the constructs it accepts and YAML 1.2 does not; undefined when there
 * are none. Hand-written because no maintained JS YAML library offers Go's leniency; only a space is inserted
 * before the `#`, so every line keeps its number.
 */
export function goYamlReading(text: string): { text: string; lines: { line: number; construct: string }[] } | undefined {
  const found: { line: number; construct: string }[] = [];
  const out = text.split('\n').map((l, i) => {
    if (!l.includes('#') || l.trimStart().startsWith('#')) return l;
    const m = QUOTED_THEN_HASH.exec(l);
    if (!m || m[1] === undefined) return l;
    found.push({ line: i + 1, construct: 'quoted-value-hash' });
    return `${m[1]} #${l.slice(m[0].length)}`;
  });
  return found.length > 0 ? { text: out.join('\n'), lines: found } : undefined;
}

/** Line (1-based) of the deepest node that exists along `path` ("spec.ports[0].nodePort"). */
export function lineOf(d: ManifestDoc, path: string): number | undefined {
  const keys = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  let node: unknown = d.doc.contents;
  let last: YamlNode | undefined = node as YamlNode | undefined;
  for (const key of keys) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : '') === key);
      if (!pair) break;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(key)) node = node.items[Number(key)];
    else break;
    if (node) last = node as YamlNode;
  }
  const start = last?.range?.[0];
  return start === undefined ? undefined : d.lines.linePos(start).line;
}

/** Resolves `dir` + relative `ref` into a normalised repo path ('' for the root). */
export function joinPath(dir: string, ref: string): string {
  const parts = (dir ? `${dir}/${ref}` : ref).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

/** A value at a dotted path of plain data. */
const PATH_KEYS = new Map<string, readonly string[]>();

export function get(value: unknown, path: string): unknown {
  let keys = PATH_KEYS.get(path);
  if (!keys) {
    keys = path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
    if (PATH_KEYS.size < 4096) PATH_KEYS.set(path, keys);
  }
  let v: unknown = value;
  for (const key of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
