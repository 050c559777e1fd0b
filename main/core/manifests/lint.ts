/**
 * Cross-file lint of a site repo or loose manifests: the one aggregator over the rules in lint-rules.ts.
 *
 * Rules that compare files (duplicate names, NodePorts, host paths, VM references, uplinks) run within an
 * apply scope: what one host applies. Scopes follow Flux and the repo's layout, detected from the paths:
 * - a root kustomization (one no other kustomization lists) is an entry point a host's VECO path points at,
 *   and its scope is exactly what it reaches (the Sitekit layout: sites/<id>/hosts/<host> + ../../base …);
 * - files no kustomization reaches belong to their site folder: a folder holding a Sitekit site.yaml, or a
 *   folder directly under sites/ (stores/, locations/ …), each its own VECO path where Flux applies every
 *   file; files outside any site folder form one scope, '(repository)';
 * - `scopes` (the CLI's --scope DIR) overrides detection for the folders it names.
 * Site-aware rules (addresses, MTUs across hosts, uplinks on each host) run once per site folder. Every
 * finding names the scope it was checked in.
 */
import type { AcceptedFinding, Site } from '../site/schema';
import type { CompatList } from '../hardware/schema';
import type { SitePlan } from '../host-plan/types';
import { planSite } from '../host-plan/plan';
import { parseSiteYaml } from '../site/yaml';
import type { AppError } from '../result';
import { compareFindings, FINDING_CODES, SECRET_SEVERITY, type Finding, type RawFinding } from './findings';
import { DOC_RULES, SCOPE_RULES, SITE_RULES, type RuleContext } from './lint-rules';
import { asArray, baseName, dirOf, get, joinPath, lineOf, parseFile, type ManifestDoc, type ManifestFile, type ParsedFile } from './manifest-docs';

export interface LintContext {
  /**
   * The site model, for rules that need it (uplinks on the host, management subnet, accepted findings). It
   * applies to its own site folder; every other site folder with a site.yaml among the files is checked with
   * the model in that file (a fleet repo lints each store against its own site).
   */
  readonly site?: Site;
  /**
   * The compatibility list: with it, each site's host plan is made (the given one for `site`, else planned from
   * each site.yaml) and its install NIC, uplink and driver errors are lint errors.
   */
  readonly list?: CompatList;
  /** The host plan of `site`, when the caller has it already (saves planning it again). */
  readonly plan?: SitePlan;
  /** Folders to treat as apply scopes (`sitekit lint --scope DIR`), relative like the file paths. */
  readonly scopes?: readonly string[];
  /** Name of the folder the paths are relative to (e.g. `sites` for `sitekit lint sites/`), for detection. */
  readonly rootName?: string;
  /**
   * Which findings get a line number: 'all' (default), or 'problems' (errors and warnings only) for callers that
   * show notes only as a count (fleet import and status). A line is found by parsing the file, which for a
   * generated file is otherwise not needed; most generated sites have one note.
   */
  readonly lineNumbers?: 'all' | 'problems';
}

export interface Scope {
  /** The entry point's folder, the site folder, or '' for "every file outside a site folder". */
  readonly root: string;
  /** How findings name it. */
  readonly label: string;
  /** The site folder it belongs to ('' when none): site-aware rules run per site folder. */
  readonly site: string;
  readonly files: readonly string[];
}

/** Folder names whose sub-folders are one site each (one VECO Git path per site). */
const SITE_CONTAINERS = new Set(['sites', 'stores', 'locations', 'edges', 'edge-sites', 'branches']);

const under = (path: string, dir: string): boolean => dir === '' || path === dir || path.startsWith(`${dir}/`);

