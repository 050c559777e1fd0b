/**
 * React wiring of the per-site store (site-store.ts): one provider above the steps, hooks per step slice.
 * The provider stays mounted (a step never remounts because a site was created or opened); when another
 * site is opened it swaps in that site's drafts before anything renders with the old ones.
 */
import { createContext, useCallback, useContext, useEffect, useReducer, type Dispatch, type ReactNode } from 'react';
import type { Site } from '../../main/core/site/schema';
import type { GitAction, GitState } from '../steps/git/git-state';
import type { MediaAction, MediaState } from '../steps/media/media-state';
import { restoreSiteStore, siteStoreReducer, storableSiteStore, storageKey, type SiteStore, type SiteStoreAction } from './site-store';

const Ctx = createContext<{ readonly state: SiteStore; readonly dispatch: Dispatch<SiteStoreAction> } | undefined>(undefined);

function readStored(siteId: string): string | null {
  try {
    return window.localStorage.getItem(storageKey(siteId));
  } catch {
    return null; // Storage disabled: the drafts then last until the page is closed.
  }
}

const NO_SITE: SiteStore | undefined = undefined;

export function SiteStoreProvider({ site, children }: { readonly site: Site | undefined; readonly children: ReactNode }) {
  const [state, dispatch] = useReducer(
    (s: SiteStore | undefined, a: SiteStoreAction) => (a.slice === 'reset' ? a.store : s && siteStoreReducer(s, a)),
    NO_SITE,
    () => (site ? restoreSiteStore(site, readStored(site.metadata.id)) : undefined),
  );
  const current = site && state?.siteId === site.metadata.id ? state : undefined;
  // Render-time reset (React's "adjusting state when a prop changes"): no frame shows another site's drafts.
  if (site && !current) dispatch({ slice: 'reset', store: restoreSiteStore(site, readStored(site.metadata.id)) });
  useEffect(() => {
    if (!current) return;
    try {
      window.localStorage.setItem(storageKey(current.siteId), storableSiteStore(current));
    } catch {
      // Full or disabled storage: the drafts stay in memory.
    }
  }, [current]);
  return <Ctx.Provider value={current ? { state: current, dispatch } : undefined}>{children}</Ctx.Provider>;
}

function useStore() {
  const v = useContext(Ctx);
  if (!v) throw new Error('a step used the site store outside SiteStoreProvider');
  return v;
}

export function useMediaStore(): [MediaState, Dispatch<MediaAction>] {
  const { state, dispatch } = useStore();
  const d = useCallback((action: MediaAction) => dispatch({ slice: 'media', action }), [dispatch]);
  return [state.media, d];
}

export function useGitStore(): [GitState, Dispatch<GitAction>] {
  const { state, dispatch } = useStore();
  const d = useCallback((action: GitAction) => dispatch({ slice: 'git', action }), [dispatch]);
  return [state.git, d];
}
