/**
 * The boot-image builder against the disk (issues 27 and 26 item 16, STYLE.md §18), in one run:
 *   build    open the ISO, plan, one pass that writes the image beside it while hashing every file, the
 *            image and (unless it is known) the ISO on worker threads, the manifest, datasync, rename:
 *            - inside a process, from opening the ISO to the renamed image, ISO hash unknown (the CLI
 *              without --iso-sha256) and known (the app's flow: iso:hash ran when the technician checked it)
 *            - as `sitekit media build` start to exit, ISO hash unknown, with its peak RSS (GNU time's %M)
 *            vs `cp ISO COPY && sync COPY`: the same bytes to the same disk, flushed.
 *   files    the same build from an ISO with 5,000 and with 20,000 more small files: linear work gives a
 *            ratio under 4 (the rest of the ISO costs the same in both), quadratic work gave 14.
 * The ISO (BENCH_MB, default 2048 MB) is made with xorriso from sparse module files plus a GRUB loader.
 * BENCH_ROUNDS (default 3) rounds alternate the order of the tools; medians are printed with the load
 * average, because the machine (2 cores) is shared. Run: `npm run bench -- image` (BENCH_DIR=/tmp).
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseSiteYaml, stringifySite } from '../main/core/site/yaml';
import { buildStickImage } from '../main/services/media/build-stick';
import { makeEsxiIso } from '../test/helpers/esxi-iso';
import { siteWith } from '../test/helpers/media-site';
import { planOf } from '../test/helpers/plan';

const sh = promisify(execFile);
const MB = 1e6;
const PASSWORD = 'Vm-ware!2024x';
const root = join(import.meta.dirname, '..');

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const range = (xs: readonly number[], d = 2) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;

interface Built {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly size: number;
  readonly sha256: string;
}

/** The build timed inside this (child) process: from opening the ISO to the renamed image. */
async function child(iso: string, out: string, siteYaml: string, isoSha256?: string): Promise<void> {
  const site = parseSiteYaml(await readFile(siteYaml, 'utf8'), siteYaml);
  if (!site.ok) throw new Error(site.error.message);
  const plan = planOf(site.value);
  const c0 = process.cpuUsage();
  const t = performance.now();
  const r = await buildStickImage({ site: site.value, plan, isoPath: iso, outPath: out, hosts: { kind: 'one', host: 'esx01' }, password: PASSWORD, versions: { sitekit: 'bench' }, isoSha256 });
  if (!r.ok) throw new Error(r.error.message);
  const c = process.cpuUsage(c0);
  const result: Built = { seconds: (performance.now() - t) / 1000, cpuSeconds: (c.user + c.system) / 1e6, size: r.value.size, sha256: r.value.sha256 };
  process.stdout.write(JSON.stringify(result) + '\n');
}

