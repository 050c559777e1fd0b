/**
 * The drive list on this machine: the real drivelist enumeration hides the system disk and virtual drives;
 * loop devices, through the test enumerator, go through the same rules; hot-plug is seen by polling.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { LoopSet, sh, sparseFile } from '../../../helpers/loop';
import { tempDir } from '../../../helpers/temp';
import { DriveWatcher, listDrives, loopEnumerator } from '../../../../main/services/drives/drives';
import { checkIdentity, readIdentity } from '../../../../main/services/drives/identity';
import type { DriveInfo } from '../../../../main/core/drives/types';
import { describeDriveFinding, offerStatus } from '../../../../main/core/drives/constraints';

const MiB = 1 << 20;
const loops = new LoopSet();
let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  dir = await tempDir('sitekit-drives-');
});
afterEach(async () => {
  await sh('umount', [join(dir.path, 'mnt')]).catch(() => undefined);
  await loops.detachAll();
});
afterAll(async () => {
  await loops.detachAll();
  await dir.remove();
});

describe('listDrives', () => {
  it('never offers the disk holding / (drivelist on this machine), but shows it with its reason when asked', async () => {
    const shown = await listDrives();
    if (!shown.ok) throw new Error(shown.error.message);
    const { stdout } = await sh('findmnt', ['-n', '-o', 'SOURCE', '/']);
    const root = stdout.trim();
    expect(shown.value.some((d) => root.startsWith(d.identity.device))).toBe(false);
    const all = await listDrives({ includeHidden: true });
    if (!all.ok) throw new Error(all.error.message);
    const sys = all.value.find((d) => root.startsWith(d.identity.device));
    expect(sys?.findings.some((f) => f.code === 'system' && String(f.params.reasons).includes('mounted at /'))).toBe(true);
  });

  it('lists loop devices through the same rules, with size, identity and flags', async () => {
    const a = await loops.attach(await sparseFile(join(dir.path, 'a.raw'), 64 * MiB));
    const ro = await loops.attach(await sparseFile(join(dir.path, 'ro.raw'), 64 * MiB), { readOnly: true });
    const r = await listDrives({ enumerator: loopEnumerator(() => [a, ro]), imageSize: 100 * MiB });
    if (!r.ok) throw new Error(r.error.message);
    const byDev = new Map(r.value.map((d) => [d.identity.device, d]));
    expect(byDev.get(a)?.identity).toMatchObject({ size: 64 * MiB, serial: expect.stringMatching(/^loop:/) });
    expect(byDev.get(a)?.findings.map((f) => f.code)).toEqual(['too-small']);
    expect(byDev.get(ro)?.findings.map((f) => f.code)).toEqual(['read-only', 'too-small']);
    expect(byDev.get(ro)?.isReadOnly).toBe(true);
  });

  it('hides a loop device that is in use as swap, and flags a mounted one', async () => {
    const swap = await loops.attach(await sparseFile(join(dir.path, 'swap.raw'), 64 * MiB));
    const mounted = await loops.attach(await sparseFile(join(dir.path, 'm.raw'), 64 * MiB));
    await sh('mkswap', [swap]);
    await sh('swapon', [swap]);
    await sh('mkfs.ext4', ['-q', '-F', mounted]);
    await mkdir(join(dir.path, 'mnt'), { recursive: true });
    await sh('mount', [mounted, join(dir.path, 'mnt')]);
    try {
      const r = await listDrives({ enumerator: loopEnumerator(() => [swap, mounted]) });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.map((d) => d.identity.device)).toEqual([mounted]);
      expect(r.value[0]?.findings).toEqual([{ severity: 'info', code: 'mounted', params: { mountpoints: join(dir.path, 'mnt') } }]);
    } finally {
      await sh('swapoff', [swap]);
    }
  });

  it('with explainUnlisted, a loop device drivelist leaves out is listed with why it is not offered (issue 28)', async () => {
    const file = await sparseFile(join(dir.path, 'left-out.raw'), 64 * MiB);
    const dev = await loops.attach(file);
    const plain = await listDrives({ includeHidden: true });
    if (!plain.ok) throw new Error(plain.error.message);
    expect(plain.value.some((d) => d.identity.device === dev)).toBe(false);
    const topLevel = async () => {
      const { stdout } = await sh('lsblk', ['--json', '--paths', '--nodeps', '--output', 'PATH']);
      return (JSON.parse(stdout) as { blockdevices: { path: string }[] }).blockdevices.map((b) => b.path);
    };
    const before = await topLevel();
    const all = await listDrives({ explainUnlisted: true });
    if (!all.ok) throw new Error(all.error.message);
    const loop = all.value.find((d) => d.identity.device === dev);
    expect(loop?.findings[0]).toEqual({ severity: 'error', code: 'not-listed', params: { type: 'loop', by: 'drivelist', backFile: file } });
    expect(offerStatus(loop!.findings)).toBe('not-offered');
    expect(describeDriveFinding(loop!.findings[0]!)).toMatch(/^A loop device \(backed by .*left-out\.raw\): the drive list Sitekit uses \(drivelist, as Etcher\) leaves loop devices out/);
    // Every top-level block device lsblk shows is in the list, each with its verdict (those present before and
    // after: other tests on this machine may attach or detach loop devices meanwhile).
    const after = new Set(await topLevel());
    for (const d of before.filter((x) => after.has(x))) expect(all.value.map((x) => x.identity.device), d).toContain(d);
  });

  it('emits a change when a stick arrives and when it leaves (polling)', async () => {
    const current: string[] = [];
    const watcher = new DriveWatcher({ enumerator: loopEnumerator(() => current), intervalMs: 100 });
    const seen: DriveInfo[][] = [];
    let wake: (() => void) | undefined;
    watcher.on('change', (l) => {
      seen.push(l);
      wake?.();
    });
    /** Resolves once the watcher has emitted its n-th change (the test's timeout bounds the wait). */
    const next = async (n: number): Promise<void> => {
      while (seen.length < n) await new Promise<void>((resolve) => (wake = resolve));
    };
    watcher.start();
    try {
      await next(1);
      expect(seen[0]).toEqual([]);
      const dev = await loops.attach(await sparseFile(join(dir.path, 'hot.raw'), 64 * MiB));
      current.push(dev);
      await next(2);
      expect(seen[1]?.map((d) => d.identity.device)).toEqual([dev]);
      current.pop();
      await loops.detach(dev);
      await next(3);
      expect(seen[2]).toEqual([]);
    } finally {
      watcher.stop();
    }
  });
});

