/**
 * Commit a 200-host site with Sitekit's git service vs `git add && git commit` by the git CLI (issue 6,
 * Performance: target within 3×), on the same tree in the same run.
 *
 * The tree is the real generator's output for a 200-host site (the schema caps sites at two hosts, so the
 * model is built in code for the bench only), in a repo that already holds another site of 2,000 small files
 * (committed and packed by git). Scenarios, each on fresh `cp -a` copies of that repo:
 *   A  first commit of the site                    (all files new)
 *   B  regeneration: 20 hosts changed, 5 removed, 5 added
 * Untimed before each run: the generated files are written into both copies (as the measurements of
 * docs/FIELD-NOTES.md "Commit fast path and measurements" did: the generator writes, then the tool commits),
 * then `sync`. Timed: Sitekit's `commitSite` in-process
 * (it re-reads and compares every generated file, stages only the site folder, commits a spliced tree) vs
 * the git CLI's process wall time for `git add sites/<id> && git commit -q`. Ratio = Sitekit / git (medians).
 * Afterwards both repos must hold the same tree (`git rev-parse HEAD^{tree}`), and `git fsck` is clean.
 * Run: `npx tsx bench/git-commit.bench.ts` (BENCH_HOSTS=200, BENCH_RUNS=3).
 */
import { generateWithPlan } from '../test/helpers/plan';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile, unlink } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Site } from '../main/core/site/schema';
import { commitSite } from '../main/services/git/commit';
import { twoNodeSite } from '../test/helpers/manifest-sites';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const AUTHOR = { name: 'Bench', email: 'bench@example.invalid' };
const ENV = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' };

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 256 << 20 });

function bigSite(names: readonly string[], mtuBump = new Set<string>()): Site {
  const two = twoNodeSite();
  const template = two.spec.hosts[1]!;
  // Addresses and VM names follow the host name (not its position), so removing a host changes only its files.
  const hosts = names.map((name) => {
    const i = Number(name.replace(/\D/g, '')) + (name.startsWith('new') ? 1000 : 0);
    const h = structuredClone(template);
    if (mtuBump.has(name)) h.vswitches = h.vswitches.map((v) => ({ ...v, mtu: 9000 }));
    return { ...h, name, management: { ...h.management, ip: `10.${Math.floor(i / 250)}.${i % 250}.11` }, hardware: { ...h.hardware, serial: `SN-${name}` } };
  });
  const vms = hosts.flatMap((h) => [
    { ...structuredClone(two.spec.workloads.vms[0]!), name: `nvr-${h.name}`, host: h.name },
    { ...structuredClone(two.spec.workloads.vms[1]!), name: `kiosk-${h.name}`, host: h.name },
  ]);
  return {
    ...two,
    metadata: { ...two.metadata, id: 'demo' },
    spec: {
      ...two.spec,
      managementNetwork: { subnet: '10.0.0.0/8', gateway: '10.255.255.254' },
      hosts,
      workloads: { ...two.spec.workloads, vms, worker: { ...two.spec.workloads.worker, network: { ...two.spec.workloads.worker.network, ip: '10.255.255.1', gateway: '10.255.255.254', prefix: 8 } } },
    },
  };
}

