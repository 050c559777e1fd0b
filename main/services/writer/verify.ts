/** Verify an existing stick (or image file) against an image file, read back with direct I/O. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { err, ok, type Result } from '../../core/result';
import type { VerifyOutcome, WriteTarget } from '../../core/drives/types';
import { checkIdentity } from '../drives/identity';
import { openDevice, openImageTarget, type OpenTarget } from './device';
import { firstDifference, readBackHash, toAppError } from './pipeline';
import { openImageFile } from './image-source';

async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Compares the first `size(image)` bytes of the target with the image. */
export async function verifyStick(image: string, target: WriteTarget, onBytes?: (bytes: number, total: number) => void): Promise<Result<VerifyOutcome>> {
  let source;
  try {
    source = await openImageFile(image);
  } catch (e) {
    return err('not-found', `The image ${image} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, { hint: 'Check the path.' });
  }
  let open: OpenTarget | undefined;
  const name = target.kind === 'device' ? target.identity.device : target.path;
  try {
    if (target.kind === 'device') {
      const id = await checkIdentity(target.identity);
      if (!id.ok) return id;
      open = await openDevice(target.identity.device, 'read');
    } else open = await openImageTarget(target.path, 'read');
    const [imageSha256, targetSha256] = await Promise.all([fileSha256(image), readBackHash(open, source.size, { onBytes: (b) => onBytes?.(b, source.size) })]);
    const matches = imageSha256 === targetSha256;
    const mismatchOffset = matches ? undefined : await firstDifference(open, source);
    return ok({ target: name, matches, imageSha256, targetSha256, mismatchOffset });
  } catch (e) {
    return { ok: false, error: toAppError(e, open, 'verifying') };
  } finally {
    await open?.fh.close().catch(() => undefined);
    await source.close?.();
  }
}
