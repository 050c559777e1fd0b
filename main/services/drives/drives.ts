/**
 * The list of drives a technician may write to, and hot-plug by polling.
 *
 * Enumeration goes through an injectable `DriveEnumerator`. The default one asks drivelist (the same module Etcher
 * uses) and, on Linux, adds what lsblk's full tree says about system use, because drivelist's `isSystem` only
 * looks at bus flags (docs/FIELD-NOTES.md "System-drive detection"): a USB-booted laptop's own stick would be
 * offered. drivelist hides loop devices, so tests and the end-to-end run use `loopEnumerator` over chosen loop
 * devices, going through the same rules.
 */
import { EventEmitter } from 'node:events';
import type { DriveFinding, DriveInfo } from '../../core/drives/types';
import { driveFindings, hidesDrive, ruleNotListed, systemReasons, type DriveFacts, type DriveLister } from '../../core/drives/constraints';
import { stickPlatform } from '../../core/drives/describe';
import { err, ok, type Result } from '../../core/result';
import { lsblk, loopInfo, type BlockNode } from './lsblk';
import { readIdentity } from './identity';

/** What an enumerator reports per drive: drivelist's fields that the rules use. */
export interface EnumeratedDrive {
  readonly device: string;
  readonly description: string;
  readonly size: number | null;
  readonly busType: string;
  readonly isUSB: boolean | null;
  readonly isVirtual: boolean;
  readonly isRemovable: boolean;
  readonly isReadOnly: boolean;
  readonly isSystem: boolean;
  readonly mountpoints: readonly string[];
}

export type DriveEnumerator = () => Promise<EnumeratedDrive[]>;

interface DrivelistDrive {
  device: string;
  description: string;
  size: number | null;
  busType: string;
  isUSB: boolean | null;
  isVirtual: boolean;
  isRemovable: boolean;
  isReadOnly: boolean;
  isSystem: boolean;
  mountpoints: { path: string }[];
}

/** drivelist's `list()`, loaded lazily (it is a native module; the CLI's `--help` should not need it). */
export const drivelistEnumerator: DriveEnumerator = async () => {
  const mod = (await import('drivelist')) as unknown as { list?: () => Promise<DrivelistDrive[]>; default?: { list: () => Promise<DrivelistDrive[]> } };
  const drivelist = mod.default ?? (mod as { list: () => Promise<DrivelistDrive[]> });
  const drives = await drivelist.list();
  return drives.map((d) => ({
    device: d.device,
    description: d.description,
    size: d.size,
    busType: d.busType,
    isUSB: d.isUSB,
    isVirtual: d.isVirtual,
    isRemovable: d.isRemovable,
    isReadOnly: d.isReadOnly,
    isSystem: d.isSystem,
    mountpoints: d.mountpoints.map((m) => m.path),
  }));
};

/**
 * Loop devices presented as if they were USB sticks: for tests and the browser-mode demo only
 * (`SITEKIT_LOOP_DRIVES=/dev/loop3,/dev/loop4`). Pass `() => devices` to follow a changing set.
 */
export function loopEnumerator(devices: () => readonly string[]): DriveEnumerator {
  return async () => {
    const list = devices();
    if (list.length === 0) return [];
    const nodes = await lsblk(list).catch(() => [] as BlockNode[]);
    const out: EnumeratedDrive[] = [];
    for (const n of nodes) {
      const loop = await loopInfo(n.path);
      out.push({
        device: n.path,
        description: `Loop device (${loop?.backFile ?? 'detached'})`,
        size: n.size && n.size > 0 ? n.size : null,
        busType: 'USB',
        isUSB: true,
        isVirtual: false,
        isRemovable: true,
        isReadOnly: n.ro,
        isSystem: false,
        mountpoints: [...n.mountpoints, ...n.children.flatMap((c) => c.mountpoints)],
      });
    }
    return out;
  };
}

export interface DriveListOptions {
  readonly enumerator?: DriveEnumerator;
  /** The operating system (default: this process's). Only Linux lists sticks (core/drives/describe.ts stickPlatform). */
  readonly platform?: string;
  /** When given, drives smaller than this are flagged too small. */
  readonly imageSize?: number;
  /** Include hidden drives (system, virtual) with their findings, for "show hidden drives". */
  readonly includeHidden?: boolean;
  /**
   * Also every block device the enumerator does not report (a loop device drivelist leaves out, an optical
   * drive), each with a `not-listed` finding saying why it is not offered (`sitekit media drives --all`).
   * Implies `includeHidden`. Linux only (lsblk).
   */
  readonly explainUnlisted?: boolean;
  /** Who `enumerator` is, for those reasons (default drivelist). */
  readonly listedBy?: DriveLister;
  /**
   * Only this device (the CLI describing the one target it was given): the other drives' identities, one
   * lsblk and losetup run each, are not read.
   */
  readonly only?: string;
}

/** The facts the rules need, combining the enumerator's view with the lsblk tree (when there is one). */
export function driveFacts(d: EnumeratedDrive, tree: BlockNode | undefined): DriveFacts {
  const reasons = tree ? systemReasons(tree) : [];
  if (d.isSystem && !tree) reasons.push('reported as a system drive');
  const mounts = tree ? [...new Set([...tree.mountpoints, ...tree.children.flatMap(function all(c: BlockNode): string[] { return [...c.mountpoints, ...c.children.flatMap(all)]; })])] : [...d.mountpoints];
  return {
    size: d.size,
    isVirtual: d.isVirtual,
    isReadOnly: d.isReadOnly || Boolean(tree?.ro),
    isUSB: d.isUSB === true,
    isRemovable: d.isRemovable,
    mountpoints: mounts,
    systemReasons: d.isSystem && reasons.length === 0 ? ['not removable'] : reasons,
  };
}

