/**
 * The Media step's pure model: may the technician start, what the password rules say as they type, which
 * write targets a run gets, what each stick's progress and result say. Kept apart from the components so it
 * is unit-tested (docs/CONVENTIONS.md § Wizard state is a reducer).
 */
import type { DriveInfo, StickOutcome, WriteTarget } from '../../../main/core/drives/types';
import { confirmationName, describeDriveFinding, driveSize } from '../../../main/core/drives/constraints';
import { checkRootPassword, PASSWORD_MAX, PASSWORD_MIN, type PasswordFinding } from '../../../main/core/media/password';
import type { MediaPreflight } from './media-job-api';
import type { MediaState } from './media-state';

/** A drive's label in the list: "/dev/sdb — SanDisk Ultra, 32.0 GB, USB". */
export function driveLabel(d: DriveInfo): string {
  return `${d.identity.device} — ${d.description}, ${driveSize(d.identity.size)}, ${d.bus}`;
}

/** Findings that stop a drive from being used. */
export const blockingFindings = (d: DriveInfo) => d.findings.filter((f) => f.severity === 'error');

/** One of ESXi's password rules as the technician types: met, broken, or not judged yet (empty field). */
export interface PasswordRule {
  readonly id: 'length' | 'charset' | 'classes' | 'sequence' | 'word' | 'match';
  readonly text: string;
  readonly state: 'ok' | 'bad' | 'pending';
}

const RULE_CODES: Record<Exclude<PasswordRule['id'], 'match'>, PasswordFinding['code']> = {
  length: 'password-length',
  charset: 'password-charset',
  classes: 'password-classes',
  sequence: 'password-sequence',
  word: 'password-word',
};

/**
 * ESXi's rules checked live with the build's own code (main/core/media/password.ts), plus the two entries
 * matching. Each rule reads as a sentence that is true when ticked.
 */
export function passwordRules(password: string, confirm: string): PasswordRule[] {
  const findings = checkRootPassword(password);
  const broken = (code: PasswordFinding['code']) => findings.find((f) => f.code === code);
  const text: Record<Exclude<PasswordRule['id'], 'match'>, string> = {
    length: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters`,
    charset: 'Letters, digits, spaces and printable symbols only (ASCII)',
    classes: 'At least 3 of: lower-case, upper-case, digits, symbols (a leading capital and a trailing digit do not count)',
    sequence: `No keyboard or alphabet run such as "qwerty" or "1234"${broken('password-sequence') ? ` (found "${broken('password-sequence')!.params.sequence}")` : ''}`,
    word: `Not built on an obvious word such as "password" or "vmware"${broken('password-word') ? ` (found "${broken('password-word')!.params.word}")` : ''}`,
  };
  const rules: PasswordRule[] = (Object.keys(RULE_CODES) as (keyof typeof RULE_CODES)[]).map((id) => ({
    id,
    text: text[id],
    state: password === '' ? 'pending' : broken(RULE_CODES[id]) ? 'bad' : 'ok',
  }));
  rules.push({ id: 'match', text: 'Both entries are the same', state: confirm === '' ? 'pending' : confirm === password ? 'ok' : 'bad' });
  return rules;
}

/** Hosts whose NIC driver is missing from the ISO (the run needs the explicit override). */
export const hostsMissingDriver = (p: MediaPreflight | undefined): string[] => (p?.hosts ?? []).filter((h) => h.driver?.blocking).map((h) => h.host);

/** Why the run cannot start yet; empty when it can. */
export function startProblems(m: MediaState, drives: readonly DriveInfo[], canWriteDevices: boolean, pre?: MediaPreflight): string[] {
  const problems: string[] = [];
  if (!m.iso.trim()) problems.push('Choose the installer ISO.');
  if (!m.password) problems.push('Enter the root password for the hosts.');
  else if (checkRootPassword(m.password).length > 0) problems.push('The root password does not meet ESXi\'s rules (see the list under it).');
  else if (m.confirm !== m.password) problems.push('Type the root password a second time, the same.');
  if (m.devices.length === 0 && !m.imageFile.enabled) problems.push('Choose a stick, or write an image file.');
  if (m.imageFile.enabled && !m.imageFile.path.trim()) problems.push('Choose where the image file goes.');
  for (const device of m.devices) {
    const d = drives.find((x) => x.identity.device === device);
    if (!d) {
      problems.push(`${device} is no longer plugged in: plug it in again or untick it.`);
      continue;
    }
    if (!canWriteDevices) problems.push(`Writing to ${device} needs administrator rights (use the desktop app or sudo), or write an image file.`);
    for (const f of blockingFindings(d)) problems.push(`${device}: ${describeDriveFinding(f)}`);
    if (d.needsTypedConfirmation && (m.typed[device] ?? '').trim() !== confirmationName(device)) problems.push(`Type "${confirmationName(device)}" to confirm that ${device} may be erased.`);
    if (d.mountpoints.length > 0 && !m.unmount) problems.push(`${device} has mounted file systems (${d.mountpoints.join(', ')}): confirm that Sitekit may unmount them.`);
  }
  const missing = hostsMissingDriver(pre);
  if (missing.length > 0 && !m.driverOverride) problems.push(`The ISO has no network driver for ${missing.join(', ')}: add it to the ISO, or tick the override to record it as an open item.`);
  // Other blocking reasons from main are listed as they are; driver reasons are covered by the override above.
  for (const b of pre?.blocking ?? []) if (!(missing.length > 0 && /driver/i.test(b))) problems.push(b);
  return problems;
}

/** The write targets of a run: the ticked drives, pinned by their identity as listed, and the image file. */
export function writeTargets(m: MediaState, drives: readonly DriveInfo[]): WriteTarget[] {
  const targets: WriteTarget[] = [];
  for (const device of m.devices) {
    const d = drives.find((x) => x.identity.device === device);
    if (d) targets.push({ kind: 'device', identity: d.identity });
  }
  if (m.imageFile.enabled && m.imageFile.path.trim()) targets.push({ kind: 'file', path: m.imageFile.path.trim() });
  return targets;
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
  planning: 'Planning the stick',
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

/** A default image-file path: <imageDir>/<site>-<host or all-hosts>.img. */
export const defaultImagePath = (imageDir: string, siteId: string, scope: string) => `${imageDir.replace(/[\\/]+$/, '')}/${siteId}-${scope === '*' ? 'all-hosts' : scope}.img`;

/**
 * The image path when the technician picks another "Stick for": a file named after another host of this site
 * (`<site>-esx01.img`, the default for an earlier choice) is renamed for the new choice, in the same folder; a
 * name the technician chose stays (issue 24, case 9: esx02's kickstart went into …-esx01.img).
 */
export function imagePathForScope(path: string, siteId: string, hosts: readonly string[], scope: string): string {
  const m = /^(.*[\\/])?([^\\/]+)$/.exec(path);
  if (!m) return path;
  const [, dir = '', name = ''] = m;
  const labels = [...hosts, 'all-hosts'];
  const named = labels.find((l) => name === `${siteId}-${l}.img`);
  if (!named) return path;
  const want = `${siteId}-${scope === '*' ? 'all-hosts' : scope}.img`;
  return name === want ? path : `${dir}${want}`;
}
