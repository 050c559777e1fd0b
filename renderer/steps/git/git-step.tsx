/**
 * The Git step: connect the site to its repo, see exactly what a commit changes (a diff per file), commit
 * (optionally signed), push with progress. Without a network the commit stays, the step says "N commits
 * waiting to push", a retry is one click, and main retries by itself when it sees the server again.
 * Credentials are typed here and sent once; they are never shown back or kept in the renderer.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../../main/core/result';
import type { DiffPreview, FileChange } from '../../../main/core/git/types';
import type { GitOverview } from '../../../main/ipc/channels/git';
import type { Progress } from '../../../main/ipc/define';
import { sitekit } from '../../api/client';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import type { StepProps } from '../types';
import { connectRequest, diffLineClass, needsCredentials, progressPercent, queueText, withReason, type ConnectForm, type FormErrors } from './git-model';
import './git-step.css';

type Busy = 'status' | 'connect' | 'preview' | 'commit' | 'push' | 'credentials' | undefined;

const KIND_PILL: Record<FileChange['kind'], string> = { added: 'pill-ok', modified: 'pill-info', deleted: 'pill-bad' };

function FileDiff({ file }: { readonly file: FileChange }) {
  return (
    <li>
      <details>
        <summary>
          <span className={`pill ${KIND_PILL[file.kind]}`}>{file.kind}</span>
          <span className="mono">{file.path}</span>
          <span className="git-counts muted">
            <span className="add">+{file.added}</span> <span className="del">−{file.removed}</span>
          </span>
        </summary>
        {file.diff ? (
          <pre className="git-diff mono" aria-label={`Changes in ${file.path}`} tabIndex={0}>
            {file.diff
              .replace(/\n$/, '')
              .split('\n')
              .map((line, i) => (
                <span key={i} className={diffLineClass(line)}>
                  {line || ' '}
                </span>
              ))}
          </pre>
        ) : (
          <p className="muted">This file is too large to show line by line.</p>
        )}
      </details>
    </li>
  );
}

export function GitStep({ site, state, dispatch }: StepProps) {
  const id = site?.metadata.id;
  const [overview, setOverview] = useState<GitOverview | undefined>();
  const [preview, setPreview] = useState<DiffPreview | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState<Busy>();
  const [progress, setProgress] = useState<Progress | undefined>();
  const [form, setForm] = useState<ConnectForm>({
    mode: 'clone',
    url: site?.spec.git.url ?? '',
    dir: '',
    branch: site?.spec.git.branch ?? 'main',
    basePath: site?.spec.git.basePath ?? 'sites',
    username: '',
    secret: '',
    secretKind: 'password',
    remember: false,
  });
  const [formErrors, setFormErrors] = useState<FormErrors>({});
  const [reason, setReason] = useState('');
  const [signing, setSigning] = useState(false);
  const [armoredKey, setArmoredKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const jobId = id ? `git-push-${id}` : '';

  const reloadSite = useCallback(async () => {
    if (!id) return;
    const d = await sitekit.site.load({ id });
    if (d.ok) dispatch({ type: 'site-saved', site: d.value.site, path: d.value.path, savedAt: d.value.updatedAt });
  }, [id, dispatch]);

  const loadPreview = useCallback(async () => {
    if (!id) return;
    setBusy('preview');
    const r = await sitekit.git.preview({ siteId: id, reason: reason.trim() || undefined });
    setBusy(undefined);
    if (r.ok) setPreview(r.value);
    else setError(r.error);
  }, [id, reason]);

  const refresh = useCallback(async () => {
    if (!id) return;
    const r = await sitekit.git.status({ siteId: id });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setOverview(r.value);
    return r.value;
  }, [id]);

  useEffect(() => {
    void refresh().then((o) => {
      if (o?.connection) void loadPreview();
    });
    // Only on entry and when the site changes; the preview is refreshed explicitly afterwards.
  }, [id]);

  useEffect(
    () =>
      sitekit.on('job:progress', (p) => {
        if (p.jobId === jobId) setProgress(p);
      }),
    [jobId],
  );

  // While main retries the push by itself, follow the queue.
  useEffect(() => {
    if (!overview?.autoRetry) return;
    const t = setInterval(() => {
      void refresh().then((o) => {
        if (o && o.status?.waitingToPush === 0) {
          setNotice('The waiting commits were pushed automatically when the server answered again.');
          void reloadSite();
        }
      });
    }, 5000);
    return () => clearInterval(t);
  }, [overview?.autoRetry, refresh, reloadSite]);

  if (!site || !id) return null;
  const connection = overview?.connection;
  const status = overview?.status;
  const waiting = status?.waitingToPush ?? 0;
  const set = <K extends keyof ConnectForm>(k: K, v: ConnectForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const connect = async () => {
    const { request, errors } = connectRequest(id, form);
    setFormErrors(errors);
    if (!request) return;
    setBusy('connect');
    setError(undefined);
    const r = await sitekit.git.connect(request);
    setBusy(undefined);
    setForm((f) => ({ ...f, secret: '' }));
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setNotice(`Connected to ${r.value.url ?? r.value.dir} (branch ${r.value.branch}).`);
    await reloadSite();
    await refresh();
    await loadPreview();
  };

  const saveCredentials = async () => {
    setBusy('credentials');
    const secret = form.secret;
    const credentials = secret ? (form.secretKind === 'token' ? { token: secret, ...(form.username.trim() ? { username: form.username.trim() } : {}) } : { username: form.username.trim(), password: secret }) : null;
    const r = await sitekit.git.credentials({ siteId: id, credentials, remember: form.remember });
    setBusy(undefined);
    setForm((f) => ({ ...f, secret: '' }));
    if (!r.ok) setError(r.error);
    else {
      setError(undefined);
      setNotice(r.value.stored ? 'Credentials updated. Push again.' : 'Credentials removed.');
      await refresh();
    }
  };

  const commit = async () => {
    setBusy('commit');
    setNotice(undefined);
    const r = await sitekit.git.commit({
      siteId: id,
      reason: reason.trim() || undefined,
      ...(signing && armoredKey.trim() ? { signingKey: { armoredKey, ...(passphrase ? { passphrase } : {}) } } : {}),
    });
    setBusy(undefined);
    setPassphrase('');
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(undefined);
    setNotice(r.value.committed ? `Committed ${r.value.sha.slice(0, 7)}${r.value.signed ? ' (signed)' : ''}: ${r.value.message.split('\n')[0]}` : 'Nothing to commit: the repository already holds this site as generated.');
    setReason('');
    await reloadSite();
    await refresh();
    await loadPreview();
  };

  const push = async () => {
    setBusy('push');
    setNotice(undefined);
    setProgress(undefined);
    const r = await sitekit.git.push({ siteId: id, jobId });
    setBusy(undefined);
    if (!r.ok) setError(r.error);
    else {
      setError(undefined);
      const how = r.value.integrated === 'replayed' ? ' The remote had newer commits for other sites; yours were replayed on top.' : r.value.integrated === 'merged' ? ' The remote had newer commits for other sites; they were merged.' : '';
      setNotice(`Pushed ${r.value.pushed} commit${r.value.pushed === 1 ? '' : 's'} to ${r.value.remote} (${r.value.branch}).${how}`);
    }
    await reloadSite();
    await refresh();
  };

  const pct = progressPercent(progress);
  const credentialFields = (
    <>
      <div className="git-row">
        <fieldset className="radio">
          <legend>Sign in with</legend>
          <label>
            <input type="radio" name="secret-kind" checked={form.secretKind === 'password'} onChange={() => set('secretKind', 'password')} /> User name and password
          </label>
          <label>
            <input type="radio" name="secret-kind" checked={form.secretKind === 'token'} onChange={() => set('secretKind', 'token')} /> Access token
          </label>
        </fieldset>
      </div>
      <div className="git-row">
        <Field label="User name" hint={form.secretKind === 'token' ? 'Optional with a token.' : undefined}>
          {(a) => <input {...a} autoComplete="username" value={form.username} onChange={(e) => set('username', e.target.value)} />}
        </Field>
        <Field label={form.secretKind === 'token' ? 'Access token' : 'Password'}>
          {(a) => <input {...a} type="password" autoComplete="current-password" value={form.secret} onChange={(e) => set('secret', e.target.value)} />}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={form.remember} disabled={!overview?.persistentCredentials} onChange={(e) => set('remember', e.target.checked)} />{' '}
        Remember on this computer (OS keychain){overview && !overview.persistentCredentials ? ' — not available in browser mode; kept until Sitekit closes' : ''}
      </label>
    </>
  );

  return (
    <section className="panel" aria-labelledby="git-title">
      <div className="panel-head">
        <h2 id="git-title" tabIndex={-1}>
          Git — {site.metadata.name}
        </h2>
        {connection && (
          <button type="button" className="btn btn-quiet" disabled={busy !== undefined} onClick={() => void refresh().then(() => loadPreview())}>
            Refresh
          </button>
        )}
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {notice && !error && (
        <div className="banner banner-ok" role="status">
          <strong className="banner-title">
            <span aria-hidden="true">✓ </span>
            {notice}
          </strong>
        </div>
      )}

      {!connection ? (
        <form
          className="git-block"
          aria-labelledby="git-connect-title"
          onSubmit={(e) => {
            e.preventDefault();
            void connect();
          }}
        >
          <h3 id="git-connect-title">Connect the site repository</h3>
          <fieldset className="radio">
            <legend>Repository</legend>
            <label>
              <input type="radio" name="git-mode" checked={form.mode === 'clone'} onChange={() => set('mode', 'clone')} /> Clone from a server (HTTPS)
            </label>
            <label>
              <input type="radio" name="git-mode" checked={form.mode === 'open'} onChange={() => set('mode', 'open')} /> Open a clone on this computer
            </label>
            <label>
              <input type="radio" name="git-mode" checked={form.mode === 'init'} onChange={() => set('mode', 'init')} /> Start a new repository
            </label>
          </fieldset>
          {form.mode !== 'open' && (
            <Field label="Repository URL" error={formErrors.url} hint={form.mode === 'init' ? 'Optional: where to push later.' : 'The HTTPS clone address, without user name or password.'}>
              {(a) => <input {...a} className="mono" inputMode="url" value={form.url} onChange={(e) => set('url', e.target.value)} placeholder="https://git.example.com/org/sites.git" />}
            </Field>
          )}
          {form.mode === 'open' && (
            <Field label="Folder of the clone" error={formErrors.dir}>
              {(a) => <input {...a} className="mono" value={form.dir} onChange={(e) => set('dir', e.target.value)} />}
            </Field>
          )}
          <div className="git-row">
            <Field label="Branch" error={formErrors.branch}>
              {(a) => <input {...a} className="mono" value={form.branch} onChange={(e) => set('branch', e.target.value)} />}
            </Field>
            <Field label="Base path" error={formErrors.basePath} hint={`Files go to ${form.basePath.replace(/^\/+|\/+$/g, '') || '.'}/${id}/`}>
              {(a) => <input {...a} className="mono" value={form.basePath} onChange={(e) => set('basePath', e.target.value)} />}
            </Field>
          </div>
          {form.mode !== 'open' && credentialFields}
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy !== undefined}>
              {busy === 'connect' ? 'Connecting…' : 'Connect'}
            </button>
          </div>
        </form>
      ) : (
        <>
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
              Local folder: <span className="mono">{connection.dir}</span>; this site's files: <span className="mono">{preview?.sitePath ?? `${connection.basePath}/${id}`}/</span>
            </p>
            {connection.url && (
              <div className="git-queue" role="status" aria-live="polite">
                <strong>{queueText(waiting)}</strong>
                {waiting > 0 && (
                  <button type="button" className="btn btn-primary" disabled={busy !== undefined} onClick={() => void push()}>
                    {busy === 'push' ? 'Pushing…' : error && error.code !== 'conflict' ? 'Retry push' : 'Push now'}
                  </button>
                )}
                {overview?.autoRetry && <span className="muted">Sitekit pushes by itself as soon as it can reach the server again.</span>}
              </div>
            )}
            {busy === 'push' && (
              <div>
                <progress className="git-progress" max={100} value={pct} aria-label="Push progress" />
                <span className="muted">{progress?.phase ?? 'Connecting…'}</span>
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
                    void saveCredentials();
                  }}
                >
                  {credentialFields}
                  <div className="actions">
                    <button type="submit" className="btn" disabled={busy !== undefined}>
                      Save credentials
                    </button>
                  </div>
                </form>
              </details>
            )}
          </div>

          <div className="git-block" aria-labelledby="git-changes-title">
            <h3 id="git-changes-title">Changes to commit</h3>
            {state.dirty && <p className="banner banner-warn">Save the site first: the commit is made from the saved draft.</p>}
            {busy === 'preview' && !preview && <p className="muted">Generating the site's files and comparing…</p>}
            {preview &&
              (preview.files.length === 0 ? (
                <p>No changes: the repository already holds this site as generated.</p>
              ) : (
                <>
                  <p>
                    {preview.files.length} file{preview.files.length === 1 ? '' : 's'} under <span className="mono">{preview.sitePath}/</span>
                    {preview.hosts.length > 0 && <> — hosts {preview.hosts.join(', ')}</>}. Nothing outside this folder is touched.
                  </p>
                  <ul className="git-files" aria-label="Changed files">
                    {preview.files.map((f) => (
                      <FileDiff key={f.path} file={f} />
                    ))}
                  </ul>
                </>
              ))}
            {preview && preview.untracked.length > 0 && (
              <p className="muted">
                Not generated by Sitekit and left alone (not committed): {preview.untracked.map((u) => u.slice(preview.sitePath.length + 1)).join(', ')}
              </p>
            )}
            {preview && preview.files.length > 0 && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void commit();
                }}
              >
                <Field label="Why (goes into the commit message)" hint="e.g. first install, replaced the NIC of esx02">
                  {(a) => <input {...a} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />}
                </Field>
                <details>
                  <summary>Commit message</summary>
                  <pre className="git-message mono">{withReason(preview.message, reason)}</pre>
                </details>
                <label className="check">
                  <input type="checkbox" checked={signing} onChange={(e) => setSigning(e.target.checked)} /> Sign the commit with my OpenPGP key
                </label>
                {signing && (
                  <div>
                    <Field label="Private key (ASCII-armored)" hint="Used for this commit only; not stored.">
                      {(a) => <textarea {...a} className="git-key mono" value={armoredKey} onChange={(e) => setArmoredKey(e.target.value)} spellCheck={false} />}
                    </Field>
                    <Field label="Key passphrase">
                      {(a) => <input {...a} type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />}
                    </Field>
                  </div>
                )}
                <div className="actions">
                  <button type="submit" className="btn btn-primary" disabled={busy !== undefined || state.dirty || (signing && !armoredKey.trim())}>
                    {busy === 'commit' ? 'Committing…' : `Commit ${preview.files.length} file${preview.files.length === 1 ? '' : 's'}`}
                  </button>
                </div>
              </form>
            )}
          </div>
        </>
      )}
    </section>
  );
}