/** Site folders among the paths: folders with a Sitekit site.yaml, and folders directly inside sites/ (or the like). */
export function siteFolders(parsed: readonly ParsedFile[], rootName?: string): string[] {
  const roots = new Set<string>();
  for (const p of parsed) {
    const path = p.file.path;
    if (p.role === 'site') roots.add(dirOf(path));
    const parts = path.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      const parent = i === 0 ? (rootName ?? '') : (parts[i - 1] ?? '');
      if (SITE_CONTAINERS.has(parent.toLowerCase()) && i < parts.length - 1) {
        roots.add(parts.slice(0, i + 1).join('/'));
        break;
      }
    }
  }
  // Keep the outermost: a site folder inside another is part of it.
  const sorted = [...roots].filter((r) => r !== '').sort((a, b) => a.length - b.length);
  return sorted.filter((r, i) => !sorted.slice(0, i).some((o) => under(r, o)));
}

/** Works out what each entry point applies; missing resources are reported as findings. */
export function resolveScopes(parsed: readonly ParsedFile[], context: Pick<LintContext, 'scopes' | 'rootName'> = {}): { scopes: Scope[]; findings: RawFinding[] } {
  const byPath = new Map(parsed.map((p) => [p.file.path, p]));
  const kustomizations = parsed.filter((p) => p.role === 'kustomization');
  const manifestFiles = parsed.filter((p) => p.role === 'manifests').map((p) => p.file.path);
  const sites = siteFolders(parsed, context.rootName);
  const siteOf = (path: string): string => sites.find((s) => under(path, s)) ?? '';
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
  const kustomizationIn = (dir: string): string | undefined => [`${dir}/kustomization.yaml`, `${dir}/kustomization.yml`, `${dir}/Kustomization`].map((p) => p.replace(/^\//, '')).find((p) => byPath.has(p));

  const scopes: Scope[] = [];
  // Explicit scopes first (--scope DIR): the folder's kustomization when it has one, else every file under it.
  const explicit = (context.scopes ?? []).map((d) => d.replace(/^\.\/?|\/+$/g, ''));
  for (const dir of explicit) {
    const k = kustomizationIn(dir);
    const files = k ? [...new Set(closure(k, new Set()))] : manifestFiles.filter((f) => under(f, dir));
    scopes.push({ root: dir, label: dir || '(repository)', site: siteOf(`${dir}/x`), files });
  }
  const claimed = new Set(explicit);
  for (const k of kustomizations) {
    const root = dirOf(k.file.path);
    if (referenced.has(k.file.path) || explicit.some((d) => under(root, d))) continue;
    scopes.push({ root, label: root || '(repository root)', site: siteOf(k.file.path), files: [...new Set(closure(k.file.path, new Set()))] });
  }
  const covered = new Set(scopes.flatMap((s) => s.files));
  const loose = manifestFiles.filter((f) => !covered.has(f) && !explicit.some((d) => under(f, d)));
  const groups = new Map<string, string[]>();
  for (const f of loose) groups.set(siteOf(f), [...(groups.get(siteOf(f)) ?? []), f]);
  for (const [site, files] of groups) {
    if (claimed.has(site)) continue;
    const hasKustomization = kustomizations.some((k) => siteOf(k.file.path) === site);
    if (hasKustomization) for (const f of files) findings.push({ code: 'not-applied', file: f, path: '', docIndex: -1, params: {}, scope: site || '(repository)' });
    else findings.push({ code: 'flux-applies-everything', file: site, path: '', docIndex: -1, params: { files: files.length }, scope: site || '(repository)' });
    scopes.push({ root: site, label: site || '(repository)', site, files });
  }
  return { scopes, findings };
}

function finish(raw: RawFinding, docs: ReadonlyMap<string, ManifestDoc>, accepted: readonly AcceptedFinding[], scopeOf: (file: string) => string, lineNumbers: 'all' | 'problems'): Finding {
  const info = FINDING_CODES[raw.code];
  const secret = raw.code === 'plaintext-password' ? SECRET_SEVERITY[String(raw.params?.kind ?? '')] : undefined;
  const severity = raw.severity ?? secret ?? info.severity;
  const wantLine = lineNumbers === 'all' || severity !== 'info';
  const doc = wantLine ? (docs.get(`${raw.file}#${raw.docIndex}`) ?? siteDoc(raw.file, docs)) : undefined;
  const line = doc ? lineOf(doc, raw.path.startsWith('spec.profile.') ? 'spec.profile' : raw.path) : undefined;
  const acc = accepted.find((a) => a.code === raw.code && (a.file === undefined || a.file === raw.file) && (a.path === undefined || a.path === raw.path));
  return {
    severity,
    code: raw.code,
    file: raw.file,
    path: raw.path,
    docIndex: raw.docIndex,
    params: raw.params ?? {},
    fix: { step: info.step, action: raw.code },
    scope: raw.scope ?? scopeOf(raw.file),
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

/** The site folder among `groups` a path lies in ('' when none): the nearest enclosing folder in the set. */
function groupFinder(groups: readonly string[]): (path: string) => string {
  const set = new Set(groups.filter((g) => g !== ''));
  return (path) => {
    for (let dir = dirOf(path); dir !== ''; dir = dirOf(dir)) if (set.has(dir)) return dir;
    return '';
  };
}

/** The first thing wrong with a site.yaml, with its line and field when known. */
function firstProblem(error: AppError): string {
  const i = error.issues?.[0];
  return i ? `${i.line ? `line ${i.line}: ` : ''}${i.path ? `${i.path}: ` : ''}${i.message}` : error.message;
}

/** Lints a set of files; findings sorted by severity, file and position, each reported once. */
export function lintFiles(files: readonly ManifestFile[], context: LintContext = {}): Finding[] {
  return lintWithScopes(files, context).findings;
}

/** What a lint found, and every scope it checked (a scope with no finding is checked all the same). */
export interface LintResult {
  readonly findings: Finding[];
  /** Labels of the scopes the rules that compare files ran in, sorted. */
  readonly scopes: readonly string[];
}

/** `lintFiles`, also naming every scope checked (what `sitekit lint` counts). */
export function lintWithScopes(files: readonly ManifestFile[], context: LintContext = {}): LintResult {
  return lintParsed(
    files.map((f) => parseFile(f, { shallow: true })),
    context,
  );
}

/** Lints files already parsed with `parseFile(f, { shallow: true })`: the rules, scopes and findings of `lintFiles`. */
function lintParsed(parsed: readonly ParsedFile[], context: LintContext = {}): LintResult {
  const raw: RawFinding[] = [];
  for (const p of parsed) {
    for (const e of p.errors) raw.push({ code: 'yaml-syntax', file: p.file.path, path: '', docIndex: -1, params: { message: e.message, line: e.line } });
    for (const g of p.goYamlOnly ?? []) raw.push({ code: 'go-yaml-only', file: p.file.path, path: '', docIndex: -1, params: { line: g.line, construct: g.construct } });
  }
  const docs = parsed.filter((p) => p.role === 'manifests').flatMap((p) => p.docs);
  const docMap = new Map(parsed.flatMap((p) => p.docs).map((d) => [`${d.file}#${d.docIndex}`, d]));
  // site.yaml is not parsed up front; keep its text so a finding about it can still get a line number.
  for (const p of parsed.filter((x) => x.role === 'site')) docMap.set(`${p.file.path}#site`, { value: p.file.content } as ManifestDoc);
  const siteFiles = parsed.filter((p) => p.role === 'site').map((p) => p.file.path);
  const ctx: RuleContext = { site: context.site, siteFile: siteFiles[0] ?? '' };

  for (const d of docs) for (const rule of DOC_RULES) raw.push(...rule(d, ctx));
  const { scopes, findings } = resolveScopes(parsed, context);
  raw.push(...findings);
  const docsByFile = new Map<string, ManifestDoc[]>();
  for (const d of docs) {
    const list = docsByFile.get(d.file);
    if (list) list.push(d);
    else docsByFile.set(d.file, [d]);
  }
  for (const scope of scopes) {
    const scoped = scope.files.flatMap((f) => docsByFile.get(f) ?? []);
    for (const rule of SCOPE_RULES) for (const r of rule(scoped, ctx)) raw.push({ ...r, scope: scope.label });
  }
  // Site rules once per site folder, each with its own model: the one given for its folder, else its site.yaml.
  const siteGroups = [...new Set(scopes.map((s) => s.site))];
  const acceptedBySite = new Map<string, readonly AcceptedFinding[]>();
  const groupOf = groupFinder(siteGroups);
  const docsByGroup = new Map<string, ManifestDoc[]>();
  for (const d of docs) {
    const g = siteGroups.length === 1 ? (siteGroups[0] as string) : groupOf(d.file);
    const list = docsByGroup.get(g);
    if (list) list.push(d);
    else docsByGroup.set(g, [d]);
  }
  const fileByPath = new Map(parsed.map((p) => [p.file.path, p.file]));
  for (const site of siteGroups) {
    const inSite = docsByGroup.get(site) ?? [];
    const own = context.site && (siteGroups.length === 1 || baseName(site) === context.site.metadata.id);
    // The files outside every site folder ('') have no site.yaml of their own when there are site folders.
    const siteFile = site === '' && siteGroups.length > 1 ? '' : (siteFiles.find((f) => under(f, site)) ?? (siteGroups.length === 1 ? ctx.siteFile : ''));
    let model = own ? context.site : undefined;
    if (!model && siteFile) {
      const read = parseSiteYaml(fileByPath.get(siteFile)?.content ?? '', siteFile);
      if (read.ok) model = read.value;
      else raw.push({ code: 'site-invalid', file: siteFile, path: '', docIndex: -1, params: { message: firstProblem(read.error) }, scope: site || '(repository)' });
    }
    if (model) acceptedBySite.set(site, model.spec.acceptedFindings);
    const plan = model && model === context.site && context.plan ? context.plan : model && context.list ? planSite(model, context.list) : undefined;
    const sctx: RuleContext = { site: model, siteFile, ...(plan ? { plan } : {}) };
    for (const rule of SITE_RULES) for (const r of rule(inSite, sctx)) raw.push({ ...r, scope: site || '(repository)' });
  }

  // A file's scope: the one scope that holds it, else its site folder (shared folders such as base/).
  const fileScopes = new Map<string, string[]>();
  for (const s of scopes) {
    for (const f of s.files) {
      const list = fileScopes.get(f);
      if (list) list.push(s.label);
      else fileScopes.set(f, [s.label]);
    }
  }
  const scopeOf = (file: string): string => {
    const list = fileScopes.get(file);
    if (list && list.length === 1) return list[0] as string;
    const site = scopes.find((s) => s.files.includes(file))?.site ?? siteFolders(parsed, context.rootName).find((g) => under(file, g));
    return site || (list?.[0] ?? '(repository)');
  };

  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const r of raw) {
    const key = `${r.code}|${r.file}|${r.docIndex}|${r.path}|${JSON.stringify(r.params ?? {})}${r.file === '' ? `|${r.scope ?? ''}` : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // A finding is accepted by the site it belongs to (a fleet repo: each store's own site.yaml).
    const group = siteGroups.length > 1 ? groupOf(r.file) : '';
    const ownSite = group !== '' ? group : undefined;
    const accepted = ownSite !== undefined ? (acceptedBySite.get(ownSite) ?? []) : (context.site?.spec.acceptedFindings ?? []);
    out.push(finish(r, docMap, accepted, scopeOf, context.lineNumbers ?? 'all'));
  }
  return { findings: out.sort(compareFindings), scopes: [...new Set(scopes.map((s) => s.label))].sort() };
}
