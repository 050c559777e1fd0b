/** What an installer ISO carries, as read from its image database (services/iso/imgdb.ts). */

/** One VIB the installer's image database lists (esximage descriptor `var/db/esximg/vibs/*.xml`). */
export interface InstallerVib {
  readonly name: string;
  readonly version: string;
  readonly vendor: string;
  /** esximage acceptance level: certified, accepted, partner, community. */
  readonly acceptance: string;
  /** Payload names (each is a module file on the ISO, listed on BOOT.CFG `modules=`). */
  readonly payloads: readonly string[];
  /** True when every boot payload is a module BOOT.CFG loads; false when one is not; absent when there are none. */
  readonly onBootModules?: boolean;
}

/** What an installer ISO carries, read from IMGDB.TGZ and BOOT.CFG (services/iso/imgdb.ts). */
export interface InstallerContents {
  /** False when the image database could not be read: then `reason` says why and nothing is assumed. */
  readonly readable: boolean;
  readonly reason?: string;
  /** Release as Sitekit names them (8.0U3), from BOOT.CFG `build=` or the profile name. */
  readonly release?: string;
  /** Build number, e.g. 24280767. */
  readonly build?: string;
  readonly profile?: { readonly name: string; readonly vendor?: string; readonly acceptance?: string };
  readonly vibs: readonly InstallerVib[];
  /** Module file names from BOOT.CFG `modules=` (lower case, without the leading slash). */
  readonly bootModules: readonly string[];
  /** The Sitekit sample ISO: never given a green tick anywhere. */
  readonly sample: boolean;
}
