/**
 * The Acceptance step (issue 25): before leaving the site, check each installed host from the laptop. The
 * addresses come from the plan, the password is typed here (kept in this step's memory only), each host's
 * certificate thumbprint is shown and trusted only when the technician confirms it, each host's result shows
 * as soon as it answers, with what differs, why, and what to do; "Run again" repeats the check. The run is
 * recorded in the site by main (the flow), and the Report step shows it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppError } from '../../../main/core/result';
import type { AcceptanceRecord } from '../../../main/core/site/acceptance-record';
import { describeDifference, describeFault, VERDICT_TEXT, type AcceptanceText } from '../../../main/core/acceptance/messages';
import { formatDateTime } from '../../../main/core/report/text';
import { sitekit } from '../../api/client';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { FormGrid } from '../../components/form-grid';
import type { StepProps } from '../types';
import { acceptRequest, factsSummary, initialRows, initialStates, rowErrors, shownRecord, type HostRow, type HostState } from './acceptance-model';
import './acceptance-step.css';

const PILL: Readonly<Record<string, string>> = { accepted: 'pill-ok', differences: 'pill-warn', untrusted: 'pill-info' };

function Lines({ lines, label }: { readonly lines: readonly AcceptanceText[]; readonly label: string }) {
  return (
    <ul className="accept-lines" aria-label={label}>
      {lines.map((l, i) => (
        <li key={i}>
          <span>{l.text}</span>
          {l.cause && <span className="accept-sub">Cause: {l.cause}</span>}
          {l.next && <span className="accept-sub">Next: {l.next}</span>}
        </li>
      ))}
    </ul>
  );
}

function HostResult({ state, onTrust, busy }: { readonly state: HostState | undefined; readonly onTrust: (thumbprint: string) => void; readonly busy: boolean }) {
  if (state?.kind === 'checking') return <p className="muted" role="status">Checking…</p>;
  const r: AcceptanceRecord | undefined = shownRecord(state);
  if (!r) return <p className="muted">Not checked yet.</p>;
  const when = formatDateTime(r.at);
  // An unknown certificate is explained by the trust box below, with its thumbprint once.
  const lines = r.verdict === 'untrusted' ? [] : r.fault ? [describeFault(r.fault)] : r.differences.map(describeDifference);
  return (
    <div className="accept-result" data-verdict={r.verdict}>
      <p>
        <span className={`pill ${PILL[r.verdict] ?? 'pill-bad'}`}>{VERDICT_TEXT[r.verdict]}</span>{' '}
        <span className="muted">
          {state?.kind === 'idle' ? 'Last checked' : 'Checked'} {when} at <span className="mono">{r.address}{r.port === 443 ? '' : `:${r.port}`}</span>
        </span>
      </p>
      {factsSummary(r).length > 0 && (
        <ul className="accept-facts" aria-label={`What ${r.host} reported`}>
          {factsSummary(r).map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
      {r.verdict === 'untrusted' && r.thumbprint && (
        <div className="accept-trust">
          <p>
            Certificate thumbprint (SHA-256): <span className="mono accept-thumb">{r.thumbprint}</span>
          </p>
          <p className="muted">
            Sitekit has not seen this host's certificate before. Compare it with the host console (DCUI → View Support Information → SSL thumbprint);
            nothing was sent to the host, not even the user name.
          </p>
          <button type="button" className="btn" disabled={busy} onClick={() => onTrust(r.thumbprint!)}>
            Trust this certificate: it matches the console
          </button>
        </div>
      )}
      {r.trust && r.thumbprint && (
        <p className="muted accept-cert">
          Certificate <span className="mono">{r.thumbprint}</span> — {r.trust === 'pinned' ? 'pinned' : r.trust === 'recorded' ? 'as recorded in an earlier run' : 'confirmed by you'}
        </p>
      )}
      {lines.length > 0 && (
        <>
          <p className="accept-lines-head">{r.fault ? 'Why it could not be checked, and what to do:' : 'What differs from the plan, and what to do:'}</p>
          <Lines lines={lines} label={r.fault ? `Why ${r.host} was not checked` : `What differs on ${r.host}`} />
        </>
      )}
    </div>
  );
}

export function AcceptanceStep({ site, dispatch }: StepProps) {
  const id = site?.metadata.id ?? '';
  const [rows, setRows] = useState<HostRow[]>(() => (site ? initialRows(site) : []));
  const [states, setStates] = useState<Record<string, HostState>>(() => (site ? initialStates(site) : {}));
  const [user, setUser] = useState('root');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [ran, setRan] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const [summary, setSummary] = useState<string | undefined>();
  const jobRef = useRef('');
  const errors = useMemo(() => rowErrors(rows), [rows]);

  // Each host's record as soon as it answered.
  useEffect(
    () =>
      sitekit.on('hosts:result', (p) => {
        if (p.jobId === jobRef.current) setStates((s) => ({ ...s, [p.record.host]: { kind: 'done', record: p.record } }));
      }),
    [],
  );

  if (!site) return null;

  const run = async (only?: readonly string[], rowsNow: readonly HostRow[] = rows) => {
    if (!password) {
      setError({ code: 'invalid-input', message: 'Type the hosts\' root password first.', hint: 'It is the password the sticks were built with.' });
      return;
    }
    const jobId = `accept-${Date.now().toString(36)}`;
    jobRef.current = jobId;
    setBusy(true);
    setError(undefined);
    setSummary(undefined);
    setStates((s) => ({ ...s, ...Object.fromEntries((only ?? rowsNow.map((r) => r.host)).map((h) => [h, { kind: 'checking' } as HostState])) }));
    const r = await sitekit.hosts.accept(acceptRequest(site, rowsNow, user, password, jobId, only));
    setBusy(false);
    setRan(true);
    // A confirmation counts for the run it was made for (and is recorded there); later runs pin it.
    setRows((rs) => rs.map((x) => ({ ...x, confirmed: false })));
    if (!r.ok) {
      setError(r.error);
      setStates((s) => Object.fromEntries(Object.entries(s).map(([h, st]) => [h, st.kind === 'checking' ? ({ kind: 'idle' } as HostState) : st])));
      return;
    }
    setStates((s) => ({ ...s, ...Object.fromEntries(r.value.records.map((rec) => [rec.host, { kind: 'done', record: rec } as HostState])) }));
    const accepted = r.value.records.filter((x) => x.verdict === 'accepted').length;
    const what = only
      ? r.value.records.map((x) => `${x.host}: ${VERDICT_TEXT[x.verdict].toLowerCase()}`).join(', ')
      : `${accepted} of ${r.value.records.length} host${r.value.records.length === 1 ? '' : 's'} accepted`;
    setSummary(`${what}${'siteId' in r.value.recorded ? '; recorded in the site.' : `; not recorded: ${r.value.recorded.why}.`}`);
    // The site's records changed: the wizard (and the Report step) read them from the reloaded draft.
    const d = await sitekit.site.load({ id });
    if (d.ok) dispatch({ type: 'site-saved', site: d.value.site, path: d.value.path, savedAt: d.value.updatedAt });
  };

  const trust = (host: string, thumbprint: string) => {
    const next = rows.map((r) => (r.host === host ? { ...r, thumbprint, confirmed: true } : r));
    setRows(next);
    void run([host], next);
  };

  const edit = (host: string, patch: Partial<HostRow>) => setRows((rs) => rs.map((r) => (r.host === host ? { ...r, ...patch, ...(patch.thumbprint !== undefined ? { confirmed: false } : {}) } : r)));
  const invalid = Object.keys(errors).length > 0;
  const allAccepted = site.spec.hosts.every((h) => shownRecord(states[h.name])?.verdict === 'accepted');

  return (
    <section className="panel" aria-labelledby="accept-title">
      <div className="panel-head">
        <h2 id="accept-title">Acceptance on site — {site.metadata.name}</h2>
      </div>
      <p className="muted">
        Boot each host from its stick. When its console shows its address, check it from this laptop: Sitekit reads each host's vSphere API
        (<span className="mono">https://ADDRESS/sdk</span>) and compares it with the plan. Nothing is changed on the hosts.
      </p>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      <form
        aria-label="Hosts to check"
        onSubmit={(e) => {
          e.preventDefault();
          if (!invalid && !busy) void run();
        }}
      >
        <ul className="accept-hosts">
          {rows.map((r) => (
            <li key={r.host} className="accept-host" data-testid={`accept-${r.host}`}>
              <h3>{r.host}</h3>
              <FormGrid columns={2}>
                <Field label={`Address of ${r.host}`} error={errors[r.host]?.address} hint="From the plan; ADDRESS or ADDRESS:PORT.">
                  {(p) => <input {...p} value={r.address} spellCheck={false} onChange={(e) => edit(r.host, { address: e.target.value })} />}
                </Field>
                <Field label={`Certificate thumbprint of ${r.host}`} error={errors[r.host]?.thumbprint} hint={r.thumbprint ? (r.confirmed ? 'Confirmed by you.' : 'Pinned: a different certificate is refused.') : 'Not known yet: the first check shows it for you to confirm.'}>
                  {(p) => <input {...p} className="mono" value={r.thumbprint} spellCheck={false} onChange={(e) => edit(r.host, { thumbprint: e.target.value })} />}
                </Field>
              </FormGrid>
              <HostResult state={states[r.host]} busy={busy} onTrust={(t) => trust(r.host, t)} />
            </li>
          ))}
        </ul>
        <FormGrid columns={2}>
          <Field label="User" hint="ESXi's root account, unless another was set up.">
            {(p) => <input {...p} value={user} autoComplete="off" spellCheck={false} onChange={(e) => setUser(e.target.value)} />}
          </Field>
          <Field label="Root password of the hosts" hint="Used for this check only: kept in memory, never saved, logged or put in the report.">
            {(p) => <input {...p} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
        </FormGrid>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={busy || invalid}>
            {busy ? 'Checking…' : ran ? 'Run again' : 'Check the hosts'}
          </button>
          {summary && (
            <span role="status" className={allAccepted ? 'accept-summary-ok' : 'accept-summary'}>
              {summary}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
