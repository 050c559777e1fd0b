/**
 * The Hardware step: per host, pick the model and NICs from the catalogue (with search) or read a pasted or
 * loaded inventory, set each NIC's role and MAC and the install NIC; see the host plan live — a verdict per host
 * and per device (colour plus icon plus text), drivers, the install NIC — expandable to reasons, evidence and
 * sources. "Apply actions and save" keeps the plan's requirements in the site; Network, Boot media, the
 * kickstart and the report all read the same plan. The list version in use is always shown.
 */
import { ErrorBanner } from '../../components/error-banner';
import type { StepProps } from '../types';
import { HostCard } from './host-card';
import { ListImport } from './list-import';
import { FindingItem, StatusBadge } from './status';
import { useHardwareStep } from './use-hardware-step';
import './hardware-step.css';

export { StatusBadge };

export function HardwareStep(props: StepProps) {
  const { site, dispatch } = props;
  const m = useHardwareStep(props);
  const { catalogue, draft, plan } = m;
  if (!site || !draft) return <p className="muted">Open a site first.</p>;

  return (
    <section className="panel" aria-labelledby="hw-title">
      <div className="panel-head">
        <h2 id="hw-title">Hardware — {site.metadata.name}</h2>
        {catalogue && (
          <span className="muted" data-testid="list-version">
            Compatibility list {catalogue.info.listVersion} (data {catalogue.info.dataDate}, {catalogue.info.origin}) · ESXi {draft.spec.release}
          </span>
        )}
      </div>
      {m.error && <ErrorBanner error={m.error} onDismiss={() => m.setError(undefined)} />}
      {catalogue?.note && <p className="banner banner-warn">{catalogue.note}</p>}
      {!catalogue && !m.error && <p className="muted">Loading the compatibility list…</p>}
      {catalogue && plan && (
        <>
          <p className="hw-summary" role="status" aria-live="polite">
            Site verdict: <StatusBadge status={plan.verdict.status} />
          </p>
          {plan.verdict.findings.length > 0 && (
            <ul className="hw-findings" aria-label="Site checks">
              {plan.verdict.findings.map((f, i) => (
                <FindingItem key={i} finding={f} />
              ))}
            </ul>
          )}
          {draft.spec.hosts.map((h) => {
            const hp = plan.hosts.find((x) => x.host === h.name);
            return hp ? <HostCard key={h.name} host={h} plan={hp} catalogue={catalogue} onChange={(fn) => m.editHost(h.name, fn)} onError={m.setError} /> : null;
          })}
          <ListImport onImported={m.reloadList} onError={m.setError} />
        </>
      )}
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={!plan || m.saving} onClick={() => void m.applyAndSave()}>
          {m.saving ? 'Saving…' : 'Apply actions and save'}
        </button>
        <button type="button" className="btn" onClick={() => dispatch({ type: 'next' })}>
          Next: Network & workloads
        </button>
        <span className="muted" role="status" aria-live="polite">
          {m.note}
        </span>
      </div>
    </section>
  );
}
