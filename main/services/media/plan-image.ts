/**
 * From an open ISO and a site to a media plan: reads the ISO's tree and both BOOT.CFG files, refuses a
 * non-installer ISO with the exact list of what is missing, checks the root password against ESXi's
 * rules, hashes it as `$6$` SHA-512 crypt, and calls the pure planner. Findings become one `AppError`
 * whose issues name every problem, so the technician can fix them in one go.
 */
import { randomBytes } from 'node:crypto';
import { checkPassword } from '../../core/media/password';
import { describeMediaFinding } from '../../core/media/findings';
import { planMedia, type MediaPlan, type MediaPlanInput } from '../../core/media/plan';
import type { PartitionScheme } from '../../core/media/partition';
import { err, ok, type ErrorCode, type Result } from '../../core/result';
import type { IsoReader } from '../iso/iso-reader';
import { readIsoContents, requireInstaller, type IsoInspection } from '../iso/inspect';
import { sha512Crypt } from './crypt';

/** What the stick records as given (versions, commit, report, carried drivers…) passes through to the planner unchanged. */
type Passed = 'site' | 'hosts' | 'plan' | 'targetBytes' | 'versions' | 'siteCommit' | 'reportHtml' | 'carried' | 'sampleIso' | 'isoPublishedMatch';

export interface PlanImageOptions extends Pick<MediaPlanInput, Passed> {
  /** The root password as typed; checked against ESXi's rules and hashed here. */
  readonly password?: string;
  /** Or an existing `$6$` hash (no complexity check possible). */
  readonly passwordHash?: string;
  readonly scheme?: PartitionScheme;
  readonly now?: Date;
  readonly random?: (n: number) => Uint8Array;
}

/** Plans the stick for an open ISO. */
export async function planImage(iso: IsoReader, o: PlanImageOptions): Promise<Result<{ plan: MediaPlan; inspection: IsoInspection }>> {
  const contents = await readIsoContents(iso);
  if (!contents.ok) return contents;
  const installer = requireInstaller(contents.value.inspection);
  if (!installer.ok) return installer;
  let passwordHash = o.passwordHash;
  if (o.password !== undefined) {
    const pw = checkPassword(o.password);
    if (!pw.ok) return pw;
    passwordHash = sha512Crypt(o.password);
  }
  if (!passwordHash) return err('invalid-input', 'A root password is needed for the kickstart.', { hint: 'Enter the root password the hosts should get.' });
  const random = o.random ?? randomBytes;
  const r = planMedia({
    site: o.site,
    plan: o.plan,
    hosts: o.hosts,
    iso: { name: contents.value.inspection.name, size: iso.size, files: contents.value.files, bootCfg: contents.value.bootCfg, ...(contents.value.kickstart ? { kickstart: contents.value.kickstart } : {}) },
    passwordHash,
    scheme: o.scheme ?? 'mbr',
    targetBytes: o.targetBytes,
    createdAt: (o.now ?? new Date()).toISOString(),
    random: random(40),
    versions: o.versions,
    siteCommit: o.siteCommit,
    reportHtml: o.reportHtml,
    carried: o.carried,
    sampleIso: o.sampleIso,
    ...(o.isoPublishedMatch ? { isoPublishedMatch: true } : {}),
  });
  if (!r.ok) {
    const first = r.findings[0]!;
    // Which host(s) the stick is for is part of the request (--host / --all-hosts): a choice missing or naming no host is a malformed request.
    const code: ErrorCode =
      first.code === 'target-too-small' ? 'too-small' : first.code.startsWith('iso-') ? 'invalid-iso' : first.code === 'host-needs-choice' || first.code === 'host-not-found' ? 'invalid-request' : 'invalid-input';
    return err(code, r.findings.length === 1 ? describeMediaFinding(first) : `The stick cannot be planned: ${r.findings.length} problems.`, {
      issues: r.findings.map((f) => ({ path: String(f.params.host ?? f.params.path ?? f.code), message: describeMediaFinding(f) })),
      hint:
        code === 'too-small'
          ? 'Use a bigger stick (or a smaller ISO). Nothing was written.'
          : 'Fix the site (or pick another ISO) and plan again. Nothing was written.',
      details: { findings: r.findings },
    });
  }
  return ok({ plan: r.plan, inspection: contents.value.inspection });
}
