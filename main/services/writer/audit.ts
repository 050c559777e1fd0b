/**
 * Audit a stick written by Sitekit, later (docs/FIELD-NOTES.md "Auditing a stick later"): read /SITEKIT/MANIFEST.JSON from its
 * FAT32 volume without mounting, hash every file it lists, and hash the raw image as the manifest defines
 * it (main/core/media/manifest.ts): "site X, hosts Y, image SHA-256 Z, intact / modified (which files)".
 * The device is read with direct I/O, so the answer comes from the stick, not from the page cache.
 */
import { createHash } from 'node:crypto';
import { constants, open, stat, type FileHandle } from 'node:fs/promises';
import { err, ok, type Result } from '../../core/result';
import type { AuditFileProblem, AuditReport } from '../../core/drives/types';
import { MANIFEST_PATH, parseManifest, type StickManifest } from '../../core/media/manifest';
import { Fat32Volume, FatError, type ReadAt } from '../fat32/reader';
import { alignedBuffer } from './aligned';

const ALIGN = 4096;

/** A ReadAt over a file handle; with direct I/O every read is widened to aligned blocks. */
function readerFor(fh: FileHandle, direct: boolean): ReadAt {
  return async (position, length) => {
    if (!direct) {
      const buf = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(buf, done, length - done, position + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf.subarray(0, done);
    }
    const start = Math.floor(position / ALIGN) * ALIGN;
    const end = Math.ceil((position + length) / ALIGN) * ALIGN;
    const buf = alignedBuffer(end - start);
    let done = 0;
    while (done < buf.length) {
      const { bytesRead } = await fh.read(buf, done, buf.length - done, start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    const from = position - start;
    return buf.subarray(from, Math.min(done, from + length));
  };
}

async function openForAudit(path: string): Promise<{ fh: FileHandle; direct: boolean }> {
  try {
    return { fh: await open(path, constants.O_RDONLY | constants.O_DIRECT), direct: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
    return { fh: await open(path, constants.O_RDONLY), direct: false };
  }
}

/**
 * In one pass over bytes [0, size): the image SHA-256 (as `sha256sum` of the image file prints it) and the
 * manifest's digest (the same bytes with [zeroFrom, zeroTo) read as zeros).
 */
async function imageHash(read: ReadAt, size: number, zeroFrom: number, zeroTo: number): Promise<{ sha256: string; zeroed: string } | undefined> {
  const full = createHash('sha256');
  const h = createHash('sha256');
  const chunk = 4 << 20;
  for (let pos = 0; pos < size; pos += chunk) {
    const n = Math.min(chunk, size - pos);
    const bytes = await read(pos, n);
    if (bytes.length < n) return undefined;
    full.update(bytes);
    const a = Math.max(zeroFrom, pos);
    const b = Math.min(zeroTo, pos + n);
    if (a < b) bytes.fill(0, a - pos, b - pos);
    h.update(bytes);
  }
  return { sha256: full.digest('hex'), zeroed: h.digest('hex') };
}

/**
 * Reads only the manifest of a Sitekit stick or image file (no hashing): which site and hosts it is for and
 * what it carries. The write flow uses it to record a stick run in the right site.
 */
export async function readStickManifest(path: string): Promise<Result<StickManifest>> {
  let handle: { fh: FileHandle; direct: boolean };
  try {
    handle = await openForAudit(path);
  } catch (e) {
    return err('not-found', `${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  try {
    const vol = await Fat32Volume.open(readerFor(handle.fh, handle.direct));
    const entry = await vol.lookup(MANIFEST_PATH);
    if (!entry) return err('not-found', `${path} has no ${MANIFEST_PATH}: it was not built by Sitekit.`);
    const manifest = parseManifest(new TextDecoder().decode(await vol.readFile(entry)));
    return manifest ? ok(manifest) : err('parse-error', `${MANIFEST_PATH} in ${path} is not a manifest this Sitekit can read.`);
  } catch (e) {
    return err('invalid-input', `${path} does not hold a FAT32 volume Sitekit can read: ${(e as Error).message}`);
  } finally {
    await handle.fh.close().catch(() => undefined);
  }
}

/** Audits a device or image file written by Sitekit. */
export async function auditStick(path: string): Promise<Result<AuditReport>> {
  let handle: { fh: FileHandle; direct: boolean };
  try {
    await stat(path);
    handle = await openForAudit(path);
  } catch (e) {
    return err('not-found', `${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, { hint: 'Check the device name or file path; devices need administrator rights.' });
  }
  try {
    const read = readerFor(handle.fh, handle.direct);
    let vol: Fat32Volume;
    try {
      vol = await Fat32Volume.open(read);
    } catch (e) {
      if (e instanceof FatError) return err('invalid-input', `${path} does not hold a FAT32 volume Sitekit can read: ${e.message}`, { hint: 'This stick was not written by Sitekit, or it was reformatted.' });
      throw e;
    }
    const entry = await vol.lookup(MANIFEST_PATH);
    if (!entry) return err('not-found', `${path} has a FAT32 volume but no ${MANIFEST_PATH}: it was not written by Sitekit, or the manifest was deleted.`, { hint: 'Write the stick again with Sitekit.' });
    const manifest = parseManifest(new TextDecoder().decode(await vol.readFile(entry)));
    if (!manifest) return err('parse-error', `${MANIFEST_PATH} on ${path} is not a Sitekit manifest Sitekit can read.`, { hint: 'The manifest was edited or comes from a newer Sitekit.' });

    const modified: AuditFileProblem[] = [];
    for (const f of manifest.files) {
      const e = await vol.lookup(f.path);
      if (!e || e.isDir) modified.push({ path: f.path, problem: 'missing' });
      else if (e.size !== f.size) modified.push({ path: f.path, problem: 'size' });
      else if ((await vol.sha256(e)) !== f.sha256) modified.push({ path: f.path, problem: 'content' });
    }
    const im = manifest.image;
    const actual = await imageHash(read, im.size, im.manifestOffset, im.manifestOffset + im.manifestSize);
    const matches = actual === undefined ? false : actual.zeroed === im.sha256ManifestZeroed;
    return ok({
      target: path,
      site: { id: manifest.site.id, name: manifest.site.name },
      hosts: manifest.hosts.map((h) => h.name),
      iso: { name: manifest.iso.name, sha256: manifest.iso.sha256 },
      createdAt: manifest.createdAt,
      image: { ...(actual ? { sha256: actual.sha256 } : {}), size: im.size, sha256ManifestZeroed: im.sha256ManifestZeroed, matches },
      ...(manifest.carried ? { carried: manifest.carried } : {}),
      ...(manifest.sampleIso ? { sampleIso: true } : {}),
      filesChecked: manifest.files.length,
      modified,
      intact: modified.length === 0 && matches,
    });
  } catch (e) {
    if (e instanceof FatError) return err('invalid-input', `The FAT32 volume on ${path} is damaged: ${e.message}`, { hint: 'Write the stick again.' });
    return err('device-error', `Reading ${path} failed: ${(e as Error).message}`, { hint: 'Check the stick and try again.' });
  } finally {
    await handle.fh.close().catch(() => undefined);
  }
}

export { describeAudit } from '../../core/drives/describe';
