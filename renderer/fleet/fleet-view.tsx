/**
 * The fleet: every site of the connected site repo with the stage its records prove (not started, committed,
 * stick written, done), filters by stage, and "Open" for any site. A site not in this workspace yet is
 * imported from the repo's site.yaml as a draft; one already here opens as it is (its draft may hold work
 * that is not committed).
 */
import { useEffect, useState } from 'react';
import type { FleetRow, FleetStatus } from '../../main/core/fleet/status';
import { FLEET_STAGE_LABELS } from '../../main/core/fleet/status';
import type { AppError } from '../../main/core/result';
import type { SiteDraft } from '../../main/core/site/draft';
import { sitekit } from '../api/client';
import { ErrorBanner } from '../components/error-banner';
import { FLEET_FILTERS, filterCount, filterRows, rowCells, type FleetFilter } from './fleet-model';
import './fleet-view.css';

export function FleetView({ onOpened }: { readonly onOpened: (draft: SiteDraft) => void }) {
  const [status, setStatus] = useState<FleetStatus | undefined>();
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const [filter, setFilter] = useState<FleetFilter>('all');
  const [query, setQuery] = useState('');

  useEffect(() => {
    void sitekit.fleet.status({ withSiteText: true }).then((r) => {
      if (r.ok) setStatus(r.value);
      else if (r.error.code === 'not-found') setMissing(true);
      else setError(r.error);
    });
  }, []);

  const open = async (row: FleetRow) => {
    const local = await sitekit.site.load({ id: row.id });
    if (local.ok) return onOpened(local.value);
    if (local.error.code !== 'not-found' || row.siteText === undefined) return setError(local.error);
    const imported = await sitekit.site.import({ text: row.siteText, fileName: `${row.path}/site.yaml` });
    if (imported.ok) onOpened(imported.value);
    else setError(imported.error);
  };

  if (missing) return null;
  const rows = status ? filterRows(status.rows, filter, query) : [];
  return (
    <section className="fleet" aria-labelledby="fleet-title">
      <h3 id="fleet-title">Fleet in the site repository</h3>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {!status && !error && <p className="muted">Reading the site repository…</p>}
      {status && (
        <>
          <p className="muted">
            {status.rows.length} site(s) in <span className="mono">{status.repo}</span>
            {status.branch ? ` on ${status.branch}` : ''}.
          </p>
          <div className="fleet-filters" role="group" aria-label="Show sites">
            {FLEET_FILTERS.map((f) => (
              <button key={f.id} type="button" className="btn btn-quiet" aria-pressed={filter === f.id} onClick={() => setFilter(f.id)}>
                {f.label} ({filterCount(status.rows, f.id)})
              </button>
            ))}
            <input className="fleet-search" type="search" placeholder="Find a site, technician or place" aria-label="Find a site" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
          {rows.length === 0 ? (
            <p className="muted">No site matches.</p>
          ) : (
            <div className="fleet-table-wrap">
              <table className="fleet-table" aria-label="Fleet sites">
                <thead>
                  <tr>
                    <th scope="col">Site</th>
                    <th scope="col">Stage</th>
                    <th scope="col">Manifests</th>
                    <th scope="col">Lint</th>
                    <th scope="col">Git</th>
                    <th scope="col">Sticks</th>
                    <th scope="col">Report</th>
                    <th scope="col">
                      <span className="sr-only">Open</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => {
                    const c = rowCells(r);
                    return (
                      <tr key={r.id} data-stage={r.stage}>
                        <td>
                          <strong>{r.name}</strong>
                          <br />
                          <span className="mono muted">{r.id}</span>
                          {r.technician && <span className="muted"> · {r.technician}</span>}
                        </td>
                        <td className="fleet-stage">{FLEET_STAGE_LABELS[r.stage]}</td>
                        <td className={r.manifestsUpToDate ? undefined : 'fleet-bad'}>{c.manifests}</td>
                        <td className={r.lint.errors > 0 ? 'fleet-bad' : undefined}>{c.lint}</td>
                        <td>{c.git}</td>
                        <td>{c.sticks}</td>
                        <td>{c.report}</td>
                        <td>
                          <button type="button" className="btn" onClick={() => void open(r)} aria-label={`Open ${r.name}`}>
                            Open
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
