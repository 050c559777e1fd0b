/**
 * The real desktop window, launched through Playwright's Electron driver where it can run: an Electron
 * binary is installed, a display exists, the app is built, and the test does not run as root (the app
 * refuses root). It checks what "hardened" means where a page can see it (security.ts, main.ts): one window
 * shows the renderer from disk under its CSP, the page has no `require` or `process` (Node off, context
 * isolation on), only the frozen `window.sitekit` gate, which answers through the contract, and
 * `window.open` is refused. It runs without --no-sandbox: the app enables Chromium's sandbox for every
 * renderer (app.enableSandbox), so where the OS cannot sandbox, the app and this test fail alike.
 *
 * Where it cannot run (these build machines cannot download Electron) it is skipped and says why; the
 * window's settings are then still type-checked against Electron's definitions (tsc -b) and scanned by
 * Electronegativity (security-scan.test.ts), and everything beneath the window is tested in browser mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { _electron } from 'playwright-core';
import { tempDir } from '../../helpers/temp';
import { REPO_ROOT } from '../../helpers/web-app';

/** Where the Electron binary is, or why the window cannot be opened here. */
function findElectron(): { exe?: string; why?: string } {
  const pathFile = join(REPO_ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return { why: 'the Electron binary is not installed (it cannot be downloaded on this machine)' };
  const exe = join(REPO_ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(exe)) return { why: `${exe} is missing` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { why: 'there is no display (run under xvfb-run)' };
  if (typeof process.getuid === 'function' && process.getuid() === 0) return { why: 'the tests run as root and the desktop app refuses to start as root (main/app/main.ts)' };
  if (!existsSync(join(REPO_ROOT, 'out', 'main', 'app.cjs'))) return { why: 'the app is not built (node scripts/build.mjs)' };
  return { exe };
}

const electron = findElectron();
if (!electron.exe) console.warn(`[electron-smoke] SKIPPED: ${electron.why}.`);

let home: { path: string; remove: () => Promise<void> } | undefined;
beforeAll(async () => {
  if (electron.exe) home = await tempDir('sitekit-electron-');
});
afterAll(async () => {
  await home?.remove();
});

describe('desktop app', () => {
  const title = 'opens the hardened window: the renderer from disk under its CSP, no Node in the page, only the frozen window.sitekit (which answers), no new windows';
  it.skipIf(!electron.exe)(`${title}${electron.exe ? '' : ` — skipped: ${electron.why}`}`, async () => {
    // The app's data (userData = $XDG_CONFIG_HOME/Sitekit) goes into a folder of this test.
    const app = await _electron.launch({ executablePath: electron.exe!, args: [REPO_ROOT], env: { ...process.env, XDG_CONFIG_HOME: home!.path, HOME: home!.path } });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(await page.title()).toBe('Sitekit');
      expect(page.url()).toBe(pathToFileURL(join(REPO_ROOT, 'out', 'renderer', 'index.html')).href);

      const world = await page.evaluate(async () => {
        const g = globalThis as Record<string, unknown>;
        const api = g.sitekit as { site: { list: (r: object) => Promise<{ ok: boolean }> } } | undefined;
        const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
        const popup = window.open('https://example.invalid/');
        return {
          require: typeof g.require,
          process: typeof g.process,
          sitekit: typeof api,
          frozen: Object.isFrozen(api),
          listAnswers: (await api?.site.list({}))?.ok,
          popupRefused: popup === null,
          cspScripts: /script-src 'self'(;|$)/.test(csp),
        };
      });
      expect(world).toEqual({ require: 'undefined', process: 'undefined', sitekit: 'object', frozen: true, listAnswers: true, popupRefused: true, cspScripts: true });
      // window.open made no second window.
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    } finally {
      await app.close();
    }
  });
});
