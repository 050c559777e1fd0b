/**
 * Pure helpers of the fleet view: the filters (by recorded stage), their counts, and the text of each row's
 * cells. Kept out of the component so they are unit-tested without a browser.
 */
import { FLEET_STAGE_LABELS, FLEET_STAGES, type FleetRow, type FleetStage } from '../../main/core/fleet/status';

export type FleetFilter = 'all' | FleetStage;

export const FLEET_FILTERS: readonly { readonly id: FleetFilter; readonly label: string }[] = [
  { id: 'all', label: 'All' },
  ...FLEET_STAGES.map((s) => ({ id: s, label: FLEET_STAGE_LABELS[s] })),
];

export function filterRows(rows: readonly FleetRow[], filter: FleetFilter, query = ''): FleetRow[] {
  const q = query.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (filter === 'all' || r.stage === filter) &&
      (!q || r.id.includes(q) || r.name.toLowerCase().includes(q) || (r.technician ?? '').toLowerCase().includes(q) || (r.location ?? '').toLowerCase().includes(q)),
  );
}

export function filterCount(rows: readonly FleetRow[], filter: FleetFilter): number {
  return filter === 'all' ? rows.length : rows.filter((r) => r.stage === filter).length;
}

/** What the row's cells say: every "yes" comes from a record (commit tree, stick run, report export). */
export function rowCells(r: FleetRow): { manifests: string; lint: string; git: string; sticks: string; report: string } {
  return {
    manifests: r.error ? 'site.yaml unreadable' : r.manifestsUpToDate ? 'Up to date' : `${r.outdatedFiles.length} file(s) outdated`,
    lint: r.lint.errors > 0 ? `${r.lint.errors} error(s)` : r.lint.warnings > 0 ? `${r.lint.warnings} warning(s)` : 'Clean',
    git: r.pushed ? 'Pushed' : r.committed ? 'Committed, not pushed' : 'Not committed',
    sticks: r.sticks === 0 ? 'None' : `${r.sticks} verified`,
    report: r.reports > 0 ? 'Exported' : 'Not yet',
  };
}
