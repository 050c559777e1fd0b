/**
 * Choosing files without typing paths (issue 18). The desktop app answers `files:pick` with the operating
 * system's own dialog (main/app/dialogs.ts); browser mode has no such dialog, so the renderer shows a small
 * chooser fed by `files:list`. Both are bound by the same path rules as the rest of the API.
 */
import { z } from 'zod';
import { channel } from '../define';

const FilePath = z.string().min(1).max(4096);

import { FileFilter } from '../../core/files';
import type { FileEntry, FileListing, FilePlace } from '../../core/files';

export { FileFilter };
export type { FileEntry, FileListing, FilePlace };

export const filesChannels = {
  /** Lists a folder for the browser-mode chooser; without `dir`, the most recent folder (or home). */
  'files:list': channel(z.object({ dir: FilePath.optional(), filter: FileFilter.default('any') }).strict())<FileListing>(),
  /** Remembers the folder of a picked file (recent folders, kept in the data folder next to the settings). */
  'files:remember': channel(z.object({ path: FilePath }).strict())<{ readonly recent: readonly string[] }>(),
  /**
   * The native file dialog (desktop app only; browser mode answers `unsupported` and the renderer shows its
   * chooser). `save` asks for a new file name (an image-file target); `path` is null when cancelled.
   */
  'files:pick': channel(
    z
      .object({
        filter: FileFilter.default('any'),
        save: z.boolean().default(false),
        title: z.string().max(200).optional(),
        defaultPath: FilePath.optional(),
      })
      .strict(),
  )<{ readonly path: string | null }>(),
};
