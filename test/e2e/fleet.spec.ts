/**
 * The fleet in the app (issue 19, Build 5): the Sites list shows every store of the connected site repo with
 * the stage its records prove, the filters count and narrow the list, and Open brings a store that is not in
 * this workspace yet into the wizard from its site.yaml. Real git, a plan imported through the fleet flow,
 * records written as the app writes them (stick runs, report exports) and committed.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, expectAccessible } from './fixtures';
import { runtimeFor } from '../../main/runtime/runtime';
import { parseSiteYaml, stringifySite } from '../../main/core/site/yaml';
import { recordAcceptance, recordReportExport, recordStickRun } from '../../main/core/site/records';
import type { Site } from '../../main/core/site/schema';
import { planCsv, planStores } from '../integration/services/fleet/make-plan';
import { tempDir } from '../helpers/temp';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=Planner', '-c', 'user.email=planner@example.invalid', ...args], { cwd, encoding: 'utf8' });

/** Rewrites a store's site.yaml with `change` applied to its model (comments kept). */
async function editSite(repo: string, id: string, change: (s: Site) => Site): Promise<void> {
  const file = join(repo, 'sites', id, 'site.yaml');
  const text = await readFile(file, 'utf8');
  const site = parseSiteYaml(text);
  if (!site.ok) throw new Error(site.error.message);
  await writeFile(file, stringifySite(change(site.value), text));
}

test('the Sites list shows the fleet by recorded stage, filters it, and opens a store from the repo', async ({ page, app, shot }) => {
  const work = await tempDir('sitekit-e2e-fleet-');
  try {
    const runtime = runtimeFor(app.services);
    const repo = join(work.path, 'repo');
    await writeFile(join(work.path, 'plan.csv'), planCsv(planStores(6)));
    const imported = await runtime.call('fleet:import', { plan: join(work.path, 'plan.csv'), repo });
    expect(imported.ok, JSON.stringify(!imported.ok && imported.error)).toBe(true);
    git(work.path, 'init', '-q', '-b', 'main', repo);
    // store-0006 stays out of the commit: not started.
    git(repo, 'add', 'sites/store-0001', 'sites/store-0002', 'sites/store-0003', 'sites/store-0004', 'sites/store-0005');
    git(repo, 'commit', '-q', '-m', 'Five stores planned');
    // store-0002: a verified stick; store-0003: a verified stick, its hosts accepted on site and the exported handover report.
    const stick = { at: '2026-12-03T09:00:00.000Z', target: '/dev/sdb', imageSha256: 'ab'.repeat(32), hosts: ['esx01'], verified: true };
    const acceptedOnSite = (s: Site) =>
      recordAcceptance(s, s.spec.hosts.map((h) => ({ at: '2026-12-03T09:40:00.000Z', run: '2026-12-03T09:40:00.000Z', host: h.name, address: h.management.ip ?? '', port: 443, user: 'root', verdict: 'accepted' as const, differences: [] })));
    await editSite(repo, 'store-0002', (s) => recordStickRun(s, stick));
    await editSite(repo, 'store-0003', (s) =>
      recordReportExport(acceptedOnSite(recordStickRun(s, stick)), { at: '2026-12-03T10:00:00.000Z', folder: '/media/usb/handover', files: [{ format: 'pdf', path: 'store-0003.pdf', sha256: 'cd'.repeat(32) }] }),
    );
    git(repo, 'commit', '-q', '-am', 'Stick written (0002, 0003), report exported (0003)');
    // The technician has worked on store-0001 here and connected the fleet's repo for it in the Git step.
    const first = parseSiteYaml(await readFile(join(repo, 'sites/store-0001/site.yaml'), 'utf8'));
    if (!first.ok) throw new Error(first.error.message);
    expect((await runtime.call('site:save', { site: first.value })).ok).toBe(true);
    const connected = await runtime.call('git:connect', { siteId: 'store-0001', mode: 'open', dir: repo, branch: 'main', basePath: 'sites' });
    expect(connected.ok, JSON.stringify(!connected.ok && connected.error)).toBe(true);

    await page.goto(app.server.openUrl);
    const fleet = page.getByRole('region', { name: 'Fleet in the site repository' });
    await expect(fleet.getByText(/6 site\(s\) in .* on main\./)).toBeVisible();
    const filters = fleet.getByRole('group', { name: 'Show sites' });
    await expect(filters.getByRole('button')).toHaveText(['All (6)', 'Not started (1)', 'Committed (3)', 'Stick written (1)', 'Accepted on site (0)', 'Done (1)']);
    const table = fleet.getByRole('table', { name: 'Fleet sites' });
    await expect(table.locator('tbody tr')).toHaveCount(6);
    await expectAccessible(page);
    await shot('fleet-list');

    // Each stage shows only its stores, and what each cell says comes from a record.
    await filters.getByRole('button', { name: /^Stick written/ }).click();
    await expect(filters.getByRole('button', { name: /^Stick written/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(table.locator('tbody tr').first()).toContainText('store-0002');
    await expect(table.locator('tbody tr').first()).toContainText('1 verified');
    await expect(table.locator('tbody tr').first()).toContainText('Committed, not pushed');
    await filters.getByRole('button', { name: /^Done/ }).click();
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(table.locator('tbody tr').first()).toContainText('store-0003');
    await expect(table.locator('tbody tr').first()).toContainText('Exported');
    await filters.getByRole('button', { name: /^Not started/ }).click();
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(table.locator('tbody tr').first()).toContainText('Not committed');
    // The search narrows within the stage filter.
    await filters.getByRole('button', { name: /^All/ }).click();
    await fleet.getByRole('searchbox', { name: 'Find a site' }).fill('store-0005');
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await shot('fleet-list-search');

    // Open a store that is not in this workspace: it comes in from the repo's site.yaml, records and all.
    const row = table.locator('tbody tr').first();
    const name = (await row.locator('strong').textContent()) ?? '';
    await row.getByRole('button', { name: `Open ${name}` }).click();
    await expect(page.getByLabel('Site name')).toHaveValue(name);
    const draft = await app.services.workspace.load('store-0005');
    expect(draft.ok).toBe(true);
  } finally {
    await work.remove();
  }
});
