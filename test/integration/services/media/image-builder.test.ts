/**
 * Builds real images from an xorriso-made ESXi-shaped ISO and checks them with real tools: sfdisk sees
 * the planned partition, fsck.vfat finds nothing to fix, mcopy gives back every ISO file byte for byte
 * (7-Zip's extraction as the reference), both BOOT.CFG differ only in the kernelopt line, and the
 * manifest's hashes are right. Bad input leaves nothing under the target name.
 */
import { createHash } from 'node:crypto';
import { copyFile, lstat, mkdtemp, readFile, readdir, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESP_TYPE_GUID } from '../../../../main/core/media/partition';
import { parseManifest } from '../../../../main/core/media/manifest';
import { buildStickImage, type BuildStickOptions, type StickImageResult } from '../../../../main/services/media/build-stick';
import { buildImage, writeImageFile } from '../../../../main/services/media/image-builder';
import { planImage } from '../../../../main/services/media/plan-image';
import { IsoReader } from '../../../../main/services/iso/iso-reader';
import { makeEsxiIso, run } from '../../../helpers/esxi-iso';
import { siteWith, planFor } from '../../../helpers/media-site';
import { exists, extractRange, fsckVfat, listTree, mcopyAll, mtype, sfdiskJson } from '../../../helpers/stick-tools';
import { tempDir } from '../../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
let isoPath: string;
let isoTree: string;
const PASSWORD = 'Vm-ware!2024x';
const OFFSET = 1024 * 1024;

const options = (over: Partial<BuildStickOptions> = {}): BuildStickOptions => ({
  site: siteWith(),
  plan: planFor(over.site ?? siteWith()),
  isoPath,
  outPath: join(dir.path, 'stick.img'),
  hosts: { kind: 'one', host: 'esx01' },
  password: PASSWORD,
  scheme: 'mbr',
  versions: { sitekit: '0.1.0-test', compatList: '2026.11' },
  now: new Date('2026-11-25T06:00:00Z'),
  ...over,
});

