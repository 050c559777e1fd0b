/**
 * `fleet:status` as the app calls it (through the contract's dispatch): no repo connected yet is a plain
 * "not found"; once a site repo is connected, the fleet of that repo with each site's site.yaml text, and a
 * draft in the workspace adds its stick records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runtimeFor, type Runtime } from '../../../../main/runtime/runtime';
import { createServices } from '../../../../main/services/index';
import { parseSiteYaml } from '../../../../main/core/site/yaml';
import { recordStickRun } from '../../../../main/core/site/records';
import { tempDir } from '../../../helpers/temp';
import { planCsv, planStores } from './make-plan';

let dir: { path: string; remove: () => Promise<void> };
let runtime: Runtime;
beforeAll(async () => {
  dir = await tempDir('sitekit-fleet-status-');
  runtime = runtimeFor(createServices({ dataDir: join(dir.path, 'data'), workspaceDir: join(dir.path, 'ws'), version: 'test' }), 'browser');
});
afterAll(async () => {
  runtime.dispose();
  await dir.remove();
});

describe('fleet:status through the contract', () => {
  it('says no repo is connected, then shows the connected repo with site texts and workspace records', async () => {
    const none = await runtime.call('fleet:status', {});
    expect(!none.ok && none.error.code).toBe('not-found');
    expect(!none.ok && none.error.hint).toContain('Connect a site repository');

    const repo = join(dir.path, 'repo');
    await writeFile(join(dir.path, 'plan.csv'), planCsv(planStores(4)));
    const imp = await runtime.call('fleet:import', { plan: join(dir.path, 'plan.csv'), repo });
    expect(imp.ok, JSON.stringify(!imp.ok && imp.error)).toBe(true);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    // The technician's draft of store-0002 holds a verified stick that is not in the repo yet.
    const text = execFileSync('cat', [join(repo, 'sites/store-0002/site.yaml')], { encoding: 'utf8' });
    const site = parseSiteYaml(text);
    if (!site.ok) throw new Error(site.error.message);
    const saved = await runtime.call('site:save', { site: recordStickRun(site.value, { at: '2026-12-02T11:00:00Z', target: '/dev/sdc', imageSha256: 'cd'.repeat(32), hosts: [], verified: true }) });
    expect(saved.ok).toBe(true);
    const connected = await runtime.call('git:connect', { siteId: 'store-0002', mode: 'open', dir: repo, branch: 'main', basePath: 'sites' });
    expect(connected.ok, JSON.stringify(!connected.ok && connected.error)).toBe(true);


    const r = await runtime.call('fleet:status', { withSiteText: true });
    expect(r.ok, JSON.stringify(!r.ok && r.error)).toBe(true);
    if (!r.ok) return;
    expect(r.value.repo).toBe(repo);
    expect(r.value.rows.map((x) => [x.id, x.stage, x.sticks])).toEqual([
      ['store-0001', 'not-started', 0],
      ['store-0002', 'stick-written', 1],
      ['store-0003', 'not-started', 0],
      ['store-0004', 'not-started', 0],
    ]);
    expect(r.value.rows[0]?.siteText).toBe(execFileSync('cat', [join(repo, 'sites/store-0001/site.yaml')], { encoding: 'utf8' }));
    const bad = await runtime.call('fleet:status', { repo: 42 } as never);
    expect(!bad.ok && bad.error.code).toBe('invalid-request');
  });
});
