/**
 * The Git step: connect the site to its repo, see exactly what a commit changes (a diff per file), commit
 * (optionally signed), push with progress. Without a network the commit stays, the step says "N commits
 * waiting to push", a retry is one click, and main retries by itself when it sees the server again.
 * Drafts (the connect form without secrets, the reason) live in the per-site store; credentials are typed
 * here, sent once and cleared.
 */
import { ErrorBanner } from '../../components/error-banner';
import type { StepProps } from '../types';
import { AuthorNote } from './author-note';
import { CommitForm } from './commit-form';
import { ConnectForm } from './connect-form';
import { RepositoryCard } from './repository-card';
import { useGitStep } from './use-git-step';
import './git-step.css';

export function GitStep(props: StepProps) {
  return props.site ? <GitStepBody {...props} site={props.site} /> : null;
}

function GitStepBody({ site, state, dispatch, openSettings }: StepProps & { readonly site: NonNullable<StepProps['site']> }) {
  const model = useGitStep(site, dispatch);
  const { view } = model;
  const id = site.metadata.id;
  const connection = view.overview?.connection;
  const waiting = view.overview?.status?.waitingToPush ?? 0;
  const committed = connection !== undefined && view.preview !== undefined && view.preview.files.length === 0;
  return (
    <section className="panel" aria-labelledby="git-title">
      <div className="panel-head">
        <h2 id="git-title" tabIndex={-1}>
          Git — {site.metadata.name}
        </h2>
        {connection && (
          <button type="button" className="btn btn-quiet" disabled={view.busy !== undefined} onClick={() => void model.refresh().then(() => model.loadPreview())}>
            Refresh
          </button>
        )}
      </div>
      <AuthorNote author={view.overview?.author} openSettings={openSettings} />
      {view.error && <ErrorBanner error={view.error} onDismiss={() => model.dispatch({ type: 'error' })} />}
      {view.notice && !view.error && (
        <div className="banner banner-ok" role="status">
          <strong className="banner-title">
            <span aria-hidden="true">✓ </span>
            {view.notice}
          </strong>
        </div>
      )}
      {!connection || view.switching ? (
        <ConnectForm model={model} siteId={id} replacing={view.switching ? connection : undefined} onCancel={view.switching ? () => model.dispatch({ type: 'switching', on: false }) : undefined} />
      ) : (
        <>
          <RepositoryCard model={model} siteId={id} />
          <CommitForm model={model} dirty={state.dirty} openSettings={openSettings} />
        </>
      )}
      <div className="next-step">
        <button type="button" className={`btn${committed && waiting === 0 ? ' btn-primary' : ''}`} onClick={() => dispatch({ type: 'next' })}>
          Next: Report
        </button>
      </div>
    </section>
  );
}
