/**
 * Auditing a stick written by Sitekit: a FAT32 stick built with the real tools (sfdisk, mkfs.vfat, mtools),
 * carrying a manifest made the way main/core/media/manifest.ts defines it, on a loop device.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { open, readFile, writeFile } from 'node:fs/promises';
import { LoopSet, partitionedImage, sh } from '../../../helpers/loop';
import { tempDir } from '../../../helpers/temp';
import { auditStick, describeAudit } from '../../../../main/services/writer/audit';
import { MANIFEST_FORMAT, MANIFEST_VERSION, renderManifest, type StickManifest } from '../../../../main/core/media/manifest';

const MiB = 1 << 20;
const SIZE = 80 * MiB;
const loops = new LoopSet();
let dir: { path: string; remove: () => Promise<void> };

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const FILES: Record<string, string> = {
  '/KS.CFG': 'vmaccepteula\ninstall --firstdisk --overwritevmfs\nnetwork --bootproto=dhcp\n',
  '/BOOT.CFG': 'bootstate=0\ntitle=Loading ESXi installer\nkernelopt=runweasel ks=usb:/KS.CFG\n',
  '/EFI/BOOT/BOOT.CFG': 'bootstate=0\nkernelopt=runweasel ks=usb:/KS.CFG\n',
  '/EFI/BOOT/BOOTX64.EFI': 'MZ' + 'x'.repeat(300_000),
  '/Long File Name.txt': 'a file with a VFAT long name\n',
};

/** Builds a stick image the way Sitekit lays one out, with the manifest's image hash filled in last. */
async function buildStick(path: string): Promise<StickManifest> {
  await partitionedImage(path, SIZE, 'dos');
  const img = `${path}@@${MiB}`;
  await sh('mkfs.vfat', ['-F', '32', '-s', '1', '-n', 'SITEKIT', '--offset', '2048', path, String((SIZE - MiB) / 1024)]);
  await sh('mmd', ['-i', img, '::/EFI', '::/EFI/BOOT', '::/SITEKIT']);
  for (const [p, text] of Object.entries(FILES)) {
    const local = join(dir.path, 'f-' + sha(p).slice(0, 8));
    await writeFile(local, text);
    await sh('mcopy', ['-i', img, local, `::${p}`]);
  }
  const base: StickManifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    createdAt: '2026-11-25T07:00:00.000Z',
    sitekit: { version: 'test' },
    site: { id: 'store-042', name: 'Store 042' },
    multiHost: false,
    hosts: [{ name: 'esx-01', network: 'static 10.0.0.11/24', install: 'firstdisk' }],
    iso: { name: 'VMware-VMvisor-Installer-8.0U3.iso', size: 1234, sha256: 'a'.repeat(64) },
    partition: { scheme: 'mbr', startLba: 2048, sectors: (SIZE - MiB) / 512, mbrType: 0x0c, diskId: '12345678' },
    volume: { label: 'SITEKIT', volumeId: '00000000', clusterBytes: 512 },
    files: Object.entries(FILES).map(([p, t]) => ({ path: p, size: Buffer.byteLength(t), sha256: sha(t), source: 'generated' as const })),
    image: { size: SIZE, sha256ManifestZeroed: '0'.repeat(64), manifestOffset: 0, manifestSize: 4096 },
  };
  // Place a manifest of the final length, find its bytes in the image, then hash the image with them zeroed.
  const placeholder = renderManifest(base, 4096);
  const local = join(dir.path, 'manifest.json');
  await writeFile(local, placeholder);
  await sh('mcopy', ['-i', img, local, '::/SITEKIT/MANIFEST.JSON']);
  const bytes = await readFile(path);
  const offset = bytes.indexOf(Buffer.from(placeholder));
  expect(offset).toBeGreaterThan(MiB);
  bytes.fill(0, offset, offset + 4096);
  const manifest = { ...base, image: { size: SIZE, sha256ManifestZeroed: sha(bytes), manifestOffset: offset, manifestSize: 4096 } };
  const final = renderManifest(manifest, 4096);
  const fh = await open(path, 'r+');
  await fh.write(final, 0, final.length, offset);
  await fh.close();
  return manifest;
}

beforeAll(async () => {
  dir = await tempDir('sitekit-audit-');
});
afterEach(() => loops.detachAll());
afterAll(async () => {
  await loops.detachAll();
  await dir.remove();
});

describe('auditStick', () => {
  it('reports site, hosts, image hash and "intact" for an untouched stick on a block device', async () => {
    const file = join(dir.path, 'intact.img');
    const m = await buildStick(file);
    const dev = await loops.attach(file);
    const r = await auditStick(dev);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({
      site: { id: 'store-042', name: 'Store 042' },
      hosts: ['esx-01'],
      iso: { name: 'VMware-VMvisor-Installer-8.0U3.iso' },
      // The image SHA-256 is the bytes' own (sha256sum of the image); the manifest's digest has its own name.
      image: { sha256: createHash('sha256').update(await readFile(file)).digest('hex'), sha256ManifestZeroed: m.image.sha256ManifestZeroed, size: SIZE, matches: true },
      filesChecked: Object.keys(FILES).length,
      modified: [],
      intact: true,
    });
    expect(describeAudit(r.value)).toMatch(/^site Store 042 \(store-042\), hosts esx-01, image SHA-256 [0-9a-f]{64}, 5 files checked, intact$/);
  });

  it('names the modified and missing files of a stick changed after writing', async () => {
    const file = join(dir.path, 'modified.img');
    await buildStick(file);
    const img = `${file}@@${MiB}`;
    const local = join(dir.path, 'evil.cfg');
    await writeFile(local, FILES['/KS.CFG']!.replace('dhcp', 'dhcX'));
    await sh('mcopy', ['-o', '-i', img, local, '::/KS.CFG']);
    await sh('mdel', ['-i', img, '::/Long File Name.txt']);
    const dev = await loops.attach(file);
    const r = await auditStick(dev);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.intact).toBe(false);
    expect(r.value.image.matches).toBe(false);
    expect(r.value.modified).toEqual([
      { path: '/KS.CFG', problem: 'content' },
      { path: '/Long File Name.txt', problem: 'missing' },
    ]);
    expect(describeAudit(r.value)).toContain('modified: /KS.CFG (content), /Long File Name.txt (missing)');
  });

  it('says plainly when the medium is not a Sitekit stick', async () => {
    const file = join(dir.path, 'plain.img');
    await partitionedImage(file, 8 * MiB, 'dos');
    const r = await auditStick(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/does not hold a FAT32 volume/);
  });
});
