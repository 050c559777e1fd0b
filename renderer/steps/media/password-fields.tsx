/**
 * The hosts' root password: typed twice, ESXi's rules checked as it is typed (with the build's own code),
 * and a plain statement of what is stored where.
 */
import { Field } from '../../components/field';
import { FormGrid } from '../../components/form-grid';
import { passwordRules } from './media-model';

export interface PasswordFieldsProps {
  readonly password: string;
  readonly confirm: string;
  readonly onChange: (patch: { password?: string; confirm?: string }) => void;
}

export function PasswordFields({ password, confirm, onChange }: PasswordFieldsProps) {
  const rules = passwordRules(password, confirm);
  const main = rules.filter((r) => r.id !== 'match');
  const match = rules.find((r) => r.id === 'match')!;
  const mark = (s: string) => (s === 'ok' ? '✓ ' : s === 'bad' ? '✕ ' : '○ ');
  return (
    <>
      <p className="muted" id="pw-statement">
        Kept in memory only while Sitekit is open — never saved with the site, so a reload asks for it again. Only its SHA-512 crypt
        hash (<span className="mono">$6$…</span>) is written, and only onto the stick (in <span className="mono">KS.CFG</span>).
      </p>
      <FormGrid columns={2}>
        <Field label="Root password" error={main.some((r) => r.state === 'bad') ? 'ESXi will not accept this password yet (see the rules).' : undefined}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => onChange({ password: e.target.value })} />}
        </Field>
        <Field label="Root password again" error={match.state === 'bad' ? 'The two entries differ.' : undefined}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={confirm} onChange={(e) => onChange({ confirm: e.target.value })} />}
        </Field>
      </FormGrid>
      <ul className="rules" aria-label="ESXi password rules">
        {rules.map((r) => (
          <li key={r.id} className={`rule-${r.state}`} data-state={r.state}>
            <span aria-hidden="true">{mark(r.state)}</span>
            {r.text}
            <span className="sr-only">{r.state === 'ok' ? ' (met)' : r.state === 'bad' ? ' (not met)' : ''}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
