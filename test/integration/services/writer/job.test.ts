/**
 * The block writer on real block devices (direct-I/O loop devices): what a technician would notice — the
 * stick holds exactly the image, bad targets are refused, failures never look like success, a cancelled or
 * failed stick has no partition table.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdir, open, truncate, writeFile } from 'node:fs/promises';
import { blkidProbe, LoopSet, mountedSource, partitionedImage, partitionTable, sameBytes, sh, sparseFile } from '../../../helpers/loop';
import { tempDir } from '../../../helpers/temp';
import { writeStick, writeSticks } from '../../../../main/services/writer/job';
import { memoryImage, openImageFile, type ImageSource } from '../../../../main/services/writer/image-source';
import { readIdentity } from '../../../../main/services/drives/identity';
import type { WriteTarget } from '../../../../main/core/drives/types';
import type { ProgressReport } from '../../../../main/core/progress';
import type { WritePhase } from '../../../../main/core/drives/types';

const MiB = 1 << 20;
const IMAGE = 64 * MiB;
const loops = new LoopSet();
let dir: { path: string; remove: () => Promise<void> };
let mbrImage: string;
let gptImage: string;

async function pinned(dev: string): Promise<WriteTarget> {
  const id = await readIdentity(dev);
  if (!id.ok) throw new Error(id.error.message);
  return { kind: 'device', identity: id.value };
}

async function stick(name: string, bytes = 96 * MiB, options: { readOnly?: boolean } = {}): Promise<{ file: string; dev: string }> {
  const file = await sparseFile(join(dir.path, name), bytes);
  return { file, dev: await loops.attach(file, options) };
}

beforeAll(async () => {
  dir = await tempDir('sitekit-writer-');
  mbrImage = await partitionedImage(join(dir.path, 'mbr.img'), IMAGE, 'dos');
  gptImage = await partitionedImage(join(dir.path, 'gpt.img'), IMAGE, 'gpt');
});
afterEach(async () => {
  await sh('umount', [join(dir.path, 'mnt')]).catch(() => undefined);
  await loops.detachAll();
});
afterAll(async () => {
  await loops.detachAll();
  await dir.remove();
});

describe('writeStick on a loop device', () => {
  it('writes the image, reads every byte back, and the device equals the image (cmp)', async () => {
    const s = await stick('a.raw');
    const source = await openImageFile(mbrImage);
    const events: ProgressReport<WritePhase>[] = [];
    const out = await writeStick({ target: await pinned(s.dev), source, onProgress: (p) => events.push(p) });
    await source.close?.();
    expect(out.error).toBeUndefined();
    expect(out).toMatchObject({ written: true, verified: true, bytes: IMAGE, safeToRemove: true });
    expect(out.eject.status).toBe('skipped');
    const { stdout } = await sh('sha256sum', [mbrImage]);
    expect(out.imageSha256).toBe(stdout.split(' ')[0]);
    expect(await sameBytes(mbrImage, s.dev, IMAGE)).toBe(true);
    expect(await partitionTable(s.dev)).toMatch(/type=c/);
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(['checking', 'unmounting', 'writing', 'verifying', 'flushing', 'ejecting', 'done']);
    expect(events.find((e) => e.phase === 'writing' && e.bytes === IMAGE)).toBeDefined();
  });

  it('writes a GPT image with its backup header and the kernel tools read the table', async () => {
    const s = await stick('gpt.raw');
    const source = await openImageFile(gptImage);
    const out = await writeStick({ target: await pinned(s.dev), source });
    await source.close?.();
    expect(out.verified).toBe(true);
    expect(await sameBytes(gptImage, s.dev, IMAGE)).toBe(true);
    expect(await partitionTable(s.dev)).toMatch(/label: gpt/);
  });

  it('writes from a stream source (no random access), such as the boot-bundle builder produces', async () => {
    const s = await stick('stream.raw');
    const file = await openImageFile(mbrImage);
    const streamOnly: ImageSource = { size: file.size, stream: () => file.stream() };
    const out = await writeStick({ target: await pinned(s.dev), source: streamOnly });
    await file.close?.();
    expect(out.verified).toBe(true);
    expect(await sameBytes(mbrImage, s.dev, IMAGE)).toBe(true);
  });

  it('refuses a device that is swap (a system device) and leaves it untouched', async () => {
    const s = await stick('swap.raw');
    await sh('mkswap', [s.dev]);
    await sh('swapon', [s.dev]);
    try {
      const source = await openImageFile(mbrImage);
      const out = await writeStick({ target: await pinned(s.dev), source });
      await source.close?.();
      expect(out.written).toBe(false);
      expect(out.error?.code).toBe('rejected');
      expect(out.error?.message).toMatch(/running system.*swap/);
      const { stdout } = await sh('blkid', ['-p', '-o', 'value', '-s', 'TYPE', s.dev]);
      expect(stdout.trim()).toBe('swap');
    } finally {
      await sh('swapoff', [s.dev]).catch(() => undefined);
    }
  });

  it('refuses a mounted device whose volume is busy, and unmounts one that is not', async () => {
    const s = await stick('mounted.raw');
    await sh('mkfs.ext4', ['-q', '-F', s.dev]);
    const mnt = join(dir.path, 'mnt');
    await mkdir(mnt, { recursive: true });
    await sh('mount', [s.dev, mnt]);
    const busy = await open(join(mnt, 'open-file.txt'), 'w');
    const source = await openImageFile(mbrImage);
    const refused = await writeStick({ target: await pinned(s.dev), source, confirm: { unmount: true } });
    expect(refused.written).toBe(false);
    expect(refused.error?.code).toBe('rejected');
    expect(refused.error?.message).toMatch(/in use/);
    await busy.close();
    const out = await writeStick({ target: await pinned(s.dev), source, confirm: { unmount: true } });
    expect(out.unmounted).toEqual([mnt]);
    await source.close?.();
    expect(out.verified).toBe(true);
    expect(await mountedSource(mnt)).toBeUndefined();
    expect(await sameBytes(mbrImage, s.dev, IMAGE)).toBe(true);
  });

  it('refuses when another file was attached under the same device name after selection', async () => {
    const a = await stick('first.raw');
    const target = await pinned(a.dev);
    await loops.detach(a.dev);
    const other = await sparseFile(join(dir.path, 'second.raw'), 96 * MiB);
    await loops.attach(other, { device: a.dev });
    const source = await openImageFile(mbrImage);
    const out = await writeStick({ target, source });
    await source.close?.();
    expect(out.written).toBe(false);
    expect(out.error?.code).toBe('identity-changed');
    expect(out.error?.message).toContain(a.dev);
    expect(await partitionTable(a.dev)).toBeUndefined();
    const { stdout } = await sh('sha256sum', [other]);
    const { stdout: zero } = await sh('sh', ['-c', `head -c ${96 * MiB} /dev/zero | sha256sum`]);
    expect(stdout.split(' ')[0]).toBe(zero.split(' ')[0]);
  });

  it('reports "removed or failed", never success, when the device shrinks under the writer', async () => {
    const s = await stick('shrink.raw', 96 * MiB);
    const source = await openImageFile(mbrImage);
    let shrunk = false;
    const events: ProgressReport<WritePhase>[] = [];
    const out = await writeStick({
      target: await pinned(s.dev),
      source,
      pipeline: { chunkBytes: MiB, depth: 2 },
      onProgress: (p) => {
        events.push(p);
        if (!shrunk && p.phase === 'writing' && p.bytes > 8 * MiB) {
          shrunk = true;
          // Like a stick failing: the kernel answers further writes beyond 16 MiB with errors.
          void truncate(s.file, 16 * MiB).then(() => sh('losetup', ['-c', s.dev]));
        }
      },
    });
    await source.close?.();
    expect(shrunk).toBe(true);
    expect(out.written).toBe(false);
    expect(out.verified).toBe(false);
    expect(out.safeToRemove).toBe(false);
    expect(out.error?.code).toBe('device-error');
    expect(out.error?.message).toMatch(/removed or failed/);
    expect(events.some((e) => e.phase === 'done')).toBe(false);
    expect(await partitionTable(s.dev)).toBeUndefined();
  });

  it('gives a clear read-only error for a read-only device', async () => {
    const s = await stick('ro.raw', 96 * MiB, { readOnly: true });
    const source = await openImageFile(mbrImage);
    const out = await writeStick({ target: await pinned(s.dev), source });
    await source.close?.();
    expect(out.written).toBe(false);
    expect(out.error?.code).toBe('read-only');
    expect(out.error?.message).toMatch(/read-only/);
  });

  it('detects a byte changed on the medium after writing, with its offset', async () => {
    const s = await stick('corrupt.raw');
    const source = await openImageFile(mbrImage);
    const offset = 37 * MiB + 12345;
    const out = await writeStick({
      target: await pinned(s.dev),
      source,
      afterWrite: async () => {
        const fh = await open(s.file, 'r+');
        const b = Buffer.alloc(1);
        await fh.read(b, 0, 1, offset);
        b[0] = b[0]! ^ 0xff;
        await fh.write(b, 0, 1, offset);
        await fh.sync();
        await fh.close();
      },
    });
    await source.close?.();
    expect(out.verified).toBe(false);
    expect(out.error?.code).toBe('verify-mismatch');
    expect(out.mismatchOffset).toBe(offset);
    expect(out.error?.message).toContain(String(offset));
    expect(await partitionTable(s.dev)).toBeUndefined();
    // The failed run still names the image it was meant to hold (what the site records keep).
    const { stdout } = await sh('sha256sum', [mbrImage]);
    expect(out.imageSha256).toBe(stdout.split(' ')[0]);
  });

  it('detects a changed byte when the image is a stream that can be read only once (hashed while writing)', async () => {
    const s = await stick('corrupt-stream.raw');
    const file = await openImageFile(mbrImage);
    const streamOnly: ImageSource = { size: file.size, stream: () => file.stream() };
    const offset = 21 * MiB + 999;
    const out = await writeStick({
      target: await pinned(s.dev),
      source: streamOnly,
      afterWrite: async () => {
        const fh = await open(s.file, 'r+');
        const b = Buffer.alloc(1);
        await fh.read(b, 0, 1, offset);
        b[0] = b[0]! ^ 0x01;
        await fh.write(b, 0, 1, offset);
        await fh.sync();
        await fh.close();
      },
    });
    await file.close?.();
    expect(out.verified).toBe(false);
    expect(out.error?.code).toBe('verify-mismatch');
    expect(out.mismatchOffset).toBe(offset);
    expect(await partitionTable(s.dev)).toBeUndefined();
  });

  it('blames the image, not the stick, when the image cannot be read while writing or comparing', async () => {
    for (const failWhile of ['writing', 'verifying'] as const) {
      const s = await stick(`bad-source-${failWhile}.raw`);
      const file = await openImageFile(mbrImage);
      let phase = 'writing';
      const source: ImageSource = {
        size: file.size,
        name: mbrImage,
        stream: () => file.stream(),
        read: (buf, position) => (phase === failWhile && position >= 32 * MiB ? Promise.reject(Object.assign(new Error('I/O error'), { code: 'EIO' })) : file.read!(buf, position)),
      };
      const out = await writeStick({ target: await pinned(s.dev), source, onProgress: (p) => void (phase = p.phase) });
      await file.close?.();
      expect(out.verified, failWhile).toBe(false);
      expect(out.error?.code, failWhile).toBe('io-error');
      expect(out.error?.message, failWhile).toMatch(/The image .*mbr\.img could not be read .*\(EIO\)/);
      expect(out.error?.message).not.toMatch(/stick was removed or failed/);
      expect(await partitionTable(s.dev)).toBeUndefined();
    }
  });

  it('leaves no partition table when cancelled mid-write (over an old valid one)', async () => {
    const s = await stick('cancel.raw');
    // The stick starts with a valid old layout, as a reused stick would.
    await sh('dd', [`if=${gptImage}`, `of=${s.dev}`, 'bs=1M', 'count=2', 'conv=notrunc', 'status=none']);
    expect(await partitionTable(s.dev)).toMatch(/gpt/);
    const source = await openImageFile(mbrImage);
    const ctl = new AbortController();
    const out = await writeStick({
      target: await pinned(s.dev),
      source,
      signal: ctl.signal,
      pipeline: { chunkBytes: MiB, depth: 2 },
      onProgress: (p) => {
        if (p.phase === 'writing' && p.bytes > 10 * MiB) ctl.abort();
      },
    });
    await source.close?.();
    expect(out.error?.code).toBe('cancelled');
    expect(out.written).toBe(false);
    expect(await partitionTable(s.dev)).toBeUndefined();
    expect((await blkidProbe(s.dev)) ?? '').not.toMatch(/PTTYPE/);
  });

  it('checks the read-back against the image hash announced by the builder, not only against itself', async () => {
    const s = await stick('known.raw');
    const file = await openImageFile(mbrImage);
    const { stdout } = await sh('sha256sum', [mbrImage]);
    const sha = stdout.split(' ')[0]!;
    const good = await writeStick({ target: await pinned(s.dev), source: { ...file, sha256: sha } });
    expect(good.verified).toBe(true);
    expect(good.imageSha256).toBe(sha);
    const wrong = await writeStick({ target: await pinned(s.dev), source: { ...file, sha256: 'e'.repeat(64) } });
    await file.close?.();
    expect(wrong.verified).toBe(false);
    expect(wrong.error?.code).toBe('verify-mismatch');
    expect(wrong.error?.message).toMatch(/image file changed after it was built/);
    expect(await partitionTable(s.dev)).toBeUndefined();
  });

  it('leaves no partition table when cancelled during verification either', async () => {
    const s = await stick('cancel-verify.raw');
    const source = await openImageFile(gptImage);
    const ctl = new AbortController();
    const out = await writeStick({
      target: await pinned(s.dev),
      source,
      signal: ctl.signal,
      pipeline: { chunkBytes: MiB, depth: 2 },
      onProgress: (p) => {
        if (p.phase === 'verifying') ctl.abort();
      },
    });
    await source.close?.();
    expect(out.error?.code).toBe('cancelled');
    expect(out.verified).toBe(false);
    expect(await partitionTable(s.dev)).toBeUndefined();
    expect((await blkidProbe(s.dev)) ?? '').not.toMatch(/PTTYPE/);
  });

  it('writes two sticks in one run, each with its own pipeline and result', async () => {
    const a = await stick('two-a.raw');
    const b = await stick('two-b.raw');
    const sa = await openImageFile(mbrImage);
    const sb = await openImageFile(gptImage);
    const outs = await writeSticks([
      { target: await pinned(a.dev), source: sa },
      { target: await pinned(b.dev), source: sb },
    ]);
    await sa.close?.();
    await sb.close?.();
    expect(outs.map((o) => o.verified)).toEqual([true, true]);
    expect(outs.map((o) => o.target)).toEqual([a.dev, b.dev]);
    expect(await sameBytes(mbrImage, a.dev, IMAGE)).toBe(true);
    expect(await sameBytes(gptImage, b.dev, IMAGE)).toBe(true);
  });

  it('a slow stick does not hold the other back: each has its own pipeline', async () => {
    const a = await stick('slow.raw');
    const b = await stick('fast.raw');
    const file = await openImageFile(mbrImage);
    // Stick A stalls after its first chunk until stick B is done (like a stick that stops taking data). With one
    // pipeline per stick B finishes; with a shared or sequential one, B would wait on A and the test would hang.
    let fastDone!: () => void;
    const fastFinished = new Promise<void>((resolve) => (fastDone = resolve));
    const slow: ImageSource = {
      size: file.size,
      async *stream() {
        let first = true;
        for await (const chunk of file.stream()) {
          if (!first) await fastFinished;
          first = false;
          yield chunk;
        }
      },
    };
    const finished: string[] = [];
    const outs = await writeSticks([
      { target: await pinned(a.dev), source: slow, onProgress: (p) => p.phase === 'done' && finished.push('slow') },
      {
        target: await pinned(b.dev),
        source: file,
        onProgress: (p) => {
          if (p.phase !== 'done') return;
          finished.push('fast');
          fastDone();
        },
      },
    ]);
    await file.close?.();
    expect(outs.map((o) => o.verified)).toEqual([true, true]);
    expect(finished).toEqual(['fast', 'slow']);
  });

  it('one stick failing does not stop the other', async () => {
    const good = await stick('good.raw');
    const ro = await stick('bad.raw', 96 * MiB, { readOnly: true });
    const s1 = await openImageFile(mbrImage);
    const s2 = await openImageFile(mbrImage);
    const outs = await writeSticks([
      { target: await pinned(ro.dev), source: s1 },
      { target: await pinned(good.dev), source: s2 },
    ]);
    await s1.close?.();
    await s2.close?.();
    expect(outs[0]?.error?.code).toBe('read-only');
    expect(outs[1]?.verified).toBe(true);
  });

  it('writes odd-sized and tiny images (padding the last sector, never reading past the image)', async () => {
    const s = await stick('odd.raw', 16 * MiB);
    const odd = new Uint8Array(3 * MiB + 777).map((_, i) => (i * 7) & 0xff);
    odd.set(new TextEncoder().encode('EFI PART'), 512);
    const r1 = await writeStick({ target: await pinned(s.dev), source: memoryImage(odd) });
    expect(r1.verified).toBe(true);
    const back = Buffer.alloc(odd.length);
    const fh = await open(s.dev, 'r');
    await fh.read(back, 0, back.length, 0);
    await fh.close();
    expect(back.equals(odd)).toBe(true);
    const tiny = new Uint8Array(4096 + 3).fill(0x5a);
    const r2 = await writeStick({ target: { kind: 'file', path: join(dir.path, 'tiny.img') }, source: memoryImage(tiny) });
    expect(r2.verified).toBe(true);
    const { stdout } = await sh('stat', ['-c', '%s', join(dir.path, 'tiny.img')]);
    expect(Number(stdout)).toBe(tiny.length);
  });

  it('writes an image file as a target', async () => {
    const out = join(dir.path, 'out', 'stick.img');
    await mkdir(join(dir.path, 'out'), { recursive: true });
    await writeFile(out, 'old content');
    const source = await openImageFile(gptImage);
    const r = await writeStick({ target: { kind: 'file', path: out }, source });
    await source.close?.();
    expect(r.verified).toBe(true);
    expect(await sameBytes(gptImage, out, IMAGE)).toBe(true);
    const { stdout } = await sh('stat', ['-c', '%s', out]);
    expect(Number(stdout)).toBe(IMAGE);
  });
});
