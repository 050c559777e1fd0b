/**
 * Drives, write targets and per-stick outcomes: the shapes shared by the drive list, the block writer, the
 * IPC contract, the CLI and the Media step. Pure types, importable everywhere.
 */
import type { AppError } from '../result';

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

/** A finding about a drive: a small rule's verdict, turned into words by the UI or CLI (STYLE.md §5). */
export interface DriveFinding {
  /** error: cannot be written; confirm: needs an explicit confirmation; info: shown only. */
  readonly severity: 'error' | 'confirm' | 'info';
  readonly code: 'system' | 'virtual' | 'read-only' | 'too-small' | 'large' | 'not-usb' | 'mounted' | 'no-size';
  readonly params: Readonly<Record<string, string | number>>;
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
  /** The image hash recorded in the manifest, and whether the raw bytes still give it. */
  readonly image: { readonly sha256: string; readonly size: number; readonly matches: boolean | null };
  readonly filesChecked: number;
  readonly modified: readonly AuditFileProblem[];
  readonly intact: boolean;
}

/** Reading a target back and comparing it with an image file. */
export interface VerifyOutcome {
  readonly target: string;
  readonly matches: boolean;
  readonly imageSha256: string;
  readonly targetSha256: string;
  readonly mismatchOffset?: number;
}
