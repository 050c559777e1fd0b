/**
 * Building the boot stick image as one job: the hardware check runs on the site as it is now (never an
 * earlier button press), its required actions are applied, the installer ISO's own image database says
 * which drivers it carries, a host whose management or only uplink needs a missing driver gets no stick
 * unless the technician overrides (recorded), and the image is built with what the stick carries checked
 * against what was required. Every transport builds through here.
 */
import { dirname, join } from 'node:path';
import { err, ok, type Result } from '../core/result';
import type { Site, StickHostRecord } from '../core/site/schema';
import type { HostSelection } from '../core/media/plan';
import type { PartitionScheme } from '../core/media/partition';
import type { SiteVerdict } from '../core/hardware/verdict';
import type { SitePlan } from '../core/host-plan/types';
import { installNicWords } from '../core/host-plan/words';
import { canInstall, describeDriverAnswer } from '../core/media/drivers';
import { imageBuilderScriptFor } from '../core/media/powercli';
import type { MediaBuildResult } from '../core/media/build-result';
import { withIso } from '../services/iso/iso-reader';
import { readInstallerContents } from '../services/iso/imgdb';
import { compareChecksum, hashFile } from '../services/iso/inspect';
import { buildStickFromIso, type StickImageResult } from '../services/media/build-stick';
import { writeFileAtomic } from '../services/fs-atomic';
import { checkHardwareFlow } from './check-hardware';
import type { FlowContext } from './types';

export interface BuildMediaInput {
  readonly site: Site;
  readonly isoPath: string;
  readonly outPath: string;
  readonly hosts: HostSelection;
  /** The root password as typed (checked against ESXi's rules, stored only as a $6$ hash). */
  readonly password: string;
  readonly scheme?: PartitionScheme;
  readonly targetBytes?: number;
  /** The ISO's SHA-256 when the caller computed it in this job already (the build then does not hash it again). */
  readonly isoSha256?: string;
  /** The checksum the ISO's publisher gives: the flow hashes the ISO and stops when it differs; a match is recorded. */
  readonly publishedSha256?: string;
  /** Report HTML to keep in the stick's manifest (one the technician gave); without it, see `includeReport`. */
  readonly reportHtml?: string;
  /** Without `reportHtml`: put Sitekit's own handover report of the site in the manifest (made here). */
  readonly includeReport?: boolean;
  /** The technician builds although a needed driver is missing from the ISO (recorded as an open item). */
  readonly driverOverride?: boolean;
}

/** The build's outcome: the image (with its manifest), what the transports get, and the site as checked. */
export interface BuildMediaOutcome extends StickImageResult, Pick<MediaBuildResult, 'hosts' | 'carried' | 'drivers' | 'installer' | 'compatListVersion'> {
  /** The site as checked, with every host's requirements from the check. */
  readonly site: Site;
  readonly verdict: SiteVerdict;
  /** The host plan the stick was built from (with the ISO's contents compared). */
  readonly hostPlan: SitePlan;
}

/** What the build answers through the contract: the outcome without the site, verdict and manifest. */
export function buildResult(o: BuildMediaOutcome): MediaBuildResult {
  return {
    path: o.path,
    size: o.size,
    sha256: o.sha256,
    isoSha256: o.isoSha256,
    isoName: o.manifest.iso.name,
    plan: o.plan,
    hosts: o.hosts,
    carried: o.carried,
    drivers: o.drivers,
    installer: o.installer,
    compatListVersion: o.compatListVersion,
    installNics: o.hostPlan.hosts.filter((h) => o.hosts.includes(h.host)).map((h) => ({ host: h.host, text: installNicWords(h) })),
    isoChecksumMatched: o.manifest.iso.publishedMatch === true,
  };
}

function hostsOf(site: Site, sel: HostSelection): string[] {
  if (sel.kind === 'all') return site.spec.hosts.map((h) => h.name);
  if (sel.host) return site.spec.hosts.filter((h) => h.name.toLowerCase() === sel.host!.toLowerCase()).map((h) => h.name);
  return site.spec.hosts.length === 1 ? [site.spec.hosts[0]!.name] : [];
}

/** The option's name (`a=b` → `a`), to compare what is required with what a kernelopt line carries. */
const optionName = (o: string): string => o.split('=')[0] ?? o;

/**
 * The report the stick carries: the one given, Sitekit's own of the site, or none. A report that was asked for
 * and cannot be made stops the build (issue 28: the stick used to be built without it, silently).
 */
async function stickReport(ctx: FlowContext, input: BuildMediaInput): Promise<Result<string | undefined>> {
  if (input.reportHtml !== undefined || !input.includeReport) return ok(input.reportHtml);
  try {
    return ok((await ctx.services.report.build(input.site)).html);
  } catch (e) {
    ctx.services.logger.warn('stick report failed', { id: input.site.metadata.id, message: (e as Error).message });
    return err('internal', `The handover report that goes onto the stick could not be made (${(e as Error).message}), so no stick was built.`, {
      kept: 'Nothing was written.',
      hint: 'Build the stick without the report with the command line (sitekit media build --no-report), and please report the problem.',
    });
  }
}

