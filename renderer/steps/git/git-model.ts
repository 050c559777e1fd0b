/**
 * Pure helpers of the Git step: the connect form → request, the queue sentence, diff line classes and
 * progress. Kept out of the component so they are unit-tested without a browser.
 */
import type { ConnectMode } from '../../../main/core/git/types';
import { isLoopbackUrl, LOOPBACK_HTTP_ENV, remoteProblem, type RemotePolicy } from '../../../main/core/git/remote-rule';

export interface ConnectForm {
  readonly mode: ConnectMode;
  readonly url: string;
  readonly dir: string;
  readonly branch: string;
  readonly basePath: string;
  readonly username: string;
  /** Password or token, depending on `secretKind`. */
  readonly secret: string;
  readonly secretKind: 'password' | 'token';
  readonly remember: boolean;
}

export interface ConnectRequest {
  readonly siteId: string;
  readonly mode: ConnectMode;
  readonly url?: string;
  readonly dir?: string;
  readonly branch: string;
  readonly basePath: string;
  readonly credentials?: { readonly username?: string; readonly password?: string; readonly token?: string };
  readonly remember: boolean;
}

export type FormErrors = Partial<Record<'url' | 'dir' | 'branch' | 'basePath', string>>;

/** Validates the connect form and builds the request; errors are per field, in words a technician reads. */
export function connectRequest(siteId: string, f: ConnectForm, remotes: RemotePolicy = { allowLoopbackHttp: false }): { request?: ConnectRequest; errors: FormErrors } {
  const errors: FormErrors = {};
  // Only the fields of the chosen mode are checked: a URL typed before switching to "Open a clone on this
  // computer" is hidden then, and must not block Connect (issue 18).
  const url = f.mode === 'open' ? '' : f.url.trim();
  if (f.mode === 'clone' && !url) errors.url = 'Enter the HTTPS address of the repository.';
  else if (url && !/^https?:\/\/[^\s/]+\/\S+/i.test(url)) errors.url = 'Use the HTTPS clone address, e.g. https://git.example.com/org/sites.git.';
  else if (url && /^[a-z]+:\/\/[^/]*@/i.test(url)) errors.url = 'Leave the user name and password out of the address; use the fields below.';
  else if (url && remoteProblem(url, remotes))
    errors.url = isLoopbackUrl(url)
      ? `Sitekit connects over HTTPS only: use the https:// address (plain http:// to this computer only with ${LOOPBACK_HTTP_ENV}=1).`
      : 'Sitekit connects over HTTPS only: use the https:// address (over http:// the password would travel unencrypted).';
  if (f.mode === 'open' && !f.dir.trim()) errors.dir = 'Enter the folder of the existing clone (the one that contains .git).';
  if (!/^[A-Za-z0-9._/-]+$/.test(f.branch.trim()) || f.branch.includes('..')) errors.branch = 'Enter a branch name such as main.';
  if (f.basePath.split('/').includes('..')) errors.basePath = 'The folder must stay inside the repository.';
  if (Object.keys(errors).length) return { errors };
  const secret = f.secret;
  const credentials = secret && f.mode !== 'open' ? (f.secretKind === 'token' ? { token: secret, ...(f.username.trim() ? { username: f.username.trim() } : {}) } : { username: f.username.trim(), password: secret }) : undefined;
  return {
    errors,
    request: {
      siteId,
      mode: f.mode,
      ...(url ? { url } : {}),
      ...(f.mode === 'open' && f.dir.trim() ? { dir: f.dir.trim() } : {}),
      branch: f.branch.trim(),
      basePath: f.basePath.trim().replace(/^\/+|\/+$/g, ''),
      ...(credentials ? { credentials } : {}),
      remember: f.remember,
    },
  };
}

/** "Nothing waiting to push" / "1 commit waiting to push" / "3 commits waiting to push". */
export function queueText(n: number): string {
  if (n === 0) return 'Nothing waiting to push';
  return `${n} commit${n === 1 ? '' : 's'} waiting to push`;
}

/** CSS class of one line of a unified diff. */
export function diffLineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return 'diff-file';
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-del';
  if (line.startsWith('\\')) return 'diff-note';
  return 'diff-ctx';
}

/** Percentage for a progress bar, or undefined when the total is not known yet. */
export function progressPercent(p: { readonly bytes: number; readonly total: number } | undefined): number | undefined {
  if (!p || p.total <= 0) return undefined;
  return Math.max(0, Math.min(100, Math.round((p.bytes / p.total) * 100)));
}

/** Errors after which new credentials are what the technician needs. */
export const needsCredentials = (code: string | undefined): boolean => code === 'unauthorized' || code === 'auth-expired';

/** The preview's commit message with the "Why:" line the technician is typing (the rest is the main side's). */
export function withReason(message: string, reason: string): string {
  return message.replace(/^Why: .*$/m, `Why: ${reason.trim() || 'regenerated from site.yaml'}`);
}
