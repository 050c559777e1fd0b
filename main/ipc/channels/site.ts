/** Site drafts: create, list, load, save, validate. */
import { z } from 'zod';
import { channel } from '../define';
import type { Site } from '../../core/site/schema';
import type { SiteSummary, SiteDraft } from '../../core/site/draft';
import type { Issue } from '../../core/result';

const SiteId = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'site id must be a DNS label');

export const siteChannels = {
  /** Every draft, newest first; a draft that does not load is listed with its `error` (file, line, column). */
  'site:list': channel(z.object({}).strict())<readonly SiteSummary[]>(),
  'site:load': channel(z.object({ id: SiteId }).strict())<SiteDraft>(),
  /**
   * Validates and saves a draft; the previous version is kept as `site.yaml.bak`. `baseRevision` is the
   * revision the client's copy was loaded or saved as: a save of a copy that is no longer the saved one is a
   * `conflict` (the file is left as it is, the client's version kept beside it, both named in the error).
   * The site's `records` are always the saved ones: flows write records, a client never does.
   */
  'site:save': channel(z.object({ site: z.unknown(), overwrite: z.boolean().optional(), baseRevision: z.string().regex(/^[0-9a-f]{16}$/).optional() }).strict())<SiteDraft>(),
  /** Validates without saving; returns the issues, and the normalised site when it loads (it may load and still have issues). */
  'site:validate': channel(z.object({ site: z.unknown() }).strict())<{ readonly valid: boolean; readonly issues: readonly Issue[]; readonly site?: Site }>(),
  'site:delete': channel(z.object({ id: SiteId }).strict())<{ readonly id: string }>(),
  /**
   * Imports a site.yaml text (pasted or loaded) as a new draft. An existing draft with the same id (also a
   * newer or broken one) is replaced only with `replace: true`; otherwise the answer is a `conflict` (or
   * `newer-version`) error whose details carry the existing draft, so the UI can show the difference and ask.
   */
  'site:import': channel(z.object({ text: z.string().max(5_000_000), fileName: z.string().max(400).optional(), replace: z.boolean().optional() }).strict())<SiteDraft>(),
};
