/**
 * Sitekit's block writer against dd on one direct-I/O loop device, in one run (issue 8, Performance):
 *   write:  writeImage (aligned 4 MiB writes, 4 in flight, partition table last)  vs  dd bs=4M oflag=direct,
 *           once hashing on the fly (image file) and once with the hash known in advance (the app's path)
 *   verify: readBackHash (direct reads, SHA-256)                                   vs  dd iflag=direct bs=4M | sha256sum
 *   job:    writeStick (checks, unmount, write, verify, flush)                     vs  the two dd runs added
 *   memory: peak RSS of a separate process running the whole job on a 2 GB image (target < 200 MB).
 * Each measurement is the best of BENCH_RUNS (default 3), alternating tools, because the machine is shared.
 * Run as root: `npx tsx bench/write.bench.ts` (BENCH_MB=2048 image size, BENCH_DIR=/tmp backing files).
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, open, rm, truncate } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openImageFile } from '../main/services/writer/image-source';
import { openDevice } from '../main/services/writer/device';
import { readBackHash, writeImage } from '../main/services/writer/pipeline';
import { writeStick } from '../main/services/writer/job';
import { readIdentity } from '../main/services/drives/identity';

const sh = promisify(execFile);
const MB = 1e6;
const MiB = 1 << 20;

async function rssChild(dev: string, image: string): Promise<void> {
  const id = await readIdentity(dev);
  if (!id.ok) throw new Error(id.error.message);
  const source = await openImageFile(image);
  const out = await writeStick({ target: { kind: 'device', identity: id.value }, source, eject: false });
  await source.close?.();
  if (!out.verified) throw new Error(out.error?.message);
  process.stdout.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

function shell(cmd: string): Promise<string> {
  return sh('sh', ['-c', cmd], { maxBuffer: 1 << 20 }).then((r) => r.stdout);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--rss-child') return rssChild(process.argv[3]!, process.argv[4]!);
  if (process.getuid?.() !== 0) {
    console.error('bench/write.bench.ts needs root (loop devices).');
    process.exit(2);
  }
  const bytes = Number(process.env.BENCH_MB ?? 2048) * MiB;
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const dir = await mkdtemp(join(process.env.BENCH_DIR ?? '/tmp', 'sitekit-bench-'));
  const image = join(dir, 'image.img');
  const backing = join(dir, 'stick.raw');
  let dev: string | undefined;
  try {
    // A random image (nothing compressible or sparse), read once so both tools read it from the page cache.
    const fh = await open(image, 'w');
    for (let pos = 0; pos < bytes; pos += 16 * MiB) await fh.write(randomBytes(16 * MiB), 0, Math.min(16 * MiB, bytes - pos), pos);
    await fh.close();
    await shell(`cat ${image} > /dev/null`);
    await (await open(backing, 'w')).close();
    await truncate(backing, bytes + 64 * MiB);
    dev = (await sh('losetup', ['--direct-io=on', '-f', '--show', backing])).stdout.trim();
    const id = await readIdentity(dev);
    if (!id.ok) throw new Error(id.error.message);
    const expected = (await shell(`sha256sum ${image}`)).split(' ')[0]!;

    const best = { ddWrite: Infinity, ddVerify: Infinity, write: Infinity, writeKnown: Infinity, verify: Infinity, job: Infinity };
    for (let i = 0; i < runs; i++) {
      best.ddWrite = Math.min(best.ddWrite, await timed(() => shell(`dd if=${image} of=${dev} bs=4M oflag=direct conv=notrunc status=none`)));
      best.ddVerify = Math.min(
        best.ddVerify,
        await timed(async () => {
          const sum = await shell(`dd if=${dev} iflag=direct bs=4M count=${bytes / (4 * MiB)} status=none | sha256sum`);
          if (sum.split(' ')[0] !== expected) throw new Error('dd read back a different image');
        }),
      );
      const source = await openImageFile(image);
      const target = await openDevice(dev!);
      best.write = Math.min(best.write, await timed(() => writeImage(target, source)));
      best.verify = Math.min(
        best.verify,
        await timed(async () => {
          if ((await readBackHash(target, bytes)) !== expected) throw new Error('Sitekit read back a different image');
        }),
      );
      // The app's path: the boot-bundle builder hands over the image's SHA-256, so nothing is hashed on the way out.
      best.writeKnown = Math.min(best.writeKnown, await timed(() => writeImage(target, { ...source, sha256: expected })));
      await target.fh.close();
      best.job = Math.min(
        best.job,
        await timed(async () => {
          const out = await writeStick({ target: { kind: 'device', identity: id.value }, source, eject: false });
          if (!out.verified) throw new Error(out.error?.message);
        }),
      );
      await source.close?.();
    }
    const rss = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--rss-child', dev!, image], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('exit', (code) => (code === 0 ? resolve((JSON.parse(out) as { maxRssKiB: number }).maxRssKiB / 1024) : reject(new Error(`rss child exited ${code}`))));
    });

    const mbps = (s: number) => `${(bytes / MB / s).toFixed(0)} MB/s`;
    const size = `${(bytes / MiB).toFixed(0)} MiB`;
    console.log(`image ${size}, loop device ${dev} (direct I/O) on ${dir}, best of ${runs}`);
    console.log(`write   dd ${best.ddWrite.toFixed(2)} s (${mbps(best.ddWrite)})  sitekit ${best.write.toFixed(2)} s (${mbps(best.write)})  ratio ${(best.write / best.ddWrite).toFixed(2)}x (target <= 1.10)`);
    console.log(`write   with the image hash known in advance (app path): sitekit ${best.writeKnown.toFixed(2)} s (${mbps(best.writeKnown)})  ratio ${(best.writeKnown / best.ddWrite).toFixed(2)}x`);
    console.log(`verify  dd|sha256sum ${best.ddVerify.toFixed(2)} s (${mbps(best.ddVerify)})  sitekit ${best.verify.toFixed(2)} s (${mbps(best.verify)})  ratio ${(best.verify / best.ddVerify).toFixed(2)}x (target <= 1.10)`);
    const dd = best.ddWrite + best.ddVerify;
    console.log(`job     dd write+verify ${dd.toFixed(2)} s  sitekit job ${best.job.toFixed(2)} s  ratio ${(best.job / dd).toFixed(2)}x (target <= 1.20)`);
    console.log(`memory  peak RSS of the whole job on ${size}: ${rss.toFixed(0)} MB (target < 200 MB)`);
    console.log(
      `SUMMARY write ${(best.write / best.ddWrite).toFixed(2)}x dd (${(best.writeKnown / best.ddWrite).toFixed(2)}x with the hash known), verify ${(best.verify / best.ddVerify).toFixed(2)}x dd|sha256sum, whole job ${(best.job / dd).toFixed(2)}x dd write+verify, peak RSS ${rss.toFixed(0)} MB (${size} image, direct-I/O loop device)`,
    );
  } finally {
    if (dev) await sh('losetup', ['-d', dev]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
