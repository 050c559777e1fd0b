/**
 * The hash route: which site is open and which step shows, in the address bar, so a reload reopens the same
 * place and the browser's Back goes to the previous step. Pure: parsed and formatted here, applied by app.tsx.
 *
 * `#/` is the start screen; `#/sites/<site-id>/<step>` a step of an open site. Anything else reads as the
 * start screen (a stale or hand-edited address never opens something unexpected).
 */
import { STEP_IDS, type StepId } from './steps';

export interface Route {
  readonly siteId?: string;
  readonly step: StepId;
}

const SITE_ID = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Reads a `location.hash`. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'sites' || !parts[1] || !SITE_ID.test(parts[1])) return { step: 'site' };
  const step = (STEP_IDS as readonly string[]).includes(parts[2] ?? '') ? (parts[2] as StepId) : 'site';
  return { siteId: parts[1], step };
}

/** The `location.hash` for a route. */
export function formatRoute(route: Route): string {
  return route.siteId ? `#/sites/${encodeURIComponent(route.siteId)}/${route.step}` : '#/';
}
