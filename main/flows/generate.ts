/**
 * Generating a site's repo files as one job (the Review step, `sitekit generate`, the `manifests:generate`
 * channel): the site is checked against the compatibility list so the host plan decides the install NIC, the
 * vSwitch uplinks and the module settings the files carry, the files are generated and linted with the plan,
 * and, given a folder, written there (comments a person added are kept). The topology picture comes from the
 * same plan.
 */
import { ok, type Result } from '../core/result';
import type { Site } from '../core/site/schema';
import { generateSiteFiles, siteRoot } from '../core/manifests/generate';
import { lintFiles } from '../core/manifests/lint';
import { renderTopology } from '../core/manifests/topology';
import { readPrevious, writeGeneratedFiles } from '../services/manifests/manifest-files';
import type { GenerateOutcome } from '../services/manifests/manifests';
import { checkHardwareFlow } from './check-hardware';
import type { FlowContext } from './types';

export interface GenerateInput {
  readonly site: Site;
  /** Where to write the files; without it they are only returned. */
  readonly outDir?: string;
  /** Remove files Sitekit wrote earlier that the site no longer has. */
  readonly prune?: boolean;
}

export async function generateFlow(ctx: FlowContext, input: GenerateInput): Promise<Result<GenerateOutcome>> {
  const checked = await checkHardwareFlow(ctx, { site: input.site });
  if (!checked.ok) return checked;
  const { site, plan } = checked.value;
  const paths = generateSiteFiles(site, plan).map((f) => f.path);
  const previous = input.outDir ? await readPrevious(input.outDir, paths) : undefined;
  if (previous && !previous.ok) return previous;
  const files = generateSiteFiles(site, plan, previous ? { previous: previous.value } : {});
  const findings = lintFiles(files, { site, plan });
  if (!input.outDir) return ok({ files, findings });
  const write = await writeGeneratedFiles(input.outDir, files, { siteRoot: siteRoot(site), prune: input.prune });
  if (!write.ok) return write;
  ctx.services.logger.info('site files generated', { id: site.metadata.id, outDir: input.outDir, written: write.value.written.length });
  return ok({ files, findings, write: write.value });
}

/** The topology picture of a site, from its host plan. */
export async function topologyFlow(ctx: FlowContext, input: { readonly site: Site }): Promise<Result<{ svg: string }>> {
  const checked = await checkHardwareFlow(ctx, { site: input.site });
  if (!checked.ok) return checked;
  return ok({ svg: renderTopology(checked.value.site, checked.value.plan) });
}