function spawnText(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ out: string; err: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve({ out, err, seconds: (performance.now() - t) / 1000 }) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`))));
  });
}

async function inChild(iso: string, out: string, siteYaml: string, isoSha256?: string): Promise<Built> {
  const r = await spawnText(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', iso, out, siteYaml, ...(isoSha256 ? [isoSha256] : [])]);
  await rm(out, { force: true });
  return JSON.parse(r.out.trim().split('\n').at(-1)!) as Built;
}

/** `sitekit media build` as a technician runs it, under GNU time for its peak RSS. */
async function cliBuild(iso: string, out: string, siteYaml: string, dataDir: string): Promise<{ seconds: number; rssMB: number; out: string }> {
  const r = await spawnText('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, join(root, 'bin', 'sitekit.mjs'), 'media', 'build', siteYaml, '--iso', iso, '--out', out, '--host', 'esx01'], {
    ...process.env,
    SITEKIT_DATA_DIR: dataDir,
    SITEKIT_ROOT_PASSWORD: PASSWORD,
  });
  await rm(out, { force: true });
  return { seconds: r.seconds, rssMB: Number(/maxrss=(\d+)/.exec(r.err)?.[1] ?? 0) / 1024, out: r.out };
}

async function cpSync(iso: string, dir: string): Promise<number> {
  const copy = join(dir, 'copy.iso');
  const t = performance.now();
  await sh('sh', ['-c', `cp "${iso}" "${copy}" && sync "${copy}"`]);
  const s = (performance.now() - t) / 1000;
  await rm(copy, { force: true });
  return s;
}

async function main(): Promise<void> {
  const mb = Number(process.env.BENCH_MB ?? 2048);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const dir = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'sitekit-image-bench-'));
  const lines: string[] = [];
  try {
    await sh(process.execPath, [join(root, 'scripts', 'build.mjs'), '--node-only']);
    process.stderr.write(`making a ${mb} MB ESXi-shaped ISO with xorriso in ${dir} …\n`);
    const { path: iso } = await makeEsxiIso({ dir, name: 'bench.iso', moduleBytes: mb * MB, content: 'zeros', variant: 'rr-joliet' });
    await rm(join(dir, 'bench.iso.src'), { recursive: true, force: true });
    const isoSize = (await stat(iso)).size;
    const siteYaml = join(dir, 'site.yaml');
    await writeFile(siteYaml, stringifySite(siteWith()));
    await sh('sh', ['-c', `cat "${iso}" > /dev/null`]);
    // The oracle for the ISO hash the manifest records (and the app passes on after iso:hash).
    const isoSha256 = (await sh('sha256sum', [iso])).stdout.split(' ')[0]!;
    const out = join(dir, 'stick.img');
    const dataDir = join(dir, 'data');
    const r: { cp: number; build: number; known: number; cli: number; cpu: number; cpuKnown: number; rss: number; load: number }[] = [];
    let imageSize = 0;
    for (let i = 0; i < rounds; i++) {
      const x = { load: loadavg()[0]! } as (typeof r)[number];
      const steps: (() => Promise<void>)[] = [
        async () => void (x.cp = await cpSync(iso, dir)),
        async () => {
          const b = await inChild(iso, out, siteYaml);
          [x.build, x.cpu, imageSize] = [b.seconds, b.cpuSeconds, b.size];
        },
        async () => {
          const b = await inChild(iso, out, siteYaml, isoSha256);
          [x.known, x.cpuKnown] = [b.seconds, b.cpuSeconds];
        },
        async () => {
          const c = await cliBuild(iso, out, siteYaml, dataDir);
          [x.cli, x.rss] = [c.seconds, c.rssMB];
        },
      ];
      for (const step of i % 2 ? [...steps].reverse() : steps) {
        // Untimed: flush what the previous step left (its deleted 2 GB output is discarded at the next
        // journal commit), so no step pays for the one before it.
        await sh('sync');
        await step();
      }
      r.push(x);
      process.stderr.write(`  round ${i + 1}/${rounds}: cp+sync ${x.cp.toFixed(2)} s, build ${x.build.toFixed(2)} s (known ISO hash ${x.known.toFixed(2)} s), CLI ${x.cli.toFixed(2)} s, load ${x.load.toFixed(1)}\n`);
    }
    const m = (k: keyof (typeof r)[number]) => median(r.map((x) => x[k]));
    const q = (k: 'build' | 'known' | 'cli') => r.map((x) => x[k] / x.cp);
    const row = (what: string, k: 'build' | 'known' | 'cli', target: number) =>
      `  ${what.padEnd(52)} ${m(k).toFixed(2)} s (${(imageSize / MB / m(k)).toFixed(0)} MB/s)  ratio ${median(q(k)).toFixed(2)}× cp+sync [rounds ${range(q(k))}] (target ≤ ${target.toFixed(1)} ${median(q(k)) <= target ? '✔' : '✘'})`;
    const rss = Math.max(...r.map((x) => x.rss));
    lines.push(
      `${(isoSize / MB).toFixed(0)} MB ISO → ${(imageSize / MB).toFixed(0)} MB image, ${rounds} rounds, load average ${range(r.map((x) => x.load), 1)} (median ${m('load').toFixed(1)})`,
      `  cp ISO COPY && sync COPY                             ${m('cp').toFixed(2)} s (${(isoSize / MB / m('cp')).toFixed(0)} MB/s)`,
      row('build, ISO hash unknown (3 hashes: files, image, ISO)', 'build', 1.3),
      row('build, ISO hash known (2 hashes: files, image)', 'known', 1.3),
      row('sitekit media build, start to exit (hash unknown)', 'cli', 1.3),
      `  CPU of the build: ${m('cpu').toFixed(2)} s (ISO hash unknown), ${m('cpuKnown').toFixed(2)} s (known); peak RSS of sitekit media build ${rss.toFixed(0)} MB (target < 150 MB ${rss < 150 ? '✔' : '✘'})`,
    );

    // Issue 26 item 16: the build's work grows linearly with the ISO's files.
    const counts = [5000, 20000];
    const manyIsos: string[] = [];
    for (const n of counts) {
      process.stderr.write(`making an ISO with ${n} more small files …\n`);
      const extra: Record<string, Uint8Array> = {};
      for (let k = 0; k < n; k++) extra[`MODS/module-file-number-${k}.v00`] = randomBytes(1000 + (k % 3000));
      const made = await makeEsxiIso({ dir, name: `many-${n}.iso`, moduleBytes: 24 * MB, extra });
      await rm(join(dir, `many-${n}.iso.src`), { recursive: true, force: true });
      manyIsos.push(made.path);
    }
    const times = counts.map(() => [] as number[]);
    const cpus = counts.map(() => [] as number[]);
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 ? [1, 0] : [0, 1];
      for (const k of order) {
        await sh('sync');
        const b = await inChild(manyIsos[k]!, out, siteYaml);
        times[k]!.push(b.seconds);
        cpus[k]!.push(b.cpuSeconds);
      }
    }
    const [t5, t20] = times.map(median) as [number, number];
    const [c5, c20] = cpus.map(median) as [number, number];
    lines.push(
      `files: build from an ISO with ${counts[0]} / ${counts[1]} more small files: ${t5.toFixed(2)} s / ${t20.toFixed(2)} s (CPU ${c5.toFixed(2)} / ${c20.toFixed(2)} s), ratio ${(t20 / t5).toFixed(2)}× for 4× the files (CPU ${(c20 / c5).toFixed(2)}×; linear < 4 ${c20 / c5 < 4 ? '✔' : '✘'}, was 14.7× before issue 26 item 16)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
}

if (process.argv[2] === '--child') {
  const [, , , iso, out, siteYaml, isoSha256] = process.argv;
  child(iso!, out!, siteYaml!, isoSha256).catch((e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exit(1);
  });
} else {
  main().catch((e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exit(1);
  });
}
