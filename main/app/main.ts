/**
 * The Electron shell: one hardened window, the contract bound to ipcMain, the app menu. Everything else is
 * in services; nothing below main/app imports electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, shell, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { createFileLogger } from '../services/logger';
import { EncryptedFileSecretStore, MemorySecretStore, type SecretStore } from '../services/secrets';
import { pdfRendererFrom } from '../services/report/pdf';
import { printHtmlToPdf } from './print-pdf';
import { elevatedWriter } from './elevate';
import { SITEKIT_VERSION } from '../services/version';
import { createRuntime } from '../runtime/runtime';
import { PathPolicy } from '../services/path-policy';
import { channelNames, type EventName, type PayloadOf } from '../ipc/contract';
import type { HandlerContext } from '../ipc/dispatch';
import { err } from '../core/result';
import { hardenProcess, isTrustedSender, lockSession, lockWebContents } from './security';
import { loadWindowState, saveWindowState } from './window-state';
import { nativePick } from './dialogs';

const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, '..', 'preload', 'preload.cjs');

// The UI never runs as root: raw-disk work goes through the short-lived privileged writer instead.
if (process.platform !== 'win32' && typeof process.getuid === 'function' && process.getuid() === 0) {
  process.stderr.write('Sitekit must not be started as root. Start it as your normal user; it asks for permission only to write a stick.\n');
  app.exit(1);
}

hardenProcess();
if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | undefined;
let disposeServices: (() => void) | undefined;

async function createWindow(): Promise<void> {
  const dataDir = app.getPath('userData');
  const logger = createFileLogger({ dir: app.getPath('logs') });
  // Git credentials are sealed with the OS keychain (safeStorage); without one they live in memory only.
  const secrets: SecretStore = safeStorage.isEncryptionAvailable()
    ? new EncryptedFileSecretStore(join(dataDir, 'secrets.json'), {
        encrypt: (plain) => new Uint8Array(safeStorage.encryptString(plain)),
        decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed)),
      })
    : new MemorySecretStore();
  // Raw-disk writes run in a short-lived writer started through the OS's elevation prompt (elevate.ts).
  const privilegedWriter = elevatedWriter({ childScript: join(__dirname, 'writer-child.mjs'), name: 'Sitekit' });
  // The same composition root as browser mode and the CLI (Settings' workspace folder included). The file
  // dialog is the OS's own in the desktop app (browser mode has Sitekit's chooser instead).
  // A file or folder picked in the OS dialog becomes an allowed place for this session (path-policy.ts): the
  // person at the dialog chose it. Bound once the policy exists, below.
  let chosen: (path: string) => Promise<void> = async () => undefined;
  const runtime = await createRuntime({ dataDir, logger, version: SITEKIT_VERSION, secrets, privilegedWriter, transport: 'electron', handlerOverrides: { 'files:pick': nativePick(() => mainWindow, (p) => chosen(p)) } });
  for (const notice of runtime.notices) logger.warn('start notice', { notice });
  const services = runtime.services;
  // The report's PDF comes from Electron's own printToPDF, not a separate Chromium.
  services.report.setPdfRenderer(pdfRendererFrom('electron-printToPDF', printHtmlToPdf));
  disposeServices = () => runtime.dispose();
  // The renderer names local paths only within the same rules as in browser mode (services/path-policy.ts).
  const paths = new PathPolicy({ workspace: services.workspace.root, dataDir });
  chosen = (p) => paths.choose(p);

  const emit: HandlerContext['emit'] = <E extends EventName>(event: E, payload: PayloadOf<E>) => {
    mainWindow?.webContents.send(event, payload);
  };
  const ctx: HandlerContext = { emit, transport: 'electron', paths };
  for (const name of channelNames) {
    ipcMain.handle(name, async (event, request: unknown) => {
      // Only our own top-level page may call the main side.
      if (!isTrustedSender(event.senderFrame, rendererDir)) return err('unauthorized', 'Request from an untrusted frame refused.');
      return runtime.dispatch(name, request, ctx);
    });
  }

  lockSession();
  const state = await loadWindowState(dataDir);
  mainWindow = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Sitekit',
    backgroundColor: '#14171b',
    // Every choice below is explained in security.ts; written out here so scanners see it (Electronegativity).
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
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
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) mainWindow.maximize();
  lockWebContents(mainWindow.webContents, rendererDir);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('close', () => {
    if (!mainWindow) return;
    const b = mainWindow.getNormalBounds();
    void saveWindowState(dataDir, { ...b, maximized: mainWindow.isMaximized() });
  });
  Menu.setApplicationMenu(buildMenu(app.getPath('logs')));
  await mainWindow.loadFile(join(rendererDir, 'index.html'));
  logger.info('desktop app started', { version: SITEKIT_VERSION });
}

function buildMenu(logsDir: string): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        // Opens a fixed local folder we created; never a path that came from the page.
        { label: 'Open logs folder', click: () => void shell.openPath(logsDir) },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    {
      role: 'help',
      submenu: [
        {
          label: 'About Sitekit',
          click: () => void dialog.showMessageBox({ type: 'info', title: 'About Sitekit', message: `Sitekit ${SITEKIT_VERSION}`, detail: 'Offline field tool for VMware Edge Compute Stack sites.' }),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => disposeServices?.());
app.whenReady().then(createWindow, (e: unknown) => {
  dialog.showErrorBox('Sitekit could not start', String(e));
  app.exit(1);
});
