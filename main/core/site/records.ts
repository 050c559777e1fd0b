/**
 * Records of what was done to a site, added by the flows (pure).
 *
 * A report or summary line that says something was done cites one of these
 * (docs/CONVENTIONS.md § Records prove reports): a stick run
 * with its image SHA-256, a commit SHA, an exported report. Flows call these functions and save the result;
 * nothing else edits `records`, so every transport records the same way.
 */
import type { AuditRecord, MediaRecord, Site, SiteRecords } from './schema';
import type { AcceptanceRecord } from './acceptance-record';

type CommitRecord = SiteRecords['commits'][number];
type ReportRecord = SiteRecords['reports'][number];

function withRecords(site: Site, records: Partial<SiteRecords>): Site {
  return { ...site, records: { ...site.records, ...records } };
}

/** Adds a stick run (verified or not: a failed verification is a record too, and an open item). */
export function recordStickRun(site: Site, run: MediaRecord): Site {
  return withRecords(site, { media: [...site.records.media, run] });
}

/** Adds an audit of a stick (read back and compared with its manifest). */
export function recordAudit(site: Site, audit: AuditRecord): Site {
  return withRecords(site, { audits: [...site.records.audits, audit] });
}

/** True for a run to a USB stick, false for an image file (older records without a kind: by the target's path). */
export const isStickRun = (m: MediaRecord): boolean => (m.targetKind ? m.targetKind === 'device' : /^(\/dev\/|\\\\\.\\)/.test(m.target));

/** Verified runs to USB sticks (not image files) that cover a host. */
export function verifiedSticksFor(site: Site, host: string): MediaRecord[] {
  return verifiedRunsFor(site, host).filter(isStickRun);
}

/** Adds a commit; a commit already recorded (same SHA) is not added twice. */
export function recordCommit(site: Site, commit: CommitRecord): Site {
  if (site.records.commits.some((c) => c.sha === commit.sha)) return site;
  return withRecords(site, { commits: [...site.records.commits, commit] });
}

/**
 * Marks the site's commits as pushed after a successful push (a push sends every commit before the branch
 * head). `replayed` maps commits that were rebased onto the remote's new head to their new ids.
 */
// Stryker disable next-line ArrayDeclaration: equivalent mutant — a default entry without from/to maps no commit.
export function recordPush(site: Site, replayed: readonly { from: string; to: string }[] = []): Site {
  const map = new Map(replayed.map((r) => [r.from, r.to]));
  return withRecords(site, { commits: site.records.commits.map((c) => ({ ...c, sha: map.get(c.sha) ?? c.sha, pushed: true })) });
}

/** Adds an exported report (the files and their hashes). */
export function recordReportExport(site: Site, report: ReportRecord): Site {
  return withRecords(site, { reports: [...site.records.reports, report] });
}

/** The site as it is committed: a commit cannot contain its own id, so commit records stay in the draft. */
export function siteForCommit(site: Site): Site {
  return withRecords(site, { commits: [] });
}

/** Verified stick runs that cover a host (a run with no host list covers every host). */
export function verifiedRunsFor(site: Site, host: string): MediaRecord[] {
  return site.records.media.filter((m) => m.verified && (m.hosts.length === 0 || m.hosts.includes(host)));
}

/** Adds the records of one acceptance run (one per host checked). */
export function recordAcceptance(site: Site, run: readonly AcceptanceRecord[]): Site {
  return withRecords(site, { acceptance: [...(site.records.acceptance ?? []), ...run] });
}

/** The latest acceptance record of each host of the site (hosts never checked are absent). */
export function latestAcceptance(site: Site): Map<string, AcceptanceRecord> {
  const latest = new Map<string, AcceptanceRecord>();
  for (const r of site.records.acceptance ?? []) {
    if (!site.spec.hosts.some((h) => h.name === r.host)) continue;
    const prev = latest.get(r.host);
    if (!prev || prev.at <= r.at) latest.set(r.host, r);
  }
  return latest;
}

/** True when every host of the site was accepted in its latest acceptance run. */
export function everyHostAccepted(site: Site): boolean {
  const latest = latestAcceptance(site);
  return site.spec.hosts.every((h) => latest.get(h.name)?.verdict === 'accepted');
}

/** The thumbprint trusted for a host in its latest run that trusted one: the pin for the next run. */
export function trustedThumbprint(site: Site, host: string): string | undefined {
  return [...(site.records.acceptance ?? [])].filter((r) => r.host === host && r.trust !== undefined && r.thumbprint).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).at(-1)?.thumbprint;
}
