/**
 * Fleet import is all or nothing when the disk fills up while the sites are staged: a real tmpfs too small
 * for the fleet (mounting one needs root; elsewhere the test says it skipped and why). The technician is told
 * what happened, the repo is as it was (no sites, no staging folder left), and after freeing space the same
 * import writes every site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fleetImportFlow } from '../../../main/flows/fleet-import';
import { noProgress } from '../../../main/flows/types';
import { createServices } from '../../../main/services/index';
import { tempDir } from '../../helpers/temp';
import { planCsv, planStores } from '../services/fleet/make-plan';

const ROOT_ONLY = process.getuid?.() === 0 ? undefined : 'mounting a size-limited tmpfs needs root';
const STORES = 120;

describe.skipIf(ROOT_ONLY !== undefined)(`fleet import on a full disk${ROOT_ONLY ? ` (skipped: ${ROOT_ONLY})` : ''}`, () => {
  let dir: { path: string; remove: () => Promise<void> };
  let mnt = '';
  beforeAll(async () => {
    dir = await tempDir('sitekit-fleet-full-');
    mnt = join(dir.path, 'mnt');
    await mkdir(mnt);
    // 120 stores write ~920 files; tmpfs gives each at least one 4 KiB page, so 1 MiB fills up part-way.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
    await writeFile(join(dir.path, 'plan.csv'), planCsv(planStores(STORES)));
  });
  afterAll(async () => {
    try {
      execFileSync('umount', [mnt]);
    } finally {
      await dir.remove();
    }
  });

  it('says the disk filled up, leaves the repo as it was, and writes everything once there is room', async () => {
    const repo = join(mnt, 'repo');
    await mkdir(repo);
    await writeFile(join(repo, 'README.md'), 'fleet repo\n');
    const services = createServices({ dataDir: join(dir.path, 'data'), version: 'test' });
    const ctx = { services, progress: noProgress, now: () => new Date('2026-12-03T08:00:00Z') };

    const full = await fleetImportFlow(ctx, { plan: join(dir.path, 'plan.csv'), repo });
    expect(full.ok).toBe(false);
    if (full.ok) return;
    expect(full.error.code).toBe('io-error');
    expect(full.error.message).toMatch(/ENOSPC|no space/i);
    expect(full.error.kept).toMatch(/not changed/);
    expect(full.error.hint).toMatch(/free space/);
    // Nothing of the import is left: no sites folder, no staging folder, the person's file untouched.
    expect(await readdir(repo)).toEqual(['README.md']);

    execFileSync('mount', ['-o', 'remount,size=16m', mnt]);
    const again = await fleetImportFlow(ctx, { plan: join(dir.path, 'plan.csv'), repo });
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.value.sites.filter((s) => s.action === 'add')).toHaveLength(STORES);
    expect((await readdir(join(repo, 'sites'))).length).toBe(STORES);
    expect((await readdir(repo)).sort()).toEqual(['README.md', 'sites']);
  });
});
