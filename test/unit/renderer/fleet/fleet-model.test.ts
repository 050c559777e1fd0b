/** The fleet view's filters and cell texts: stages come from records, filters count and select by stage. */
import { describe, expect, it } from 'vitest';
import { stageOf, type FleetRow } from '../../../../main/core/fleet/status';
import { FLEET_FILTERS, filterCount, filterRows, rowCells } from '../../../../renderer/fleet/fleet-model';

const row = (id: string, r: Partial<FleetRow>): FleetRow => {
  const base = { id, name: `Store ${id}`, path: `sites/${id}`, hosts: ['esx01'], manifestsUpToDate: true, outdatedFiles: [], lint: { errors: 0, warnings: 0 }, committed: false, pushed: false, sticks: 0, reports: 0, accepted: false, ...r };
  return { ...base, stage: stageOf(base) };
};

const rows = [
  row('a', {}),
  row('b', { committed: true, pushed: true }),
  row('c', { committed: true, sticks: 1 }),
  row('d', { committed: true, sticks: 2, reports: 1, accepted: true, technician: 'Ana' }),
  row('e', { sticks: 1, reports: 1 }),
  row('f', { committed: true, sticks: 1, accepted: true }),
  row('g', { committed: true, sticks: 1, reports: 1 }),
];

describe('fleet model', () => {
  it('derives the stage from records only: a report without a commit, or without the hosts accepted on site, is not done', () => {
    expect(rows.map((r) => r.stage)).toEqual(['not-started', 'committed', 'stick-written', 'done', 'stick-written', 'accepted', 'stick-written']);
  });

  it('filters by stage with counts, and finds by id, name or technician', () => {
    expect(FLEET_FILTERS.map((f) => `${f.label} ${filterCount(rows, f.id)}`)).toEqual(['All 7', 'Not started 1', 'Committed 1', 'Stick written 3', 'Accepted on site 1', 'Done 1']);
    expect(filterRows(rows, 'stick-written').map((r) => r.id)).toEqual(['c', 'e', 'g']);
    expect(filterRows(rows, 'all', 'ana').map((r) => r.id)).toEqual(['d']);
    expect(filterRows(rows, 'committed', 'ana')).toEqual([]);
  });

  it('says what each cell means', () => {
    expect(rowCells(rows[1]!)).toEqual({ manifests: 'Up to date', lint: 'Clean', git: 'Pushed', sticks: 'None', report: 'Not yet' });
    expect(rowCells(row('x', { manifestsUpToDate: false, outdatedFiles: ['a', 'b'], lint: { errors: 2, warnings: 1 }, committed: true, sticks: 1, reports: 1 }))).toEqual({
      manifests: '2 file(s) outdated',
      lint: '2 error(s)',
      git: 'Committed, not pushed',
      sticks: '1 verified',
      report: 'Exported',
    });
  });
});
