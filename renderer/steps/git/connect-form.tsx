/**
 * Connecting the site to its repository: clone over HTTPS, open a clone on this computer, or start a new
 * one. Only the chosen mode's fields are shown and checked.
 */
import type { Connection } from '../../../main/core/git/types';
import { Field } from '../../components/field';
import { FormActions, FormGrid } from '../../components/form-grid';
import { PathField } from '../../components/path-field';
import { CredentialFields } from './credential-fields';
import type { GitStepModel } from './use-git-step';
import { LOOPBACK_HTTP_NOTICE } from '../../../main/core/git/remote-rule';

export interface ConnectFormProps {
  readonly model: GitStepModel;
  readonly siteId: string;
  /** The connection this one would replace (connecting another repository), with Cancel to keep it. */
  readonly replacing?: Connection;
  readonly onCancel?: () => void;
}

export function ConnectForm({ model, siteId, replacing, onCancel }: ConnectFormProps) {
  const { draft, store, view } = model;
  const form = draft.form;
  const errors = view.formErrors;
  const set = (patch: Partial<typeof form>) => store({ type: 'form', patch });
  return (
    <form
      className="git-block"
      aria-labelledby="git-connect-title"
      onSubmit={(e) => {
        e.preventDefault();
        void model.connect();
      }}
      noValidate
    >
      <h3 id="git-connect-title">{replacing ? 'Connect another repository' : 'Connect the site repository'}</h3>
      {replacing && (
        <p className="muted" data-testid="git-replacing">
          The site is connected to <span className="mono">{replacing.url ?? replacing.dir}</span>. Connecting another repository replaces that connection for
          this site; the clone in <span className="mono">{replacing.dir}</span> stays on this computer as it is, with anything waiting to push in it.
        </p>
      )}
      <fieldset className="radio-row">
        <legend>Repository</legend>
        <label className="radio">
          <input type="radio" name="git-mode" checked={form.mode === 'clone'} onChange={() => set({ mode: 'clone' })} /> Clone from a server (HTTPS)
        </label>
        <label className="radio">
          <input type="radio" name="git-mode" checked={form.mode === 'open'} onChange={() => set({ mode: 'open' })} /> Open a clone on this computer
        </label>
        <label className="radio">
          <input type="radio" name="git-mode" checked={form.mode === 'init'} onChange={() => set({ mode: 'init' })} /> Start a new repository
        </label>
      </fieldset>
      {form.mode !== 'open' && (
        <p className="muted" id="https-note">
          The server address must be <strong>https://</strong>: Sitekit does not connect to plain http:// remotes, where the password and the
          site's files would travel unencrypted.
        </p>
      )}
      {view.allowLoopbackHttp && (
        <p className="banner banner-warn" role="note" id="loopback-http-note">
          {LOOPBACK_HTTP_NOTICE}
        </p>
      )}
      <FormGrid columns={1}>
        {form.mode !== 'open' ? (
          <Field label="Repository URL" error={errors.url} hint={form.mode === 'init' ? 'Optional: where to push later. For example https://git.example.com/org/sites.git' : 'The HTTPS clone address without user name or password, for example https://git.example.com/org/sites.git'}>
            {(a) => <input {...a} className="mono" inputMode="url" spellCheck={false} value={form.url} onChange={(e) => set({ url: e.target.value })} />}
          </Field>
        ) : (
          <PathField label="Folder of the clone" value={form.dir} onChange={(p) => set({ dir: p })} filter="folder" chooserTitle="Choose the folder of the clone" error={errors.dir} hint="The folder that contains .git." />
        )}
      </FormGrid>
      <FormGrid columns={2}>
        <Field label="Branch" error={errors.branch}>
          {(a) => <input {...a} className="mono" spellCheck={false} value={form.branch} onChange={(e) => set({ branch: e.target.value })} />}
        </Field>
        <Field label="Base path" error={errors.basePath} hint={`Files go to ${form.basePath.replace(/^\/+|\/+$/g, '') || '.'}/${siteId}/`}>
          {(a) => <input {...a} className="mono" spellCheck={false} value={form.basePath} onChange={(e) => set({ basePath: e.target.value })} />}
        </Field>
      </FormGrid>
      {form.mode !== 'open' && <CredentialFields form={form} set={set} persistent={view.overview?.persistentCredentials} />}
      <FormActions>
        <button type="submit" className="btn btn-primary" disabled={view.busy !== undefined}>
          {view.busy === 'connect' ? 'Connecting…' : 'Connect'}
        </button>
        {onCancel && (
          <button type="button" className="btn" disabled={view.busy !== undefined} onClick={onCancel}>
            Keep the current repository
          </button>
        )}
      </FormActions>
    </form>
  );
}
