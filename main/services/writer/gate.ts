/**
 * The writer's last gate: right before a device is opened, read its facts again (lsblk tree, sysfs, the
 * mount table) and apply the drive list's own rules to them (core/drives/constraints.ts `gateFindings`),
 * with the technician's confirmations. One set of rules and messages for the list, the CLI and the writer.
 */
import type { AppError } from '../../core/result';
import type { DriveFinding, WriteConfirmation } from '../../core/drives/types';
import { describeDriveFinding, gateFindings, systemReasons, type DriveFacts } from '../../core/drives/constraints';
import { lsblk, type BlockNode } from '../drives/lsblk';
import { deviceFacts, mountsOf } from './device';

/**
 * The facts the rules need, read now. Loop devices count as removable USB sticks, as the drive list offers
 * them (services/drives loopEnumerator): they are only ever targets in tests and demos.
 */
export async function freshDriveFacts(device: string): Promise<DriveFacts> {
  const [tree] = await lsblk([device]).catch(() => [] as BlockNode[]);
  const sys = await deviceFacts(device);
  const loop = /^\/dev\/loop\d+$/.test(device) || tree?.type === 'loop';
  const mounts = await mountsOf(device).catch(() => [] as string[]);
  return {
    size: sys.capacity > 0 ? sys.capacity : (tree?.size ?? null),
    isVirtual: false,
    isReadOnly: sys.readOnly || Boolean(tree?.ro),
    isUSB: loop || tree?.tran === 'usb' || Boolean(tree?.subsystems?.split(':').includes('usb')),
    isRemovable: loop || Boolean(tree?.rm || tree?.hotplug),
    mountpoints: mounts.filter((m) => m !== '[SWAP]'),
    systemReasons: tree ? systemReasons(tree) : [],
  };
}

/** The AppError for the findings that stop a write; the code says what kind of stop it is. */
export function gateError(device: string, findings: readonly DriveFinding[]): AppError {
  const first = findings[0]!;
  const code: AppError['code'] = first.code === 'read-only' ? 'read-only' : first.code === 'too-small' ? 'too-small' : 'rejected';
  const hint =
    first.code === 'not-confirmed'
      ? `Type ${first.params.name} to confirm in the app, or pass --yes to sitekit media write, then write again.`
      : first.code === 'unmount-not-confirmed'
        ? 'Confirm unmounting in the app, or pass --unmount to sitekit media write, then write again.'
        : first.code === 'read-only'
          ? "Slide the stick's lock switch to unlocked, or use another stick."
          : first.code === 'too-small'
            ? 'Use a larger stick.'
            : 'Pick a USB stick instead.';
  return {
    code,
    message: `${device}: ${findings.map(describeDriveFinding).join(' ')} Nothing was written.`,
    hint,
    kept: 'Nothing was written to the drive.',
    details: { findings },
  };
}

/** Applies the gate to `device` for an image of `imageSize` bytes; undefined when the write may go ahead. */
export async function lastGate(device: string, imageSize: number, confirm: WriteConfirmation | undefined): Promise<{ error?: AppError; facts: DriveFacts }> {
  const facts = await freshDriveFacts(device);
  const stops = gateFindings(facts, imageSize, device, confirm);
  return stops.length ? { error: gateError(device, stops), facts } : { facts };
}
