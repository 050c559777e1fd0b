/**
 * The fleet status: one row per site of a site repo, and the stage each store is at (pure).
 *
 * A stage is derived only from records that prove it (docs/CONVENTIONS.md § Records prove reports): "committed"
 * from the branch head holding exactly the site's files, "stick written" from a verified stick record, "accepted"
 * from every host's latest acceptance record (the hosts were checked on site), "done" from all of them and an
 * exported report record. Nothing is inferred from intentions.
 */
import type { Site } from '../site/schema';
import { everyHostAccepted } from '../site/records';

export const FLEET_STAGES = ['not-started', 'committed', 'stick-written', 'accepted', 'done'] as const;
export type FleetStage = (typeof FLEET_STAGES)[number];

/** Labels for people (UI filters, CLI). */
export const FLEET_STAGE_LABELS: Readonly<Record<FleetStage, string>> = {
  'not-started': 'Not started',
  committed: 'Committed',
  'stick-written': 'Stick written',
  accepted: 'Accepted on site',
  done: 'Done',
};

/** A report export record (`records.reports`), read defensively: the schema may not carry it yet. */
export interface ReportRecord {
  readonly at: string;
  readonly folder: string;
  readonly files: readonly { readonly format: string; readonly path: string; readonly sha256: string }[];
}

export interface FleetRow {
  readonly id: string;
  readonly name: string;
  /** Folder of the site in the repo, e.g. `sites/store-0001`. */
  readonly path: string;
  readonly topology?: Site['spec']['topology'];
  readonly hosts: readonly string[];
  readonly technician?: string;
  readonly location?: string;
  /** Why site.yaml could not be read; the other columns are then unknown. */
  readonly error?: string;
  /** The generated manifests on disk are exactly what site.yaml generates. */
  readonly manifestsUpToDate: boolean;
  /** Generated files that differ from disk or are missing. */
  readonly outdatedFiles: readonly string[];
  readonly lint: { readonly errors: number; readonly warnings: number };
  /** The branch head holds exactly the site folder as it is in the work tree. */
  readonly committed: boolean;
  /** The remote-tracking branch holds the same site folder as the branch head (false without a remote). */
  readonly pushed: boolean;
  /** Verified stick runs recorded for the site. */
  readonly sticks: number;
  /** Report exports recorded for the site. */
  readonly reports: number;
  /** Every host was accepted on site in its latest acceptance run. */
  readonly accepted: boolean;
  readonly stage: FleetStage;
  /** site.yaml as in the repo, when asked for (the app opens a site from it). */
  readonly siteText?: string;
}

export interface FleetStatus {
  readonly repo: string;
  readonly branch?: string;
  readonly head?: string;
  readonly rows: readonly FleetRow[];
  readonly counts: Readonly<Record<FleetStage, number>>;
}

/** The stage a store is at, from what was recorded. */
export function stageOf(row: Pick<FleetRow, 'committed' | 'sticks' | 'reports' | 'accepted'>): FleetStage {
  if (row.sticks > 0 && row.reports > 0 && row.committed && row.accepted) return 'done';
  if (row.accepted) return 'accepted';
  if (row.sticks > 0) return 'stick-written';
  if (row.committed) return 'committed';
  return 'not-started';
}

/** Verified stick runs in a site's records. */
export function verifiedSticks(site: Pick<Site, 'records'>): number {
  return site.records.media.filter((m) => m.verified).length;
}

/** Every host of the site accepted on site in its latest run; false for sites written before acceptance existed. */
export function siteAccepted(site: Site): boolean {
  return everyHostAccepted(site);
}

/** Report exports in a site's records; tolerates sites written before `records.reports` existed. */
export function reportRecords(site: { readonly records?: unknown }): ReportRecord[] {
  const reports = (site.records as { reports?: unknown } | undefined)?.reports;
  if (!Array.isArray(reports)) return [];
  return reports.filter((r): r is ReportRecord => typeof r === 'object' && r !== null && typeof (r as ReportRecord).at === 'string');
}

export function countStages(rows: readonly Pick<FleetRow, 'stage'>[]): Record<FleetStage, number> {
  const counts = Object.fromEntries(FLEET_STAGES.map((s) => [s, 0])) as Record<FleetStage, number>;
  for (const r of rows) counts[r.stage]++;
  return counts;
}
