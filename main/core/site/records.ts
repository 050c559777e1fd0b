/**
 * Records of what was done to a site, added by the flows (pure).
 *
 * A report or summary line that says something was done cites one of these (STYLE.md §15): a stick run
 * with its image SHA-256, a commit SHA, an exported report. Flows call these functions and save the result;
 * nothing else edits `records`, so every transport records the same way.
 */
import type { MediaRecord, Site, SiteRecords } from './schema';

type CommitRecord = SiteRecords['commits'][number];
type ReportRecord = SiteRecords['reports'][number];

function withRecords(site: Site, records: Partial<SiteRecords>): Site {
  return { ...site, records: { ...site.records, ...records } };
}

/** Adds a stick run (verified or not: a failed verification is a record too, and an open item). */
export function recordStickRun(site: Site, run: MediaRecord): Site {
  return withRecords(site, { media: [...site.records.media, run] });
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
