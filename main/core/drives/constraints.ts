/**
 * Which drives may be written, as small named rules and one aggregator (Etcher's drive-constraints.ts,
 * docs/FIELD-NOTES.md "Drive rules"). Rules return `{severity, code, params}`; the UI and the CLI turn them into
 * words.
 */
import type { DriveFinding, WriteConfirmation } from './types';

/** Etcher's LARGE_DRIVE_SIZE: above this a drive is more likely a backup disk than a stick. */
export const LARGE_DRIVE_BYTES = 128e9;

/** What the rules look at: a drive as enumerated, plus what lsblk says about the system it holds. */
export interface DriveFacts {
  readonly size: number | null;
  readonly isVirtual: boolean;
  readonly isReadOnly: boolean;
  readonly isUSB: boolean;
  readonly isRemovable: boolean;
  readonly mountpoints: readonly string[];
  /** Why the drive holds the running system (mounts of /, /boot, swap, LVM/LUKS/md members); empty if not. */
  readonly systemReasons: readonly string[];
}

export const ruleSystem = (d: DriveFacts): DriveFinding | undefined =>
  d.systemReasons.length ? { severity: 'error', code: 'system', params: { reasons: d.systemReasons.join(', ') } } : undefined;

export const ruleVirtual = (d: DriveFacts): DriveFinding | undefined =>
  d.isVirtual ? { severity: 'error', code: 'virtual', params: {} } : undefined;

export const ruleNoSize = (d: DriveFacts): DriveFinding | undefined =>
  d.size === null || d.size <= 0 ? { severity: 'error', code: 'no-size', params: {} } : undefined;

export const ruleReadOnly = (d: DriveFacts): DriveFinding | undefined =>
  d.isReadOnly ? { severity: 'error', code: 'read-only', params: {} } : undefined;

export const ruleTooSmall = (d: DriveFacts, imageSize?: number): DriveFinding | undefined =>
  imageSize !== undefined && d.size !== null && d.size < imageSize
    ? { severity: 'error', code: 'too-small', params: { size: d.size, imageSize } }
    : undefined;

export const ruleLarge = (d: DriveFacts): DriveFinding | undefined =>
  d.size !== null && d.size > LARGE_DRIVE_BYTES ? { severity: 'confirm', code: 'large', params: { size: d.size } } : undefined;

export const ruleNotUsb = (d: DriveFacts): DriveFinding | undefined =>
  !d.isUSB ? { severity: 'confirm', code: 'not-usb', params: {} } : undefined;

/** Mounted volumes of a stick are unmounted before writing; a system disk is refused instead, so no note. */
export const ruleMounted = (d: DriveFacts): DriveFinding | undefined =>
  d.mountpoints.length && d.systemReasons.length === 0 ? { severity: 'info', code: 'mounted', params: { mountpoints: d.mountpoints.join(', ') } } : undefined;

/** Every rule's finding for one drive; `imageSize` enables the too-small rule. */
export function driveFindings(d: DriveFacts, imageSize?: number): DriveFinding[] {
  return [ruleSystem(d), ruleVirtual(d), ruleNoSize(d), ruleReadOnly(d), ruleTooSmall(d, imageSize), ruleLarge(d), ruleNotUsb(d), ruleMounted(d)].filter(
    (f): f is DriveFinding => f !== undefined,
  );
}

/**
 * The last gate before a device is opened: the same rules as the drive list, on facts read again right now,
 * plus the technician's confirmations checked against them. Resolves with the findings that stop the write
 * (empty: it may go ahead). Errors of the list stop it; a drive that needs typed confirmation stops unless the
 * typed name equals its confirmation name; mounted filesystems stop it unless unmounting was confirmed.
 */
export function gateFindings(d: DriveFacts, imageSize: number, device: string, confirm: WriteConfirmation = {}): DriveFinding[] {
  const findings = driveFindings(d, imageSize);
  const out = findings.filter((f) => f.severity === 'error');
  const toConfirm = findings.filter((f) => f.severity === 'confirm');
  const name = confirmationName(device);
  if (toConfirm.length && (confirm.typedNames?.[device] ?? '').trim() !== name)
    out.push({ severity: 'error', code: 'not-confirmed', params: { name, reasons: toConfirm.map((f) => f.code).join(', ') } });
  const mounted = findings.find((f) => f.code === 'mounted');
  if (mounted && !confirm.unmount) out.push({ severity: 'error', code: 'unmount-not-confirmed', params: { mountpoints: mounted.params.mountpoints ?? '' } });
  return out;
}

/** True when a finding hides the drive from the list altogether (it is never a target). */
export const hidesDrive = (f: DriveFinding): boolean => f.code === 'system' || f.code === 'virtual' || f.code === 'no-size' || f.code === 'not-listed';

/** Who enumerates the drives Sitekit may offer: drivelist, or (tests, demos) the loop devices named in SITEKIT_LOOP_DRIVES. */
export type DriveLister = 'drivelist' | 'SITEKIT_LOOP_DRIVES';

/**
 * A block device the operating system has but the drive list does not report, so it is never offered
 * (issue 28: `media drives --all` says why instead of leaving it out). `type` is lsblk's (loop, rom, disk…).
 */
export const ruleNotListed = (type: string, by: DriveLister, backFile?: string): DriveFinding => ({
  severity: 'error',
  code: 'not-listed',
  params: { type, by, ...(backFile ? { backFile } : {}) },
});

