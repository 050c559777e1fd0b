/**
 * Gathers the report's inputs from the site with the other pure modules: the hardware check against the
 * compatibility list, the generated files and their lint, and the topology picture. Kept pure so the CLI,
 * the IPC handler and the tests make exactly the same report from the same site and list.
 */
import type { Site } from '../site/schema';
import type { CompatList } from '../hardware/schema';
import type { GitStatus } from '../git/types';
import { applyPlanToSite, planSite } from '../host-plan/plan';
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
  // The report states what the host plan asks for now, as the build and the commit do: requirements, install
  // NIC, uplinks and drivers come from the plan, not from whatever was saved in the draft earlier. Without the
  // compatibility list nothing can be planned: the report says the hardware was not checked and lint did not run.
  const plan = ctx.list ? planSite(draft, ctx.list) : undefined;
  const site = plan ? applyPlanToSite(draft, plan) : draft;
  const files = plan ? generateSiteFiles(site, plan) : undefined;
  return {
    site,
    ...(plan ? { plan, verdict: verdictInput(plan.verdict) } : {}),
    ...(files && plan ? { lint: lintInput(lintFiles(files, { site, plan })), topologySvg: renderTopology(site, plan) } : {}),
    listVersion: ctx.list?.listVersion,
    sitekitVersion: ctx.sitekitVersion,
    generatedAt: ctx.generatedAt,
    git: ctx.git ? gitInput(ctx.git) : undefined,
  };
}
