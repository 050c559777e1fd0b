#!/usr/bin/env node
// `npm run bench [name…]`: runs the benchmarks in bench/ one after the other (they compare against a
// baseline in the same run and print a ratio). Not part of npm test: they need minutes and root.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const all = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')).sort();
const run = wanted.length ? all.filter((f) => wanted.some((w) => f.includes(w))) : all;
let failed = 0;
for (const file of run) {
  process.stdout.write(`\n=== ${file} ===\n`);
  // Same thread pool as the CLI (bin/sitekit.mjs): several I/Os in flight need more than libuv's 4 threads.
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'bench', file)], { cwd: root, stdio: 'inherit', env: { UV_THREADPOOL_SIZE: '64', ...process.env } });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
