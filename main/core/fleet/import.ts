/**
 * What a fleet import would do, decided before anything is written (pure): for every planned site the
 * generated files, whether it is new, changed or unchanged, the diff of a changed one, and its lint.
 *
 * All or nothing: a lint error in any generated site is a plan problem at that row, like a bad cell, so
 * a plan that passes writes a repo whose every site lints clean. Sites already in the repo are changed only
 * with `update`; their records (commits, sticks, reports) and everything the plan has no column for
 * (workloads, users, accepted findings, Git target) are kept, and the plan's columns are laid over them.
 */
import { unifiedDiff } from '../diff/line-diff';
import { summarize } from '../manifests/findings';
import { generateSiteFiles, siteRoot, type GeneratedFile } from '../manifests/generate';
import { lintFiles } from '../manifests/lint';
import { findingMessage } from '../manifests/messages';
import { Site, type Host } from '../site/schema';
import { schemaProblems, type PlanProblem, type PlanResult } from './plan';
import { applyPlanToSite, planSite } from '../host-plan/plan';
import type { CompatList } from '../hardware/schema';

/** A site already in the repo: its parsed site.yaml (undefined when unreadable) and its files on disk. */
export interface ExistingSite {
  readonly site?: Site;
  /** Why site.yaml could not be read. */
  readonly error?: string;
  /** Files under the site folder, repo-relative path → text. */
  readonly files: ReadonlyMap<string, string>;
}

export type SiteAction = 'add' | 'update' | 'unchanged' | 'kept';

/** One row's outcome of a fleet import, as the flow returns it and the `fleet:import` channel carries it. */
export interface FleetImportSite {
  readonly id: string;
  readonly line: number;
  readonly action: SiteAction;
  readonly path: string;
  readonly files: number;
  readonly changed: readonly string[];
  readonly lint: { readonly errors: number; readonly warnings: number };
}

/** What a fleet import did (or, on a dry run, would do). */
export interface FleetImportOutcome {
  readonly repo: string;
  readonly plan: string;
  readonly sites: readonly FleetImportSite[];
  /** Unified diffs of the files of existing sites that `update` changes (empty without --update). */
  readonly diffs: readonly { readonly path: string; readonly text: string }[];
  readonly notes: readonly string[];
  /** Repo-relative paths written (none on a dry run). */
  readonly written: number;
  readonly dryRun: boolean;
}

export interface PreparedSite {
  readonly id: string;
  readonly line: number;
  readonly action: SiteAction;
  /** The site folder, e.g. `sites/store-0001`. */
  readonly root: string;
  readonly files: readonly GeneratedFile[];
  /** Paths (repo-relative) whose content would change or appear. */
  readonly changed: readonly string[];
  /** Unified diffs of changed files of an existing site (shown before --update writes). */
  readonly diffs: readonly { readonly path: string; readonly text: string }[];
  readonly lint: { readonly errors: number; readonly warnings: number };
}

/** Lays the plan's columns over an existing site, keeping records and everything the plan does not describe. */
export function mergePlanIntoSite(existing: Site, planned: Site): Site {
  const hosts = planned.spec.hosts.map((p, i): Host => {
    const old = existing.spec.hosts[i];
    if (!old) return p;
    const vlan = p.management.vlan;
    const sameModel = (old.hardware.model ?? '') === (p.hardware.model ?? '');
    return {
      ...old,
      name: p.name,
      management: { ...old.management, mode: 'static', ip: p.management.ip, vlan },
      hardware: sameModel ? old.hardware : { ...old.hardware, ...p.hardware },
      vswitches: old.vswitches.map((sw) => ({ ...sw, portGroups: sw.portGroups.map((pg) => (pg.name === 'Management Network' ? { ...pg, vlan } : pg)) })),
    };
  });
  return {
    ...existing,
    metadata: { ...existing.metadata, ...planned.metadata },
    spec: {
      ...existing.spec,
      topology: planned.spec.topology,
      release: planned.spec.release,
      managementNetwork: planned.spec.managementNetwork,
      dns: { ...existing.spec.dns, servers: planned.spec.dns.servers },
      ntp: { ...existing.spec.ntp, servers: planned.spec.ntp.servers },
      hosts,
    },
  };
}

export interface PrepareOptions {
  /** Apply the plan over existing sites (otherwise they are kept as they are). */
  readonly update?: boolean;
  /**
   * The compatibility list in use: each site gets the requirements the hardware check derives from its
   * hosts' models (kernel options, module settings, BIOS settings), as the Hardware step gives a site made
   * in the wizard, so the site.yaml and manifests in the repo carry them from the start.
   */
  readonly list: CompatList;
}

