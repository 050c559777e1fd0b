/**
 * Every security decision of the desktop window, in one file (STYLE.md §3), each explained where made.
 * Checked by Electronegativity in npm test.
 */
import { app, session, type BrowserWindowConstructorOptions, type WebContents, type WebFrameMain } from 'electron';
import { pathToFileURL } from 'node:url';

/** The only origin the UI is loaded from: the packaged renderer folder on disk. */
export function rendererRootUrl(rendererDir: string): string {
  return pathToFileURL(rendererDir + '/').href;
}

/** Hardened web preferences: isolated, sandboxed, no Node in the page, no webviews, no remote content. */
export function hardenedWebPreferences(preload: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload,
    // The page and the preload live in separate JavaScript worlds; the page sees only window.sitekit.
    contextIsolation: true,
    // The renderer process runs in Chromium's OS sandbox; the preload is one bundled file for that reason.
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

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
