/**
 * The Network & workloads step: per-host management address, uplinks, vSwitches (MTU, teaming, security)
 * and port groups with VLANs, PTP; the settings every host applies (host-settings-section.tsx); then the
 * workloads (workloads-section.tsx). Edits are a draft, validated against the site schema as you type, and
 * saved as a whole.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { AppError } from '../../../main/core/result';
import type { Site } from '../../../main/core/site/schema';
import { useSitePlan } from '../../state/catalogue';
import { ErrorBanner } from '../../components/error-banner';
import { useUnsavedGuard } from '../../state/unsaved';
import type { StepProps } from '../types';
import { HostNetwork } from './host-network';
import { HostSettingsSection } from './host-settings-section';
import { WorkloadsSection } from './workloads-section';
import { draftIssues } from './network-form';
import './network-step.css';

export function NetworkStep({ site, dispatch, saveSite, state }: StepProps) {
  const [draft, setDraft] = useState<Site | undefined>(site);
  const plan = useSitePlan(draft);
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const [note, setNote] = useState('');

  useEffect(() => {
    if (!state.dirty) setDraft(site);
  }, [site, state.dirty]);

  const issues = useMemo(() => (draft ? draftIssues(draft) : new Map<string, string>()), [draft]);

  /** Saves the draft; false when it was not saved (the banner at the top says why). */
  const save = async (): Promise<boolean> => {
    if (!draft) return false;
    setSubmitted(true);
    if (issues.size > 0) {
      document.querySelector<HTMLElement>('.network-step [aria-invalid="true"]')?.focus();
      return false;
    }
    setSaving(true);
    const failure = await saveSite(draft);
    setSaving(false);
    setError(failure);
    if (!failure) setNote('Saved. The Review step shows the files this generates.');
    return !failure;
  };
  const discard = () => {
    setDraft(site);
    setSubmitted(false);
  };
  // Save and Discard from the shell's unsaved-changes bar and leave dialog.
  useUnsavedGuard({ save, discard });
  if (!draft || !site) return <p className="panel">Open a site first.</p>;

  const edit = (fn: (s: Site) => Site) => {
    setDraft((d) => (d ? fn(d) : d));
    setNote('');
    dispatch({ type: 'edited' });
  };
  const issue = (path: string) => issues.get(path);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };

  return (
    <form className="panel network-step" aria-labelledby="network-title" onSubmit={submit} noValidate>
      <div className="panel-head">
        <h2 id="network-title" tabIndex={-1}>
          Network &amp; workloads — {site.metadata.name}
        </h2>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {submitted && issues.size > 0 && (
        <div className="banner banner-error" role="alert">
          <strong className="banner-title">
            <span aria-hidden="true">⚠ </span>
            {issues.size} field{issues.size === 1 ? ' needs' : 's need'} attention before the site can be saved.
          </strong>
          <ul className="banner-issues">
            {[...issues].slice(0, 12).map(([p, m]) => (
              <li key={p}>
                <span className="mono">{p}</span> {m}
              </li>
            ))}
          </ul>
        </div>
      )}
      {draft.spec.hosts.map((h, i) => (
        <HostNetwork key={i} host={h} plan={plan?.hosts.find((p) => p.host === h.name)} index={i} draft={draft} edit={edit} issue={issue} />
      ))}
      <HostSettingsSection draft={draft} edit={edit} issue={issue} />
      <WorkloadsSection draft={draft} edit={edit} issue={issue} />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save network and workloads'}
        </button>
        {state.dirty && (
          <button
            type="button"
            className="btn"
            onClick={() => {
              discard();
              dispatch({ type: 'discarded' });
            }}
          >
            Discard changes
          </button>
        )}
        <button type="button" className="btn" disabled={state.dirty} onClick={() => dispatch({ type: 'go', step: 'review' })}>
          Next: Review
        </button>
        <span className="muted" role="status" aria-live="polite">
          {note}
        </span>
      </div>
    </form>
  );
}
