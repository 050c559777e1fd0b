/**
 * The privileged writer process (child.ts) over stdio, started directly (we are root here, which is what
 * the elevation prompt gives the desktop app): one job, per-job token, pinned devices only.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LoopSet, partitionedImage, partitionTable, sameBytes, sh, sparseFile } from '../../../helpers/loop';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { tempDir } from '../../../helpers/temp';
import { REPO_ROOT } from '../../../helpers/web-app';
import { childRunner, type Launch } from '../../../../main/services/writer/child-runner';
import { readIdentity } from '../../../../main/services/drives/identity';
import type { WriteTarget } from '../../../../main/core/drives/types';
import type { ProgressReport } from '../../../../main/core/progress';
import type { WritePhase } from '../../../../main/core/drives/types';

const MiB = 1 << 20;
const CHILD = join(REPO_ROOT, 'main', 'services', 'writer', 'child.ts');
const launch: Launch = (args) => spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
const loops = new LoopSet();
let dir: { path: string; remove: () => Promise<void> };
let image: string;

async function pinned(dev: string): Promise<WriteTarget> {
  const id = await readIdentity(dev);
  if (!id.ok) throw new Error(id.error.message);
  return { kind: 'device', identity: id.value };
}

beforeAll(async () => {
  dir = await tempDir('sitekit-child-');
  image = await partitionedImage(join(dir.path, 'img'), 48 * MiB);
});
afterEach(() => loops.detachAll());
afterAll(async () => {
  await loops.detachAll();
  await dir.remove();
});

describe('privileged writer process', () => {
  it('takes one job over stdio, reports progress and the verified outcome', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'a.raw'), 64 * MiB));
    const events: ProgressReport<WritePhase>[] = [];
    const [out] = await childRunner(launch)({ items: [{ image, target: await pinned(dev) }] }, { onProgress: (_i, p) => events.push(p) });
    expect(out?.error).toBeUndefined();
    expect(out?.verified).toBe(true);
    expect(events.some((e) => e.phase === 'writing')).toBe(true);
    expect(await sameBytes(image, dev, 48 * MiB)).toBe(true);
  });

  it('refuses image-file targets: a root process must not write files for the user', async () => {
    await expect(childRunner(launch)({ items: [{ image, target: { kind: 'file', path: join(dir.path, 'x.img') } }] }, {})).rejects.toThrow(/only writes devices/);
  });

  it('refuses a job whose token does not match the one it was started with', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'b.raw'), 64 * MiB));
    const wrongToken: Launch = (args) => launch(args.map((a) => (a.startsWith('--token-sha256=') ? `--token-sha256=${'0'.repeat(64)}` : a)));
    await expect(childRunner(wrongToken)({ items: [{ image, target: await pinned(dev) }] }, {})).rejects.toThrow(/token does not match/);
    expect(await partitionTable(dev)).toBeUndefined();
  });

  it('cancels on request and leaves no partition table', async () => {
    // A larger image (zeros after the table, written all the same) so the cancel arrives mid-write.
    const big = join(dir.path, 'big.img');
    await sh('cp', ['--sparse=always', image, big]);
    await sh('truncate', ['-s', String(384 * MiB), big]);
    const dev = await loops.attach(await sparseFile(join(dir.path, 'c.raw'), 400 * MiB));
    const ctl = new AbortController();
    const [out] = await childRunner(launch)(
      { items: [{ image: big, target: await pinned(dev) }] },
      { signal: ctl.signal, onProgress: (_i, p) => p.phase === 'writing' && ctl.abort() },
    );
    expect(out?.error?.code).toBe('cancelled');
    expect(await partitionTable(dev)).toBeUndefined();
  });

  it('file mode (for elevation prompts without stdio): job file in, result lines out', async () => {
    const dev = await loops.attach(await sparseFile(join(dir.path, 'd.raw'), 64 * MiB));
    const token = 'f'.repeat(64);
    const job = join(dir.path, 'job.json');
    const outFile = join(dir.path, 'out.jsonl');
    await writeFile(job, JSON.stringify({ token, request: { items: [{ image, target: await pinned(dev) }] } }) + '\n');
    const hash = createHash('sha256').update(token).digest('hex');
    await sh(process.execPath, ['--import', 'tsx', CHILD, `--token-sha256=${hash}`, `--job-file=${job}`, `--out-file=${outFile}`], { cwd: REPO_ROOT });
    const lines = (await readFile(outFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; outcomes?: { verified: boolean }[] });
    expect(lines.at(-1)?.type).toBe('result');
    expect(lines.at(-1)?.outcomes?.[0]?.verified).toBe(true);
    expect(await sameBytes(image, dev, 48 * MiB)).toBe(true);
  });
});
