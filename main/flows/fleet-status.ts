/**
 * Fleet status as one job: one row per site of a site repo (manifests up to date, lint, committed and
 * pushed, sticks recorded, hosts accepted on site, report exported).
 *
 * Records come from the repo's site.yaml (what was committed) and, when this machine's workspace holds a
 * draft of the same site, from that draft too (a stick written here but not committed yet still counts).
 */
import { reportRecords, siteAccepted, verifiedSticks, type FleetStatus } from '../core/fleet/status';
import { err, type Result } from '../core/result';
import { fleetStatus, recoverFleetImports } from '../services/fleet/fleet-repo';
import { recoveryNotes } from './fleet-import';
import type { FlowContext } from './types';

export interface FleetStatusInput {
  /** The site repo; default the most recently connected repo of the workspace. */
  readonly repo?: string;
  /** Include each site's site.yaml text (the app opens a site from it). */
  readonly withSiteText?: boolean;
}

export async function fleetStatusFlow(ctx: FlowContext, input: FleetStatusInput): Promise<Result<FleetStatus>> {
  let repo = input.repo;
  if (!repo) {
    const connections = await ctx.services.git.connections();
    repo = connections[0]?.dir;
    if (!repo) return err('not-found', 'No site repository is connected yet, so there is no fleet to show.', { hint: 'Connect a site repository in the Git step, or run `sitekit fleet status --repo DIR`.' });
  }
  // An import killed earlier is finished or rolled back first: the status never shows half an import.
  const recovered = await recoverFleetImports(repo);
  if (!recovered.ok) return recovered;
  for (const note of recoveryNotes(recovered.value)) ctx.services.logger.info('fleet recovery', { repo, note });
  const cur = await ctx.services.compat.current();
  if (!cur.ok) return cur;
  return fleetStatus(repo, {
    list: cur.value.list,
    records: async (id) => {
      const draft = await ctx.services.workspace.load(id).catch(() => undefined);
      if (!draft?.ok) return undefined;
      return { sticks: verifiedSticks(draft.value.site), reports: reportRecords(draft.value.site).length, accepted: siteAccepted(draft.value.site) };
    },
    onSite: (done, all) => {
      if (done === all || done % 25 === 0) ctx.progress({ phase: 'status', bytes: done, total: all });
    },
    withSiteText: input.withSiteText,
  });
}
