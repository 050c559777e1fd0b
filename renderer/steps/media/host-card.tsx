/** What one host needs before its stick is built (the preflight), and the driver answer for its NIC. */
import type { PreflightHost } from './media-job-api';

const HOW: Record<string, string> = { stick: 'done by the stick', gitops: 'done by GitOps after install', technician: 'for you to do on site', open: 'open item' };

/** What the line says after the action: done (with its record), who will do it, or that it is open. */
export function actionState(a: PreflightHost['actions'][number]): string {
  if (!a.satisfied) return HOW[a.how] ?? a.how;
  if (a.record) return `done: ${a.record}`;
  return a.how === 'stick' ? 'the stick carries it' : a.how === 'gitops' ? 'GitOps applies it after install' : 'satisfied';
}

export function HostCard({ host }: { readonly host: PreflightHost }) {
  const open = host.actions.filter((a) => !a.satisfied);
  return (
    <li className="host-card" data-testid={`preflight-${host.host}`}>
      <strong>{host.host}</strong>
      <span className="muted host-install" data-testid={`preflight-install-${host.host}`}>
        Install NIC: {host.installNic}
      </span>
      {host.driver && (
        <span className={`pill ${host.driver.answer === 'yes' ? 'pill-ok' : host.driver.answer === 'no' ? 'pill-bad' : 'pill-warn'}`}>
          NIC driver in the ISO: {host.driver.answer}
        </span>
      )}
      {host.driver && host.driver.lines.length > 0 && (
        <ul className="host-lines">
          {host.driver.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
      {host.actions.length === 0 ? (
        <p className="muted">No extra action needed.</p>
      ) : (
        <ul className="host-actions" aria-label={`Required actions for ${host.host}`}>
          {host.actions.map((a, i) => (
            <li key={i} className={a.satisfied ? 'rule-ok' : 'rule-pending'}>
              <span aria-hidden="true">{a.satisfied ? '✓ ' : '○ '}</span>
              {a.text} <span className="muted">— {actionState(a)}</span>
            </li>
          ))}
        </ul>
      )}
      {open.length > 0 && <p className="muted">{open.length} action{open.length === 1 ? '' : 's'} not yet satisfied{open.some((a) => a.how === 'technician') ? ' (for you on site: firmware settings and console steps are listed in the report\'s checklist too)' : ''}.</p>}
    </li>
  );
}
