/** Small views of the Hardware step: a status badge (colour, icon and words), a finding, its sources. */
import { describeEvidence, describeFinding, describeStatus } from '../../../main/core/hardware/messages';
import type { Finding, VerdictStatus } from '../../../main/core/hardware/verdict';

const ICON: Readonly<Record<VerdictStatus, string>> = { supported: '✔', 'supported-with-actions': '➜', unsupported: '✕', unknown: '?' };

/** A status shown with colour, icon and words, so it never depends on colour alone. */
export function StatusBadge({ status }: { readonly status: VerdictStatus }) {
  return (
    <span className={`hw-badge hw-${status}`}>
      <span aria-hidden="true">{ICON[status]} </span>
      {describeStatus(status)}
    </span>
  );
}

export function FindingItem({ finding }: { readonly finding: Finding }) {
  const mark = finding.severity === 'error' ? '✕' : finding.severity === 'warning' ? '!' : 'i';
  return (
    <li className={`hw-finding hw-sev-${finding.severity}`}>
      <span aria-hidden="true" className="hw-sev-mark">
        {mark}
      </span>
      <span className="sr-only">{finding.severity}: </span>
      {describeFinding(finding)}
      {finding.evidence && <span className="muted"> — {describeEvidence(finding.evidence)}</span>}
    </li>
  );
}

export function Sources({ sources }: { readonly sources: readonly string[] }) {
  if (!sources.length) return null;
  return (
    <ul className="hw-sources" aria-label="Sources">
      {sources.map((s) => (
        <li key={s} className="mono">
          {s}
        </li>
      ))}
    </ul>
  );
}
