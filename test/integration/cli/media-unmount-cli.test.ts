/**
 * `sitekit media write` on a stick with a mounted filesystem (issue 17): `--yes` alone is not enough — it
 * says what is mounted and writes nothing; with `--unmount` it unmounts, writes and says what it unmounted.
 */
import { lazyServices } from '../../helpers/cli-io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { runCli } from '../../../main/cli/index';
import type { CliIO } from '../../../main/cli/types';
import { LoopSet, partitionedImage, sameBytes, sh, sparseFile } from '../../helpers/loop';
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
  return { code: await runCli(args, io), out, err };
}

beforeAll(async () => {
  dir = await tempDir('sitekit-unmount-cli-');
  image = await partitionedImage(join(dir.path, 'stick.img'), 32 * MiB, 'dos');
});
afterEach(async () => {
  await sh('umount', [join(dir.path, 'mnt')]).catch(() => undefined);
  await loops.detachAll();
});
afterAll(async () => {
  await loops.detachAll();
  await dir.remove();
});

describe('sitekit media write on a mounted stick', () => {
  it('--yes alone lists the mounts and writes nothing (exit 2); --unmount unmounts, writes and says so', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'm.raw'), 64 * MiB));
    await sh('mkfs.ext4', ['-q', '-F', dev]);
    const mnt = join(dir.path, 'mnt');
    await mkdir(mnt, { recursive: true });
    await sh('mount', [dev, mnt]);
    await writeFile(join(mnt, 'PHOTO.TXT'), 'holiday');
    const refused = await run(['media', 'write', '--image', 'stick.img', '--target', dev, '--yes'], { SITEKIT_LOOP_DRIVES: dev });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(mnt);
    expect(refused.err).toContain('--unmount');
    expect(await readFile(join(mnt, 'PHOTO.TXT'), 'utf8')).toBe('holiday');
    const done = await run(['media', 'write', '--image', 'stick.img', '--target', dev, '--yes', '--unmount'], { SITEKIT_LOOP_DRIVES: dev });
    expect(done.code, done.err).toBe(0);
    expect(done.out).toContain(`${dev}: unmounted ${mnt} before writing`);
    expect(done.out).toMatch(/written and verified/);
    expect(await sameBytes(image, dev, 32 * MiB)).toBe(true);
  }, 120_000);
});
