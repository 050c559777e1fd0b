/**
 * The stick writer against the disk (issue 27, STYLE.md §18): every figure is compared with what dd does on
 * the same direct-I/O loop device in the same round, never with a slower tool.
 *   write           writeImage of an image file: nothing is hashed on the way, because the read-back
 *                   compares every byte with the file                          vs dd bs=4M oflag=direct
 *   write, known    the same with the image's SHA-256 announced (the app's path after a build)    vs that dd
 *   (reference)     writeImage of a stream that can be read only once, hashed on the worker on the way
 *   verify          readBack: direct reads, SHA-256 on a worker, against the announced hash
 *                                                                     vs dd iflag=direct bs=4M of=/dev/null
 *   verify, compare readBack comparing every byte with the image file while hashing (hash unknown) vs that dd
 *   (reference)     dd iflag=direct | openssl dgst -sha256: what hashing on the way costs a pipe
 *   job             `sitekit media write --image IMG --target DEV --yes --no-eject` as a process, start to
 *                   exit: checks, write, read-back verify, flushes              vs dd write + dd read
 *   job, --sha256   the same with the image's hash given, as `sitekit media build` prints the command
 *   memory          peak RSS of that process (GNU time's %M)
 *   (reference)     `sitekit --version`: what starting the CLI costs, inside the job's figure
 * coreutils' sha256sum only checks that the printed hashes are right; it is no baseline (it hashes at a
 * quarter of OpenSSL's speed here, so it made Sitekit look fast).
 * BENCH_SIZES (MiB, default 1024,2048), BENCH_ROUNDS (default 5): rounds alternate the order of the tools;
 * the ratio of each pair is taken within a round and the median over rounds is printed, with the load
 * average, because the machine (2 cores) is shared. Run as root: `npm run bench -- write`.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, open, rm, truncate } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openImageFile, type ImageSource } from '../main/services/writer/image-source';
import { openDevice } from '../main/services/writer/device';
import { readBack, writeImage } from '../main/services/writer/pipeline';

const sh = promisify(execFile);
const MB = 1e6;
const MiB = 1 << 20;
const root = join(import.meta.dirname, '..');

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const range = (xs: readonly number[], d = 2) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
const load = () => loadavg()[0]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

const shell = (cmd: string): Promise<string> => sh('sh', ['-c', cmd], { maxBuffer: 1 << 20 }).then((r) => r.stdout);

/** Runs the CLI as a technician would (bin/sitekit.mjs), under GNU time for its peak RSS. */
function cliJob(args: readonly string[], dataDir: string): Promise<{ seconds: number; out: string; rssMB: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const p = spawn('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, join(root, 'bin', 'sitekit.mjs'), ...args], {
      env: { ...process.env, SITEKIT_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const seconds = (performance.now() - t) / 1000;
      const rss = /maxrss=(\d+)/.exec(err);
      if (code !== 0 || !rss) return reject(new Error(`sitekit ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      resolve({ seconds, out, rssMB: Number(rss[1]) / 1024 });
    });
  });
}

interface Round {
  ddWrite: number;
  write: number;
  writeKnown: number;
  writeStream: number;
  ddRead: number;
  verify: number;
  verifyCompare: number;
  ddOpenssl: number;
  job: number;
  jobKnown: number;
  ddJob: number;
  rssMB: number;
  start: number;
  load: number;
}

async function benchSize(dir: string, mib: number, rounds: number): Promise<Round[]> {
  const bytes = mib * MiB;
  const image = join(dir, `image-${mib}.img`);
  const backing = join(dir, `stick-${mib}.raw`);
  // A random image (nothing compressible or sparse), read once so every tool reads it from the page cache.
  const fh = await open(image, 'w');
  for (let pos = 0; pos < bytes; pos += 16 * MiB) await fh.write(randomBytes(16 * MiB), 0, Math.min(16 * MiB, bytes - pos), pos);
  await fh.close();
  await shell(`cat ${image} > /dev/null`);
  await (await open(backing, 'w')).close();
  await truncate(backing, bytes + 64 * MiB);
  const dev = (await sh('losetup', ['--direct-io=on', '-f', '--show', backing])).stdout.trim();
  try {
    // The oracle: coreutils' hash of the image, which every hash Sitekit prints must equal.
    const expected = (await shell(`sha256sum ${image}`)).split(' ')[0]!;
    const dataDir = join(dir, 'data');
    const count = bytes / (4 * MiB);
    const out: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      const source = await openImageFile(image);
      const x: Partial<Round> = { load: load() };
      const steps: (() => Promise<void>)[] = [
        async () => void (x.ddWrite = await timed(() => shell(`dd if=${image} of=${dev} bs=4M oflag=direct conv=notrunc status=none`))),
        async () => {
          const target = await openDevice(dev);
          x.write = await timed(() => writeImage(target, source));
          await target.fh.close();
        },
        async () => {
          const target = await openDevice(dev);
          x.writeKnown = await timed(() => writeImage(target, { ...source, sha256: expected }));
          await target.fh.close();
        },
        async () => {
          const target = await openDevice(dev);
          const once: ImageSource = { size: source.size, stream: () => source.stream() };
          x.writeStream = await timed(async () => {
            if ((await writeImage(target, once)).sha256 !== expected) throw new Error('Sitekit hashed another image');
          });
          await target.fh.close();
        },
        async () => void (x.ddRead = await timed(() => shell(`dd if=${dev} of=/dev/null iflag=direct bs=4M count=${count} status=none`))),
        async () => {
          const target = await openDevice(dev, 'read');
          x.verify = await timed(async () => {
            if ((await readBack(target, bytes)).sha256 !== expected) throw new Error('Sitekit read back a different image');
          });
          await target.fh.close();
        },
        async () => {
          const target = await openDevice(dev, 'read');
          x.verifyCompare = await timed(async () => {
            if ((await readBack(target, bytes, { compareWith: source })).sha256 !== expected) throw new Error('Sitekit read back a different image');
          });
          await target.fh.close();
        },
        async () => {
          x.ddOpenssl = await timed(async () => {
            const sum = await shell(`dd if=${dev} iflag=direct bs=4M count=${count} status=none | openssl dgst -sha256 -r`);
            if (sum.split(' ')[0] !== expected) throw new Error('dd | openssl read back a different image');
          });
        },
        async () => {
          const t0 = performance.now();
          await shell(`dd if=${image} of=${dev} bs=4M oflag=direct conv=notrunc status=none`);
          await shell(`dd if=${dev} of=/dev/null iflag=direct bs=4M count=${count} status=none`);
          x.ddJob = (performance.now() - t0) / 1000;
        },
        async () => void (x.start = (await cliJob(['--version'], dataDir)).seconds),
        async () => {
          const j = await cliJob(['media', 'write', '--image', image, '--target', dev, '--yes', '--no-eject'], dataDir);
          if (!j.out.includes(`SHA-256 ${expected}`)) throw new Error(`the CLI printed another hash: ${j.out}`);
          x.job = j.seconds;
          x.rssMB = Math.max(x.rssMB ?? 0, j.rssMB);
        },
        async () => {
          const j = await cliJob(['media', 'write', '--image', image, '--target', dev, '--sha256', expected, '--yes', '--no-eject'], dataDir);
          if (!j.out.includes(`SHA-256 ${expected}`)) throw new Error(`the CLI printed another hash: ${j.out}`);
          x.jobKnown = j.seconds;
          x.rssMB = Math.max(x.rssMB ?? 0, j.rssMB);
        },
      ];
      // Alternate the order (Sitekit first, then dd first) so neither side always gets the quieter moment.
      for (const step of r % 2 ? [...steps].reverse() : steps) {
        await sh('sync'); // untimed: nothing left to flush from the step before
        await step();
      }
      await source.close?.();
      out.push(x as Round);
      process.stderr.write(`  ${mib} MiB round ${r + 1}/${rounds}: job ${x.job!.toFixed(2)} s vs dd ${x.ddJob!.toFixed(2)} s, load ${x.load!.toFixed(1)}\n`);
    }
    return out;
  } finally {
    await sh('losetup', ['-d', dev]).catch(() => undefined);
    await rm(image, { force: true });
    await rm(backing, { force: true });
  }
}

function report(mib: number, rs: readonly Round[]): string[] {
  const bytes = mib * MiB;
  const m = (k: keyof Round) => median(rs.map((r) => r[k]));
  const ratio = (a: keyof Round, b: keyof Round) => rs.map((r) => r[a] / r[b]);
  const mbps = (s: number) => `${(bytes / MB / s).toFixed(0)} MB/s`;
  const row = (what: string, a: keyof Round, b: keyof Round, base: string, target?: number) => {
    const q = ratio(a, b);
    const mark = target === undefined ? '' : median(q) <= target ? ` (target ≤ ${target.toFixed(2)} ✔)` : ` (target ≤ ${target.toFixed(2)} ✘)`;
    return `  ${what.padEnd(34)} ${m(a).toFixed(2)} s (${mbps(m(a))})  vs ${base} ${m(b).toFixed(2)} s (${mbps(m(b))})  ratio ${median(q).toFixed(2)}× [rounds ${range(q)}]${mark}`;
  };
  const rss = Math.max(...rs.map((r) => r.rssMB));
  return [
    `${mib} MiB image, direct-I/O loop device, ${rs.length} rounds, load average ${range(rs.map((r) => r.load), 1)} (median ${median(rs.map((r) => r.load)).toFixed(1)})`,
    row('write (hash unknown)', 'write', 'ddWrite', 'dd oflag=direct', 1.1),
    row('write (hash known)', 'writeKnown', 'ddWrite', 'dd oflag=direct', 1.05),
    row('reference: write a stream, hashing', 'writeStream', 'ddWrite', 'dd oflag=direct'),
    row('verify (against the known hash)', 'verify', 'ddRead', 'dd iflag=direct'),
    row('verify (byte compare + hash)', 'verifyCompare', 'ddRead', 'dd iflag=direct'),
    row('reference: dd | openssl sha256', 'ddOpenssl', 'ddRead', 'dd iflag=direct'),
    row('whole job, CLI start to exit', 'job', 'ddJob', 'dd write + dd read', 1.15),
    row('whole job with --sha256', 'jobKnown', 'ddJob', 'dd write + dd read', 1.15),
    `  reference: sitekit --version (CLI start, part of the job's figure) ${m('start').toFixed(2)} s`,
    `  peak RSS of the CLI write job: ${rss.toFixed(0)} MB (target < 120 MB ${rss < 120 ? '✔' : '✘'})`,
  ];
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.error('bench/write.bench.ts needs root (loop devices).');
    process.exit(2);
  }
  const sizes = (process.env.BENCH_SIZES ?? process.env.BENCH_MB ?? '1024,2048').split(',').map(Number);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  // The job row runs the built CLI: build it from this checkout first.
  await sh(process.execPath, [join(root, 'scripts', 'build.mjs'), '--node-only']);
  const dir = await mkdtemp(join(process.env.BENCH_DIR ?? '/tmp', 'sitekit-bench-'));
  const lines: string[] = [];
  const summary: string[] = [];
  try {
    for (const mib of sizes) {
      const rs = await benchSize(dir, mib, rounds);
      lines.push(...report(mib, rs));
      const q = (a: keyof Round, b: keyof Round) => median(rs.map((r) => r[a] / r[b])).toFixed(2);
      summary.push(
        `${mib} MiB: write ${q('write', 'ddWrite')}× dd (${q('writeKnown', 'ddWrite')}× hash known), verify ${q('verify', 'ddRead')}× dd read (${q('verifyCompare', 'ddRead')}× comparing), job ${q('job', 'ddJob')}× dd write+read (${q('jobKnown', 'ddJob')}× with --sha256), RSS ${Math.max(...rs.map((r) => r.rssMB)).toFixed(0)} MB, load ${median(rs.map((r) => r.load)).toFixed(1)}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
  console.log(`SUMMARY ${new Date().toISOString().slice(0, 10)} ${summary.join('; ')}`);
}

await main();
