/**
 * The stick plan as one job (the Boot media step's preview, `media:plan`): what the build would put on the
 * stick for a draft and an ISO — files, KS.CFG, kernelopt edits, which host gets what — with the hardware
 * check's requirements applied to the site as it is now, as the build applies them. Nothing is written.
 * Without a password the plan uses a placeholder hash and shows where the real one goes.
 */
import { planView, type HostSelection, type MediaPlanView } from '../core/media/plan';
import type { PartitionScheme } from '../core/media/partition';
import { ok, type Result } from '../core/result';
import { withIso } from '../services/iso/iso-reader';
import { planImage } from '../services/media/plan-image';
import { checkHardwareFlow } from './check-hardware';
import type { FlowContext } from './types';

/** A hash the planner accepts when no password was typed yet (the plan view never shows it). */
const PLACEHOLDER_HASH = '$6$sitekitpreview$' + '.'.repeat(86);

export interface PlanMediaInput {
  readonly siteId: string;
  readonly isoPath: string;
  readonly hosts: HostSelection;
  readonly scheme?: PartitionScheme;
  /** Checked against ESXi's rules when given. */
  readonly password?: string;
  readonly targetBytes?: number;
}

export async function planMediaFlow(ctx: FlowContext, input: PlanMediaInput): Promise<Result<MediaPlanView>> {
  const draft = await ctx.services.workspace.load(input.siteId);
  if (!draft.ok) return draft;
  // The plan shows what the build will do: the check's requirements, applied now.
  const checked = await checkHardwareFlow(ctx, { site: draft.value.site });
  if (!checked.ok) return checked;
  const { site, plan } = checked.value;
  return withIso(input.isoPath, async (reader) => {
    const r = await planImage(reader, {
      site,
      plan,
      hosts: input.hosts,
      ...(input.password !== undefined ? { password: input.password } : { passwordHash: PLACEHOLDER_HASH }),
      scheme: input.scheme,
      targetBytes: input.targetBytes,
      versions: { sitekit: ctx.services.version },
      now: ctx.now(),
    });
    if (!r.ok) return r;
    const view = planView(r.value.plan);
    return ok(input.password !== undefined ? view : { ...view, kickstart: view.kickstart.replace(PLACEHOLDER_HASH, '<hash of the root password, made when the image is built>') });
  });
}
