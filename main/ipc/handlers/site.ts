/** Binds the site channels to the workspace service. */
import { ok } from '../../core/result';
import { validateSite } from '../../core/site/yaml';
import { readinessIssues } from '../../core/site/readiness';
import type { siteChannels } from '../channels/site';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';

export function siteHandlers(s: Services): HandlersFor<keyof typeof siteChannels> {
  return {
    'site:list': async () => s.workspace.list(),
    'site:load': async ({ id }) => s.workspace.load(id),
    'site:save': async ({ site, overwrite, baseRevision }) => {
      // Records come from the saved file, never from the client (flows write them).
      const saved = await s.workspace.save(site, { overwrite, baseRevision, keepRecords: true });
      if (saved.ok) s.logger.info('site saved', { id: saved.value.site.metadata.id });
      return saved;
    },
    'site:validate': async ({ site }) => {
      const v = validateSite(site);
      if (!v.ok) return ok({ valid: false, issues: v.error.issues ?? [{ path: '', message: v.error.message }] });
      // A site that loads can still be one not to deploy (two hosts' workers on one address): core/site/readiness.ts.
      const issues = readinessIssues(v.value);
      return ok({ valid: issues.length === 0, issues, site: v.value });
    },
    'site:delete': async ({ id }) => s.workspace.remove(id),
    'site:import': async ({ text, fileName, replace }) => {
      const r = await s.workspace.importText(text, fileName, { replace });
      if (r.ok) s.logger.info('site imported', { id: r.value.site.metadata.id, replace: Boolean(replace) });
      return r;
    },
  };
}
