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
 */
export function parseFile(file: ManifestFile, options: { shallow?: boolean } = {}): ParsedFile {
  if (!isYamlPath(file.path) && !isKustomizationPath(file.path)) return { file, docs: [], errors: [], role: 'other' };
  if (options.shallow && looksLikeSiteYaml(file.content)) return { file, docs: [], errors: [], role: 'site' };
  const lines = new LineCounter();
  const parsed = parseAllDocuments(file.content, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
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
  return { file, docs, errors, role };
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
export function get(value: unknown, path: string): unknown {
  let v: unknown = value;
  for (const key of path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
