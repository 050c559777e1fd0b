/** Real-tool oracles for stick images: sfdisk, fsck.vfat, mtools, 7-Zip, qemu + OVMF. */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { run } from './esxi-iso';

export const MTOOLS_ENV = { ...process.env, MTOOLS_SKIP_CHECK: '1', MTOOLS_NO_VFAT: '0' };

/** `sfdisk -J` of an image: label and partitions. */
export async function sfdiskJson(img: string): Promise<{ label: string; partitions: { start: number; size: number; type: string; bootable?: boolean }[] }> {
  const { stdout } = await run('sfdisk', ['-J', img]);
  return JSON.parse(stdout).partitiontable;
}

/** Copies `length` bytes at `offset` of `img` to `out` (fsck.vfat wants the bare partition). */
export async function extractRange(img: string, offset: number, length: number, out: string): Promise<void> {
  await pipeline(createReadStream(img, { start: offset, end: offset + length - 1 }), createWriteStream(out));
}

/** `fsck.vfat -n` on a partition image: exit code and output. */
export async function fsckVfat(part: string): Promise<{ code: number; output: string }> {
  return run('fsck.vfat', ['-n', part]).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );
}

/** Copies the whole FAT volume at `offset` out with mcopy. */
export async function mcopyAll(img: string, offset: number, out: string): Promise<void> {
  await run('mcopy', ['-s', '-n', '-p', '-i', `${img}@@${offset}`, '::/*', out], { env: MTOOLS_ENV, maxBuffer: 16 * 2 ** 20 });
}

/** `mtype` of one file on the volume. */
export async function mtype(img: string, offset: number, path: string): Promise<string> {
  const { stdout } = await run('mtype', ['-i', `${img}@@${offset}`, `::${path}`], { env: MTOOLS_ENV, maxBuffer: 64 * 2 ** 20 });
  return stdout;
}

/** Lists files under a folder as '/A/B' paths. */
export async function listTree(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else out.push('/' + relative(root, join(d, e.name)));
    }
  };
  await walk(root);
  return out.sort();
}

export async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

/** Firmware for the UEFI boot test, or undefined when OVMF is not installed. */
export async function ovmfCode(): Promise<string | undefined> {
  for (const p of ['/usr/share/OVMF/OVMF_CODE_4M.fd', '/usr/share/OVMF/OVMF_CODE.fd']) if (await exists(p)) return p;
  return undefined;
}

/**
 * Boots `img` as a USB stick (qemu-xhci + usb-storage) under OVMF and returns the serial console output.
 * The GRUB fixture powers the VM off when done; `timeoutMs` kills it otherwise.
 */
export async function bootUsbStick(img: string, vars: string, code: string, timeoutMs = 90_000): Promise<string> {
  const args = [
    '-machine', 'q35', '-m', '256', '-nographic', '-no-reboot', '-net', 'none', '-monitor', 'none', '-display', 'none',
    '-drive', `if=pflash,format=raw,readonly=on,file=${code}`,
    '-drive', `if=pflash,format=raw,file=${vars}`,
    '-drive', `if=none,id=stick,format=raw,readonly=on,file=${img}`,
    '-device', 'qemu-xhci', '-device', 'usb-storage,drive=stick',
    '-serial', 'stdio',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('latin1')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** Serial output without ANSI escapes, GRUB's CR markers and all whitespace (the console wraps at 100 columns). */
export const squash = (s: string): string =>
  s
    .replace(/\x1b\[[0-9;=?]*[A-Za-z]/g, '')
    .replace(/<d>/g, '')
    .replace(/\s+/g, '');
