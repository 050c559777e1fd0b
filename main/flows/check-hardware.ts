/**
 * The hardware check as one job: inventories (parsed, assigned to hosts by one rule, merged into the hosts),
 * the compatibility list in use, and the host plan (main/core/host-plan): per host its NICs with roles and
 * drivers, the install NIC, uplinks, kernel options and module settings, with the verdict; the requirements it
 * implies are applied to the site. The CLI (`hw check`), the media build and preflight, the commit and the demo
 * all run this, so what the check decides is what every later step reads. With an installer ISO's contents, the
 * plan also says whether that ISO carries a driver build for each NIC.
 */
import { err, ok, type Issue, type Result } from '../core/result';
import { Site, type Host } from '../core/site/schema';
import { issuesFromZod } from '../core/site/yaml';
import { applyPlanToSite, planSite } from '../core/host-plan/plan';
import type { SitePlan } from '../core/host-plan/types';
import type { InstallerContents } from '../core/media/installer-contents';
import type { CompatList, CompatListInfo } from '../core/hardware/schema';
import type { SiteVerdict } from '../core/hardware/verdict';
import { readHostInventories } from '../core/inventory/read';
import { hostInventoryMerge, previewInventoryMerge, type HostInventoryMerge, type MergeMode } from '../core/inventory/merge';
import { findModel } from '../core/hardware/matching';
import { hostForFileName } from '../core/site/inventory-assign';
import type { FlowContext } from './types';

/** An inventory text (lspci, lsusb, esxcli, dmidecode) and the host it describes. */
export interface InventoryInput {
  /** The host; when absent, the file name's prefix decides (esx01-lspci.txt), or the only host. */
  readonly host?: string;
  readonly name: string;
  readonly text: string;
}

export interface CheckHardwareInput {
  readonly site: Site;
  readonly inventories?: readonly InventoryInput[];
  /** An installer ISO's contents: the plan then says which NIC drivers the ISO carries. */
  readonly installer?: InstallerContents;
  /**
   * merge (default): the inventories add what they describe and keep the rest; an inventory of another box
   * (another serial or product name) is then refused for its host. replace: the host takes the inventories'
   * box, NICs exactly as they show them.
   */
  readonly mode?: MergeMode;
}

export interface CheckHardwareOutcome {
  /** The site with the inventories merged and every host's requirements set from its plan. */
  readonly site: Site;
  /** The host plan of every host: what every later step reads. */
  readonly plan: SitePlan;
  /** The plan's verdict (every host's, with the plan's own findings). */
  readonly verdict: SiteVerdict;
  readonly info: CompatListInfo;
  readonly list: CompatList;
  /** Why an imported list was not used, when that happened. */
  readonly note?: string;
  /** Lines of the inventories that were not recognised, with file and line. */
  readonly inventoryIssues: readonly Issue[];
  /** Per host with inventories: what they added, changed, removed and kept, and whether it was applied. */
  readonly merges: readonly HostInventoryMerge[];
  /** True when a host is unsupported, the check found an error, or an inventory of another box was refused: the CLI exits 1. */
  readonly problems: boolean;
}

function assign(site: Site, inventories: readonly InventoryInput[]): Result<Map<string, InventoryInput[]>> {
  const hosts = site.spec.hosts.map((h) => h.name);
  const byHost = new Map<string, InventoryInput[]>();
  for (const inv of inventories) {
    const host = inv.host ?? hostForFileName(inv.name, hosts) ?? (hosts.length === 1 ? hosts[0] : undefined);
    if (!host || !hosts.includes(host)) {
      return err('invalid-input', `Sitekit cannot tell which host the inventory "${inv.name}" belongs to.`, {
        hint: `Name the file after its host (${hosts[0]}-lspci.txt) or give the host explicitly (${hosts[0]}=${inv.name}). Hosts: ${hosts.join(', ')}.`,
      });
    }
    byHost.set(host, [...(byHost.get(host) ?? []), inv]);
  }
  return ok(byHost);
}

/** Runs the check. Pure but for reading the compatibility list in use. */
export async function checkHardwareFlow(ctx: FlowContext, input: CheckHardwareInput): Promise<Result<CheckHardwareOutcome>> {
  const cur = await ctx.services.compat.current();
  if (!cur.ok) return cur;
  const { list, info } = cur.value;
  let site = input.site;
  const inventoryIssues: Issue[] = [];
  const merges: HostInventoryMerge[] = [];
  const mode = input.mode ?? 'merge';
  if (input.inventories?.length) {
    const assigned = assign(site, input.inventories);
    if (!assigned.ok) return assigned;
    const hosts: Host[] = [];
    for (const h of site.spec.hosts) {
      const mine = assigned.value.get(h.name);
      if (!mine) {
        hosts.push(h);
        continue;
      }
      const read = readHostInventories(mine, list, h.name);
      if (!read.ok) return read;
      inventoryIssues.push(...read.value.problems);
      const found = read.value;
      // A paste adds what it describes and keeps what the model catalogue and other inventories said; an
      // inventory of another box changes nothing unless replacing was asked for.
      const model = findModel(list, h.hardware.model);
      const preview = previewInventoryMerge(h.hardware, found.hardware, { mode, ...(model ? { model } : {}) });
      const merged = hostInventoryMerge(h.name, preview);
      merges.push(merged);
      hosts.push(merged.applied ? { ...h, hardware: preview.result } : h);
    }
    const merged = Site.safeParse({ ...site, spec: { ...site.spec, hosts } });
    if (!merged.success) return err('schema-error', 'The inventory does not fit the site model.', { issues: issuesFromZod(merged.error) });
    site = merged.data;
  }
  const plan = planSite(site, list, input.installer ? { installer: input.installer } : {});
  const verdict = plan.verdict;
  const problems =
    verdict.hosts.some((h) => h.status === 'unsupported' || h.findings.some((f) => f.severity === 'error')) || verdict.findings.some((f) => f.severity === 'error') || merges.some((m) => !m.applied);
  return ok({ site: applyPlanToSite(site, plan), plan, verdict, info, list, ...(cur.value.note ? { note: cur.value.note } : {}), inventoryIssues, merges, problems });
}
