/**
 * The Boot media step's slice of the per-site store: what the technician chose and typed, and the last
 * run's result. Pure (a reducer plus the rules of what may be kept); the step's hook wires it to main.
 *
 * Kept across steps and reloads: the ISO, the checksum, which host, the targets, the last result.
 * Kept in memory only: the root password (and its confirmation). Never kept: confirmations (a typed drive
 * name, "unmount", the driver override) — they are given again for every run, on purpose.
 */
import type { StickOutcome } from '../../../main/core/drives/types';
import type { AppError } from '../../../main/core/result';

export type Scheme = 'mbr' | 'mbr-ef' | 'gpt';
/** All hosts on one stick (each picks its kickstart by MAC). */
export const ALL_HOSTS = '*';

/** What the last run produced, kept so the result is still there after looking at another step. */
export interface LastRun {
  readonly at: string;
  readonly scope: string;
  readonly build?: { readonly path: string; readonly size: number; readonly sha256: string; readonly isoSha256: string };
  readonly sticks: readonly StickOutcome[];
  /** Stick runs recorded in the site (the report's proof), or why none were. */
  readonly recorded?: { readonly runs: number; readonly why?: string };
  readonly error?: AppError;
}

export interface MediaState {
  readonly iso: string;
  /** The checksum the technician pasted to compare with. */
  readonly expected: string;
  /** The ISO's SHA-256 once computed, for the ISO path it was computed for. */
  readonly isoHash?: { readonly path: string; readonly sha256: string; readonly matches?: boolean };
  /** A host name, or ALL_HOSTS. */
  readonly scope: string;
  readonly scheme: Scheme;
  /** Chosen drives, by device path. */
  readonly devices: readonly string[];
  /** Write an image file as well as (or instead of) sticks. */
  readonly imageFile: { readonly enabled: boolean; readonly path: string };
  readonly typed: Readonly<Record<string, string>>;
  readonly unmount: boolean;
  readonly driverOverride: boolean;
  readonly password: string;
  readonly confirm: string;
  readonly last?: LastRun;
  readonly auditTarget: string;
}

export type MediaAction =
  | { readonly type: 'iso'; readonly path: string }
  | { readonly type: 'expected'; readonly text: string }
  | { readonly type: 'iso-hashed'; readonly path: string; readonly sha256: string; readonly matches?: boolean }
  | { readonly type: 'scope'; readonly scope: string }
  | { readonly type: 'scheme'; readonly scheme: Scheme }
  | { readonly type: 'device'; readonly device: string; readonly on: boolean }
  | { readonly type: 'image-file'; readonly enabled?: boolean; readonly path?: string }
  | { readonly type: 'typed'; readonly device: string; readonly text: string }
  | { readonly type: 'unmount'; readonly on: boolean }
  | { readonly type: 'driver-override'; readonly on: boolean }
  | { readonly type: 'password'; readonly password?: string; readonly confirm?: string }
  | { readonly type: 'finished'; readonly last: LastRun }
  | { readonly type: 'audit-target'; readonly path: string };

export function initialMedia(hosts: readonly string[]): MediaState {
  return {
    iso: '',
    expected: '',
    scope: hosts[0] ?? ALL_HOSTS,
    scheme: 'mbr',
    devices: [],
    imageFile: { enabled: false, path: '' },
    typed: {},
    unmount: false,
    driverOverride: false,
    password: '',
    confirm: '',
    auditTarget: '',
  };
}

export function mediaReducer(s: MediaState, a: MediaAction): MediaState {
  switch (a.type) {
    case 'iso':
      return a.path === s.iso ? s : { ...s, iso: a.path, isoHash: s.isoHash?.path === a.path.trim() ? s.isoHash : undefined, driverOverride: false };
    case 'expected':
      return { ...s, expected: a.text, isoHash: s.isoHash ? { path: s.isoHash.path, sha256: s.isoHash.sha256 } : undefined };
    case 'iso-hashed':
      return { ...s, isoHash: { path: a.path, sha256: a.sha256, ...(a.matches !== undefined ? { matches: a.matches } : {}) } };
    case 'scope':
      return { ...s, scope: a.scope, driverOverride: false };
    case 'scheme':
      return { ...s, scheme: a.scheme };
    case 'device': {
      const devices = a.on ? [...new Set([...s.devices, a.device])] : s.devices.filter((d) => d !== a.device);
      return { ...s, devices };
    }
    case 'image-file':
      return { ...s, imageFile: { enabled: a.enabled ?? s.imageFile.enabled, path: a.path ?? s.imageFile.path } };
    case 'typed':
      return { ...s, typed: { ...s.typed, [a.device]: a.text } };
    case 'unmount':
      return { ...s, unmount: a.on };
    case 'driver-override':
      return { ...s, driverOverride: a.on };
    case 'password':
      return { ...s, password: a.password ?? s.password, confirm: a.confirm ?? s.confirm };
    case 'finished':
      // A finished run used its confirmations; the next run asks again.
      return { ...s, last: a.last, typed: {}, unmount: false, driverOverride: false };
    case 'audit-target':
      return { ...s, auditTarget: a.path };
  }
}

/** The part of the state that may be written to storage: no password, no confirmations. */
export function storableMedia(s: MediaState): Partial<MediaState> {
  const { password: _p, confirm: _c, typed: _t, unmount: _u, driverOverride: _d, ...rest } = s;
  return rest;
}

/** Restores a stored slice over the initial state, taking only fields of the right type. */
export function restoreMedia(init: MediaState, raw: unknown): MediaState {
  if (!raw || typeof raw !== 'object') return init;
  const r = raw as Record<string, unknown>;
  const str = (k: string, d: string) => (typeof r[k] === 'string' ? (r[k] as string) : d);
  const img = r.imageFile && typeof r.imageFile === 'object' ? (r.imageFile as Record<string, unknown>) : {};
  return {
    ...init,
    iso: str('iso', init.iso),
    expected: str('expected', init.expected),
    isoHash: r.isoHash && typeof r.isoHash === 'object' && typeof (r.isoHash as { sha256?: unknown }).sha256 === 'string' ? (r.isoHash as MediaState['isoHash']) : undefined,
    scope: str('scope', init.scope),
    scheme: r.scheme === 'gpt' || r.scheme === 'mbr-ef' ? r.scheme : 'mbr',
    devices: Array.isArray(r.devices) ? r.devices.filter((d): d is string => typeof d === 'string') : [],
    imageFile: { enabled: img.enabled === true, path: typeof img.path === 'string' ? img.path : '' },
    last: r.last && typeof r.last === 'object' && Array.isArray((r.last as LastRun).sticks) ? (r.last as LastRun) : undefined,
    auditTarget: str('auditTarget', ''),
  };
}
