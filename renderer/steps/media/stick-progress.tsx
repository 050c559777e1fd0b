/** Live progress of a run (build, then each stick) and the kept result of the last run. */
import { ErrorBanner } from '../../components/error-banner';
import { outcomeText, progressText } from './media-model';
import type { LastRun } from './media-state';
import type { RunProgress } from './use-media-step';

export function RunProgressView({ running }: { readonly running: RunProgress }) {
  return (
    <div className="media-block media-box" aria-label="Progress" role="group">
      <p>
        <strong>Image</strong>
        <progress max={running.build?.total || 1} value={running.build?.bytes ?? 0} aria-label="Building the image" />
        <span>{running.build ? progressText(running.build) : 'Starting…'}</span>
      </p>
      <ul className="media-runs" aria-label="Sticks in progress">
        {running.targets.map((t, i) => {
          const p = running.sticks[i];
          return (
            <li key={t} className="media-run">
              <span className="mono">{t}</span>
              <progress max={p?.total || 1} value={p?.bytes ?? 0} aria-label={`Progress for ${t}`} />
              <span>{p ? progressText(p) : 'Waiting for the image'}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function LastRunView({ last }: { readonly last: LastRun }) {
  return (
    <section className="media-block media-box" aria-labelledby="last-run-title" data-testid="last-run">
      <h3 id="last-run-title">
        Last run — {last.scope === '*' ? 'all hosts' : last.scope}, {new Date(last.at).toLocaleString()}
      </h3>
      {last.error && <ErrorBanner error={last.error} />}
      {last.build && (
        <p>
          Image SHA-256 <span className="mono" data-testid="image-sha256">{last.build.sha256}</span>
          <span className="muted"> (the sha256sum of the image file)</span>
        </p>
      )}
      {last.build && (
        <p className="muted">
          Built image: <span className="mono">{last.build.path}</span>
        </p>
      )}
      {last.recorded && (
        <p className="muted" data-testid="recorded">
          {last.recorded.runs > 0 ? `Recorded in the site: ${last.recorded.runs} stick run${last.recorded.runs === 1 ? '' : 's'} (they go into the handover report).` : `Nothing recorded in the site: ${last.recorded.why ?? 'no stick was written'}.`}
        </p>
      )}
      <ul className="media-runs" aria-label="Sticks">
        {last.sticks.map((o) => {
          const res = outcomeText(o);
          return (
            <li key={o.target} className="media-run" data-testid={`run-${o.target}`}>
              <span className="mono">{o.target}</span>
              <div className={`banner banner-${res.tone === 'ok' ? 'ok' : res.tone === 'warn' ? 'warn' : 'error'}`} role="status">
                <strong className="banner-title">{res.text}</strong>
                {o.error?.hint && <p className="banner-hint">Next: {o.error.hint}</p>}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
