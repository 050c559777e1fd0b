/**
 * The report's PDF in the desktop app: Electron's own printToPDF on a hidden, sandboxed window with
 * JavaScript off and no preload, loaded from a data: URL of the self-contained report HTML. Every
 * network request from that window is cancelled by the session rules (security.ts).
 */
import { BrowserWindow } from 'electron';
import type { PdfOptions } from '../services/report/pdf';

export async function printHtmlToPdf(html: string, options: PdfOptions): Promise<Uint8Array> {
  const win = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, spellcheck: false, disableBlinkFeatures: 'Auxclick' },
  });
  try {
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    const pdf = await win.webContents.printToPDF({ pageSize: options.paper, printBackground: true, preferCSSPageSize: false });
    return new Uint8Array(pdf);
  } finally {
    win.destroy();
  }
}
