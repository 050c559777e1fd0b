/**
 * Drives, write targets and per-stick outcomes: the shapes shared by the drive list, the block writer, the
 * IPC contract, the CLI and the Media step. Pure types, importable everywhere.
 */
import type { AppError } from '../result';
import type { StickManifest } from '../media/manifest';

/** A drive's stable identity, recorded when the technician picks it and re-checked right before opening. */
export interface DriveIdentity {
  /** Kernel device path, e.g. /dev/sdb. */
  readonly device: string;
  readonly size: number;
  readonly model: string | null;
  /** Serial number or WWN; for loop devices the backing file's device and inode. */
  readonly serial: string | null;
  /** /dev/disk/by-id path when udev provides one. */
  readonly byId: string | null;
}

/**
 * A finding about a drive: a small rule's verdict, turned into words by the UI or CLI
 * (docs/CONVENTIONS.md § Rules return codes, words live in messages).
 */
export interface DriveFinding {
  /** error: cannot be written; confirm: needs an explicit confirmation; info: shown only. */
  readonly severity: 'error' | 'confirm' | 'info';
  readonly code: 'system' | 'virtual' | 'read-only' | 'too-small' | 'large' | 'not-usb' | 'mounted' | 'no-size' | 'not-confirmed' | 'unmount-not-confirmed' | 'not-listed';
  readonly params: Readonly<Record<string, string | number>>;
}

/**
 * Whether this computer can write and read back sticks. Sitekit's stick I/O is Linux's (sysfs identity, lsblk,
 * O_DIRECT writes and read-back): on Windows and macOS the drive list is empty and says why, and image files are
 * the target (issue 24 item 13). Part of every drive-list answer, so the UI and the CLI say the same.
 */
export interface StickPlatform {
  /** Node's platform name: linux, win32, darwin, … */
  readonly os: string;
  /** True where sticks can be listed, written and read back (Linux); elsewhere only image files. */
  readonly sticks: boolean;
}

/** One entry of the drive list. */
export interface DriveInfo {
  readonly identity: DriveIdentity;
  /** "SanDisk Ultra (USB, 32.0 GB)" material: vendor + model, or the label. */
  readonly description: string;
  readonly bus: string;
  readonly isUSB: boolean;
  readonly isRemovable: boolean;
  readonly isReadOnly: boolean;
  readonly mountpoints: readonly string[];
  readonly findings: readonly DriveFinding[];
  /** True when the technician must type the drive's name to confirm (not obviously a USB stick, or large). */
  readonly needsTypedConfirmation: boolean;
}

/** Where an image goes: a pinned drive, or an image file. */
export type WriteTarget =
  | { readonly kind: 'device'; readonly identity: DriveIdentity }
  | { readonly kind: 'file'; readonly path: string };

/**
 * What the technician confirmed for a write, checked by main at the last gate (never trusted as a flag):
 * the name typed for each drive that needs typed confirmation, and consent to unmount mounted filesystems.
 */
export interface WriteConfirmation {
  /** Device path → what the technician typed; must equal the drive's confirmation name. */
  readonly typedNames?: Readonly<Record<string, string>>;
  /** The listed mounted filesystems of the targets may be unmounted. */
  readonly unmount?: boolean;
}

/** Phases of one stick's job, in order. */
export type WritePhase = 'checking' | 'unmounting' | 'writing' | 'verifying' | 'flushing' | 'ejecting' | 'done';

/** The outcome of writing one stick. Write, verification and eject are reported separately. */
export interface StickOutcome {
  readonly target: string;
  readonly written: boolean;
  readonly verified: boolean;
  readonly bytes: number;
  /** SHA-256 of the bytes written (the image as streamed). */
  readonly imageSha256?: string;
  readonly writeSeconds?: number;
  readonly verifySeconds?: number;
  /** done: powered off / ejected; skipped: not applicable (image file, loop device, or not asked); failed: see message. */
  readonly eject: { readonly status: 'done' | 'failed' | 'skipped'; readonly message?: string };
  /** True when the stick can be pulled out now. */
  readonly safeToRemove: boolean;
  /** Set when writing or verification failed or was cancelled. */
  readonly error?: AppError;
  /** For a verification mismatch: the first differing byte. */
  readonly mismatchOffset?: number;
  /** Mountpoints Sitekit unmounted before writing (only with the technician's consent). */
  readonly unmounted?: readonly string[];
}

/** A file whose bytes on the stick differ from the manifest. */
export interface AuditFileProblem {
  readonly path: string;
  readonly problem: 'missing' | 'size' | 'content';
}

/** What `auditStick` found on a stick (or image file) written by Sitekit. */
export interface AuditReport {
  readonly target: string;
  readonly site: { readonly id: string; readonly name: string };
  readonly hosts: readonly string[];
  readonly iso: { readonly name: string; readonly sha256: string };
  readonly createdAt?: string;
  /**
   * `sha256`: the image SHA-256 computed from the bytes on the target (what `sha256sum` prints for the image
   * file); `sha256ManifestZeroed`: the manifest's own digest and whether the bytes still give it.
   */
  readonly image: { readonly sha256?: string; readonly size: number; readonly sha256ManifestZeroed: string; readonly matches: boolean | null };
  /** What the stick carries per host, from its manifest. */
  readonly carried?: NonNullable<StickManifest['carried']>;
  readonly sampleIso?: boolean;
  readonly filesChecked: number;
  readonly modified: readonly AuditFileProblem[];
  readonly intact: boolean;
}

/** An audit as the audit flow answers it: the report and where it was recorded (or why not). */
export interface AuditOutcome extends AuditReport {
  readonly recorded: { readonly siteId: string } | { readonly why: string };
}

/** Reading a target back and comparing it with an image file. */
export interface VerifyOutcome {
  readonly target: string;
  readonly matches: boolean;
  readonly imageSha256: string;
  readonly targetSha256: string;
  readonly mismatchOffset?: number;
}
