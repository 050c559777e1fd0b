/** The connected repository: where it is, what waits to push (one click to push or retry), credentials. */
import { FormActions } from '../../components/form-grid';
import { CredentialFields } from './credential-fields';
import { needsCredentials, progressPercent, queueText } from './git-model';
import type { GitStepModel } from './use-git-step';

export function RepositoryCard({ model, siteId }: { readonly model: GitStepModel; readonly siteId: string }) {
  const { view, draft, store } = model;
  const connection = view.overview?.connection;
  const status = view.overview?.status;
  if (!connection) return null;
  const waiting = status?.waitingToPush ?? 0;
  const error = view.error;
  return (
    <div className="git-block" aria-labelledby="git-repo-title">
      <h3 id="git-repo-title">Repository</h3>
      <p>
        <span className="mono">{connection.url ?? connection.dir}</span> · branch <span className="mono">{connection.branch}</span>
        {status?.head ? (
          <>
            {' '}
            at <span className="mono">{status.head.slice(0, 7)}</span>
          </>
        ) : (
          ' (no commits yet)'
        )}
      </p>
      <p className="muted">
        Local folder: <span className="mono">{connection.dir}</span>; this site's files: <span className="mono">{view.preview?.sitePath ?? `${connection.basePath}/${siteId}`}/</span>
      </p>
      <p>
        <button type="button" className="btn" disabled={view.busy !== undefined} onClick={() => model.dispatch({ type: 'switching', on: true })}>
          Connect another repository…
        </button>
      </p>
      {connection.url && (
        <div className="git-queue" role="status" aria-live="polite">
          <strong>{queueText(waiting)}</strong>
          {waiting > 0 && (
            <button type="button" className="btn btn-primary" disabled={view.busy !== undefined} onClick={() => void model.push()}>
              {view.busy === 'push' ? 'Pushing…' : error && error.code !== 'conflict' ? 'Retry push' : 'Push now'}
            </button>
          )}
          {view.overview?.autoRetry && <span className="muted">Sitekit pushes by itself as soon as it can reach the server again.</span>}
        </div>
      )}
      {view.busy === 'push' && (
        <div>
          <progress className="git-progress" max={100} value={progressPercent(view.progress)} aria-label="Push progress" />
          <span className="muted">{view.progress?.phase ?? 'Connecting…'}</span>
        </div>
      )}
      {status && status.waiting.length > 0 && (
        <ul aria-label="Commits waiting to push">
          {status.waiting.map((c) => (
            <li key={c.sha}>
              <span className="mono">{c.sha.slice(0, 7)}</span> {c.message}
            </li>
          ))}
        </ul>
      )}
      {connection.url && (needsCredentials(error?.code) || !status?.hasCredentials) && (
        <details open={needsCredentials(error?.code)}>
          <summary>{status?.hasCredentials ? 'Change credentials' : 'Enter credentials'}</summary>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void model.saveCredentials();
            }}
          >
            <CredentialFields form={draft.form} set={(patch) => store({ type: 'form', patch })} persistent={view.overview?.persistentCredentials} />
            <FormActions>
              <button type="submit" className="btn" disabled={view.busy !== undefined}>
                Save credentials
              </button>
            </FormActions>
          </form>
        </details>
      )}
    </div>
  );
}