/** Whether a drive is offered as a target, from its findings. */
export type OfferStatus = 'offered' | 'offered-after-confirmation' | 'listed-not-writable' | 'not-offered';

export function offerStatus(findings: readonly DriveFinding[]): OfferStatus {
  if (findings.some(hidesDrive)) return 'not-offered';
  if (findings.some((f) => f.severity === 'error')) return 'listed-not-writable';
  if (findings.some((f) => f.severity === 'confirm')) return 'offered-after-confirmation';
  return 'offered';
}

/** The verdict line of a drive, for the CLI's `media drives`: offered or not, and the deciding reasons' codes. */
export function describeOffer(findings: readonly DriveFinding[]): string {
  switch (offerStatus(findings)) {
    case 'offered':
      return 'offered';
    case 'offered-after-confirmation':
      return 'offered once you confirm it by typing its name';
    case 'listed-not-writable':
      return 'listed, but cannot be written';
    case 'not-offered':
      return 'not offered';
  }
}

/** Mountpoints that mean "this disk runs the computer" (docs/FIELD-NOTES.md "System-drive detection", rpi-imager's list). */
export const SYSTEM_MOUNTS: readonly string[] = ['/', '/boot', '/boot/efi', '/efi', '/usr', '/var', '/home', '[SWAP]'];

/** Filesystem signatures of members of a bigger volume that may hold the system. */
export const MEMBER_FSTYPES: readonly string[] = ['LVM2_member', 'crypto_LUKS', 'linux_raid_member', 'swap', 'zfs_member', 'bcache'];

/** The node shape `systemReasons` needs (lsblk's tree). */
export interface TreeNode {
  readonly path: string;
  readonly type: string;
  readonly fstype: string | null;
  readonly mountpoints: readonly string[];
  readonly children: readonly TreeNode[];
}

/** Why a disk counts as a system disk: one reason per offending node, e.g. "/dev/sda2 mounted at /boot". */
export function systemReasons(disk: TreeNode): string[] {
  const reasons: string[] = [];
  const visit = (n: TreeNode): void => {
    for (const mp of n.mountpoints) {
      if (SYSTEM_MOUNTS.includes(mp) || mp.startsWith('/snap/')) reasons.push(mp === '[SWAP]' ? `${n.path} is swap` : `${n.path} mounted at ${mp}`);
    }
    if (n.fstype && MEMBER_FSTYPES.includes(n.fstype) && !n.mountpoints.includes('[SWAP]')) reasons.push(`${n.path} is a ${n.fstype} member`);
    if (n !== disk && (n.type === 'lvm' || n.type === 'crypt' || n.type.startsWith('raid') || n.type === 'md'))
      reasons.push(`${n.path} is a ${n.type} volume`);
    n.children.forEach(visit);
  };
  visit(disk);
  return [...new Set(reasons)];
}

/** A human size, decimal like drive makers print it: 32.0 GB. */
export function driveSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** The name the technician types to confirm a drive that is not obviously a USB stick: its device's last segment. */
export function confirmationName(device: string): string {
  return device.split(/[\\/]/).pop() ?? device;
}

/** One sentence per finding, shared by the CLI and the UI. */
export function describeDriveFinding(f: DriveFinding): string {
  switch (f.code) {
    case 'system':
      return `This drive holds the running system (${f.params.reasons}); Sitekit will not write to it.`;
    case 'virtual':
      return 'This is a virtual drive, not a stick.';
    case 'no-size':
      return 'The drive reports no size (card reader without a card?).';
    case 'read-only':
      return 'The drive is read-only: slide its lock switch to unlocked, or use another stick.';
    case 'too-small':
      return `The drive (${driveSize(Number(f.params.size))}) is smaller than the image (${driveSize(Number(f.params.imageSize))}).`;
    case 'large':
      return `The drive is unusually large (${driveSize(Number(f.params.size))}) for a boot stick: make sure it holds nothing you need.`;
    case 'not-usb':
      return 'The drive is not connected by USB: make sure it is not one of this computer\'s own disks.';
    case 'mounted':
      return `Its volumes (${f.params.mountpoints}) are mounted; they are unmounted before writing once you confirm it.`;
    case 'not-confirmed':
      return `This drive needs your confirmation (${String(f.params.reasons).replace('not-usb', 'not on USB').replace('large', 'unusually large')}): type "${f.params.name}" to confirm that it may be erased.`;
    case 'unmount-not-confirmed':
      return `Its volumes (${f.params.mountpoints}) are mounted: confirm that Sitekit may unmount them (close any files open on them first).`;
    case 'not-listed':
      if (f.params.by === 'SITEKIT_LOOP_DRIVES') return 'Not one of the loop devices named in SITEKIT_LOOP_DRIVES, which replace the drive list in this session.';
      if (f.params.type === 'loop')
        return `A loop device${f.params.backFile ? ` (backed by ${f.params.backFile})` : ''}: the drive list Sitekit uses (drivelist, as Etcher) leaves loop devices out, so it is never offered. Write to it by its path (sitekit media write --target DEVICE), or write an image file instead.`;
      if (f.params.type === 'rom') return 'An optical drive, not a stick.';
      return `The drive list (drivelist) does not report this ${f.params.type} device, so Sitekit does not offer it.`;
  }
}
