/**
 * Reads a block device's identity now, and compares it with a pinned one
 * (docs/FIELD-NOTES.md "Device identity pinning": Etcher #4353 wrote to the wrong drive after a retry). The writer
 * calls `checkIdentity` immediately before it opens the device and again right after, so a stick swapped under the
 * same /dev name is refused.
 */
import { readdir, readlink, realpath } from 'node:fs/promises';
import { join, resolve, dirname } from 'node:path';
import { err, ok, type Result } from '../../core/result';
import type { DriveIdentity } from '../../core/drives/types';
import { loopInfo, lsblk } from './lsblk';

const BY_ID = '/dev/disk/by-id';

/** The /dev/disk/by-id link of a whole disk (preferring usb-/ata- names over wwn-), or null without udev. */
async function byIdPath(device: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(BY_ID);
  } catch {
    return null;
  }
  const real = await realpath(device).catch(() => device);
  const hits: string[] = [];
  for (const n of names) {
    if (/-part\d+$/.test(n)) continue;
    const target = await readlink(join(BY_ID, n)).catch(() => null);
    if (target && resolve(dirname(join(BY_ID, n)), target) === real) hits.push(join(BY_ID, n));
  }
  hits.sort((a, b) => Number(a.includes('/wwn-')) - Number(b.includes('/wwn-')) || a.localeCompare(b));
  return hits[0] ?? null;
}

/** Reads the identity of `device` as the system sees it right now. */
export async function readIdentity(device: string): Promise<Result<DriveIdentity>> {
  let node;
  try {
    [node] = await lsblk([device]);
  } catch {
    return err('not-found', `${device} is not there any more.`, { hint: 'Plug the stick in again and pick it from the list.' });
  }
  if (!node) return err('not-found', `${device} is not there any more.`, { hint: 'Plug the stick in again and pick it from the list.' });
  const loop = await loopInfo(node.path);
  const model = loop ? `loop device on ${loop.backFile}` : [node.vendor, node.model].filter(Boolean).join(' ') || null;
  const serial = loop ? `loop:${loop.backDev}:${loop.backIno}` : node.serial ?? node.wwn;
  return ok({ device: node.path, size: node.size ?? 0, model, serial, byId: await byIdPath(node.path) });
}

/** Which fields of the identity changed, empty when it is the same drive. */
export function identityDifferences(pinned: DriveIdentity, now: DriveIdentity): string[] {
  const diffs: string[] = [];
  if (pinned.size !== now.size) diffs.push(`size ${pinned.size} → ${now.size}`);
  if (pinned.serial !== now.serial) diffs.push(`serial ${pinned.serial ?? 'none'} → ${now.serial ?? 'none'}`);
  if (pinned.model !== now.model) diffs.push(`model ${pinned.model ?? 'none'} → ${now.model ?? 'none'}`);
  if (pinned.byId !== now.byId) diffs.push(`by-id ${pinned.byId ?? 'none'} → ${now.byId ?? 'none'}`);
  return diffs;
}

/** Re-reads the identity of the pinned device and refuses if anything differs. */
export async function checkIdentity(pinned: DriveIdentity): Promise<Result<DriveIdentity>> {
  // Follow the by-id link when there is one: it names the stick itself, not the slot it was plugged into.
  const device = pinned.byId ? await realpath(pinned.byId).catch(() => pinned.device) : pinned.device;
  const now = await readIdentity(device);
  if (!now.ok) return now;
  const diffs = identityDifferences(pinned, now.value);
  if (device !== pinned.device) diffs.unshift(`device ${pinned.device} → ${device}`);
  if (diffs.length)
    return err('identity-changed', `The drive at ${pinned.device} is not the one you picked (${diffs.join('; ')}). Nothing was written.`, {
      hint: 'Pick the stick again from the refreshed list, then start the write again.',
      kept: 'Every drive is untouched.',
      details: { pinned, now: now.value },
    });
  return ok(now.value);
}
