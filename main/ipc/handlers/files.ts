/**
 * The file chooser's channels: folder listings and recent folders (services/files/folder-list.ts);
 * `files:pick` is answered by the desktop shell (main/app/dialogs.ts), browser mode has the chooser.
 */
import { err } from '../../core/result';
import type { filesChannels } from '../channels/files';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';
import { listFolder, rememberFolder } from '../../services/files/folder-list';

export function filesHandlers(s: Services): HandlersFor<keyof typeof filesChannels> {
  return {
    // The chooser applies the same path policy as reads and writes (ctx.paths: browser mode and desktop).
    'files:list': async ({ dir, filter }, ctx) => listFolder(s, dir, filter, ctx.paths),
    'files:remember': async ({ path }, ctx) => rememberFolder(s, path, ctx.paths),
    'files:pick': async () =>
      err('unsupported', 'The system file dialog is only available in the desktop app.', { hint: 'Browser mode shows Sitekit\'s own file chooser instead.' }),
  };
}
