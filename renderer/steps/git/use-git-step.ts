/**
 * The Git step's hook: what main says about the repository (overview, preview, progress) in one reducer,
 * the technician's drafts in the per-site store (git-state.ts), and the step's actions.
 */
import { useCallback, useEffect, useReducer } from 'react';
import type { DiffPreview } from '../../../main/core/git/types';
import type { AppError } from '../../../main/core/result';
import type { Site } from '../../../main/core/site/schema';
import type { GitOverview } from '../../../main/ipc/channels/git';
import type { Progress } from '../../../main/ipc/define';
import { sitekit } from '../../api/client';
import { useGitStore } from '../../state/site-store-context';
import type { WizardAction } from '../../state/wizard';
import { connectRequest, type FormErrors } from './git-model';

export type Busy = 'status' | 'connect' | 'preview' | 'commit' | 'push' | 'credentials';

export interface GitView {
  readonly overview?: GitOverview;
  readonly preview?: DiffPreview;
  readonly error?: AppError;
  readonly notice?: string;
  readonly busy?: Busy;
  readonly progress?: Progress;
  readonly formErrors: FormErrors;
  /** Connecting another repository in place of the current one (the connect form shows again). */
  readonly switching?: boolean;
  /** Plain http:// to this computer is allowed (SITEKIT_ALLOW_LOOPBACK_HTTP=1): the step says so. */
  readonly allowLoopbackHttp?: boolean;
}

export type GitViewAction =
  | { readonly type: 'busy'; readonly busy?: Busy }
  | { readonly type: 'overview'; readonly overview: GitOverview }
  | { readonly type: 'preview'; readonly preview: DiffPreview }
  | { readonly type: 'error'; readonly error?: AppError }
  | { readonly type: 'notice'; readonly notice?: string }
  | { readonly type: 'progress'; readonly progress?: Progress }
  | { readonly type: 'form-errors'; readonly errors: FormErrors }
  | { readonly type: 'switching'; readonly on: boolean }
  | { readonly type: 'remote-rule'; readonly allowLoopbackHttp: boolean };

export function gitViewReducer(s: GitView, a: GitViewAction): GitView {
  switch (a.type) {
    case 'busy':
      return { ...s, busy: a.busy };
    case 'overview':
      return { ...s, overview: a.overview };
    case 'preview':
      return { ...s, preview: a.preview };
    case 'error':
      return { ...s, error: a.error, ...(a.error ? { notice: undefined } : {}) };
    case 'notice':
      return { ...s, notice: a.notice };
    case 'progress':
      return { ...s, progress: a.progress };
    case 'form-errors':
      return { ...s, formErrors: a.errors };
    case 'switching':
      return { ...s, switching: a.on, formErrors: {} };
    case 'remote-rule':
      return { ...s, allowLoopbackHttp: a.allowLoopbackHttp };
  }
}

