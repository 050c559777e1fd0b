/**
 * The Linux block-device tree from `lsblk --json`, plus loop-device backing files from `losetup --json`.
 *
 * drivelist also runs lsblk, but keeps only the first level of children and one mountpoint each; deciding
 * whether a disk holds the running system needs the whole tree (LVM, LUKS and md members, swap, nested
 * mounts), so we ask lsblk ourselves.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One node of lsblk's tree (only the columns we ask for). */
export interface BlockNode {
  readonly name: string;
  readonly kname: string;
  readonly path: string;
  readonly type: string;
  readonly size: number | null;
  readonly ro: boolean;
  readonly rm: boolean;
  readonly hotplug: boolean;
  readonly tran: string | null;
  readonly model: string | null;
  readonly vendor: string | null;
  readonly serial: string | null;
  readonly wwn: string | null;
  readonly fstype: string | null;
  readonly label: string | null;
  readonly mountpoints: readonly string[];
  readonly subsystems: string | null;
  readonly children: readonly BlockNode[];
}

const COLUMNS = 'NAME,KNAME,PATH,TYPE,SIZE,RO,RM,HOTPLUG,TRAN,MODEL,VENDOR,SERIAL,WWN,FSTYPE,LABEL,MOUNTPOINTS,SUBSYSTEMS';

const bool = (v: unknown): boolean => v === true || v === 1 || v === '1';
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Normalises one raw lsblk JSON record (column types differ between util-linux versions). */
export function toBlockNode(raw: Record<string, unknown>): BlockNode {
  const mps = Array.isArray(raw.mountpoints) ? raw.mountpoints : raw.mountpoint !== undefined ? [raw.mountpoint] : [];
  const size = typeof raw.size === 'number' ? raw.size : typeof raw.size === 'string' && raw.size !== '' ? Number(raw.size) : null;
  return {
    name: String(raw.name ?? ''),
    kname: String(raw.kname ?? raw.name ?? ''),
    path: String(raw.path ?? raw.name ?? ''),
    type: String(raw.type ?? ''),
    size,
    ro: bool(raw.ro),
    rm: bool(raw.rm),
    hotplug: bool(raw.hotplug),
    tran: str(raw.tran),
    model: str(raw.model),
    vendor: str(raw.vendor),
    serial: str(raw.serial),
    wwn: str(raw.wwn),
    fstype: str(raw.fstype),
    label: str(raw.label),
    mountpoints: mps.filter((m): m is string => typeof m === 'string' && m !== ''),
    subsystems: str(raw.subsystems),
    children: Array.isArray(raw.children) ? raw.children.map((c) => toBlockNode(c as Record<string, unknown>)) : [],
  };
}

/** Runs lsblk on all devices, or on the given ones. Devices that do not exist make lsblk fail: an error. */
export async function lsblk(devices: readonly string[] = []): Promise<BlockNode[]> {
  const { stdout } = await run('lsblk', ['--json', '--bytes', '--paths', '--output', COLUMNS, ...devices], { maxBuffer: 16 << 20 });
  const parsed = JSON.parse(stdout) as { blockdevices?: Record<string, unknown>[] };
  return (parsed.blockdevices ?? []).map(toBlockNode);
}

/** What losetup says about a loop device's backing file; undefined for other devices. */
export interface LoopInfo {
  readonly backFile: string;
  readonly backIno: number;
  readonly backDev: string;
  readonly ro: boolean;
  readonly dio: boolean;
}

export async function loopInfo(device: string): Promise<LoopInfo | undefined> {
  if (!/^\/dev\/loop\d+$/.test(device)) return undefined;
  try {
    const { stdout } = await run('losetup', ['--json', '--list', '--output', 'NAME,BACK-FILE,BACK-INO,BACK-MAJ:MIN,RO,DIO', device]);
    const rec = (JSON.parse(stdout) as { loopdevices?: Record<string, unknown>[] }).loopdevices?.[0];
    if (!rec) return undefined;
    return {
      backFile: String(rec['back-file'] ?? ''),
      backIno: Number(rec['back-ino'] ?? 0),
      backDev: String(rec['back-maj:min'] ?? '').trim(),
      ro: bool(rec.ro),
      dio: bool(rec.dio),
    };
  } catch {
    return undefined;
  }
}

/** Every node of a tree, depth first. */
export function* walk(node: BlockNode): Generator<BlockNode> {
  yield node;
  for (const c of node.children) yield* walk(c);
}
