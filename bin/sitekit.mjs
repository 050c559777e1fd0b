#!/usr/bin/env node
// The `sitekit` command. Runs the built CLI; builds it first when this is a fresh checkout.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Several sticks at once each keep I/O in flight; libuv's default 4 threads would be shared by all. Only for
// the commands that write sticks: with 64 threads on a small machine, reading a repo's thousands of small
// files took four times as long (0.3 s against 0.08 s for 3,800 files on two cores).
if (['media', 'demo'].includes(process.argv[2] ?? '')) process.env.UV_THREADPOOL_SIZE ??= '64';
// A stick job's memory (issue 27: peak RSS of the write job < 120 MB, of the image build < 150 MB). V8 doubles
// its young generation (two semi-spaces, 8 then 16 MB each) whenever enough objects survive its scavenges, and
// the CLI's start-up leaves many survivors, so a write job used to reach 16 MB semi-spaces it never needed:
// the job streams through fixed buffers and allocates little. Growth factor 1 keeps the first size; measured
// on a 1 GiB write, peak RSS 103–114 MB against 115–122 MB, the same time (scavenges of a small young
// generation are cheap). V8 reads this flag when it grows the space, so setting it now takes effect.
if (process.argv[2] === 'media') setFlagsFromString('--semi-space-growth-factor=1');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'main', 'cli.mjs');
if (!existsSync(cli)) {
  process.stderr.write('sitekit: first run in this checkout, building the CLI…\n');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--node-only'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(4);
}
await import(pathToFileURL(cli).href);