async function writeTree(dir: string, files: readonly { path: string; content: string }[], remove: readonly string[] = []): Promise<void> {
  for (const f of files) {
    await mkdir(dirname(join(dir, f.path)), { recursive: true });
    await writeFile(join(dir, f.path), f.content);
  }
  for (const p of remove) await unlink(join(dir, p)).catch(() => undefined);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'sitekit-bench-git-'));
  try {
    const names = Array.from({ length: HOSTS }, (_, i) => `esx${String(i + 1).padStart(3, '0')}`);
    const first = generateWithPlan(bigSite(names));
    // B: 20 hosts change (MTU), the first 5 are removed, 5 new hosts are added.
    const bNames = [...names.slice(5), ...Array.from({ length: 5 }, (_, i) => `new${i + 1}`)];
    const second = generateWithPlan(bigSite(bNames, new Set(names.slice(50, 70))));
    const secondPaths = new Set(second.map((f) => f.path));
    const firstByPath = new Map(first.map((f) => [f.path, f.content]));
    const changedB = second.filter((f) => firstByPath.get(f.path) !== f.content);
    const removedB = first.filter((f) => !secondPaths.has(f.path)).map((f) => f.path);

    // Template repo: another site with 2,000 small files, committed and packed by git.
    const template = join(work, 'template');
    await mkdir(template);
    git(template, 'init', '-q', '-b', 'main');
    await writeTree(template, Array.from({ length: 2000 }, (_, i) => ({ path: `sites/other/hosts/h${Math.floor(i / 10)}/f${i % 10}.yaml`, content: `kind: ConfigMap\nmetadata:\n  name: f${i}\ndata:\n  v: "${'x'.repeat(100 + (i % 200))}"\n` })));
    git(template, 'add', '.');
    git(template, 'commit', '-q', '-m', 'other site');
    git(template, 'repack', '-adq');
    const templateA = join(work, 'template-a'); // template + scenario A committed by git, for B
    execFileSync('cp', ['-a', template, templateA]);
    await writeTree(templateA, first);
    git(templateA, 'add', 'sites/demo');
    git(templateA, 'commit', '-q', '-m', 'A');
    git(templateA, 'repack', '-adq');

    const results: Record<string, { kit: number[]; cli: number[] }> = { A: { kit: [], cli: [] }, B: { kit: [], cli: [] } };
    const scenarios = [
      { name: 'A', base: template, files: first, write: first, remove: [] as string[] },
      { name: 'B', base: templateA, files: second, write: changedB, remove: removedB },
    ];
    for (let run = 0; run < RUNS; run++) {
      for (const sc of scenarios) {
        const kitDir = join(work, `kit-${sc.name}-${run}`);
        const cliDir = join(work, `cli-${sc.name}-${run}`);
        execFileSync('cp', ['-a', sc.base, kitDir]);
        execFileSync('cp', ['-a', sc.base, cliDir]);
        git(cliDir, 'update-index', '--refresh');
        git(kitDir, 'update-index', '--refresh');
        await writeTree(kitDir, sc.write, sc.remove);
        await writeTree(cliDir, sc.write, sc.remove);
        execFileSync('sync');

        let t = performance.now();
        const phases: string[] = [];
        const r = await commitSite({ dir: kitDir, branch: 'main', sitePath: 'sites/demo', files: sc.files, author: AUTHOR, message: 'bench', now: new Date(), onPhase: (p, ms) => phases.push(`${p} ${ms.toFixed(0)}`) });
        results[sc.name]!.kit.push(performance.now() - t);
        if (!r.ok || !r.value.committed) throw new Error(`sitekit commit failed: ${JSON.stringify(r)}`);

        t = performance.now();
        git(cliDir, 'add', 'sites/demo');
        git(cliDir, 'commit', '-q', '-m', 'bench');
        results[sc.name]!.cli.push(performance.now() - t);
        console.log(`  run ${run + 1} ${sc.name}: Sitekit ${results[sc.name]!.kit.at(-1)!.toFixed(0)} ms (${phases.join(', ')}), git CLI ${results[sc.name]!.cli.at(-1)!.toFixed(0)} ms`);

        const kitTree = git(kitDir, 'rev-parse', 'HEAD^{tree}').trim();
        const cliTree = git(cliDir, 'rev-parse', 'HEAD^{tree}').trim();
        if (kitTree !== cliTree) throw new Error(`trees differ in ${sc.name}: ${kitTree} vs ${cliTree}`);
        git(kitDir, 'fsck', '--strict', '--no-dangling');
        if (git(kitDir, 'status', '--porcelain') !== '') throw new Error(`git status is not clean after the Sitekit commit in ${sc.name}`);
        await rm(kitDir, { recursive: true, force: true });
        await rm(cliDir, { recursive: true, force: true });
      }
    }
    const line = (name: string, label: string, files: number): string => {
      const k = median(results[name]!.kit);
      const c = median(results[name]!.cli);
      return `${label} (${files} files): Sitekit ${k.toFixed(0)} ms vs git CLI ${c.toFixed(0)} ms = ${(k / c).toFixed(2)}× (median of ${RUNS})`;
    };
    console.log(`git commit of a ${HOSTS}-host site (${first.length} files) in a repo with 2,000 other files; same tree ids as git:`);
    console.log('  ' + line('A', 'A first commit', first.length));
    console.log('  ' + line('B', `B regenerate: ${changedB.length} changed, ${removedB.length} deleted`, changedB.length + removedB.length));
    const a = median(results.A!.kit) / median(results.A!.cli);
    const b = median(results.B!.kit) / median(results.B!.cli);
    console.log(`  (1-minute load average at the end: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs; the ratio is only meaningful on an idle machine)`);
    console.log(`SUMMARY git-commit: ${HOSTS}-host site, ${first.length} files: first commit ${a.toFixed(2)}× git CLI, regeneration ${b.toFixed(2)}× git CLI (target ≤ 3×)`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
