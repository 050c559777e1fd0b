#!/usr/bin/env node
// `npm run mutation [folder…]`: mutation testing of main/core with StrykerJS, one folder per run (site,
// manifests, media, hardware, inventory, report, fleet, drives, diff, git, and `core` for the files directly
// in main/core), incremental (stryker.config.mjs). Then prints the score of every folder that has results.
// Stryker's incremental report of a folder is committed gzipped (reports/mutation/<folder>.incremental.json.gz:
// the manifests one is 9 MB as JSON, 0.4 MB packed); this script unpacks it to the .json Stryker reads (git-
// ignored) before a run and packs it again after. `npm run mutation -- --unpack` only unpacks, for a direct
// `npx stryker run` (a forced retest by range); the next `npm run mutation -- <folder>` packs its result.
// `npm run mutation -- --scores` only prints the scores; `-- --force` retests every mutant (needed after a change
// Stryker's incremental mode cannot see: test helpers, fixtures, dependencies). Not part of npm test: a first
// run of one folder takes an hour or more on two shared cores; later runs test only what changed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, 'reports', 'mutation');
const args = process.argv.slice(2);
const scoresOnly = args.includes('--scores');
const unpackOnly = args.includes('--unpack');
const force = args.includes('--force') ? ['--force'] : [];
const folders = readdirSync(join(root, 'main', 'core'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .concat('core')
  .sort();
const wanted = args.filter((a) => !a.startsWith('--'));
const unknown = wanted.filter((w) => !folders.includes(w));
if (unknown.length) {
  process.stderr.write(`mutation: no folder ${unknown.join(', ')} in main/core (folders: ${folders.join(', ')})\n`);
  process.exit(2);
}

/** Counts of one report (mutation-testing-report-schema, as the incremental file keeps it). */
function count(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const n = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0 };
  for (const f of Object.values(report.files)) for (const m of f.mutants) n[m.status] = (n[m.status] ?? 0) + 1;
  // Stryker's mutation score: detected (killed or timed out) over every valid mutant that is not ignored.
  const valid = n.Killed + n.Timeout + n.Survived + n.NoCoverage;
  return { mutants: valid, killed: n.Killed, timeout: n.Timeout, survived: n.Survived, noCoverage: n.NoCoverage, ignored: n.Ignored, score: valid ? Math.round((1000 * (n.Killed + n.Timeout)) / valid) / 10 : 100 };
}

/** The report Stryker reads and writes, and the packed copy that is committed. */
const reportOf = (folder) => join(reports, `${folder}.incremental.json`);
const packedOf = (folder) => `${reportOf(folder)}.gz`;

/** Unpacks each committed report that is newer than its .json (or has none), so Stryker reuses its results. */
function unpack() {
  for (const folder of folders) {
    const packed = packedOf(folder);
    if (!existsSync(packed)) continue;
    const json = reportOf(folder);
    if (existsSync(json) && statSync(json).mtimeMs >= statSync(packed).mtimeMs) continue;
    writeFileSync(json, gunzipSync(readFileSync(packed)));
  }
}

/** Packs a folder's report after a run (gzip with no time or name in its header: the same report packs the same). */
function pack(folder) {
  writeFileSync(packedOf(folder), gzipSync(readFileSync(reportOf(folder)), { level: 9 }));
}

unpack();
if (unpackOnly) process.exit(0);

/** Scores per folder with the day of the run that produced them (reports/mutation/scores.json, committed). */
const scoresFile = join(reports, 'scores.json');
const scores = existsSync(scoresFile) ? JSON.parse(readFileSync(scoresFile, 'utf8')) : {};

let failed = 0;
if (!scoresOnly) {
  for (const folder of wanted.length ? wanted : folders) {
    process.stdout.write(`\n=== main/core/${folder === 'core' ? '*.ts' : folder} ===\n`);
    const r = spawnSync(process.execPath, [join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', 'stryker.config.mjs', ...force], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, SITEKIT_MUTATE: folder },
    });
    if (r.status !== 0) {
      failed++;
      continue;
    }
    pack(folder);
    scores[folder] = { date: new Date().toISOString().slice(0, 10), ...count(reportOf(folder)) };
    writeFileSync(scoresFile, JSON.stringify(Object.fromEntries(Object.entries(scores).sort()), null, 2) + '\n');
  }
}

process.stdout.write('\n| folder | mutants | killed | timeout | survived | no coverage | ignored | score | run on |\n|---|---|---|---|---|---|---|---|---|\n');
for (const [folder, r] of Object.entries(scores).sort()) {
  const name = folder === 'core' ? 'main/core/*.ts' : `main/core/${folder}`;
  process.stdout.write(`| ${name} | ${r.mutants} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.ignored} | ${r.score.toFixed(1)} % | ${r.date} |\n`);
}
process.exit(failed ? 1 : 0);
