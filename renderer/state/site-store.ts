/**
 * One store per open site: every step's drafts (what the technician chose and typed but has not turned
 * into a saved site or a finished job), combined in one reducer. The store lives above the steps, so
 * moving between steps keeps it; `storableSiteStore` is written to localStorage after every change (no
 * secrets), so a reload keeps it too. Pure: the React wiring is in site-store-context.tsx.
 */
import type { Site } from '../../main/core/site/schema';
import { gitReducer, initialGit, restoreGit, storableGit, type GitAction, type GitState } from '../steps/git/git-state';
import { initialMedia, mediaReducer, restoreMedia, storableMedia, type MediaAction, type MediaState } from '../steps/media/media-state';

export interface SiteStore {
  readonly siteId: string;
  readonly media: MediaState;
  readonly git: GitState;
}

export type SiteStoreAction =
  | { readonly slice: 'media'; readonly action: MediaAction }
  | { readonly slice: 'git'; readonly action: GitAction }
  /** Another site was opened: its own drafts replace the store. */
  | { readonly slice: 'reset'; readonly store: SiteStore };

export function initialSiteStore(site: Site): SiteStore {
  return { siteId: site.metadata.id, media: initialMedia(site.spec.hosts.map((h) => h.name)), git: initialGit(site) };
}

export function siteStoreReducer(s: SiteStore, a: SiteStoreAction): SiteStore {
  switch (a.slice) {
    case 'media': {
      const media = mediaReducer(s.media, a.action);
      return media === s.media ? s : { ...s, media };
    }
    case 'git':
      return { ...s, git: gitReducer(s.git, a.action) };
    case 'reset':
      return a.store;
  }
}

/** Storage key of a site's drafts; versioned so a later shape never misreads an old one. */
export const storageKey = (siteId: string): string => `sitekit.drafts.v1.${siteId}`;

/** What is written to storage: JSON without any secret. */
export function storableSiteStore(s: SiteStore): string {
  return JSON.stringify({ media: storableMedia(s.media), git: storableGit(s.git) });
}

/** The store for a site from what storage held (or nothing); unreadable parts fall back to the defaults. */
export function restoreSiteStore(site: Site, stored: string | null): SiteStore {
  const init = initialSiteStore(site);
  if (!stored) return init;
  try {
    const raw = JSON.parse(stored) as { media?: unknown; git?: unknown };
    const media = restoreMedia(init.media, raw.media);
    const hosts = site.spec.hosts.map((h) => h.name);
    // A host renamed or removed since: back to the first host.
    const scope = media.scope === '*' || hosts.includes(media.scope) ? media.scope : init.media.scope;
    return { ...init, media: { ...media, scope }, git: restoreGit(init.git, raw.git) };
  } catch {
    return init;
  }
}
