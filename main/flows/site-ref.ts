/** A site named by a workspace draft id or given whole (a site.yaml the CLI read): the flows take either. */
import { ok, type Result } from '../core/result';
import type { Site } from '../core/site/schema';
import { validateSite } from '../core/site/yaml';
import type { Services } from '../services/index';

export interface SiteRef {
  readonly id?: string;
  readonly site?: unknown;
}

/** Loads the draft, or validates the given site. */
export async function resolveSite(services: Services, ref: SiteRef): Promise<Result<Site>> {
  if (ref.id !== undefined) {
    const d = await services.workspace.load(ref.id);
    return d.ok ? ok(d.value.site) : d;
  }
  return validateSite(ref.site);
}