export function useGitStep(site: Site, wizard: (a: WizardAction) => void) {
  const id = site.metadata.id;
  const [draft, store] = useGitStore();
  const [view, dispatch] = useReducer(gitViewReducer, { formErrors: {} });
  const jobId = `git-push-${id}`;

  const reloadSite = useCallback(async () => {
    const d = await sitekit.site.load({ id });
    if (d.ok) wizard({ type: 'site-saved', site: d.value.site, path: d.value.path, savedAt: d.value.updatedAt, revision: d.value.revision });
  }, [id, wizard]);

  const loadPreview = useCallback(async () => {
    dispatch({ type: 'busy', busy: 'preview' });
    const r = await sitekit.git.preview({ siteId: id, ...(draft.reason.trim() ? { reason: draft.reason.trim() } : {}) });
    dispatch({ type: 'busy' });
    if (r.ok) dispatch({ type: 'preview', preview: r.value });
    else dispatch({ type: 'error', error: r.error });
    // The reason only changes the message, which is shown with the typed reason already (withReason).
  }, [id]);

  const refresh = useCallback(async () => {
    const r = await sitekit.git.status({ siteId: id });
    if (!r.ok) {
      dispatch({ type: 'error', error: r.error });
      return undefined;
    }
    dispatch({ type: 'overview', overview: r.value });
    return r.value;
  }, [id]);

  useEffect(() => {
    void sitekit.app.info({}).then((r) => r.ok && dispatch({ type: 'remote-rule', allowLoopbackHttp: r.value.allowLoopbackHttp }));
    void refresh().then((o) => {
      if (o?.connection) void loadPreview();
    });
  }, [refresh, loadPreview]);

  useEffect(() => sitekit.on('job:progress', (p) => p.jobId === jobId && dispatch({ type: 'progress', progress: p })), [jobId]);

  // While main retries the push by itself, follow the queue.
  const autoRetry = view.overview?.autoRetry;
  useEffect(() => {
    if (!autoRetry) return;
    const t = setInterval(() => {
      void refresh().then((o) => {
        if (o && o.status?.waitingToPush === 0) {
          dispatch({ type: 'notice', notice: 'The waiting commits were pushed automatically when the server answered again.' });
          void reloadSite();
        }
      });
    }, 5000);
    return () => clearInterval(t);
  }, [autoRetry, refresh, reloadSite]);

  const connect = async () => {
    const { request, errors } = connectRequest(id, draft.form, { allowLoopbackHttp: view.allowLoopbackHttp === true });
    dispatch({ type: 'form-errors', errors });
    if (!request) return false;
    dispatch({ type: 'busy', busy: 'connect' });
    dispatch({ type: 'error' });
    const r = await sitekit.git.connect(request);
    dispatch({ type: 'busy' });
    store({ type: 'secrets-sent' });
    if (!r.ok) {
      dispatch({ type: 'error', error: r.error });
      return false;
    }
    dispatch({ type: 'switching', on: false });
    dispatch({ type: 'notice', notice: `Connected to ${r.value.url ?? r.value.dir} (branch ${r.value.branch}).` });
    await reloadSite();
    await refresh();
    await loadPreview();
    return true;
  };

  const saveCredentials = async () => {
    dispatch({ type: 'busy', busy: 'credentials' });
    const f = draft.form;
    const credentials = f.secret ? (f.secretKind === 'token' ? { token: f.secret, ...(f.username.trim() ? { username: f.username.trim() } : {}) } : { username: f.username.trim(), password: f.secret }) : null;
    const r = await sitekit.git.credentials({ siteId: id, credentials, remember: f.remember });
    dispatch({ type: 'busy' });
    store({ type: 'secrets-sent' });
    if (!r.ok) return dispatch({ type: 'error', error: r.error });
    dispatch({ type: 'error' });
    dispatch({ type: 'notice', notice: r.value.stored ? 'Credentials updated. Push again.' : 'Credentials removed.' });
    await refresh();
  };

  const commit = async () => {
    dispatch({ type: 'busy', busy: 'commit' });
    dispatch({ type: 'notice' });
    const r = await sitekit.git.commit({
      siteId: id,
      ...(draft.reason.trim() ? { reason: draft.reason.trim() } : {}),
      ...(draft.signing && draft.armoredKey.trim() ? { signingKey: { armoredKey: draft.armoredKey, ...(draft.passphrase ? { passphrase: draft.passphrase } : {}) } } : {}),
    });
    dispatch({ type: 'busy' });
    if (!r.ok) {
      store({ type: 'secrets-sent' });
      return dispatch({ type: 'error', error: r.error });
    }
    store({ type: 'committed' });
    dispatch({ type: 'error' });
    dispatch({ type: 'notice', notice: r.value.committed ? `Committed ${r.value.sha.slice(0, 7)}${r.value.signed ? ' (signed)' : ''}: ${r.value.message.split('\n')[0]}` : 'Nothing to commit: the repository already holds this site as generated.' });
    await reloadSite();
    await refresh();
    await loadPreview();
  };

  const push = async () => {
    dispatch({ type: 'busy', busy: 'push' });
    dispatch({ type: 'notice' });
    dispatch({ type: 'progress' });
    const r = await sitekit.git.push({ siteId: id, jobId });
    dispatch({ type: 'busy' });
    if (!r.ok) dispatch({ type: 'error', error: r.error });
    else {
      dispatch({ type: 'error' });
      const how = r.value.integrated === 'replayed' ? ' The remote had newer commits for other sites; yours were replayed on top.' : r.value.integrated === 'merged' ? ' The remote had newer commits for other sites; they were merged.' : '';
      dispatch({ type: 'notice', notice: `Pushed ${r.value.pushed} commit${r.value.pushed === 1 ? '' : 's'} to ${r.value.remote} (${r.value.branch}).${how}` });
    }
    await reloadSite();
    await refresh();
  };

  return { draft, store, view, dispatch, connect, saveCredentials, commit, push, refresh, loadPreview };
}

export type GitStepModel = ReturnType<typeof useGitStep>;
