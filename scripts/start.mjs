#!/usr/bin/env node
// `npm start`: the desktop app when the Electron binary is installed and usable, otherwise browser mode
// (the same UI and services on a tokened 127.0.0.1 URL), saying clearly which and why.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { why: 'the Electron binary is not installed (it could not be downloaded on this machine)' };
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(exe)) return { why: `the Electron binary ${exe} is missing` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { why: 'there is no graphical display (DISPLAY is not set)' };
  if (process.platform !== 'win32' && process.getuid?.() === 0) return { why: 'you are root, and the desktop app never runs as root' };
  return { exe };
}

const found = electronBinary();
if (found.exe && !process.argv.includes('--browser')) {
  const child = spawn(found.exe, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else if (process.platform !== 'win32' && process.getuid?.() === 0 && !process.argv.includes('--allow-root')) {
  // Browser mode refuses root too (main/web/server.ts refuseRoot): say so here instead of starting it to fail.
  process.stderr.write('Sitekit does not run as root: neither the desktop app nor browser mode (with root rights, anyone holding\n');
  process.stderr.write("browser mode's access token could read and write any file). Start it as your normal user; writing a stick\n");
  process.stderr.write('asks for the administrator password then. In a container or CI job where root is the only user: npm start -- --allow-root\n');
  process.exit(2);
} else {
  process.stderr.write(`Sitekit: starting browser mode because ${found.why ?? '--browser was given'}.\n`);
  process.stderr.write('The desktop window needs Electron; browser mode runs the same wizard and services locally.\n\n');
  await import(pathToFileURL(join(root, 'out', 'main', 'web.mjs')).href);
}