/** One planned site, prepared: what would be written, or the problems that stop the import (with their notes). */
export interface SitePreparation {
  readonly site?: PreparedSite;
  readonly problems: readonly PlanProblem[];
  readonly notes: readonly string[];
}

/**
 * Generates and lints one planned site and compares it with the repo's copy (`old`, when the site is there).
 * Problems name the plan line; a site with a problem has no `site`. The fleet import flow
 * (main/flows/fleet-import.ts) calls it site by site, staging each prepared site's files while the next is
 * prepared, and writes nothing when any site has a problem.
 */
export function prepareSite(planned: PlanResult['sites'][number], file: string, old: ExistingSite | undefined, options: PrepareOptions): SitePreparation {
  const { line, site: plannedSite } = planned;
  const id = plannedSite.metadata.id;
  const problems: PlanProblem[] = [];
  const notes: string[] = [];
  let site = plannedSite;
  if (old && options.update) {
    if (!old.site) {
      problems.push({ file, line, column: 'site_id', message: `the repo's ${siteRoot(plannedSite)}/site.yaml cannot be read (${old.error ?? 'invalid'}); fix or remove it first` });
      return { problems, notes };
    }
    const merged = Site.safeParse(mergePlanIntoSite(old.site, plannedSite));
    if (!merged.success) {
      // In the same words as a bad cell, naming the column where the plan's value meets the repo's site.
      for (const p of schemaProblems(merged.error, undefined)) problems.push({ file, line, column: p.column, message: `together with the site already in the repo (${siteRoot(plannedSite)}/site.yaml): ${p.message}` });
      return { problems, notes };
    }
    site = merged.data;
  }
  // The host plan, as a site made in the wizard gets it: requirements (kernel options, module settings, BIOS
  // settings) into site.yaml, the install NIC and uplinks into the manifests.
  const plan = planSite(site, options.list);
  site = applyPlanToSite(site, plan);
  for (const h of plan.verdict.hosts.filter((x) => x.status === 'unsupported' || x.status === 'unknown')) {
    notes.push(`${file}:${line}: ${id}: the hardware check calls ${h.host} ${h.status}; the Hardware step shows why (sitekit hw check ${siteRoot(site)}/site.yaml)`);
  }
  const root = siteRoot(site);
  const files = generateSiteFiles(site, plan, old && options.update ? { previous: old.files } : {});
  // Notes are only counted here, so only errors and warnings need a line (which parses the generated file).
  const findings = lintFiles(files, { site, plan, lineNumbers: 'problems' });
  const summary = summarize(findings);
  for (const f of findings.filter((x) => x.severity === 'error' && !x.accepted)) {
    problems.push({ file, line, column: 'row', message: `lint error in ${f.file}${f.line ? `:${f.line}` : ''}: ${findingMessage(f)} (${f.code})` });
  }
  if (problems.length) return { problems, notes };
  const changed = files.filter((f) => old?.files.get(f.path) !== f.content).map((f) => f.path);
  let action: SiteAction = 'add';
  if (old) action = !options.update ? (changed.length ? 'kept' : 'unchanged') : changed.length ? 'update' : 'unchanged';
  if (action === 'kept') notes.push(`${file}:${line}: ${id} is already in the repo and differs from the plan; kept as it is (--update shows the diff and applies it)`);
  const diffs =
    action === 'update'
      ? changed.map((p) => {
          const before = old?.files.get(p);
          const after = files.find((f) => f.path === p)?.content ?? '';
          return { path: p, text: unifiedDiff(before ?? '', after, { oldName: before === undefined ? '/dev/null' : `a/${p}`, newName: `b/${p}` }).text };
        })
      : [];
  return { site: { id, line, action, root, files, changed: action === 'add' || action === 'update' ? changed : [], diffs, lint: { errors: summary.errors, warnings: summary.warnings } }, problems, notes };
}

/** Whether a prepared site writes anything (a new site, or an update that changes files). */
export const writesFiles = (s: PreparedSite): boolean => s.action === 'add' || s.action === 'update';

/** The files a prepared site writes: all of a new site, the changed ones of an updated site. */
export function filesToWrite(s: PreparedSite): readonly GeneratedFile[] {
  if (s.action === 'add') return s.files;
  if (s.action !== 'update') return [];
  const changed = new Set(s.changed);
  return s.files.filter((f) => changed.has(f.path));
}
