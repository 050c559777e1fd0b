/**
 * The desktop app's answer to `files:pick`: the operating system's own open/save dialog, attached to the
 * Sitekit window. The path comes from the person at the dialog, never from the page; the page only says
 * what kind of file it wants.
 */
import { dialog, type BrowserWindow, type FileFilter as ElectronFilter } from 'electron';
import { ok } from '../core/result';
import type { Handler } from '../ipc/dispatch';
import type { FileFilter } from '../ipc/channels/files';

const FILTERS: Record<FileFilter, ElectronFilter[]> = {
  iso: [{ name: 'Installer ISO', extensions: ['iso', 'ISO'] }, { name: 'All files', extensions: ['*'] }],
  image: [{ name: 'Disk image', extensions: ['img'] }, { name: 'All files', extensions: ['*'] }],
  folder: [],
  any: [{ name: 'All files', extensions: ['*'] }],
};

/**
 * A `files:pick` handler bound to the window the dialogs belong to. `onChosen` hears every path picked, so the
 * path policy can allow what the person chose in the dialog (path-policy.ts `choose`).
 */
export function nativePick(window: () => BrowserWindow | undefined, onChosen: (path: string) => Promise<void> = async () => undefined): Handler<'files:pick'> {
  return async ({ filter, save, title, defaultPath }) => {
    const win = window();
    const common = { title, defaultPath, filters: FILTERS[filter] };
    let path: string | null;
    if (save) {
      const r = win ? await dialog.showSaveDialog(win, common) : await dialog.showSaveDialog(common);
      path = r.canceled || !r.filePath ? null : r.filePath;
    } else {
      const properties: ('openFile' | 'openDirectory')[] = [filter === 'folder' ? 'openDirectory' : 'openFile'];
      const r = win ? await dialog.showOpenDialog(win, { ...common, properties }) : await dialog.showOpenDialog({ ...common, properties });
      path = r.canceled ? null : (r.filePaths[0] ?? null);
    }
    if (path) await onChosen(path);
    return ok({ path });
  };
}
