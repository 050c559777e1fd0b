/**
 * The one rule for which remotes Sitekit talks to, whichever way a remote arrives (a URL typed in the Git
 * step, the origin of a clone opened from disk, a fleet repo, the URL a push finds in .git/config): HTTPS;
 * plain http:// only to this computer (127.0.0.0/8, localhost, [::1]) and only when that is explicitly
 * allowed (`SITEKIT_ALLOW_LOOPBACK_HTTP=1`, which the UI and the CLI state while it is in effect). Over
 * plain http the password travels readable by anyone on the way; to this computer nothing leaves the
 * machine, which is what a local test server needs. Pure: the UI checks the form with it, the git service
 * checks every request with it.
 */

/** Which remotes are allowed beyond HTTPS. */
export interface RemotePolicy {
  /** Plain http:// to a loopback address (a test or local Git server). Off unless set explicitly. */
  readonly allowLoopbackHttp: boolean;
}

/** The environment variable that allows plain http:// to this computer, for every transport. */
export const LOOPBACK_HTTP_ENV = 'SITEKIT_ALLOW_LOOPBACK_HTTP';

/** The sentence the UI and the CLI show while plain http:// to this computer is allowed. */
export const LOOPBACK_HTTP_NOTICE = `Plain http:// remotes on this computer (127.0.0.1, localhost, [::1]) are allowed because ${LOOPBACK_HTTP_ENV}=1 is set; every other remote must use https://.`;

/** True when `value` (an environment variable) turns the loopback exception on. */
export function loopbackHttpAllowed(value: string | undefined): boolean {
  return value === '1' || value?.toLowerCase() === 'true';
}

/** The host of an http(s) URL, lower-cased, brackets kept for IPv6; undefined when it does not parse. */
function hostOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@\s]*@)?(\[[^\]]*\]|[^/:?#\s]*)/i.exec(url.trim());
  return m?.[1]?.toLowerCase();
}

/** True for http(s) URLs whose host is this computer: 127.0.0.0/8, localhost, [::1]. */
export function isLoopbackUrl(url: string): boolean {
  const host = hostOf(url);
  if (!host) return false;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const safe = (url: string): string => url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');

/**
 * Why Sitekit will not talk to `url`, or undefined when it may. isomorphic-git speaks only Git's smart HTTP
 * protocol, so file://, ssh://, scp-form, git:// remotes and local paths are refused as well (they would
 * connect and commit, then fail at every push).
 */
export function remoteProblem(url: string, policy: RemotePolicy): string | undefined {
  const u = url.trim();
  if (/^https:\/\/[^/\s]+/i.test(u)) return undefined;
  if (/^http:\/\/[^/\s]+/i.test(u)) {
    if (isLoopbackUrl(u)) {
      if (policy.allowLoopbackHttp) return undefined;
      return `The remote "${safe(u)}" is plain http:// (to this computer). Sitekit connects over HTTPS (https://) only; plain http:// to this computer is allowed only when ${LOOPBACK_HTTP_ENV}=1 is set (a local test server).`;
    }
    return `The remote "${safe(u)}" is plain http://, where the password and the site's configuration would travel unencrypted; Sitekit connects over HTTPS (https://) only.`;
  }
  const kind = /^file:/i.test(u)
    ? 'a file:// URL'
    : /^ssh:|^[\w.-]+@[\w.-]+:/i.test(u)
      ? 'an SSH remote'
      : /^git:/i.test(u)
        ? 'a git:// remote'
        : /^[a-z][a-z0-9+.-]*:\/\//i.test(u)
          ? `a ${u.split(':')[0]}:// remote`
          : 'a local path';
  return `The remote "${safe(u)}" is ${kind}; Sitekit pushes only over HTTPS (https://).`;
}
