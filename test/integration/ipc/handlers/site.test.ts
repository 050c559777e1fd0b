/**
 * Concurrent edits through site:save (issue 26 item 7): saves carry the revision they started from; a save of
 * a copy that is no longer the saved one is refused with both versions kept (the file untouched, the
 * client's beside it); and records, which flows write, are never dropped by a client's save of an older copy.
 * Real workspace on disk, through the contract like every transport.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createServices } from '../../../../main/services/index';
import { runtimeFor, type Runtime } from '../../../../main/runtime/runtime';
import { parseSiteYaml } from '../../../../main/core/site/yaml';
import { recordCommit } from '../../../../main/core/site/records';
import type { Site } from '../../../../main/core/site/schema';
import { minimalSite } from '../../../helpers/sites';
import { twoNodeInput, twoNodeSharedWorkerInput } from '../../../helpers/manifest-sites';
import { tempDir } from '../../../helpers/temp';

let tmp: { path: string; remove: () => Promise<void> };
let runtime: Runtime;
beforeEach(async () => {
  tmp = await tempDir('sitekit-site-save-');
  runtime = runtimeFor(createServices({ dataDir: tmp.path, version: 'test' }));
  const first = await runtime.call('site:save', { site: minimalSite() });
  if (!first.ok) throw new Error(first.error.message);
});
afterEach(async () => {
  runtime.dispose();
  await tmp.remove();
});

const load = async () => {
  const r = await runtime.call('site:load', { id: 'store-0421' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const withNotes = (site: Site, notes: string): Site => ({ ...site, metadata: { ...site.metadata, notes } });

describe('site:save with the revision it started from', () => {
  it('of two clients, the second save of the same revision is refused; both versions are kept and named', async () => {
    const a = await load();
    const b = await load();
    expect(a.revision).toMatch(/^[0-9a-f]{16}$/);
    const savedA = await runtime.call('site:save', { site: withNotes(a.site, 'change by A'), baseRevision: a.revision });
    expect(savedA.ok).toBe(true);
    const savedB = await runtime.call('site:save', { site: withNotes(b.site, 'change by B'), baseRevision: b.revision });
    expect(savedB.ok).toBe(false);
    if (savedB.ok) return;
    expect(savedB.error.code).toBe('conflict');
    expect(savedB.error.message).toMatch(/was saved elsewhere since this copy was opened.*this save was refused/);
    const mineFile = savedB.error.details?.mineFile as string;
    expect(savedB.error.kept).toBe(`Both versions: the saved one in ${a.path} (unchanged), yours in ${mineFile}.`);
    // A's change is what is saved; B's is in the file the error names, as a site that loads.
    expect((await load()).site.metadata.notes).toBe('change by A');
    const mine = parseSiteYaml(await readFile(mineFile, 'utf8'), mineFile);
    expect(mine.ok && mine.value.metadata.notes).toBe('change by B');
    // Saving again from the current revision goes through.
    const now = await load();
    expect(savedA.ok && savedA.value.revision).toBe(now.revision);
    expect((await runtime.call('site:save', { site: withNotes(now.site, 'B again'), baseRevision: now.revision })).ok).toBe(true);
  });

  it('a client save of an older copy never drops a record a flow wrote meanwhile', async () => {
    const stale = await load();
    // A flow (commit) records its commit in the draft, as flows/git.ts does.
    const withRecord = recordCommit(stale.site, { sha: 'a'.repeat(40), at: '2026-12-06T10:00:00Z', message: 'store-0421: add esx01', pushed: false });
    expect((await runtime.services.workspace.save(withRecord)).ok).toBe(true);
    // An old client without a revision saves its stale copy (no records): the record stays.
    const old = await runtime.call('site:save', { site: withNotes(stale.site, 'edited offline') });
    expect(old.ok).toBe(true);
    const now = await load();
    expect(now.site.metadata.notes).toBe('edited offline');
    expect(now.site.records.commits.map((c) => c.sha)).toEqual(['a'.repeat(40)]);
    // A client that sends records of its own cannot replace them either.
    const forged = { ...now.site, records: { ...now.site.records, commits: [] } };
    expect((await runtime.call('site:save', { site: forged, baseRevision: now.revision })).ok).toBe(true);
    expect((await load()).site.records.commits).toHaveLength(1);
    // And with the stale revision the save is refused outright.
    const refused = await runtime.call('site:save', { site: withNotes(stale.site, 'x'), baseRevision: stale.revision });
    expect(!refused.ok && refused.error.code).toBe('conflict');
  });
});

describe('site:validate', () => {
  it('a two-node site whose hosts share one worker address loads (the site comes back) but is not valid, with the clash at its field', async () => {
    const r = await runtime.call('site:validate', { site: twoNodeSharedWorkerInput() });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.valid).toBe(false);
    expect(r.value.site?.spec.hosts.map((h) => h.name)).toEqual(['esx01', 'esx02']);
    expect(r.value.issues).toEqual([{ path: 'spec.workloads.worker.network.ip', message: expect.stringContaining('esx01 and esx02 would both run their Kubernetes worker at 192.168.10.20') }]);
    const fine = await runtime.call('site:validate', { site: twoNodeInput() });
    expect(fine.ok && fine.value.valid).toBe(true);
  });
});
