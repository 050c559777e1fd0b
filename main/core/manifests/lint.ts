/**
 * Cross-file lint of a site repo or loose manifests: the one aggregator over the rules in lint-rules.ts.
 *
 * Scopes follow Flux: when kustomization.yaml files are present, each root kustomization (one a host's VECO
 * path points at) is a scope, and cross-file rules such as duplicate names run over exactly what it reaches.
 * Without kustomizations Flux applies every file under the path, so all files form one scope.
 */
import type { AcceptedFinding, Site } from '../site/schema';
import { compareFindings, FINDING_CODES, type Finding, type RawFinding } from './findings';
import { DOC_RULES, SCOPE_RULES, SITE_RULES, type RuleContext } from './lint-rules';
import { asArray, dirOf, get, joinPath, lineOf, parseFile, type ManifestDoc, type ManifestFile, type ParsedFile } from './manifest-docs';

export interface LintContext {
  /** The site model, for rules that need it (uplinks on the host, management subnet, accepted findings). */
  readonly site?: Site;
}

export interface Scope {
  /** The root kustomization's folder, or '' for "every file". */
  readonly root: string;
  readonly files: readonly string[];
}

/** Works out what each root kustomization applies; missing resources are reported as findings. */
export function resolveScopes(parsed: readonly ParsedFile[]): { scopes: Scope[]; findings: RawFinding[] } {
  const byPath = new Map(parsed.map((p) => [p.file.path, p]));
  const kustomizations = parsed.filter((p) => p.role === 'kustomization');
  const manifestFiles = parsed.filter((p) => p.role === 'manifests').map((p) => p.file.path);
  if (kustomizations.length === 0) return { scopes: [{ root: '', files: manifestFiles }], findings: [] };
  const findings: RawFinding[] = [];
  const children = new Map<string, { files: string[]; dirs: string[] }>();
  const referenced = new Set<string>();
  for (const k of kustomizations) {
    const dir = dirOf(k.file.path);
    const entry = { files: [] as string[], dirs: [] as string[] };
    const value = k.docs[0]?.value;
    asArray(get(value, 'resources')).forEach((r, i) => {
      const ref = String(r);
      if (/^[a-z]+:\/\/|^github\.com\//.test(ref)) return; // remote bases are not checked offline
      const target = joinPath(dir, ref);
      const kPath = [`${target}/kustomization.yaml`, `${target}/kustomization.yml`, `${target}/Kustomization`].find((p) => byPath.has(p));
      if (byPath.has(target) && byPath.get(target)?.role !== 'kustomization') entry.files.push(target);
      else if (kPath) {
        entry.dirs.push(kPath);
        referenced.add(kPath);
      } else findings.push({ code: 'kustomization-missing-resource', file: k.file.path, path: `resources[${i}]`, docIndex: 0, params: { resource: ref } });
    });
    children.set(k.file.path, entry);
  }
  const closure = (kPath: string, seen: Set<string>): string[] => {
    if (seen.has(kPath)) return [];
    seen.add(kPath);
    const e = children.get(kPath);
    return e ? [...e.files, ...e.dirs.flatMap((c) => closure(c, seen))] : [];
  };
  const scopes: Scope[] = kustomizations
    .filter((k) => !referenced.has(k.file.path))
    .map((k) => ({ root: dirOf(k.file.path), files: [...new Set(closure(k.file.path, new Set()))] }));
  const covered = new Set(scopes.flatMap((s) => s.files));
  const loose = manifestFiles.filter((f) => !covered.has(f));
  if (loose.length > 0) {
    for (const f of loose) findings.push({ code: 'not-applied', file: f, path: '', docIndex: -1, params: {} });
    scopes.push({ root: '', files: loose });
  }
  return { scopes, findings };
}

function finish(raw: RawFinding, docs: ReadonlyMap<string, ManifestDoc>, accepted: readonly AcceptedFinding[]): Finding {
  const info = FINDING_CODES[raw.code];
  const doc = docs.get(`${raw.file}#${raw.docIndex}`) ?? siteDoc(raw.file, docs);
  const line = doc ? lineOf(doc, raw.path.startsWith('spec.profile.') ? 'spec.profile' : raw.path) : undefined;
  const acc = accepted.find((a) => a.code === raw.code && (a.file === undefined || a.file === raw.file) && (a.path === undefined || a.path === raw.path));
  return {
    severity: raw.severity ?? info.severity,
    code: raw.code,
    file: raw.file,
    path: raw.path,
    docIndex: raw.docIndex,
    params: raw.params ?? {},
    fix: { step: info.step, action: raw.code },
    ...(line !== undefined ? { line } : {}),
    ...(acc ? { accepted: { by: acc.by, at: acc.at, ...(acc.reason !== undefined ? { reason: acc.reason } : {}) } } : {}),
  };
}

/** The site.yaml document, parsed only when a finding points into it (for its line number). */
function siteDoc(file: string, docs: ReadonlyMap<string, ManifestDoc>): ManifestDoc | undefined {
  const holder = docs.get(`${file}#site`);
  if (!holder) return undefined;
  const parsed = parseFile({ path: file, content: String(holder.value) }).docs[0];
  if (parsed) (docs as Map<string, ManifestDoc>).set(`${file}#0`, parsed);
  return parsed;
}

/** Lints a set of files; findings sorted by severity, file and position, each reported once. */
export function lintFiles(files: readonly ManifestFile[], context: LintContext = {}): Finding[] {
  const parsed = files.map((f) => parseFile(f, { shallow: true }));
  const raw: RawFinding[] = [];
  for (const p of parsed) for (const e of p.errors) raw.push({ code: 'yaml-syntax', file: p.file.path, path: '', docIndex: -1, params: { message: e.message, line: e.line } });
  const docs = parsed.filter((p) => p.role === 'manifests').flatMap((p) => p.docs);
  const docMap = new Map(parsed.flatMap((p) => p.docs).map((d) => [`${d.file}#${d.docIndex}`, d]));
  // site.yaml is not parsed up front; keep its text so a finding about it can still get a line number.
  for (const p of parsed.filter((x) => x.role === 'site')) docMap.set(`${p.file.path}#site`, { value: p.file.content } as ManifestDoc);
  const ctx: RuleContext = { site: context.site, siteFile: parsed.find((p) => p.role === 'site')?.file.path ?? '' };

  for (const d of docs) for (const rule of DOC_RULES) raw.push(...rule(d, ctx));
  const { scopes, findings } = resolveScopes(parsed);
  raw.push(...findings);
  if (!parsed.some((p) => p.role === 'kustomization') && docs.length > 0) raw.push({ code: 'flux-applies-everything', file: '', path: '', docIndex: -1, params: { files: parsed.filter((p) => p.role === 'manifests').length } });
  const docsByFile = new Map<string, ManifestDoc[]>();
  for (const d of docs) docsByFile.set(d.file, [...(docsByFile.get(d.file) ?? []), d]);
  for (const scope of scopes) {
    const scoped = scope.files.flatMap((f) => docsByFile.get(f) ?? []);
    for (const rule of SCOPE_RULES) raw.push(...rule(scoped, ctx));
  }
  for (const rule of SITE_RULES) raw.push(...rule(docs, ctx));

  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const r of raw) {
    const key = `${r.code}|${r.file}|${r.docIndex}|${r.path}|${JSON.stringify(r.params ?? {})}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(finish(r, docMap, context.site?.spec.acceptedFindings ?? []));
  }
  return out.sort(compareFindings);
}