async function build(over: Partial<BuildStickOptions>): Promise<StickImageResult> {
  const r = await buildStickImage(options(over));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

beforeAll(async () => {
  dir = await tempDir('sitekit-media-');
  isoPath = (await makeEsxiIso({ dir: dir.path, variant: 'rr-joliet', name: 'ESXi-8.0U3.iso', moduleBytes: 12 * 2 ** 20 })).path;
  isoTree = join(dir.path, 'iso-tree');
  await run('7z', ['x', '-y', `-o${isoTree}`, isoPath]);
}, 120_000);
afterAll(() => dir?.remove());

describe.each(['mbr', 'mbr-ef', 'gpt'] as const)('a %s image', (scheme) => {
  let img: string;
  let result: StickImageResult;
  beforeAll(async () => {
    img = join(dir.path, `${scheme}.img`);
    result = await build({ scheme, outPath: img, siteCommit: 'c0ffee'.padEnd(40, '0'), reportHtml: '<html><body><h1>Store 0421</h1></body></html>' });
  }, 120_000);

  it('has the planned partition (sfdisk)', async () => {
    const t = await sfdiskJson(img);
    expect(t.partitions).toHaveLength(1);
    const p = t.partitions[0]!;
    expect(p.start).toBe(2048);
    expect(p.size).toBe(result.plan.partition.sectors);
    if (scheme === 'gpt') {
      expect(t.label).toBe('gpt');
      expect(p.type).toBe(ESP_TYPE_GUID);
    } else {
      expect(t.label).toBe('dos');
      expect(p.type).toBe(scheme === 'mbr' ? 'c' : 'ef');
      expect(p.bootable).toBe(true);
    }
    expect((await stat(img)).size).toBe(result.size);
  });

  it('is a clean FAT32 volume (fsck.vfat -n)', async () => {
    const part = join(dir.path, `${scheme}.part`);
    await extractRange(img, OFFSET, result.plan.partition.sectors * 512, part);
    const f = await fsckVfat(part);
    expect(f.output).not.toMatch(/differ|wrong|invalid|corrupt|Free cluster summary|Dirty|\?/i);
    expect(f.code).toBe(0);
  });

  it('holds every ISO file byte for byte, both BOOT.CFG edited only on the kernelopt line', async () => {
    const out = join(dir.path, `${scheme}-files`);
    await run('mkdir', ['-p', out]);
    await mcopyAll(img, OFFSET, out);
    const isoFiles = (await listTree(isoTree)).filter((p) => !p.startsWith('/[BOOT]'));
    const stickFiles = await listTree(out);
    expect(stickFiles).toEqual([...isoFiles, '/KS.CFG', '/SITEKIT/MANIFEST.JSON'].sort());
    for (const p of isoFiles) {
      const a = await readFile(join(isoTree, p));
      const b = await readFile(join(out, p));
      if (p === '/BOOT.CFG' || p === '/EFI/BOOT/BOOT.CFG') {
        const eol = p === '/BOOT.CFG' ? '\n' : '\r\n';
        const al = a.toString('latin1').split(eol);
        const bl = b.toString('latin1').split(eol);
        expect(bl.length).toBe(al.length);
        al.forEach((line, i) => {
          if (line.startsWith('kernelopt=')) {
            expect(bl[i]).toMatch(/^kernelopt=runweasel ks=usb:\/KS\.CFG cpuUniformityHardCheckPanic=FALSE( +# installer)?$/);
            expect(bl[i]).not.toContain('cdromBoot');
          } else expect(bl[i]).toBe(line);
        });
      } else expect(b.equals(a), p).toBe(true);
    }
    expect(await mtype(img, OFFSET, '/KS.CFG')).toBe(result.plan.kickstart);
  });

  it('carries a manifest whose hashes match the files and the image', async () => {
    const text = await mtype(img, OFFSET, '/SITEKIT/MANIFEST.JSON');
    const m = parseManifest(text);
    if (!m) throw new Error('no manifest');
    expect(m.site).toEqual({ id: 'store-0421', name: 'Store 0421 Leeds', commit: 'c0ffee'.padEnd(40, '0') });
    expect(m.hosts.map((h) => h.name)).toEqual(['esx01']);
    expect(m.reportHtml).toContain('Store 0421');
    const { stdout } = await run('sha256sum', [isoPath]);
    expect(m.iso.sha256).toBe(stdout.split(' ')[0]);
    const out = join(dir.path, `${scheme}-files`);
    for (const f of m.files) {
      const bytes = await readFile(join(out, f.path));
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
      expect(bytes.length).toBe(f.size);
    }
    const image = await readFile(img);
    expect(createHash('sha256').update(image).digest('hex')).toBe(result.sha256);
    image.fill(0, m.image.manifestOffset, m.image.manifestOffset + m.image.manifestSize);
    expect(createHash('sha256').update(image).digest('hex')).toBe(m.image.sha256ManifestZeroed);
    expect(m.image.size).toBe(result.size);
  });
});

describe('the same inputs', () => {
  it('give the same image hash, known before writing', async () => {
    const a = await build({ outPath: join(dir.path, 'a.img'), passwordHash: '$6$abcdefgh$' + 'x'.repeat(86), password: undefined });
    const b = await build({ outPath: join(dir.path, 'b.img'), passwordHash: '$6$abcdefgh$' + 'x'.repeat(86), password: undefined });
    // Random disk ids differ between builds, so compare what must be equal: every file.
    expect(a.manifest.files).toEqual(b.manifest.files);
    expect(a.sha256).not.toBe('');
  });
});

describe('buildImage for a stick', () => {
  it('knows the hash before the first chunk and streams exactly the bytes writeImageFile writes', async () => {
    const opened = await IsoReader.open(isoPath);
    if (!opened.ok) throw new Error(opened.error.message);
    const iso = opened.value;
    try {
      const planned = await planImage(iso, {
        site: siteWith(),
        plan: planFor(siteWith()),
        hosts: { kind: 'one', host: 'esx01' },
        passwordHash: '$6$abcdefgh$' + 'x'.repeat(86),
        scheme: 'gpt',
        versions: { sitekit: 'test' },
        now: new Date('2026-11-25T06:00:00Z'),
        random: (n) => new Uint8Array(n).fill(9),
      });
      if (!planned.ok) throw new Error(planned.error.message);
      const built = await buildImage(planned.value.plan, iso, { workers: false, chunkBytes: 1 << 20 });
      if (!built.ok) throw new Error(built.error.message);
      const out = join(dir.path, 'direct.img');
      const written = await writeImageFile(planned.value.plan, iso, out, { workers: true });
      if (!written.ok) throw new Error(written.error.message);
      expect(written.value.sha256).toBe(built.value.sha256);
      const h = createHash('sha256');
      let size = 0;
      for await (const c of built.value.stream()) {
        h.update(c);
        size += c.length;
      }
      expect(size).toBe(built.value.size);
      expect(h.digest('hex')).toBe(built.value.sha256);
      expect(createHash('sha256').update(await readFile(out)).digest('hex')).toBe(built.value.sha256);
    } finally {
      await iso.close();
    }
  });
});

describe('the image file', () => {
  it('has the same bytes whether its folder takes direct I/O (ext4 here) or not (tmpfs)', async () => {
    const opened = await IsoReader.open(isoPath);
    if (!opened.ok) throw new Error(opened.error.message);
    const shm = await mkdtemp('/dev/shm/sitekit-image-');
    try {
      const planned = await planImage(opened.value, {
        site: siteWith(),
        plan: planFor(siteWith()),
        hosts: { kind: 'one', host: 'esx01' },
        passwordHash: '$6$abcdefgh$' + 'x'.repeat(86),
        scheme: 'gpt', // a backup table at the end: the last chunk is not a whole number of 4 KiB blocks
        versions: { sitekit: 'test' },
        now: new Date('2026-11-25T06:00:00Z'),
        random: (n) => new Uint8Array(n).fill(5),
      });
      if (!planned.ok) throw new Error(planned.error.message);
      const onDisk = await writeImageFile(planned.value.plan, opened.value, join(dir.path, 'disk.img'), { workers: true });
      const inMemory = await writeImageFile(planned.value.plan, opened.value, join(shm, 'shm.img'), { workers: true });
      if (!onDisk.ok || !inMemory.ok) throw new Error('build failed');
      const sum = async (p: string) => (await run('sha256sum', [p])).stdout.split(' ')[0];
      expect(await sum(join(dir.path, 'disk.img'))).toBe(onDisk.value.sha256);
      expect(await sum(join(shm, 'shm.img'))).toBe(onDisk.value.sha256);
      expect(inMemory.value.sha256).toBe(onDisk.value.sha256);
    } finally {
      await opened.value.close();
      await rm(shm, { recursive: true, force: true });
    }
  });

  it('refuses a link planted at the image name, by name, and writes nothing through it', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'sitekit-victim-'));
    try {
      const victim = join(outside, 'victim.txt');
      await writeFile(victim, 'keep me');
      const out = join(dir.path, 'linked.img');
      await symlink(victim, out);
      const r = await buildStickImage(options({ outPath: out }));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('rejected');
      expect(r.error.message).toContain(`linked.img in ${dir.path} is a symbolic link to ${victim}`);
      expect(r.error.kept).toBe('no image under the target name');
      expect(await readFile(victim, 'utf8')).toBe('keep me');
      expect((await lstat(out)).isSymbolicLink()).toBe(true);
      expect((await readdir(dir.path)).filter((n) => n.includes('linked.img.partial'))).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('one stick for all hosts', () => {
  it('carries both hosts, each picked by MAC', async () => {
    const r = await build({ hosts: { kind: 'all' }, outPath: join(dir.path, 'all.img') });
    expect(r.plan.hosts.map((h) => [h.name, h.mac])).toEqual([
      ['esx01', '00:1b:21:aa:bb:01'],
      ['esx02', '00:1b:21:aa:bb:02'],
    ]);
    const ks = await mtype(join(dir.path, 'all.img'), OFFSET, '/KS.CFG');
    expect(ks).toContain("grep -q '00:1b:21:aa:bb:02'");
    expect(ks).toContain('--ip=192.168.10.12');
  });
});

describe('bad input: a clear error and nothing under the target name', () => {
  const target = () => join(dir.path, 'never.img');
  const expectNothingLeft = async () => {
    expect(await exists(target())).toBe(false);
    expect((await readdir(dir.path)).filter((n) => n.includes('never.img'))).toEqual([]);
  };

  it('a non-ESXi ISO', async () => {
    const bad = await makeEsxiIso({ dir: dir.path, name: 'not-esxi.iso', moduleBytes: 2 ** 20, omit: ['EFI/BOOT/BOOTX64.EFI', 'EFI/BOOT/BOOT.CFG'] });
    const r = await buildStickImage(options({ isoPath: bad.path, outPath: target() }));
    expect(r.ok ? '' : r.error.code).toBe('invalid-iso');
    expect(r.ok ? [] : r.error.issues?.map((i) => i.path)).toEqual(['/EFI/BOOT/BOOTX64.EFI', '/EFI/BOOT/BOOT.CFG']);
    await expectNothingLeft();
  });

  it('a truncated ISO', async () => {
    const p = join(dir.path, 'truncated.iso');
    await copyFile(isoPath, p);
    await truncate(p, (await stat(p)).size - 3 * 2 ** 20);
    const r = await buildStickImage(options({ isoPath: p, outPath: target() }));
    expect(r.ok ? '' : r.error.message).toMatch(/truncated/);
    await expectNothingLeft();
  });

  it('a corrupt directory record', async () => {
    const p = join(dir.path, 'corrupt.iso');
    const bytes = await readFile(isoPath);
    const rootExtent = bytes.readUInt32LE(16 * 2048 + 156 + 2);
    const dot = rootExtent * 2048;
    const third = dot + bytes[dot]! + bytes[dot + bytes[dot]!]!; // after "." and ".." (Rock Ridge makes them longer)
    bytes[third] = 7; // record length 7: shorter than any directory record
    await writeFile(p, bytes);
    const r = await buildStickImage(options({ isoPath: p, outPath: target() }));
    expect(r.ok ? '' : r.error.message).toMatch(/corrupt directory record/);
    await expectNothingLeft();
  });

  it('an ISO that breaks off while the image is being written', async () => {
    const p = join(dir.path, 'vanishing.iso');
    await copyFile(isoPath, p);
    const opened = await IsoReader.open(p);
    if (!opened.ok) throw new Error(opened.error.message);
    try {
      const planned = await planImage(opened.value, { site: siteWith(), plan: planFor(siteWith()), hosts: { kind: 'one', host: 'esx01' }, password: PASSWORD, versions: { sitekit: 'test' } });
      if (!planned.ok) throw new Error(planned.error.message);
      await truncate(p, (await stat(p)).size - 2 * 2 ** 20); // the ISO's disk goes away half-way
      const r = await writeImageFile(planned.value.plan, opened.value, target(), { workers: true });
      expect(r.ok ? '' : r.error.message).toMatch(/truncated/);
      expect(r.ok ? '' : r.error.kept).toBe('no image under the target name');
    } finally {
      await opened.value.close();
    }
    await expectNothingLeft();
  });

  it('an ISO bigger than the stick', async () => {
    const r = await buildStickImage(options({ outPath: target(), targetBytes: 8 * 2 ** 20 }));
    expect(r.ok ? '' : r.error.code).toBe('too-small');
    await expectNothingLeft();
  });

  it('a password ESXi would reject', async () => {
    const r = await buildStickImage(options({ outPath: target(), password: 'Xqat3hi' }));
    expect(r.ok ? '' : r.error.code).toBe('invalid-input');
    expect(r.ok ? '' : r.error.issues?.[0]?.message).toMatch(/3 of/);
    await expectNothingLeft();
  });

  it('a host without MAC on a multi-host stick', async () => {
    const site = siteWith((s) => ((s.spec.hosts as { management: object }[])[1]!.management = { ip: '192.168.10.12' }));
    const r = await buildStickImage(options({ site, hosts: { kind: 'all' }, outPath: target() }));
    expect(r.ok ? '' : r.error.message).toMatch(/Host "esx02" has no known MAC address/);
    await expectNothingLeft();
  });
});
