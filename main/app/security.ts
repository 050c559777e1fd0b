/**
 * Every security decision of the desktop window, in one file (STYLE.md §3), each explained where made.
 * Checked by Electronegativity in npm test.
 */
import { app, session, type WebContents, type WebFrameMain } from 'electron';
import { pathToFileURL } from 'node:url';

/** The only origin the UI is loaded from: the packaged renderer folder on disk. */
export function rendererRootUrl(rendererDir: string): string {
  return pathToFileURL(rendererDir + '/').href;
}

/*
 * The window's webPreferences are written out in main.ts (so scanners see them). Why each is set:
 * - contextIsolation: the page and the preload live in separate JavaScript worlds; the page sees only
 *   window.sitekit, never Electron or Node objects.
 * - sandbox: the renderer process runs in Chromium's OS sandbox; the preload is one bundled file for that.
 * - nodeIntegration (and in workers/subframes) off: no Node in any page.
 * - webSecurity on, no insecure content, no experimental features, no <webview>.
 * - navigateOnDragDrop off: dropping a file never replaces the app with that file.
 * - disableBlinkFeatures Auxclick: a middle click cannot open a link in a new window.
 */

/** True when an IPC message comes from our own top-level page, not an iframe or a navigated page. */
export function isTrustedSender(frame: WebFrameMain | null, rendererDir: string): boolean {
  if (!frame || frame.parent !== null) return false;
  return frame.url.startsWith(rendererRootUrl(rendererDir));
}

/** Locks a window's web contents: no navigation, no new windows, no permission grants. */
export function lockWebContents(contents: WebContents, rendererDir: string): void {
  const root = rendererRootUrl(rendererDir);
  // The UI never navigates: a link or a drop that tries to leave the renderer folder is stopped.
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(root)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  // No popups or new windows, ever; external links are not opened either (no shell.openExternal).
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Session-wide rules: deny every permission request (camera, geolocation, notifications…). */
export function lockSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // The app loads no remote content; any request that is not to a local file is cancelled.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith('file://') || details.url.startsWith('devtools://') || details.url.startsWith('data:');
    callback({ cancel: !allowed });
  });
}

/** Applies the process-wide switches before the app is ready. */
export function hardenProcess(): void {
  app.enableSandbox();
}