describe('on Windows and macOS (issue 24 item 13): the platform is an input, no fs is mocked', () => {
  it('the same loop device that Linux lists is not offered on win32 or darwin: the list is empty, never a stick that fails when written', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'p.raw'), 64 * MiB));
    const enumerator = loopEnumerator(() => [dev]);
    const linux = await listDrives({ enumerator, platform: 'linux' });
    expect(linux.ok && linux.value.map((d) => d.identity.device)).toEqual([dev]);
    for (const platform of ['win32', 'darwin']) expect(await listDrives({ enumerator, platform })).toEqual({ ok: true, value: [] });
  });
});

describe('identity pinning', () => {
  it('accepts the same device and refuses one re-attached to another file under the same name', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'one.raw'), 64 * MiB));
    const pinned = await readIdentity(dev);
    if (!pinned.ok) throw new Error(pinned.error.message);
    expect((await checkIdentity(pinned.value)).ok).toBe(true);
    await loops.detach(dev);
    await loops.attach(await sparseFile(join(dir.path, 'two.raw'), 64 * MiB), { device: dev });
    const again = await checkIdentity(pinned.value);
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('identity-changed');
      expect(again.error.message).toMatch(/serial .* → /);
    }
  });

  it('says the device is gone when it was detached', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'gone.raw'), 64 * MiB));
    const pinned = await readIdentity(dev);
    if (!pinned.ok) throw new Error(pinned.error.message);
    await loops.detach(dev);
    const again = await checkIdentity(pinned.value);
    expect(again.ok).toBe(false);
  });
});
