#!/usr/bin/env node
// Runs after `npm ci` / `npm install`. Never fails because the network is missing:
// 1. Electron's own download is disabled in package.json (allowScripts), because on machines without
//    access to Electron's release host it would fail the whole install. Here we try that download
//    ourselves, with a time limit, and carry on without it: `npm start` then uses browser mode.
// 2. Builds out/ so `npm start`, `npx sitekit` and the tests work right away.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Installed as a package (`npm install sitekit-<version>.tgz`, e.g. in a CI job): the tarball carries the
// built CLI (prepack) and no build tools, so there is nothing to build or download.
if (!existsSync(join(root, 'scripts', 'build.mjs'))) process.exit(0);
const electronDir = join(root, 'node_modules', 'electron');
const say = (s) => process.stderr.write(`sitekit postinstall: ${s}\n`);

if (existsSync(join(electronDir, 'install.js')) && !existsSync(join(electronDir, 'path.txt'))) {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || process.env.SITEKIT_SKIP_ELECTRON) {
    say('Electron binary download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD); npm start will use browser mode.');
  } else {
    const r = spawnSync(process.execPath, ['install.js'], { cwd: electronDir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000, encoding: 'utf8' });
    if (r.status === 0 && existsSync(join(electronDir, 'path.txt'))) say('Electron binary installed.');
    else say(`Electron binary not available here (${(r.stderr || r.error?.message || 'download failed').split('\n').find((l) => l.trim()) ?? 'no network'}); npm start will use browser mode.`);
  }
}

const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (b.status !== 0) {
  say('build failed; run `npm run build` to see why.');
  process.exit(1);
}
