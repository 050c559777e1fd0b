/**
 * Generate and lint a 200-host site (issue 5, Performance: target under 300 ms).
 *
 * The schema caps sites at two hosts, so the model is built in code for the bench only: one schema-valid
 * host is parsed and copied 200 times with distinct names, IPs and VMs. Measured, best of BENCH_RUNS (5):
 *   generate:  generateWithPlan(site)                (profiles, YAML documents, kustomizations, README)
 *   lint:      lintFiles(files, { site })             (all rules, per-host scopes; the generator's documents are
 *                                                     read as registered, so nothing is parsed twice)
 *   repo lint: lintFiles(copies of the files)         (the same files as text, as `sitekit lint DIR` reads a repo:
 *                                                     every file parsed)
 * Baseline in the same run: parsing the same files with the `yaml` library alone (the floor any lint that
 * reads YAML pays), printed as a ratio to the repo lint. Run: `npm run bench -- manifests` (BENCH_HOSTS=200).
 */
import { generateWithPlan } from '../test/helpers/plan';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { lintFiles } from '../main/core/manifests/lint';
import { summarize } from '../main/core/manifests/findings';
import { Site } from '../main/core/site/schema';
import { twoNodeSite } from '../test/helpers/manifest-sites';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function bigSite(): Site {
  const two = twoNodeSite();
  const template = two.spec.hosts[1]!;
  // Each host differs (Cameras VLAN, serial, IP), so no two generated host files are the same text.
  const hosts = Array.from({ length: HOSTS }, (_, i) => ({
    ...structuredClone(template),
    vswitches: template.vswitches.map((sw) => ({ ...structuredClone(sw), portGroups: sw.portGroups.map((pg) => (pg.name === 'Cameras' ? { ...pg, vlan: 20 + (i % 1000) } : pg)) })),
    name: `esx${String(i + 1).padStart(3, '0')}`,
    management: { ...template.management, ip: `10.${Math.floor((i + 11) / 250)}.${(i + 11) % 250}.${11 + (i % 200)}` },
    hardware: { ...structuredClone(template.hardware), serial: `SN${i}` },
  }));
  const vms = hosts.flatMap((h, i) => [
    { ...structuredClone(two.spec.workloads.vms[0]!), name: `nvr-${i}`, host: h.name },
    { ...structuredClone(two.spec.workloads.vms[1]!), name: `kiosk-${i}`, host: h.name },
  ]);
  return {
    ...two,
    spec: {
      ...two.spec,
      managementNetwork: { subnet: '10.0.0.0/8', gateway: '10.255.255.254' },
      hosts,
      workloads: { ...two.spec.workloads, vms, worker: { ...two.spec.workloads.worker, network: { ...two.spec.workloads.worker.network, ip: '10.255.255.1', gateway: '10.255.255.254', prefix: 8 } } },
    },
  };
}

/** Best wall time and best CPU time (user+system) over RUNS: CPU time shows the work on a shared machine. */
function best(fn: () => void): { wall: number; cpu: number } {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    wall = Math.min(wall, performance.now() - t);
    const d = process.cpuUsage(c);
    cpu = Math.min(cpu, (d.user + d.system) / 1000);
  }
  return { wall, cpu };
}

const site = bigSite();
let files = generateWithPlan(site);
let findings = lintFiles(files, { site });
const gen = best(() => {
  files = generateWithPlan(site);
});
const lint = best(() => {
  findings = lintFiles(files, { site });
});
const asText = files.map((f) => ({ path: f.path, content: f.content }));
let repoFindings = lintFiles(asText, { site });
const repoLint = best(() => {
  repoFindings = lintFiles(asText, { site });
});
const parseOnly = best(() => {
  for (const f of files) if (f.path.endsWith('.yaml') && !f.path.endsWith('/site.yaml')) parseAllDocuments(f.content);
});
const total = gen.wall + lint.wall;
const totalCpu = gen.cpu + lint.cpu;
const bytes = files.reduce((n, f) => n + f.content.length, 0);
const s = summarize(findings);
const ms = (t: { wall: number; cpu: number }) => `${t.wall.toFixed(1).padStart(7)} ms wall ${t.cpu.toFixed(1).padStart(7)} ms CPU`;
console.log(`site: ${HOSTS} hosts, ${site.spec.workloads.vms.length} VMs → ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB; lint: ${s.errors} errors, ${s.warnings} warnings; load average ${loadavg()[0]?.toFixed(1)}`);
console.log(`generate         ${ms(gen)}`);
console.log(`lint             ${ms(lint)}`);
console.log(`repo lint        ${ms(repoLint)}  (the same files as text: every file parsed)`);
console.log(`yaml parse only  ${ms(parseOnly)}  (baseline: the same files through the yaml parser alone)`);
console.log(`repo lint / parse ${(repoLint.wall / parseOnly.wall).toFixed(2)}× wall, ${(repoLint.cpu / parseOnly.cpu).toFixed(2)}× CPU`);
console.log(
  `SUMMARY manifests: generate + lint of a ${HOSTS}-host site (${files.length} files, ${(bytes / 1024).toFixed(0)} KiB) in ${total.toFixed(0)} ms wall / ${totalCpu.toFixed(0)} ms CPU (target < 300 ms: ${total < 300 ? 'met' : 'not met'}); repo lint = ${(repoLint.wall / parseOnly.wall).toFixed(2)}× a bare YAML parse (target ≤ 1.5×)`,
);
if (JSON.stringify(repoFindings) !== JSON.stringify(findings)) {
  console.error('lint of the registered documents and lint of the text disagree');
  process.exit(1);
}
if (s.errors > 0) {
  console.error('unexpected lint errors in the generated site');
  process.exit(1);
}
