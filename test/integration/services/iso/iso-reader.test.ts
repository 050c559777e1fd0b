/**
 * The ISO reader against real ISOs made by xorriso (plain, Joliet, Rock Ridge + Joliet), with 7-Zip's
 * extraction as the oracle for names and bytes, and against truncated, corrupt and randomly mutated images.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat, truncate, writeFile, copyFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsoReader, type IsoEntry } from '../../../../main/services/iso/iso-reader';
import { compareChecksum, hashFile, inspectIso } from '../../../../main/services/iso/inspect';
import { buildIso9660, sampleInstallerFiles, writeSampleInstallerIso } from '../../../../main/services/iso/sample-iso';
import { makeEsxiIso, run } from '../../../helpers/esxi-iso';
import { tempDir } from '../../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
const isos: Record<string, string> = {};

async function listFiles(root: string): Promise<string[]> {
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

async function readAll(iso: IsoReader, e: IsoEntry): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of iso.stream(e.offset, e.size, 65536)) parts.push(c);
  return Buffer.concat(parts);
}

beforeAll(async () => {
  dir = await tempDir('sitekit-iso-');
  for (const variant of ['plain', 'joliet', 'rr-joliet'] as const) {
    isos[variant] = (await makeEsxiIso({ dir: dir.path, variant, name: `${variant}.iso`, moduleBytes: 3 * 2 ** 20 })).path;
  }
  isos.notEsxi = (await makeEsxiIso({ dir: dir.path, name: 'broken.iso', moduleBytes: 2 ** 20, omit: ['EFI/BOOT/BOOTX64.EFI', 'S.V00', 'EFI/BOOT/BOOT.CFG'] })).path;
});
afterAll(() => dir?.remove());

describe.each(['plain', 'joliet', 'rr-joliet'])('%s ISO from xorriso', (variant) => {
  it('lists the same files as 7-Zip, with identical bytes', async () => {
    const out = join(dir.path, `x-${variant}`);
    await run('7z', ['x', '-y', `-o${out}`, isos[variant]!]);
    const expected = (await listFiles(out)).filter((p) => !p.startsWith('/[BOOT]'));
    const opened = await IsoReader.open(isos[variant]!);
    if (!opened.ok) throw new Error(opened.error.message);
    const iso = opened.value;
    try {
      expect(iso.nameSource).toBe(variant === 'plain' ? 'iso9660' : variant === 'joliet' ? 'joliet' : 'rock-ridge');
      const files = await iso.files();
      if (!files.ok) throw new Error(files.error.message);
      expect(files.value.map((f) => f.path).sort()).toEqual(expected);
      for (const f of files.value) {
        const mine = await readAll(iso, f);
        const theirs = await readFile(join(out, f.path));
        expect(mine.equals(theirs), f.path).toBe(true);
      }
    } finally {
      await iso.close();
    }
  });

  it('is recognised as an ESXi installer', async () => {
    const r = await inspectIso(isos[variant]!);
    expect(r.ok && r.value.findings).toEqual([]);
    expect(r.ok && r.value.build).toBe('8.0.3-0.35.24280767');
    expect(r.ok && r.value.modules).toBe(23); // 20 stock modules + the inbox VIB payloads of the helper's image database
  });
});

describe('validation and errors', () => {
  it('says exactly what a non-ESXi ISO is missing', async () => {
    const r = await inspectIso(isos.notEsxi!);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.isInstaller).toBe(false);
    expect(r.value.findings.map((f) => f.params.path)).toEqual(['/EFI/BOOT/BOOTX64.EFI', '/EFI/BOOT/BOOT.CFG', '/s.v00']);
  });

  it('refuses a file that is not ISO 9660 at all', async () => {
    const p = join(dir.path, 'text.iso');
    await writeFile(p, 'hello '.repeat(20000));
    const r = await inspectIso(p);
    expect(r.ok ? '' : r.error.message).toMatch(/not an ISO 9660 image \(no CD001/);
  });

  it('reports a truncated ISO with the file that runs past the end', async () => {
    const p = join(dir.path, 'truncated.iso');
    await copyFile(isos['rr-joliet']!, p);
    await truncate(p, Math.floor((await stat(p)).size * 0.6));
    const r = await inspectIso(p);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.code).toBe('invalid-iso');
    expect(r.ok ? '' : r.error.message).toMatch(/truncated/);
  });

  it('reports a corrupt directory record instead of crashing', async () => {
    const p = join(dir.path, 'corrupt.iso');
    const bytes = await readFile(isos.plain!);
    const rootExtent = bytes.readUInt32LE(16 * 2048 + 156 + 2);
    const rec = rootExtent * 2048 + 34 + 34; // first real record after "." and ".."
    bytes[rec + 2] = bytes[rec + 2]! ^ 0xff; // break the little-endian copy of its extent
    await writeFile(p, bytes);
    const r = await inspectIso(p);
    expect(r.ok ? '' : r.error.message).toMatch(/corrupt .*two copies disagree/);
  });

  it('never throws on randomly mutated images (property)', async () => {
    const base = buildIso9660((await sampleInstallerFiles()).map((f) => ({ path: f.path, data: f.data.subarray(0, 3000) })));
    const rr = await readFile(isos['rr-joliet']!);
    const p = join(dir.path, 'mutated.iso');
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(fc.integer({ min: 16 * 2048, max: 40 * 2048 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
        async (useRr, edits) => {
          const img = Buffer.from(useRr ? rr.subarray(0, 4 * 2 ** 20) : base);
          for (const [at, v] of edits) if (at < img.length) img[at] = v;
          await writeFile(p, img);
          const r = await inspectIso(p);
          if (!r.ok) expect(['invalid-iso', 'io-error']).toContain(r.error.code);
          const o = await IsoReader.open(p);
          if (o.ok) {
            const files = await o.value.files();
            if (files.ok) for (const f of files.value.slice(0, 5)) {
              try {
                for await (const _ of o.value.stream(f.offset, f.size)) void _;
              } catch (e) {
                expect((e as { error?: { code?: string } }).error?.code).toBe('invalid-iso');
              }
            }
            await o.value.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('checksums and the sample ISO', () => {
  it('hashes the ISO like sha256sum, with progress, and compares what the technician typed', async () => {
    const seen: number[] = [];
    const r = await hashFile(isos['rr-joliet']!, (p) => seen.push(p.bytes), 0);
    const { stdout } = await run('sha256sum', [isos['rr-joliet']!]);
    const want = stdout.split(' ')[0]!;
    expect(r.ok && r.value.sha256).toBe(want);
    expect(seen.at(-1)).toBe((await stat(isos['rr-joliet']!)).size);
    expect(compareChecksum(want, `SHA256 (x.iso) = ${want.toUpperCase()}`).ok).toBe(true);
    const bad = compareChecksum(want, '0'.repeat(64));
    expect(bad.ok ? '' : bad.error.code).toBe('checksum-mismatch');
    expect(compareChecksum(want, 'abc').ok).toBe(false);
  });

  it('writes a sample ISO that 7-Zip reads and Sitekit accepts as installer-shaped', async () => {
    const p = join(dir.path, 'sample.iso');
    const w = await writeSampleInstallerIso(p);
    expect(w.ok).toBe(true);
    const out = join(dir.path, 'x-sample');
    await run('7z', ['x', '-y', `-o${out}`, p]);
    for (const f of await sampleInstallerFiles()) {
      const got = await readFile(join(out, f.path));
      expect(createHash('sha256').update(got).digest('hex'), f.path).toBe(createHash('sha256').update(f.data).digest('hex'));
    }
    const r = await inspectIso(p);
    expect(r.ok && r.value.findings).toEqual([]);
    expect(r.ok && r.value.nameSource).toBe('iso9660');
  });
});
