/**
 * Every security decision of the desktop window, in one file, each explained where made
 * (docs/CONVENTIONS.md § Security decisions in one place). Checked by Electronegativity in npm test.
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

/**
 * The one permission the UI gets: writing text to the clipboard (the Boot media step's "Copy script"). Writing
 * only: the page can never read the clipboard, so nothing the technician copied elsewhere reaches it.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Session-wide rules: deny every permission request (camera, geolocation, notifications…) but clipboard writes. */
export function lockSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
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
