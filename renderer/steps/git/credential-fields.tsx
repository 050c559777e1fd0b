/** User name and password (or token), and whether to remember them; the secret is sent once and cleared. */
import { Field } from '../../components/field';
import { FormGrid, GridWide } from '../../components/form-grid';
import type { ConnectForm } from './git-model';

export function CredentialFields({ form, set, persistent }: { readonly form: ConnectForm; readonly set: (patch: Partial<ConnectForm>) => void; readonly persistent: boolean | undefined }) {
  return (
    <FormGrid columns={2}>
      <GridWide>
        <fieldset className="radio-row">
          <legend>Sign in with</legend>
          <label className="radio">
            <input type="radio" name="secret-kind" checked={form.secretKind === 'password'} onChange={() => set({ secretKind: 'password' })} /> User name and password
          </label>
          <label className="radio">
            <input type="radio" name="secret-kind" checked={form.secretKind === 'token'} onChange={() => set({ secretKind: 'token' })} /> Access token
          </label>
        </fieldset>
      </GridWide>
      <Field label="User name" hint={form.secretKind === 'token' ? 'Optional with a token.' : undefined}>
        {(a) => <input {...a} autoComplete="username" value={form.username} onChange={(e) => set({ username: e.target.value })} />}
      </Field>
      <Field label={form.secretKind === 'token' ? 'Access token' : 'Password'} hint="Sent once to connect; not kept in this page.">
        {(a) => <input {...a} type="password" autoComplete="current-password" value={form.secret} onChange={(e) => set({ secret: e.target.value })} />}
      </Field>
      <GridWide>
        <label className="check">
          <input type="checkbox" checked={form.remember} disabled={!persistent} onChange={(e) => set({ remember: e.target.checked })} />
          <span>
            Remember on this computer (OS keychain){persistent === false ? ' — not available in browser mode; kept until Sitekit closes' : ''}
          </span>
        </label>
      </GridWide>
    </FormGrid>
  );
}
