/**
 * The writer's last gate on real loop devices (issue 17): the drive list's rules on fresh facts, with the
 * technician's confirmations checked by main — a mounted target is written only with `unmount` and the
 * outcome lists what was unmounted; a drive that needs typed confirmation is written only when the typed
 * name matches; a failed image-file write leaves nothing under the final name.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { LoopSet, partitionedImage, partitionTable, sameBytes, sh, sparseFile } from '../../../helpers/loop';
import { tempDir } from '../../../helpers/temp';
import { writeStick } from '../../../../main/services/writer/job';
import { freshDriveFacts } from '../../../../main/services/writer/gate';
import { openImageFile, type ImageSource } from '../../../../main/services/writer/image-source';
import { readIdentity } from '../../../../main/services/drives/identity';
import type { WriteTarget } from '../../../../main/core/drives/types';

const MiB = 1 << 20;
const IMAGE = 32 * MiB;
const loops = new LoopSet();
let dir: { path: string; remove: () => Promise<void> };
let image: string;

async function pinned(dev: string): Promise<WriteTarget> {
  const id = await readIdentity(dev);
  if (!id.ok) throw new Error(id.error.message);
  return { kind: 'device', identity: id.value };
}

beforeAll(async () => {
  dir = await tempDir('sitekit-gate-');
  image = await partitionedImage(join(dir.path, 'img.raw'), IMAGE, 'dos');
});
afterEach(async () => {
  await sh('umount', [join(dir.path, 'mnt')]).catch(() => undefined);
  await loops.detachAll();
});
afterAll(async () => {
  await loops.detachAll();
  await dir.remove();
});

describe('the last gate on devices', () => {
  it('refuses a mounted target without unmount consent, leaves it mounted; with consent unmounts and says what', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'm.raw'), 64 * MiB));
    await sh('mkfs.ext4', ['-q', '-F', dev]);
    const mnt = join(dir.path, 'mnt');
    await mkdir(mnt, { recursive: true });
    await sh('mount', [dev, mnt]);
    await writeFile(join(mnt, 'keep.txt'), 'precious\n');
    const source = await openImageFile(image);
    const refused = await writeStick({ target: await pinned(dev), source });
    expect(refused.written).toBe(false);
    expect(refused.error?.code).toBe('rejected');
    expect(refused.error?.message).toContain(mnt);
    expect(refused.error?.hint).toMatch(/--unmount/);
    expect(refused.unmounted).toBeUndefined();
    expect(await readFile(join(mnt, 'keep.txt'), 'utf8')).toBe('precious\n');
    const out = await writeStick({ target: await pinned(dev), source, confirm: { unmount: true } });
    await source.close?.();
    expect(out.verified).toBe(true);
    expect(out.unmounted).toEqual([mnt]);
    expect(await sameBytes(image, dev, IMAGE)).toBe(true);
  });

  it('a large drive needs its typed name; a wrong name is refused, the right one writes', async () => {
    // A sparse 200 GB backing file: larger than LARGE_DRIVE_BYTES, so the list asks for typed confirmation.
    const dev = await loops.attach(await sparseFile(join(dir.path, 'big.raw'), 200e9));
    const facts = await freshDriveFacts(dev);
    expect(facts.size).toBeGreaterThan(128e9);
    const source = await openImageFile(image);
    const name = dev.split('/').pop()!;
    const none = await writeStick({ target: await pinned(dev), source });
    expect(none.error?.code).toBe('rejected');
    expect(none.error?.message).toMatch(new RegExp(`type "${name}"`));
    const wrong = await writeStick({ target: await pinned(dev), source, confirm: { typedNames: { [dev]: 'sda' } } });
    expect(wrong.written).toBe(false);
    expect(await partitionTable(dev)).toBeUndefined();
    const right = await writeStick({ target: await pinned(dev), source, confirm: { typedNames: { [dev]: name } } });
    await source.close?.();
    expect(right.verified).toBe(true);
  }, 60_000);

  it('too small and read-only come from the same rules, with their own codes', async () => {
    const small = await loops.attach(await sparseFile(join(dir.path, 's.raw'), 16 * MiB));
    const ro = await loops.attach(await sparseFile(join(dir.path, 'ro.raw'), 64 * MiB), { readOnly: true });
    const source = await openImageFile(image);
    expect((await writeStick({ target: await pinned(small), source })).error?.code).toBe('too-small');
    expect((await writeStick({ target: await pinned(ro), source })).error?.code).toBe('read-only');
    await source.close?.();
  });
});

describe('image-file targets', () => {
  /** A source that fails after `okBytes`, like an image on a disk that errors. */
  function failingSource(size: number, okBytes: number): ImageSource {
    return {
      size,
      stream: () =>
        (async function* () {
          let sent = 0;
          while (sent < okBytes) {
            const n = Math.min(MiB, okBytes - sent);
            sent += n;
            yield new Uint8Array(n).fill(7);
          }
          throw Object.assign(new Error('EIO: read error'), { code: 'EIO' });
        })() as never,
    };
  }

  it('a failed write leaves nothing under the final name, and an existing file there untouched', async () => {
    const folder = join(dir.path, 'out');
    await mkdir(folder, { recursive: true });
    const fresh = join(folder, 'fresh.img');
    const failed = await writeStick({ target: { kind: 'file', path: fresh }, source: failingSource(8 * MiB, 3 * MiB) });
    expect(failed.written).toBe(false);
    expect(failed.error).toBeDefined();
    const old = join(folder, 'old.img');
    await writeFile(old, 'previous image');
    const again = await writeStick({ target: { kind: 'file', path: old }, source: failingSource(8 * MiB, 2 * MiB) });
    expect(again.written).toBe(false);
    expect((await readdir(folder)).sort()).toEqual(['old.img']);
    expect(await readFile(old, 'utf8')).toBe('previous image');
    // A good write appears under the final name, complete.
    const src = await openImageFile(image);
    const ok = await writeStick({ target: { kind: 'file', path: fresh }, source: src });
    await src.close?.();
    expect(ok.verified).toBe(true);
    expect(await sameBytes(image, fresh, IMAGE)).toBe(true);
    expect((await readdir(folder)).sort()).toEqual(['fresh.img', 'old.img']);
  });
});
