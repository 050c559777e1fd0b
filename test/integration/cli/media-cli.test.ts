/** `sitekit media write|verify|audit|drives` in-process, on loop devices and image files. */
import { lazyServices } from '../../helpers/cli-io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { open } from 'node:fs/promises';
import { runCli } from '../../../main/cli/index';
import { createServices } from '../../../main/services/index';
import type { CliIO } from '../../../main/cli/types';
import { LoopSet, partitionedImage, partitionTable, sameBytes, sparseFile } from '../../helpers/loop';
import { tempDir } from '../../helpers/temp';

const MiB = 1 << 20;
const loops = new LoopSet();
let dir: { path: string; remove: () => Promise<void> };
let image: string;

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    env: { ...process.env, ...env },
    cwd: dir.path,
    tty: false,
    readSecret: () => Promise.reject(new Error('no terminal')),
    ...lazyServices(),
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

beforeAll(async () => {
  dir = await tempDir('sitekit-media-cli-');
  image = await partitionedImage(join(dir.path, 'stick.img'), 48 * MiB, 'dos');
});
afterEach(() => loops.detachAll());
afterAll(async () => {
  await loops.detachAll();
  await dir.remove();
});

describe('sitekit media', () => {
  it('writes a device with --yes, prints progress on stderr and the verified result on stdout', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'a.raw'), 64 * MiB));
    const r = await run(['media', 'write', '--image', 'stick.img', '--target', dev, '--yes'], { SITEKIT_LOOP_DRIVES: dev });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`${dev}: written and verified, 50.3 MB, SHA-256 [0-9a-f]{64}`));
    expect(r.out).toContain('safe to remove');
    expect(r.err).toMatch(/writing +\[#+\.*\] +100%/);
    expect(r.err).toMatch(/verifying/);
    expect(await sameBytes(image, dev, 48 * MiB)).toBe(true);
  });

  it('shows the real rate of writing and of verifying, not 0 B/s (issue 27)', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'rate.raw'), 64 * MiB));
    const r = await run(['media', 'write', '--image', 'stick.img', '--target', dev, '--yes'], { SITEKIT_LOOP_DRIVES: dev });
    expect(r.code, r.err).toBe(0);
    for (const phase of ['writing', 'verifying']) {
      const done = r.err.split('\n').find((l) => l.startsWith(phase) && l.includes('100%'));
      // "… 50.3 MB/50.3 MB 312.4 MB/s 0s left": the bytes done over the time the phase took.
      const rate = /(\d+(?:\.\d)?) ([KMGT]?B)\/s/.exec(done ?? '');
      expect(rate, `${phase} line: ${done}`).not.toBeNull();
      expect(Number(rate![1]), `${phase} line: ${done}`).toBeGreaterThan(0);
    }
  });

  it('verify shows the rate too', async () => {
    expect((await run(['media', 'write', '--image', 'stick.img', '--target', 'rate.img', '--yes'])).code).toBe(0);
    const r = await run(['media', 'verify', '--image', 'stick.img', '--target', 'rate.img']);
    expect(r.code, r.err).toBe(0);
    const done = r.err.split('\n').find((l) => l.startsWith('verifying') && l.includes('100%'));
    expect(Number(/(\d+(?:\.\d)?) [KMGT]?B\/s/.exec(done ?? '')?.[1] ?? 0), done).toBeGreaterThan(0);
  });

  it('will not write a device without confirmation when there is no terminal to ask on', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'b.raw'), 64 * MiB));
    const r = await run(['media', 'write', '--image', 'stick.img', '--target', dev]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--yes');
    expect(await partitionTable(dev)).toBeUndefined();
  });

  it('refuses a system disk before asking anything', async () => {
    const r = await run(['media', 'drives', '--all']);
    expect(r.code).toBe(0);
    const root = r.out.split('\n').find((l) => /system/.test(l));
    expect(root).toMatch(/error: This drive holds the running system/);
  });

  it('writes two targets in one run: a device and an image file', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'c.raw'), 64 * MiB));
    const r = await run(['media', 'write', '--image', 'stick.img', '--target', dev, '--target', 'copy.img', '--yes']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.match(/written and verified/g)).toHaveLength(2);
    expect(r.err).toMatch(/^\[1\] /m);
    expect(r.err).toMatch(/^\[2\] /m);
    expect(await sameBytes(image, join(dir.path, 'copy.img'), 48 * MiB)).toBe(true);
  });

  it('verify says identical, then names the first differing byte', async () => {
    const w = await run(['media', 'write', '--image', 'stick.img', '--target', 'v.img', '--yes']);
    expect(w.code, w.err).toBe(0);
    const same = await run(['media', 'verify', '--image', 'stick.img', '--target', 'v.img']);
    expect(same.code).toBe(0);
    // Real progress from the one meter (through media:verify), not a bar with speed 0 and no ETA.
    const last = same.err.trim().split('\n').filter((l) => l.startsWith('verifying')).at(-1) ?? '';
    expect(last).toMatch(/^verifying \[#{30}\] 100% 50\.3 MB\/50\.3 MB \d+(\.\d)? [KMG]?B\/s/);
    expect(last).not.toMatch(/ 0 B\/s/);
    const fh = await open(join(dir.path, 'v.img'), 'r+');
    await fh.write(Buffer.from([0x42]), 0, 1, 3 * MiB + 7);
    await fh.close();
    const r = await run(['media', 'verify', '--image', 'stick.img', '--target', 'v.img']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`first difference at byte ${3 * MiB + 7}`);
  });

  it('audit explains that a plain disk image is not a Sitekit stick (exit 3)', async () => {
    const r = await run(['media', 'audit', '--target', 'stick.img']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/FAT32/);
  });

  it('routes `media build --help` to the boot-bundle builder', async () => {
    const r = await run(['media', 'build', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--iso/);
  });
});

describe('media drives --all', () => {
  it('lists every block device with whether it is offered and why: a loop device drivelist leaves out is there (issue 28)', async () => {
    const file = await sparseFile(join(dir.path, 'drives-all.raw'), 64 * MiB);
    const dev = await loops.attach(file);
    const plain = await run(['media', 'drives']);
    expect(plain.code).toBe(0);
    expect(plain.out).not.toContain(dev);
    const all = await run(['media', 'drives', '--all']);
    expect(all.code).toBe(0);
    const [head, verdict, why] = all.out.slice(all.out.indexOf(`${dev} `)).split('\n');
    expect(head).toContain(`Loop device (${file})`);
    expect(verdict).toBe('  → not offered');
    expect(why).toBe(`  error: A loop device (backed by ${file}): the drive list Sitekit uses (drivelist, as Etcher) leaves loop devices out, so it is never offered. Write to it by its path (sitekit media write --target DEVICE), or write an image file instead.`);
    const json = JSON.parse((await run(['media', 'drives', '--all', '--json'])).out) as { drives: { identity: { device: string }; offer: string; findings: { code: string }[] }[] };
    const entry = json.drives.find((d) => d.identity.device === dev);
    expect(entry?.offer).toBe('not-offered');
    expect(entry?.findings[0]?.code).toBe('not-listed');
  });
});

describe('sitekit media on Windows and macOS (issue 24 item 13): services built for that platform, no fs mocked', () => {
  const runOn = async (platform: string, args: string[]) => {
    let out = '';
    let err = '';
    const io: CliIO = {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      env: process.env,
      cwd: dir.path,
      tty: false,
      readSecret: () => Promise.reject(new Error('no terminal')),
      ...lazyServices(() => createServices({ dataDir: join(dir.path, `data-${platform}`), platform })),
    };
    const code = await runCli(args, io);
    return { code, out, err };
  };

  it('media drives says plainly that sticks are Linux-only here and how to get a stick anyway', async () => {
    const r = await runOn('win32', ['media', 'drives', '--all']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Writing and reading back USB sticks works on Linux only in this version of Sitekit');
    expect(r.out).toContain('this computer runs Windows, so no sticks are listed. Write an image file instead');
    expect(r.out).toContain('next: build the stick image as a file (sitekit media build SITE --iso ISO --out stick.img)');
    const json = JSON.parse((await runOn('darwin', ['media', 'drives', '--json'])).out);
    expect(json).toMatchObject({ drives: [], canWriteDevices: false, platform: { os: 'darwin', sticks: false } });
  });

  it('media write to a device path refuses before touching it and names the image-file way; an image file target is written', async () => {
    const refused = await runOn('win32', ['media', 'write', '--image', 'stick.img', '--target', '\\\\.\\PhysicalDrive1', '--yes']);
    expect(refused.code).toBe(4);
    expect(refused.err).toContain('error: \\\\.\\PhysicalDrive1 was not written. Writing and reading back USB sticks works on Linux only');
    expect(refused.err).toContain('next: give an image file as --target');
    const file = await runOn('darwin', ['media', 'write', '--image', 'stick.img', '--target', 'mac-copy.img']);
    expect(file.code, file.err).toBe(0);
    expect(await sameBytes(image, join(dir.path, 'mac-copy.img'), 48 * MiB)).toBe(true);
  });
});
