/** Credentials for HTTPS remotes, turned into isomorphic-git's `onAuth` hook. Never logged, never stored in a repo. */
import type { AuthKind } from './errors';

/** A user name and password, or an access token (with an optional user name; default "oauth2"). */
export interface GitCredentials {
  readonly username?: string;
  readonly password?: string;
  readonly token?: string;
}

export interface AuthHooks {
  readonly kind: AuthKind;
  readonly onAuth?: () => { username: string; password: string };
}

/**
 * GitHub accepts any user name with a token as password, GitLab wants "oauth2", Gitea/Forgejo accept the
 * token as password for the account name: so a token goes in the password field with the given user name.
 */
export function authHooks(creds: GitCredentials | undefined): AuthHooks {
  if (creds?.token) {
    const token = creds.token;
    const username = creds.username || 'oauth2';
    return { kind: 'token', onAuth: () => ({ username, password: token }) };
  }
  if (creds?.username || creds?.password) {
    const username = creds.username ?? '';
    const password = creds.password ?? '';
    return { kind: 'password', onAuth: () => ({ username, password }) };
  }
  return { kind: 'none' };
}
