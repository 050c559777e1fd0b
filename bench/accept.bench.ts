/**
 * Acceptance on site (issue 25): the whole check in-process (the `hosts:accept` channel: pin check, five SOAP
 * calls per host, comparison, recording in the draft) against local govmomi simulators (test/esxsim, one
 * process per host). Targets: a two-host site in under 1 s; 50 hosts (25 two-node stores, a fleet region)
 * checked concurrently in under 10 s; the client's memory under 100 MB. The floor it is compared with is a
 * bare TLS handshake to the same hosts (what any pinned client must pay).
 * Run: npm run bench -- accept
 */
import { performance } from 'node:perf_hooks';
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { createServices } from '../main/services/index';
import { runtimeFor } from '../main/runtime/runtime';
import { parseSiteYaml } from '../main/core/site/yaml';
import { esxsimBinary, esxsimMissing, sampleShapes, startSimHost, type SimHost } from '../test/helpers/esxsim';
import { tempDir } from '../test/helpers/temp';
import { REPO_ROOT } from '../test/helpers/web-app';

const PASSWORD = 'Bench-Acc3pt!';
const missing = await esxsimMissing();
if (missing) {
  console.log(`accept: skipped, ${missing}`);
  process.exit(0);
}
await esxsimBinary();
const dir = await tempDir('sitekit-bench-accept-');
const services = createServices({ dataDir: dir.path, version: 'bench' });
const runtime = runtimeFor(services);
const parsed = parseSiteYaml(await readFile(join(REPO_ROOT, 'resources', 'samples', 'site.yaml'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.error.message);
const sample = parsed.value;
const shapes = sampleShapes(PASSWORD);
const sims: SimHost[] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

/** Two simulated hosts for one store, and the store as a draft. */
async function store(id: string): Promise<{ id: string; targets: { name: string; address: string; port: number; thumbprint: string }[] }> {
  const [a, b] = await Promise.all([startSimHost(shapes.esx01), startSimHost(shapes.esx02)]);
  sims.push(a, b);
  const saved = await services.workspace.save({ ...sample, metadata: { ...sample.metadata, id } });
  if (!saved.ok) throw new Error(saved.error.message);
  return { id, targets: [{ name: 'esx01', address: '127.0.0.1', port: a.port, thumbprint: a.thumbprint }, { name: 'esx02', address: '127.0.0.1', port: b.port, thumbprint: b.thumbprint }] };
}

async function accept(s: Awaited<ReturnType<typeof store>>): Promise<number> {
  const r = await runtime.call('hosts:accept', { id: s.id, targets: s.targets, password: PASSWORD });
  if (!r.ok) throw new Error(r.error.message);
  const bad = r.value.records.filter((x) => x.verdict !== 'accepted');
  if (bad.length) throw new Error(`not accepted: ${bad.map((x) => `${x.host} ${x.verdict}`).join(', ')}`);
  return r.value.records.length;
}

/** The floor: a TLS handshake to each host, nothing else. */
async function handshakes(targets: readonly { port: number }[]): Promise<number> {
  const t = performance.now();
  await Promise.all(
    targets.map(
      (x) =>
        new Promise<void>((resolve, reject) => {
          const s = connect({ host: '127.0.0.1', port: x.port, rejectUnauthorized: false }, () => {
            s.destroy();
            resolve();
          });
          s.on('error', reject);
        }),
    ),
  );
  return performance.now() - t;
}

try {
  const rssBefore = process.memoryUsage().rss;
  // 1. A two-host site, as the technician runs it (warm once, then the median of 7).
  const one = await store('bench-store-two');
  await accept(one);
  const twoHost: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    await accept(one);
    twoHost.push(performance.now() - t);
  }
  const floorTwo = median(await Promise.all([0, 1, 2].map(() => handshakes(one.targets))));

  // 2. A fleet region: 25 two-node stores, 50 hosts, every store's check started at once.
  const stores = [];
  for (let i = 1; i <= 25; i++) stores.push(await store(`bench-store-${String(i).padStart(4, '0')}`));
  if (global.gc) global.gc();
  const rssFleetBefore = process.memoryUsage().rss;
  let rssFleetPeak = rssFleetBefore;
  const sampler = setInterval(() => (rssFleetPeak = Math.max(rssFleetPeak, process.memoryUsage().rss)), 10);
  const t = performance.now();
  const hosts = (await Promise.all(stores.map(accept))).reduce((a, b) => a + b, 0);
  const fleetMs = performance.now() - t;
  clearInterval(sampler);
  const floorFleet = await handshakes(stores.flatMap((s) => s.targets));

  // 3. The client as shipped: `sitekit accept` (the built CLI, plain node) on the two-host site, peak RSS by GNU time.
  const cli = join(REPO_ROOT, 'out', 'main', 'cli.mjs');
  const args = ['-f', '%M', process.execPath, cli, 'accept', join(REPO_ROOT, 'resources', 'samples', 'site.yaml'), '--json', ...one.targets.flatMap((x) => ['--host', `${x.name}=127.0.0.1:${x.port}`, '--thumbprint', `${x.name}=${x.thumbprint}`])];
  const run = await promisify(execFile)('/usr/bin/time', args, { env: { ...process.env, SITEKIT_HOST_PASSWORD: PASSWORD, SITEKIT_DATA_DIR: join(dir.path, 'cli-data') } }).catch((e: { stdout?: string; stderr?: string; code?: number }) => e);
  const cliRss = Number(/(\d+)\s*$/.exec(run.stderr ?? '')?.[1] ?? NaN) * 1024;
  const bare = await promisify(execFile)('/usr/bin/time', ['-f', '%M', process.execPath, cli, '--version']);
  const bareRss = Number(/(\d+)\s*$/.exec(bare.stderr)?.[1] ?? NaN) * 1024;
  const cliOk = (JSON.parse(run.stdout || '{"records":[]}') as { records: { verdict: string }[] }).records.every((x) => x.verdict === 'accepted');

  console.log(`two-host site: median ${twoHost.length} runs ${median(twoHost).toFixed(0)} ms (runs ${twoHost.map((x) => x.toFixed(0)).join(', ')} ms); TLS handshakes alone ${floorTwo.toFixed(0)} ms`);
  console.log(`${hosts} hosts (25 stores) concurrently: ${(fleetMs / 1000).toFixed(2)} s; TLS handshakes alone ${(floorFleet / 1000).toFixed(2)} s`);
  console.log(`client memory: \`sitekit accept\` (built CLI, two hosts${cliOk ? ', both accepted' : ', NOT accepted'}) peak RSS ${mb(cliRss)} (\`sitekit --version\`: ${mb(bareRss)}); in this process the 50-host run added ${mb(rssFleetPeak - rssFleetBefore)} RSS at its peak (process ${mb(rssBefore)} before any check, tsx included)`);
  console.log(
    `Acceptance: two-host site ${median(twoHost).toFixed(0)} ms (< 1000 ms ${median(twoHost) < 1000 ? '✔' : '✘'}); 50 hosts ${(fleetMs / 1000).toFixed(2)} s (< 10 s ${fleetMs < 10_000 ? '✔' : '✘'}); client peak RSS ${mb(cliRss)} (< 100 MB ${cliRss < 100 * 1024 * 1024 ? '✔' : '✘'}), +${mb(rssFleetPeak - rssFleetBefore)} for 50 hosts`,
  );
} finally {
  await Promise.all(sims.map((s) => s.stop()));
  runtime.dispose();
  await dir.remove();
}
