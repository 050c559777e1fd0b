#!/usr/bin/env node
// `npm test`: everything CI checks, in order of cost, stopping at nothing so one report shows all:
// build, type-check (per-layer tsconfigs), lint (layer rules), unit + integration tests (vitest),
// end-to-end tests (Playwright + Debian Chromium through browser mode). Ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
// Not test-results/: Playwright empties its output folder when it starts.
const results = join(root, 'test', '.artifacts', 'results');
rmSync(join(results, 'vitest.json'), { force: true });
rmSync(join(results, 'playwright.json'), { force: true });
mkdirSync(results, { recursive: true });

const steps = [];
function step(name, cmd, args, env = {}) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  steps.push({ name, ok, seconds: (Date.now() - started) / 1000 });
  return ok;
}

const built = step('build', process.execPath, [join(root, 'scripts', 'build.mjs')]);
step('type-check (tsc -b)', bin('tsc'), ['-b']);
step('lint (eslint)', bin('eslint'), ['.']);
step('unit + integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'vitest.json')}`]);
if (built) step('end-to-end (playwright, chromium)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: join(results, 'playwright.json') });
else steps.push({ name: 'end-to-end (playwright, chromium)', ok: false, seconds: 0 });

let passed = 0, failed = 0, skipped = 0;
if (existsSync(join(results, 'vitest.json'))) {
  const v = JSON.parse(readFileSync(join(results, 'vitest.json'), 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync(join(results, 'playwright.json'))) {
  const p = JSON.parse(readFileSync(join(results, 'playwright.json'), 'utf8'));
  passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  failed += p.stats?.unexpected ?? 0;
  skipped += p.stats?.skipped ?? 0;
}
const stepFailures = steps.filter((s) => !s.ok);
process.stdout.write('\n=== summary ===\n');
for (const s of steps) process.stdout.write(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.name} (${s.seconds.toFixed(1)} s)\n`);
// Failed steps without test counts (build, tsc, lint) count as failures too.
const extra = stepFailures.filter((s) => !/vitest|playwright/.test(s.name)).length;
process.stdout.write(`\n${passed} passed, ${failed + extra} failed, ${skipped} skipped\n`);
process.exit(stepFailures.length > 0 ? 1 : 0);
