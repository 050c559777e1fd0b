/**
 * The Media step's pure model: which stick each host goes to, whether the technician may start, what each
 * stick's progress and result say. Kept apart from the component so it is unit-tested (STYLE.md §7).
 */
import type { DriveInfo, StickOutcome, WriteTarget } from '../../../main/core/drives/types';
import { confirmationName, describeDriveFinding, driveSize } from '../../../main/core/drives/constraints';

/** Where one host's stick goes: a drive (by device) or an image file. */
export type TargetChoice = { readonly kind: 'drive'; readonly device: string } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'none' };

export interface MediaDraft {
  readonly iso: string;
  readonly isoSha256?: string;
  readonly password: string;
  /** One entry per host that gets a stick. */
  readonly targets: Readonly<Record<string, TargetChoice>>;
  /** What the technician typed to confirm drives that are not obviously USB sticks, by device. */
  readonly typed: Readonly<Record<string, string>>;
}

/** A drive's label in the picker: "/dev/sdb — SanDisk Ultra, 32.0 GB, USB". */
export function driveLabel(d: DriveInfo): string {
  return `${d.identity.device} — ${d.description}, ${driveSize(d.identity.size)}, ${d.bus}`;
}

/** Findings that stop a drive from being used. */
export const blockingFindings = (d: DriveInfo) => d.findings.filter((f) => f.severity === 'error');

/** Why the write cannot start yet; empty when it can. */
export function startProblems(draft: MediaDraft, drives: readonly DriveInfo[], canWriteDevices: boolean): string[] {
  const problems: string[] = [];
  if (!draft.iso.trim()) problems.push('Choose the installer ISO.');
  if (!draft.password) problems.push('Enter the root password for the hosts.');
  const chosen = Object.entries(draft.targets).filter(([, t]) => t.kind !== 'none');
  if (chosen.length === 0) problems.push('Choose a stick or an image file for at least one host.');
  const devices = new Set<string>();
  for (const [host, t] of chosen) {
    if (t.kind === 'file' && !t.path.trim()) problems.push(`Enter the image file path for ${host}.`);
    if (t.kind !== 'drive') continue;
    if (devices.has(t.device)) problems.push(`${t.device} is chosen for two hosts: one stick per host.`);
    devices.add(t.device);
    const d = drives.find((x) => x.identity.device === t.device);
    if (!d) {
      problems.push(`${t.device} is no longer plugged in: choose again.`);
      continue;
    }
    if (!canWriteDevices) problems.push(`Writing to ${t.device} needs administrator rights (use the desktop app or sudo), or choose an image file.`);
    for (const f of blockingFindings(d)) problems.push(`${t.device}: ${describeDriveFinding(f)}`);
    if (d.needsTypedConfirmation && (draft.typed[t.device] ?? '').trim() !== confirmationName(t.device))
      problems.push(`Type "${confirmationName(t.device)}" to confirm that ${t.device} may be erased.`);
  }
  return problems;
}

/** The write target for a choice, pinned by the drive's identity as listed. */
export function toWriteTarget(choice: TargetChoice, drives: readonly DriveInfo[]): WriteTarget | undefined {
  if (choice.kind === 'file') return { kind: 'file', path: choice.path.trim() };
  if (choice.kind === 'drive') {
    const d = drives.find((x) => x.identity.device === choice.device);
    return d ? { kind: 'device', identity: d.identity } : undefined;
  }
  return undefined;
}

/** The sentence under a finished stick. */
export function outcomeText(o: StickOutcome): { readonly tone: 'ok' | 'warn' | 'error'; readonly text: string } {
  if (!o.verified) return { tone: 'error', text: o.error?.message ?? 'Writing failed.' };
  if (o.eject.status === 'failed') return { tone: 'warn', text: o.eject.message ?? 'Written and verified; eject failed.' };
  if (!/^(\/dev\/|\\\\\.\\)/.test(o.target)) return { tone: 'ok', text: 'Written and verified.' };
  return { tone: 'ok', text: o.eject.status === 'done' ? 'Written, verified and ejected. Safe to remove.' : 'Written and verified. Safe to remove.' };
}

const PHASE_TEXT: Record<string, string> = {
  checking: 'Checking the stick',
  unmounting: 'Unmounting',
  writing: 'Writing',
  verifying: 'Reading back and verifying',
  flushing: 'Flushing',
  ejecting: 'Ejecting',
  done: 'Done',
  building: 'Building the image',
  hashing: 'Hashing',
};

/** "Writing — 41% — 23.4 MB/s — 12 s left". */
export function progressText(p: { phase: string; bytes: number; total: number; speed: number; eta: number }): string {
  const pct = p.total > 0 ? Math.floor((100 * p.bytes) / p.total) : 0;
  const parts = [PHASE_TEXT[p.phase] ?? p.phase, `${pct}%`];
  if (p.speed > 0) parts.push(`${(p.speed / 1e6).toFixed(1)} MB/s`);
  if (p.eta >= 0 && p.bytes < p.total) parts.push(`${Math.ceil(p.eta)} s left`);
  return parts.join(' — ');
}

/** A default image path for a host: <imageDir>/<site>-<host>.img. */
export const defaultImagePath = (imageDir: string, siteId: string, host: string) => `${imageDir.replace(/[\\/]+$/, '')}/${siteId}-${host}.img`;
