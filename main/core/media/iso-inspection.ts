import type { MediaFinding } from './findings';
import type { InstallerContents } from './drivers';

/** What inspecting an ISO finds (services/iso/inspect.ts), as the ISO step and the CLI show it. */
export interface IsoInspectionView {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly volumeId: string;
  /** Which names the reader used: Rock Ridge, Joliet, or plain ISO 9660. */
  readonly nameSource: 'rock-ridge' | 'joliet' | 'iso9660';
  readonly fileCount: number;
  readonly build?: string;
  readonly title?: string;
  readonly modules: number;
  readonly findings: readonly MediaFinding[];
  readonly isInstaller: boolean;
  /**
   * What the installer carries, from its image database (IMGDB.TGZ) and BOOT.CFG `modules=`: release, build,
   * profile, VIBs (name, version, vendor, acceptance, payloads). `readable: false` + `reason` when it could not be
   * read (show "unknown", never "fine"); `sample: true` for Sitekit's sample ISO (never a green tick).
   */
  readonly contents: InstallerContents;
}
