/**
 * The Git step's slice of the per-site store: the connect form, the commit reason and whether to sign.
 * Kept across steps and reloads except the secrets (password or token, private key, passphrase), which live
 * in memory only and are cleared once sent.
 */
import type { Site } from '../../../main/core/site/schema';
import type { ConnectForm } from './git-model';

export interface GitState {
  readonly form: ConnectForm;
  readonly reason: string;
  readonly signing: boolean;
  readonly armoredKey: string;
  readonly passphrase: string;
}

export type GitAction =
  | { readonly type: 'form'; readonly patch: Partial<ConnectForm> }
  | { readonly type: 'reason'; readonly text: string }
  | { readonly type: 'signing'; readonly on: boolean; readonly armoredKey?: string; readonly passphrase?: string }
  | { readonly type: 'secrets-sent' }
  | { readonly type: 'committed' };

export function initialGit(site: Site | undefined): GitState {
  return {
    form: {
      mode: 'clone',
      url: site?.spec.git.url ?? '',
      dir: '',
      branch: site?.spec.git.branch ?? 'main',
      basePath: site?.spec.git.basePath ?? 'sites',
      username: '',
      secret: '',
      secretKind: 'password',
      remember: false,
    },
    reason: '',
    signing: false,
    armoredKey: '',
    passphrase: '',
  };
}

export function gitReducer(s: GitState, a: GitAction): GitState {
  switch (a.type) {
    case 'form':
      return { ...s, form: { ...s.form, ...a.patch } };
    case 'reason':
      return { ...s, reason: a.text };
    case 'signing':
      return { ...s, signing: a.on, armoredKey: a.armoredKey ?? s.armoredKey, passphrase: a.passphrase ?? s.passphrase };
    case 'secrets-sent':
      return { ...s, form: { ...s.form, secret: '' }, passphrase: '' };
    case 'committed':
      return { ...s, reason: '', passphrase: '' };
  }
}

/** What may be written to storage: the form without its secret, no key material. */
export function storableGit(s: GitState): unknown {
  const { secret: _secret, ...form } = s.form;
  return { form, reason: s.reason, signing: s.signing };
}

export function restoreGit(init: GitState, raw: unknown): GitState {
  if (!raw || typeof raw !== 'object') return init;
  const r = raw as { form?: Record<string, unknown>; reason?: unknown; signing?: unknown };
  const f = r.form ?? {};
  const str = (k: string, d: string) => (typeof f[k] === 'string' ? (f[k] as string) : d);
  return {
    ...init,
    form: {
      ...init.form,
      mode: f.mode === 'open' || f.mode === 'init' ? f.mode : 'clone',
      url: str('url', init.form.url),
      dir: str('dir', ''),
      branch: str('branch', init.form.branch),
      basePath: str('basePath', init.form.basePath),
      username: str('username', ''),
      secretKind: f.secretKind === 'token' ? 'token' : 'password',
      remember: f.remember === true,
    },
    reason: typeof r.reason === 'string' ? r.reason : '',
    signing: r.signing === true,
  };
}
