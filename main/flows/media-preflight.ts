/**
 * What the Boot media step shows before anything is built: every action the hardware check requires of
 * each host on the stick, who takes care of it and whether it is satisfied, what the ISO carries, and
 * whether it can install each host. The same check and the same driver answer the build uses.
 */
import { err, ok, type Result } from '../core/result';
import { canInstall, describeDriverAnswer, driverAnswerLines, type HostDriverAnswer, type InstallerContents } from '../core/media/drivers';
import { imageBuilderScriptFor } from '../core/media/powercli';
import { withIso } from '../services/iso/iso-reader';
import { readInstallerContents } from '../services/iso/imgdb';
import { inspectIso } from '../services/iso/inspect';
import { writeFileAtomic } from '../services/fs-atomic';
import { installNicWords, requiredActions, type MediaPreflight } from '../core/media/preflight';
import { checkHardwareFlow } from './check-hardware';
import type { FlowContext } from './types';

export async function mediaPreflightFlow(ctx: FlowContext, input: { siteId: string; iso?: string; host?: string; allHosts?: boolean }): Promise<Result<MediaPreflight>> {
  const draft = await ctx.services.workspace.load(input.siteId);
  if (!draft.ok) return draft;
  let installer: InstallerContents | undefined;
  let iso: MediaPreflight['iso'];
  if (input.iso) {
    const inspected = await inspectIso(input.iso);
    if (inspected.ok) iso = inspected.value;
    const read = await withIso(input.iso, async (reader) => ok(await readInstallerContents(reader)));
    if (read.ok) installer = read.value;
  }
  // The host plan, with the ISO's contents when one is chosen: the same plan the build uses.
  const checked = await checkHardwareFlow(ctx, { site: draft.value.site, ...(installer ? { installer } : {}) });
  if (!checked.ok) return checked;
  const { site, plan, list } = checked.value;
  const all = site.spec.hosts.map((h) => h.name);
  // Without a host chosen, every host is shown: the step lists what each one still needs.
  const onStick = input.allHosts || !input.host ? all : all.filter((h) => h.toLowerCase() === input.host!.toLowerCase());
  const answers: HostDriverAnswer[] = installer ? canInstall(plan, site, list, installer, onStick) : [];
  const hosts = plan.hosts
    .filter((h) => onStick.includes(h.host))
    .map((h) => {
      const answer = answers.find((a) => a.host === h.host);
      return {
        host: h.host,
        status: h.verdict.status,
        installNic: installNicWords(h),
        actions: requiredActions(site, h, installer !== undefined),
        ...(answer ? { driver: { answer: answer.answer, blocking: answer.blocking, lines: driverAnswerLines(answer, { list, release: site.spec.release }).filter((l) => !l.startsWith('  fix:')) } } : {}),
      };
    });
  const unsupported = plan.verdict.hosts.filter((h) => onStick.includes(h.host) && h.status === 'unsupported' && h.findings.some((f) => f.severity === 'error' && !f.code.startsWith('driver-')));
  // One stick for several hosts: the installer tells them apart by MAC, so each needs one, known now (not after Build).
  const noMac = input.allHosts && onStick.length > 1 ? plan.hosts.filter((h) => onStick.includes(h.host) && !h.nics.some((n) => n.mac && n.role !== 'bmc')) : [];
  const blocking = [
    ...unsupported.map((h) => `${h.host}: the hardware check says it cannot be installed (see Hardware).`),
    ...noMac.map((h) => `${h.host}: a stick for all hosts needs each host's MAC, and ${h.host} has none: enter the MAC of ${h.install.nic ?? 'its install NIC'} in Hardware (the MAC field of that NIC, or paste "esxcli network nic list"), or write one stick per host.`),
    ...answers.filter((a) => a.answer !== 'yes' && a.blocking).map((a) => describeDriverAnswer(a)),
  ];
  const script = answers.some((a) => a.answer !== 'yes') ? imageBuilderScriptFor(site, list, answers) : undefined;
  return ok({ hosts, ...(iso ? { iso } : {}), ...(installer ? { installer } : {}), blocking, ...(script ? { script } : {}) });
}

/**
 * Saves the preflight's PowerCLI script to `path` (already checked by the path policy: a .ps1 file). The
 * script is made here from the site and the ISO, exactly as the step shows it; nothing the page sends is
 * written. Without a missing driver there is no script, and nothing is written.
 */
export async function saveImageBuilderScriptFlow(ctx: FlowContext, input: { siteId: string; iso: string; host?: string; allHosts?: boolean; path: string }): Promise<Result<{ path: string; bytes: number }>> {
  const pre = await mediaPreflightFlow(ctx, input);
  if (!pre.ok) return pre;
  if (!pre.value.script) {
    return err('invalid-input', 'This ISO already carries every driver the hosts need, so there is no PowerCLI script to save. Nothing was written.', {
      hint: 'Pick the ISO the script is meant for, or build the stick with this one.',
    });
  }
  try {
    await writeFileAtomic(input.path, pre.value.script, { mode: 0o644 });
  } catch (e) {
    return err('io-error', `Could not save the script to ${input.path}: ${(e as Error).message}`, { hint: 'Pick a folder you can write to.', kept: 'Nothing was written.' });
  }
  ctx.services.logger.info('powercli script saved', { siteId: input.siteId, path: input.path });
  return ok({ path: input.path, bytes: Buffer.byteLength(pre.value.script) });
}
