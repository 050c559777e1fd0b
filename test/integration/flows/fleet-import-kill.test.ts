/**
 * Fleet import is all or nothing under kill -9 (issue 26 item 9): a child process runs a real import and is
 * killed with SIGKILL at each step of the switch-over — while sites are staged, once everything is staged,
 * right after the journal is written, after the first, a middle and the last rename, and before the staging
 * is cleaned up. Afterwards `fleet status` shows either none of the new sites or all of them (never some), no
 * staging folder or journal is left, and the next import leaves the repo byte-identical to an import that
 * was never interrupted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createServices } from '../../../main/services/index';
import { runtimeFor, type Runtime } from '../../../main/runtime/runtime';
import { REPO_ROOT } from '../../helpers/web-app';
import { tempDir } from '../../helpers/temp';
import { planCsv, planStores } from '../services/fleet/make-plan';

const STORES = 40;
let dir: { path: string; remove: () => Promise<void> };
let runtime: Runtime;
let plan = '';
/** The repo as an uninterrupted import leaves it (relative path → text). */
let reference = new Map<string, string>();

/** Every file under a folder, relative path → text. */
async function tree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    out.set(relative(root, full), await readFile(full, 'utf8'));
  }
  return out;
}

/** A repo holding one site of its own and a README, as a person keeps it. */
async function seedRepo(repo: string): Promise<void> {
  await mkdir(join(repo, 'sites'), { recursive: true });
  await cp(join(dir.path, 'seed', 'sites', 'store-0999'), join(repo, 'sites', 'store-0999'), { recursive: true });
  await writeFile(join(repo, 'README.md'), 'fleet repo\n');
}

/** Runs the import in a child process and kills it with SIGKILL at `step`; resolves once it is dead. */
async function killAt(repo: string, step: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test', 'helpers', 'fleet-import-child.ts'), join(dir.path, 'data'), plan, repo, step], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const paused = await new Promise<boolean>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`paused ${step}`)) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  expect(paused, `the import never reached ${step}: ${out}`).toBe(true);
  child.kill('SIGKILL');
  await exited;
}

const staging = async (repo: string): Promise<string[]> => (await readdir(repo)).filter((n) => n.startsWith('.sitekit-fleet-'));

beforeAll(async () => {
  dir = await tempDir('sitekit-fleet-kill-');
  plan = join(dir.path, 'plan.csv');
  await writeFile(plan, planCsv(planStores(STORES)));
  runtime = runtimeFor(createServices({ dataDir: join(dir.path, 'data'), version: 'test' }));
  // A site that is not in the plan, imported once: the repo a later import adds to.
  await writeFile(join(dir.path, 'seed.csv'), planCsv(planStores(1, 999)));
  const seeded = await runtime.call('fleet:import', { plan: join(dir.path, 'seed.csv'), repo: join(dir.path, 'seed') });
  expect(seeded.ok).toBe(true);
  const ref = join(dir.path, 'reference');
  await seedRepo(ref);
  const r = await runtime.call('fleet:import', { plan, repo: ref });
  expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
  reference = await tree(ref);
  expect([...reference.keys()].filter((p) => p.endsWith('site.yaml'))).toHaveLength(STORES + 1);
});
afterAll(async () => {
  runtime.dispose();
  await dir.remove();
});

describe('fleet import killed with SIGKILL', () => {
  const before = ['generate:32', 'switch:staged'];
  const after = ['switch:journal', 'switch:moved:1', `switch:moved:${STORES / 2}`, `switch:moved:${STORES}`, 'switch:cleaned'];

  it.each([...before, ...after])('at %s: fleet status shows none or all of the new sites, nothing staged is left, the next import completes it', async (step) => {
    const repo = join(dir.path, `repo-${step.replace(/:/g, '-')}`);
    await seedRepo(repo);
    await killAt(repo, step);
    // From "staged" until the last rename, the kill leaves a staging folder (and, after the journal, the
    // journal) to recover from; during staging it depends on how far the I/O threads got.
    if (step !== 'generate:32' && step !== 'switch:cleaned') expect((await staging(repo)).length).toBeGreaterThan(0);

    const status = await runtime.call('fleet:status', { repo });
    expect(status.ok, status.ok ? '' : status.error.message).toBe(true);
    if (!status.ok) return;
    const expected = before.includes(step) ? 1 : STORES + 1;
    expect(status.value.rows.map((r) => r.id)).toHaveLength(expected);
    expect(await staging(repo)).toEqual([]);
    if (expected === STORES + 1) expect(await tree(repo)).toEqual(reference);

    const again = await runtime.call('fleet:import', { plan, repo });
    expect(again.ok, again.ok ? '' : again.error.message).toBe(true);
    expect(await staging(repo)).toEqual([]);
    expect(await tree(repo)).toEqual(reference);
  });

  it('a later import removes staging left by a killed import, and says so', async () => {
    const repo = join(dir.path, 'repo-import-after-kill');
    await seedRepo(repo);
    await killAt(repo, 'switch:staged');
    const left = await staging(repo);
    expect(left).toHaveLength(1);
    expect(await readdir(join(repo, left[0]!, 'sites'))).toHaveLength(STORES);
    const again = await runtime.call('fleet:import', { plan, repo });
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.value.notes.join('\n')).toContain(`Staged files of an import interrupted earlier were removed (${left[0]})`);
    expect(await staging(repo)).toEqual([]);
    expect(await tree(repo)).toEqual(reference);
  });
});
