/** The file chooser's shapes (issue 18): shared by the contract, the listing service and the renderer. */
import { z } from 'zod';

/** What the chooser shows: folders plus installer ISOs, image files, folders only, or everything. */
export const FileFilter = z.enum(['iso', 'image', 'folder', 'any']);
export type FileFilter = z.infer<typeof FileFilter>;

/** One row of a folder listing. */
export interface FileEntry {
  readonly name: string;
  readonly path: string;
  readonly kind: 'file' | 'folder' | 'other';
  /** Bytes, for files. */
  readonly size?: number;
  readonly modified?: string;
}

/** A place the chooser offers at the side: the home folder, the image folder, mounted media. */
export interface FilePlace {
  readonly label: string;
  readonly path: string;
}

export interface FileListing {
  /** The folder listed (absolute, resolved). */
  readonly dir: string;
  /** Its parent, absent at a root. */
  readonly parent?: string;
  /** Folders first, then files matching the filter; hidden (dot) files left out. */
  readonly entries: readonly FileEntry[];
  /** Entries the listing left out because there were too many. */
  readonly omitted: number;
  /** Folders files were recently picked from, newest first. */
  readonly recent: readonly string[];
  readonly places: readonly FilePlace[];
}

