#!/usr/bin/env node
// Builds Sitekit into out/: the main-side bundles with esbuild and the renderer with Vite.
//   node scripts/build.mjs             everything
//   node scripts/build.mjs --node-only main side only (CLI, browser mode, Electron main, preload)
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const nodeOnly = process.argv.includes('--node-only');
const define = { __SITEKIT_VERSION__: JSON.stringify(pkg.version) };
const at = (p) => join(root, p);

/** Node entry points (ESM). Features that need their own process add an entry here. */
const NODE_ENTRIES = {
  'main/cli': 'main/cli/main.ts',
  'main/web': 'main/web/main.ts',
  // The privileged stick writer, started through the OS's elevation prompt (main/app/elevate.ts).
  'main/writer-child': 'main/services/writer/child.ts',
};

/**
 * Pure-JS dependencies every command needs are bundled in: resolving and compiling their hundreds of files one
 * by one was most of a `sitekit` start (zod alone ~0.1 s). The rest stay external: native modules (drivelist),
 * and large libraries only some commands load, on first use (exceljs, openpgp, playwright-core, the
 * kubernetes-models kinds).
 */
const BUNDLED = new Set(['csv-parse', 'isomorphic-git', 'saxes', 'tar-stream', 'yaml', 'zod']);
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})].filter((d) => !BUNDLED.has(d)).flatMap((d) => [d, `${d}/*`]);

const banner = { js: "import { createRequire as __sitekitCreateRequire } from 'node:module'; const require = __sitekitCreateRequire(import.meta.url);" };

await Promise.all([
  build({
    entryPoints: Object.fromEntries(Object.entries(NODE_ENTRIES).map(([k, v]) => [k, at(v)])),
    outdir: at('out'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external,
    define,
    banner,
    logLevel: 'warning',
  }),
  // The Electron main process: CommonJS, electron provided by the runtime.
  build({
    entryPoints: { 'main/app': at('main/app/main.ts') },
    outdir: at('out'),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external,
    define,
    logLevel: 'warning',
  }),
  // The preload: one self-contained CommonJS file so `sandbox: true` holds (docs/CONVENTIONS.md § Preload gate).
  build({
    entryPoints: { 'preload/preload': at('preload/preload.ts') },
    outdir: at('out'),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'cjs',
    external: ['electron'],
    minify: true,
    define,
    logLevel: 'warning',
  }),
]);

/**
 * The Node bundles are kept pure ASCII. esbuild escapes non-ASCII characters in code (its default charset) but
 * keeps comments as written, and one "—" in a bundled comment makes V8 hold the whole 2.9 MB source as UTF-16:
 * 5.7 MB of the CLI's heap instead of 2.9 (issue 27: the write job's peak RSS). A few raw characters sit in
 * code too (a regular expression's range in a dependency); an escape there means the same character.
 */
for (const name of [...Object.keys(NODE_ENTRIES).map((k) => `${k}.mjs`), 'main/app.cjs']) {
  const file = at(`out/${name}`);
  const text = await readFile(file, 'utf8');
  // One \uXXXX per UTF-16 unit: valid in comments, strings, templates and regular expressions with or without /u.
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) await writeFile(file, ascii);
}

if (!nodeOnly) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: at('vite.config.ts'), logLevel: 'warn' });
}
process.stderr.write(`built Sitekit ${pkg.version} into out/${nodeOnly ? ' (main side only)' : ''}\n`);
