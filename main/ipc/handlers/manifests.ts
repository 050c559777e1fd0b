/** Binds the manifests channels to core generation/lint/import and the manifest file service. */
import { importFiles } from '../../core/manifests/import';
import { err, ok, type Result } from '../../core/result';
import type { Site, SiteInput } from '../../core/site/schema';
import { validateSite } from '../../core/site/yaml';
import { acceptFinding, importFolder, unacceptFinding } from '../../services/manifests/manifests';
import { generateFlow, topologyFlow } from '../../flows/generate';
import { lintFlow } from '../../flows/lint';
import { flowContext } from './flow-context';
import type { manifestsChannels } from '../channels/manifests';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';

const siteOf = (value: unknown): Result<Site> => validateSite(value, 'the site');

export function manifestsHandlers(s: Services): HandlersFor<keyof typeof manifestsChannels> {
  const now = s.options.now ?? (() => new Date());
  return {
    'manifests:generate': async ({ site, outDir, prune }, ctx) => {
      const v = siteOf(site);
      if (!v.ok) return v;
      return generateFlow(flowContext(s, ctx, 'generate'), { site: v.value, ...(outDir ? { outDir } : {}), ...(prune ? { prune } : {}) });
    },
    'manifests:lint': async (req, ctx) => lintFlow(flowContext(s, ctx, 'lint'), req),
    'manifests:import': async ({ files, dir, base }) => {
      const b = base as SiteInput | undefined;
      if (files) return ok({ ...importFiles(files, { base: b }), skipped: [] });
      if (!dir) return err('invalid-request', 'Give either files or a folder to import.');
      const r = await importFolder(dir, b);
      return r.ok ? ok({ site: r.value.site, valid: r.value.valid, issues: r.value.issues, items: r.value.items, findings: r.value.findings, skipped: r.value.skipped }) : r;
    },
    'manifests:topology': async ({ site }, ctx) => {
      const v = siteOf(site);
      return v.ok ? topologyFlow(flowContext(s, ctx, 'topology'), { site: v.value }) : v;
    },
    'manifests:accept': async (req) => acceptFinding(s.workspace, req, now),
    'manifests:unaccept': async (req) => unacceptFinding(s.workspace, req),
  };
}

