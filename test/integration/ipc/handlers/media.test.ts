/** The drive and stick channels through dispatch, over the real services and loop devices. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { dispatch, type HandlerContext } from '../../../../main/ipc/dispatch';
import { createHandlers } from '../../../../main/ipc/handlers/index';
import { createServices, type Services } from '../../../../main/services/index';
import { loopEnumerator } from '../../../../main/services/drives/drives';
import type { DriveList } from '../../../../main/ipc/channels/media';
import type { StickOutcome, VerifyOutcome } from '../../../../main/core/drives/types';
import type { Progress } from '../../../../main/ipc/define';
import { LoopSet, partitionedImage, partitionTable, sameBytes, sparseFile } from '../../../helpers/loop';
import { tempDir } from '../../../helpers/temp';

const MiB = 1 << 20;
const loops = new LoopSet();
const attached: string[] = [];
let tmp: { path: string; remove: () => Promise<void> };
let services: Services;
let image: string;
const events: { name: string; payload: unknown }[] = [];
/** Waiters for an event: resolved when one is emitted that matches (the test's timeout bounds the wait). */
const waiters: { match: (e: { name: string; payload: unknown }) => boolean; resolve: () => void }[] = [];
const ctx: HandlerContext = {
  emit: (name, payload) => {
    const e = { name, payload };
    events.push(e);
    for (const w of waiters.filter((x) => x.match(e))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  },
  transport: 'direct',
};
/** Resolves when an event matching `match` has been emitted (also one emitted already). */
const eventSeen = (match: (e: { name: string; payload: unknown }) => boolean): Promise<void> =>
  events.some(match) ? Promise.resolve() : new Promise((resolve) => waiters.push({ match, resolve }));
let handlers: ReturnType<typeof createHandlers>;
const call = (name: string, req: unknown) => dispatch(handlers, name, req, ctx);

beforeAll(async () => {
  tmp = await tempDir('sitekit-media-ipc-');
  services = createServices({ dataDir: tmp.path, version: 'test', driveEnumerator: loopEnumerator(() => attached) });
  handlers = createHandlers(services);
  image = await partitionedImage(join(tmp.path, 'stick.img'), 32 * MiB);
});
afterEach(async () => {
  attached.length = 0;
  await loops.detachAll();
});
afterAll(async () => {
  services.sticks.stopWatching();
  await loops.detachAll();
  await tmp.remove();
});

describe('media channels', () => {
  it('drives:list offers the stick with its pinned identity and an image-file folder; hot-plug is an event', async () => {
    const dev = await loops.attach(await sparseFile(join(tmp.path, 'a.raw'), 64 * MiB));
    attached.push(dev);
    const r = await call('drives:list', { imageSize: 32 * MiB });
    const list = r.ok ? (r.value as DriveList) : undefined;
    expect(list?.drives.map((d) => d.identity.device)).toEqual([dev]);
    expect(list?.imageDir).toBe(join(tmp.path, 'images'));
    expect(list?.canWriteDevices).toBe(true);
    // The watcher polls; under load an event for the arrival may come first, so wait for the removal itself.
    const removed = (e: { name: string; payload: unknown }) => e.name === 'drives:changed' && (e.payload as { count?: number }).count === 0;
    events.length = 0;
    attached.length = 0;
    await eventSeen(removed);
    expect(events.filter((e) => e.name === 'drives:changed').at(-1)?.payload).toEqual({ count: 0 });
  });

  it('media:write writes a stick and an image file, emitting progress per stick and one outcome each', async () => {
    const dev = await loops.attach(await sparseFile(join(tmp.path, 'b.raw'), 64 * MiB));
    attached.push(dev);
    const list = (await call('drives:list', {})) as { ok: true; value: DriveList };
    const identity = list.value.drives[0]!.identity;
    events.length = 0;
    const out = join(list.value.imageDir, 'copy.img');
    const r = await call('media:write', { jobId: 'job1', items: [{ image, target: { kind: 'device', identity } }, { image, target: { kind: 'file', path: out } }] });
    const outcomes = r.ok ? (r.value as { outcomes: StickOutcome[] }).outcomes : [];
    expect(outcomes.map((o) => [o.target, o.verified, o.safeToRemove])).toEqual([
      [dev, true, true],
      [out, true, true],
    ]);
    const progress = events.filter((e) => e.name === 'job:progress').map((e) => e.payload as Progress);
    expect(new Set(progress.map((p) => p.jobId))).toEqual(new Set(['job1/0', 'job1/1']));
    expect(progress.some((p) => p.jobId === 'job1/0' && p.phase === 'verifying')).toBe(true);
    expect(events.filter((e) => e.name === 'job:done').map((e) => e.payload)).toEqual([
      { jobId: 'job1/0', ok: true, message: 'loop device: nothing to eject' },
      { jobId: 'job1/1', ok: true, message: undefined },
    ]);
    expect(await sameBytes(image, dev, 32 * MiB)).toBe(true);

    const v = await call('media:verify', { image, target: { kind: 'file', path: out }, jobId: 'verify-1' });
    expect(v.ok && (v.value as VerifyOutcome).matches).toBe(true);
    // A job like the others: metered progress under its job id, then job:done.
    const verifying = events.filter((e) => e.name === 'job:progress' && (e.payload as Progress).jobId === 'verify-1').map((e) => e.payload as Progress);
    expect(verifying.at(-1)).toMatchObject({ phase: 'verifying', bytes: 32 * MiB, total: 32 * MiB, eta: 0 });
    expect(verifying.at(-1)!.speed).toBeGreaterThan(0);
    expect(events.find((e) => e.name === 'job:done' && (e.payload as { jobId: string }).jobId === 'verify-1')?.payload).toEqual({ jobId: 'verify-1', ok: true });
    const a = await call('media:audit', { target: out });
    expect(!a.ok && a.error.code).toBe('invalid-input');
  });

  it('media:cancel stops a running write and the stick has no partition table', async () => {
    const big = join(tmp.path, 'big.img');
    await partitionedImage(big, 256 * MiB);
    const dev = await loops.attach(await sparseFile(join(tmp.path, 'c.raw'), 300 * MiB));
    attached.push(dev);
    const list = (await call('drives:list', {})) as { ok: true; value: DriveList };
    const identity = list.value.drives[0]!.identity;
    events.length = 0;
    const running = call('media:write', { jobId: 'job2', items: [{ image: big, target: { kind: 'device', identity } }] });
    await eventSeen((e) => e.name === 'job:progress' && (e.payload as Progress).phase === 'writing');
    const c = await call('media:cancel', { jobId: 'job2' });
    expect(c.ok && (c.value as { cancelled: boolean }).cancelled).toBe(true);
    const r = await running;
    const [o] = r.ok ? (r.value as { outcomes: StickOutcome[] }).outcomes : [];
    expect(o?.error?.code).toBe('cancelled');
    expect(await partitionTable(dev)).toBeUndefined();
  });

  it('rejects malformed requests before any service runs', async () => {
    const r = await call('media:write', { jobId: 'x', items: [{ image, target: { kind: 'device', identity: { device: '/etc/passwd', size: 1, model: null, serial: null, byId: null } } }] });
    expect(!r.ok && r.error.code).toBe('invalid-request');
  });
});
