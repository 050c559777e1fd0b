/**
 * Auditing a stick as one job (`media:audit`, the Boot media step's audit, `sitekit media audit`): read it
 * back, compare every file with its own manifest, and record the audit in the site the manifest names when
 * that site is in the workspace, so the handover report can say when the stick was last checked and how.
 */
import { ok, type Result } from '../core/result';
import type { AuditOutcome } from '../core/drives/types';
import { recordAudit } from '../core/site/records';
import type { FlowContext } from './types';

export async function auditMediaFlow(ctx: FlowContext, input: { readonly target: string; readonly serial?: string }): Promise<Result<AuditOutcome>> {
  const r = await ctx.services.sticks.audit(input.target);
  if (!r.ok) return r;
  const a = r.value;
  const draft = await ctx.services.workspace.load(a.site.id);
  if (!draft.ok) return ok({ ...a, recorded: { why: `the site ${a.site.id} is not in this workspace` } });
  const site = recordAudit(draft.value.site, {
    at: ctx.now().toISOString(),
    target: a.target,
    ...(input.serial ? { serial: input.serial } : {}),
    ...(a.image.sha256 ? { imageSha256: a.image.sha256 } : {}),
    hosts: [...a.hosts],
    intact: a.intact,
    filesChecked: a.filesChecked,
    modified: a.modified.length,
  });
  const saved = await ctx.services.workspace.save(site);
  if (!saved.ok) return ok({ ...a, recorded: { why: `recording in ${a.site.id} failed: ${saved.error.message}` } });
  ctx.services.logger.info('stick audit recorded', { siteId: a.site.id, intact: a.intact });
  return ok({ ...a, recorded: { siteId: a.site.id } });
}
