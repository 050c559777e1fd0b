/**
 * The records the flows add to a site (sticks, commits, pushes, reports): what the report's "done" lines cite.
 * A record is added once, never dropped by another, and a commit record never goes into the commit itself.
 */
import { describe, expect, it } from 'vitest';
import { recordCommit, recordPush, recordReportExport, recordStickRun, siteForCommit, verifiedRunsFor } from '../../../../main/core/site/records';
import { Site, type MediaRecord } from '../../../../main/core/site/schema';
import { minimalSite } from '../../../helpers/sites';

const site = () => Site.parse(minimalSite({ twoNode: true }));
const run = (over: Partial<MediaRecord> = {}): MediaRecord => ({ at: '2026-12-01T10:00:00Z', target: '/dev/sdb', imageSha256: 'a'.repeat(64), hosts: ['esx01'], verified: true, ...over });
const commit = (sha: string) => ({ sha, at: '2026-12-01T11:00:00Z', message: `commit ${sha}`, pushed: false });

describe('site records', () => {
  it('a stick run is added after the ones before it, failed runs too, and nothing else changes', () => {
    const s = site();
    const one = recordStickRun(s, run());
    const two = recordStickRun(one, run({ verified: false, target: '/dev/sdc' }));
    expect(two.records.media.map((m) => [m.target, m.verified])).toEqual([
      ['/dev/sdb', true],
      ['/dev/sdc', false],
    ]);
    expect(two.spec).toBe(s.spec);
    expect(two.records.commits).toBe(s.records.commits);
    expect(s.records.media).toEqual([]);
  });

  it('a commit is recorded once, however often the flow reports it', () => {
    const once = recordCommit(site(), commit('abc'));
    expect(recordCommit(once, commit('abc'))).toBe(once);
    const both = recordCommit(once, commit('def'));
    expect(both.records.commits.map((c) => c.sha)).toEqual(['abc', 'def']);
  });

  it('a push marks every commit pushed and gives replayed commits their new ids', () => {
    const s = recordCommit(recordCommit(site(), commit('abc')), commit('def'));
    const pushed = recordPush(s, [{ from: 'def', to: 'fed' }]);
    expect(pushed.records.commits.map((c) => [c.sha, c.pushed, c.message])).toEqual([
      ['abc', true, 'commit abc'],
      ['fed', true, 'commit def'],
    ]);
    expect(recordPush(s).records.commits.map((c) => [c.sha, c.pushed])).toEqual([
      ['abc', true],
      ['def', true],
    ]);
  });

  it('an exported report is added with its files', () => {
    const r = { at: '2026-12-01T12:00:00Z', folder: '/tmp/out', files: [{ format: 'pdf', path: '/tmp/out/r.pdf', sha256: 'b'.repeat(64) }] };
    const s = recordReportExport(recordReportExport(site(), r), { ...r, folder: '/tmp/two' });
    expect(s.records.reports.map((x) => x.folder)).toEqual(['/tmp/out', '/tmp/two']);
  });

  it('the committed site leaves the commit records out (a commit cannot name its own id) and keeps the rest', () => {
    const s = recordStickRun(recordCommit(site(), commit('abc')), run());
    const committed = siteForCommit(s);
    expect(committed.records.commits).toEqual([]);
    expect(committed.records.media).toHaveLength(1);
    expect(s.records.commits).toHaveLength(1);
  });

  it('verified runs for a host: only verified ones, naming the host or naming no host at all', () => {
    let s = site();
    s = recordStickRun(s, run({ target: 'a', hosts: ['esx01'] }));
    s = recordStickRun(s, run({ target: 'b', hosts: ['esx02'] }));
    s = recordStickRun(s, run({ target: 'c', hosts: [] }));
    s = recordStickRun(s, run({ target: 'd', hosts: ['esx01'], verified: false }));
    expect(verifiedRunsFor(s, 'esx01').map((m) => m.target)).toEqual(['a', 'c']);
    expect(verifiedRunsFor(s, 'esx02').map((m) => m.target)).toEqual(['b', 'c']);
  });
});