export async function buildMediaFlow(ctx: FlowContext, input: BuildMediaInput): Promise<Result<BuildMediaOutcome>> {
  const report = await stickReport(ctx, input);
  if (!report.ok) return report;
  const first = await checkHardwareFlow(ctx, { site: input.site });
  if (!first.ok) return first;
  const onStick = hostsOf(first.value.site, input.hosts);
  const bad = first.value.verdict.hosts.filter((h) => onStick.includes(h.host) && h.status === 'unsupported');
  if (bad.length) {
    return err('unsupported', `The hardware check says ${bad.map((h) => h.host).join(' and ')} cannot be installed, so no stick was built.`, {
      hint: 'Run the hardware check (sitekit hw check, or the Hardware step) and fix what it reports. Nothing was written.',
    });
  }
  // The published checksum is compared here, on the bytes this build reads (never on a hash handed in).
  let isoSha256 = input.isoSha256;
  if (input.publishedSha256 !== undefined) {
    const hashed = await hashFile(input.isoPath, (p) => ctx.progress({ phase: 'hashing', ...p }));
    if (!hashed.ok) return hashed;
    const cmp = compareChecksum(hashed.value.sha256, input.publishedSha256);
    // A wrong ISO is a bad input file: checksum-mismatch (CLI exit 3).
    if (!cmp.ok) return err(cmp.error.code, cmp.error.message, { ...(cmp.error.hint ? { hint: cmp.error.hint } : {}), kept: 'Nothing was written.' });
    isoSha256 = hashed.value.sha256;
  }
  return withIso(input.isoPath, async (iso) => {
    const installer = await readInstallerContents(iso);
    // The host plan with the ISO's contents: whether it carries a driver build for each host's NICs.
    const checked = await checkHardwareFlow(ctx, { site: input.site, installer });
    if (!checked.ok) return checked;
    const { site, verdict, list, info, plan } = checked.value;
    const answers = canInstall(plan, site, list, installer, onStick);
    // A driver the ISO lacks, or one nobody can tell it has (unreadable database), needs an explicit override.
    const blocking = answers.filter((a) => a.answer !== 'yes' && a.blocking);
    if (blocking.length && !input.driverOverride) {
      const script = imageBuilderScriptFor(site, list, answers);
      let scriptPath: string | undefined;
      if (script) {
        scriptPath = join(dirname(input.outPath), `${site.metadata.id}-custom-iso.ps1`);
        await writeFileAtomic(scriptPath, script).catch(() => (scriptPath = undefined));
      }
      return err('driver-missing', `This ISO cannot be shown to install ${blocking.map((a) => a.host).join(' and ')}: ${blocking.map((a) => describeDriverAnswer(a)).join(' ')}`, {
        issues: blocking.flatMap((a) => a.needs.filter((n) => n.present !== true && n.role !== 'other').map((n) => ({ path: `${a.host}.${n.nic}`, message: n.state === 'wrong-build' ? `${n.device} (${n.id}) needs a ${n.vib} build that lists it (${n.minBuild ?? 'see the list'} or later); this ISO carries ${n.presentVersion ?? 'another build'}` : `${n.device} needs ${n.vib}, which this ISO does not carry` }))),
        kept: 'No stick and no image file were written.',
        hint: [
          'Use the ECS installer ISO from VECO if it carries the driver, or build a custom ISO',
          scriptPath ? ` with the PowerCLI Image Builder script Sitekit wrote to ${scriptPath}` : ' with PowerCLI Image Builder',
          ', then build again with that ISO (Sitekit checks it). To build anyway, override explicitly; it is recorded as an open item.',
        ].join(''),
      });
    }
    const carried: StickHostRecord[] = onStick.map((host) => {
      const answer = answers.find((a) => a.host === host);
      const hp = plan.hosts.find((h) => h.host === host);
      return {
        host,
        kernelOptions: (hp?.kernelOptions ?? []).map((k) => k.option),
        drivers: (answer?.needs ?? []).map((n) => ({ vib: n.vib, nic: n.nic, present: n.present })),
        driverOverride: Boolean(input.driverOverride && answer && answer.answer !== 'yes' && answer.blocking),
      };
    });
    const built = await buildStickFromIso(iso, {
      site,
      plan,
      outPath: input.outPath,
      hosts: input.hosts,
      password: input.password,
      scheme: input.scheme,
      targetBytes: input.targetBytes,
      isoSha256,
      ...(input.publishedSha256 !== undefined ? { isoPublishedMatch: true } : {}),
      versions: { sitekit: ctx.services.version, compatList: info.listVersion },
      siteCommit: site.records.commits.at(-1)?.sha,
      reportHtml: report.value,
      carried,
      sampleIso: installer.sample,
      now: ctx.now(),
      onProgress: (p) => ctx.progress(p),
    });
    if (!built.ok) return built;
    // Checked, not assumed: every required kernel option is on both kernelopt lines of the built stick.
    for (const c of carried) {
      for (const o of c.kernelOptions) {
        const missing = built.value.plan.bootCfgEdits.filter((e) => !e.after.split(/\s+/).some((t) => optionName(t) === optionName(o)));
        if (missing.length) {
          return err('internal', `The kernel option ${o} required for ${c.host} is not on the kernelopt line of ${missing.map((m) => m.path).join(' and ')}.`, {
            kept: `The image ${built.value.path} was written but must not be used.`,
            hint: 'Please report this; build again after updating Sitekit.',
          });
        }
      }
    }
    return ok({ ...built.value, site, verdict, hostPlan: plan, compatListVersion: info.listVersion, installer, drivers: answers, carried, hosts: onStick });
  });
}
