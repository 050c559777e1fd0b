/**
 * Gathers the report's inputs from the site with the other pure modules: the hardware check against the
 * compatibility list, the generated files and their lint, and the topology picture. Kept pure so the CLI,
 * the IPC handler and the tests make exactly the same report from the same site and list.
 */
import type { Site } from '../site/schema';
import type { CompatList } from '../hardware/schema';
import type { GitStatus } from '../git/types';
import { checkSite } from '../hardware/engine';
import { applyVerdictToSite } from '../hardware/requirements';
import { generateSiteFiles } from '../manifests/generate';
import { lintFiles } from '../manifests/lint';
import { renderTopology } from '../manifests/topology';
import { gitInput, lintInput, verdictInput } from './adapt';
import type { ReportInput } from './inputs';

export interface CollectContext {
  /** The compatibility list; without it the report says the hardware was not checked. */
  readonly list?: CompatList;
  /** Live Git status of the site's repository, when there is one. */
  readonly git?: GitStatus;
  readonly sitekitVersion: string;
  readonly generatedAt: string;
}

/** Every input of `buildReport` for a site. */
export function collectReportInput(draft: Site, ctx: CollectContext): ReportInput {
  // The report states what the check asks for now, as the build and the commit do: requirements come from
  // the verdict, not from whatever was saved in the draft earlier.
  const checked = ctx.list ? checkSite(draft, ctx.list) : undefined;
  const site = checked ? applyVerdictToSite(draft, checked) : draft;
  const verdict = checked ? verdictInput(checked) : undefined;
  const files = generateSiteFiles(site);
  return {
    site,
    verdict,
    lint: lintInput(lintFiles(files, { site })),
    topologySvg: renderTopology(site),
    listVersion: ctx.list?.listVersion,
    sitekitVersion: ctx.sitekitVersion,
    generatedAt: ctx.generatedAt,
    git: ctx.git ? gitInput(ctx.git) : undefined,
  };
}