/**
 * Lists drives with their findings; hidden ones (system, virtual) only with `includeHidden`. On a system where
 * sticks cannot be written (not Linux) the list is empty rather than a list of drives that fail when written.
 */
export async function listDrives(options: DriveListOptions = {}): Promise<Result<DriveInfo[]>> {
  const platform = options.platform ?? process.platform;
  if (!stickPlatform(platform).sticks) return ok([]);
  const only = options.only;
  const linux = platform === 'linux';
  // For one device, its lsblk tree and identity are read while the drives are enumerated.
  const early =
    only !== undefined
      ? { trees: linux ? lsblk([only]).catch(() => [] as BlockNode[]) : Promise.resolve([] as BlockNode[]), id: readIdentity(only) }
      : undefined;
  early?.id.catch(() => undefined); // awaited below when the device is listed
  let enumerated: EnumeratedDrive[];
  try {
    enumerated = await (options.enumerator ?? drivelistEnumerator)();
  } catch (e) {
    await early?.trees;
    return err('device-error', `Sitekit could not list the drives: ${(e as Error).message}`, { hint: 'Check that lsblk works, or write to an image file instead.' });
  }
  if (only !== undefined) enumerated = enumerated.filter((d) => d.device === only);
  const trees = early ? await early.trees : linux && (enumerated.length || options.explainUnlisted) ? await lsblk().catch(() => [] as BlockNode[]) : [];
  const out: DriveInfo[] = [];
  for (const d of enumerated) {
    const tree = trees.find((t) => t.path === d.device || t.kname === d.device);
    const facts = driveFacts(d, tree);
    const findings: DriveFinding[] = driveFindings(facts, options.imageSize);
    if (!options.includeHidden && !options.explainUnlisted && findings.some(hidesDrive)) continue;
    const id = early ? await early.id : await readIdentity(d.device);
    out.push({
      identity: id.ok ? id.value : { device: d.device, size: d.size ?? 0, model: null, serial: null, byId: null },
      description: d.description || tree?.model || d.device,
      bus: d.busType,
      isUSB: facts.isUSB,
      isRemovable: facts.isRemovable,
      isReadOnly: facts.isReadOnly,
      mountpoints: facts.mountpoints,
      findings,
      needsTypedConfirmation: findings.some((f) => f.severity === 'confirm'),
    });
  }
  if (options.explainUnlisted) out.push(...(await unlistedDevices(trees, enumerated, options.listedBy ?? 'drivelist')));
  return ok(out);
}

/** Every top-level block device lsblk shows that the enumerator did not, with why it is not offered. */
async function unlistedDevices(trees: readonly BlockNode[], enumerated: readonly EnumeratedDrive[], by: DriveLister): Promise<DriveInfo[]> {
  const listed = new Set(enumerated.map((d) => d.device));
  const out: DriveInfo[] = [];
  for (const node of trees) {
    if (listed.has(node.path) || listed.has(node.kname)) continue;
    const loop = node.type === 'loop' ? await loopInfo(node.path) : undefined;
    const facts = driveFacts({ device: node.path, description: '', size: node.size, busType: node.tran ?? '', isUSB: node.tran === 'usb', isVirtual: false, isRemovable: node.rm, isReadOnly: node.ro, isSystem: false, mountpoints: [] }, node);
    const id = await readIdentity(node.path);
    out.push({
      identity: id.ok ? id.value : { device: node.path, size: node.size ?? 0, model: node.model, serial: node.serial, byId: null },
      description: loop ? `Loop device (${loop.backFile || 'detached'})` : [node.vendor, node.model].filter(Boolean).join(' ') || node.path,
      bus: node.tran?.toUpperCase() ?? node.type,
      isUSB: facts.isUSB,
      isRemovable: facts.isRemovable,
      isReadOnly: facts.isReadOnly,
      mountpoints: facts.mountpoints,
      findings: [ruleNotListed(node.type, by, loop?.backFile || undefined), ...driveFindings(facts)],
      needsTypedConfirmation: false,
    });
  }
  return out;
}

/** A key that changes when a drive arrives, leaves, or changes size or mounts. */
const listKey = (drives: readonly DriveInfo[]): string =>
  drives
    .map((d) => `${d.identity.device}|${d.identity.serial}|${d.identity.size}|${d.mountpoints.join(',')}|${d.isReadOnly}`)
    .sort()
    .join('\n');

/**
 * Polls the drive list and emits `change` with the new list when it differs (hot-plug). Polling, as Etcher
 * does every second: udev is not available everywhere (not on these build machines), lsblk always is.
 */
export class DriveWatcher extends EventEmitter<{ change: [DriveInfo[]] }> {
  private timer: NodeJS.Timeout | undefined;
  private lastKey: string | undefined;
  private busy = false;
  last: DriveInfo[] = [];

  constructor(private readonly options: DriveListOptions & { readonly intervalMs?: number } = {}) {
    super();
  }

  /** Reads the list once now; emits `change` if it differs from the last one. */
  async poll(): Promise<DriveInfo[]> {
    if (this.busy) return this.last;
    this.busy = true;
    try {
      const r = await listDrives(this.options);
      if (r.ok) {
        const key = listKey(r.value);
        this.last = r.value;
        if (key !== this.lastKey) {
          this.lastKey = key;
          this.emit('change', r.value);
        }
      }
      return this.last;
    } finally {
      this.busy = false;
    }
  }

  start(): void {
    if (this.timer) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.options.intervalMs ?? 1500);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
