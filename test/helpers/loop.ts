/**
 * Real block devices for writer tests: loop devices with direct I/O over sparse files
 * (docs/FIELD-NOTES.md "Loop devices and direct I/O"). Every device attached through a `LoopSet` is detached by
 * `detachAll()`, which tests call in afterEach/afterAll so none is left behind, also when a test fails.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { open, truncate } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

export const sh = promisify(execFile);

export class LoopSet {
  private readonly devices = new Set<string>();

  /** Attaches `file` (direct I/O on; read-only with `readOnly`), resolving with /dev/loopN. */
  async attach(file: string, options: { readOnly?: boolean; device?: string } = {}): Promise<string> {
    const args = ['--direct-io=on', ...(options.readOnly ? ['-r'] : [])];
    const { stdout } = options.device
      ? await sh('losetup', [...args, options.device, file]).then(() => ({ stdout: options.device! }))
      : await sh('losetup', [...args, '-f', '--show', file]);
    const dev = stdout.trim();
    this.devices.add(dev);
    return dev;
  }

  /** Detaches one device (waits a little if the kernel still holds it). */
  async detach(dev: string): Promise<void> {
    for (let i = 0; i < 20; i++) {
      try {
        await sh('losetup', ['-d', dev]);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    this.devices.delete(dev);
  }

  async detachAll(): Promise<void> {
    for (const d of [...this.devices]) {
      await sh('swapoff', [d]).catch(() => undefined);
      await this.detach(d);
    }
  }
}

/** A sparse file of `bytes`. */
export async function sparseFile(path: string, bytes: number): Promise<string> {
  await (await open(path, 'w')).close();
  await truncate(path, bytes);
  return path;
}

/**
 * A disk image of `bytes` with a real partition table made by sfdisk (MBR type 0x0C, or GPT) and random
 * bytes after the first MiB, so a verification that skipped anything would notice.
 */
export async function partitionedImage(path: string, bytes: number, label: 'dos' | 'gpt' = 'dos'): Promise<string> {
  const fh = await open(path, 'w');
  const chunk = 4 << 20;
  for (let pos = 1 << 20; pos < bytes; pos += chunk) await fh.write(randomBytes(Math.min(chunk, bytes - pos)), 0, Math.min(chunk, bytes - pos), pos);
  await fh.truncate(bytes);
  await fh.close();
  const script = label === 'dos' ? 'label: dos\nstart=2048, type=c\n' : 'label: gpt\nstart=2048, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B\n';
  await new Promise<void>((resolve, reject) => {
    const p = execFile('sfdisk', ['--no-reread', '--no-tell-kernel', '-q', path], (e) => (e ? reject(e) : resolve()));
    p.stdin!.end(script);
  });
  return path;
}

/** Exit status and output of a tool that exits non-zero on purpose (nothing found); any other failure throws. */
async function probe(tool: string, args: readonly string[], nothingFound: { readonly status: number; readonly stderr?: RegExp }): Promise<string | undefined> {
  try {
    // C locale: the "nothing found" message below is matched in English.
    const { stdout } = await sh(tool, [...args], { env: { ...process.env, LC_ALL: 'C' } });
    return stdout;
  } catch (e) {
    const x = e as { code?: number | string; stderr?: string };
    if (x.code === nothingFound.status && (!nothingFound.stderr || nothingFound.stderr.test(x.stderr ?? ''))) return undefined;
    // A missing tool (ENOENT), a device it cannot open, any other error: the check cannot be made, so it fails
    // rather than reading as "no partition table" or "not mounted".
    throw new Error(`${tool} ${args.join(' ')} failed (${String(x.code)}): ${(x.stderr ?? String(e)).trim()}`);
  }
}

/**
 * `sfdisk -d` of a device or file: its partition table as text, or undefined when sfdisk says there is none.
 * Any other sfdisk failure (sfdisk missing, the device gone) throws, so "no partition table" is never
 * concluded from a tool that did not run.
 */
export const partitionTable = (path: string): Promise<string | undefined> =>
  probe('sfdisk', ['-d', path], { status: 1, stderr: /does not contain a recognized partition table/ });

/** `blkid -p -o export`: what libblkid finds on the device (PTTYPE, TYPE…), or undefined when it finds nothing (exit 2). */
export const blkidProbe = (path: string): Promise<string | undefined> => probe('blkid', ['-p', '-o', 'export', path], { status: 2 });

/** The device mounted at `dir` (`findmnt -n -o SOURCE`), or undefined when nothing is mounted there (exit 1). */
export const mountedSource = async (dir: string): Promise<string | undefined> => (await probe('findmnt', ['-n', '-o', 'SOURCE', dir], { status: 1 }))?.trim();

/** True when `cmp` finds the first `bytes` of both equal, false when they differ (exit 1); cmp's own trouble throws. */
export const sameBytes = async (a: string, b: string, bytes: number): Promise<boolean> => (await probe('cmp', ['-n', String(bytes), a, b], { status: 1 })) !== undefined;
