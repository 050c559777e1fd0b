/**
 * Peak memory of browser mode and of the CLI under hostile input (issue 26), each measured on the real built
 * program in its own process (peak RSS = VmHWM from /proc): eight concurrent 20 MB nested JSON bodies and
 * eight concurrent bodies of 250,000+ values against `node out/main/web.mjs`, and `sitekit fleet import` of a
 * 2 MB .xlsx that inflates to 2 GB (test/helpers/xlsx-bomb.ts), with an honest and a lying zip directory.
 * Needs `node scripts/build.mjs` first. Run: npx tsx bench/hostile-input.bench.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xlsxBomb } from '../test/helpers/xlsx-bomb';

const ROOT = join(import.meta.dirname, '..');
if (!existsSync(join(ROOT, 'out/main/web.mjs'))) {
  console.error('out/main/web.mjs is missing: run `node scripts/build.mjs` first (this measures the built program).');
  process.exit(1);
}
const peakMB = async (pid: number): Promise<number> => Number(/VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const nowMB = async (pid: number): Promise<number> => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const dir = await mkdtemp(join(tmpdir(), 'sitekit-hostile-bench-'));
try {
  const token = 'bench-token-0123456789';
  const web = spawn(process.execPath, [join(ROOT, 'out/main/web.mjs'), '--allow-root'], { env: { ...process.env, SITEKIT_DATA_DIR: join(dir, 'data'), SITEKIT_TOKEN: token, SITEKIT_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    let out = '';
    web.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
  const post = (body: Buffer): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/site:import', method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sitekit-Token': token } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  const idle = await nowMB(web.pid!);
  const nested = Buffer.alloc(20 * 1024 * 1024, '[');
  const statuses = await Promise.all(Array.from({ length: 8 }, () => post(nested)));
  const afterNested = await peakMB(web.pid!);
  const values = Buffer.from(`[${'0,'.repeat(2_000_000)}0]`);
  const statuses2 = await Promise.all(Array.from({ length: 8 }, () => post(values)));
  const afterValues = await peakMB(web.pid!);
  web.kill();
  console.log(`browser mode: idle RSS ${idle.toFixed(0)} MB`);
  console.log(`  8 × 20 MB nested body: answers ${[...new Set(statuses)].join(',')}, peak RSS ${afterNested.toFixed(0)} MB`);
  console.log(`  8 × ${(values.length / 1024 / 1024).toFixed(0)} MB body of 2,000,001 values: answers ${[...new Set(statuses2)].join(',')}, peak RSS ${afterValues.toFixed(0)} MB`);

  for (const lie of [false, true]) {
    const file = join(dir, lie ? 'bomb-lying.xlsx' : 'bomb.xlsx');
    const bytes = await xlsxBomb(2048, { lie });
    await writeFile(file, bytes);
    const r = spawnSync('/usr/bin/time', ['-f', '%M %e', process.execPath, join(ROOT, 'bin/sitekit.mjs'), 'fleet', 'import', file, '--repo', join(dir, 'repo')], { encoding: 'utf8', env: { ...process.env, SITEKIT_DATA_DIR: join(dir, 'cli-data') } });
    const [kb, secs] = (r.stderr.trim().split('\n').pop() ?? '').split(' ');
    console.log(`fleet import of a ${(bytes.length / 1024 / 1024).toFixed(1)} MB .xlsx inflating to 2 GB${lie ? ' (directory lies)' : ''}: exit ${r.status}, peak RSS ${(Number(kb) / 1024).toFixed(0)} MB, ${secs} s`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
