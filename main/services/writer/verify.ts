/** Verify an existing stick (or image file) against an image file, read back with direct I/O. */
import { err, ok, type Result } from '../../core/result';
import type { VerifyOutcome, WriteTarget } from '../../core/drives/types';
import { checkIdentity } from '../drives/identity';
import { openDevice, openImageTarget, type OpenTarget } from './device';
import { readBack, sourceSha256, StickBuffers, toAppError } from './pipeline';
import { openImageFile } from './image-source';

/**
 * Compares the first `size(image)` bytes of the target with the image: one pass that reads both, compares
 * them byte for byte and hashes the target's bytes (which, when all are equal, is the image's SHA-256).
 * Only when they differ are both hashed in full, for the outcome's two hashes.
 */
export async function verifyStick(image: string, target: WriteTarget, onBytes?: (bytes: number, total: number) => void): Promise<Result<VerifyOutcome>> {
  let source;
  try {
    source = await openImageFile(image);
  } catch (e) {
    return err('not-found', `The image ${image} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, { hint: 'Check the path.' });
  }
  let open: OpenTarget | undefined;
  const buffers = new StickBuffers();
  const name = target.kind === 'device' ? target.identity.device : target.path;
  try {
    if (target.kind === 'device') {
      const id = await checkIdentity(target.identity);
      if (!id.ok) return id;
      open = await openDevice(target.identity.device, 'read');
    } else open = await openImageTarget(target.path, 'read');
    const size = source.size;
    const back = await readBack(open, size, { buffers, compareWith: source, onBytes: (b) => onBytes?.(b, size) });
    if (back.sha256 !== undefined) return ok({ target: name, matches: true, imageSha256: back.sha256, targetSha256: back.sha256 });
    const imageSha256 = await sourceSha256(source, { buffers });
    const whole = await readBack(open, size, { buffers });
    return ok({ target: name, matches: false, imageSha256, targetSha256: whole.sha256!, mismatchOffset: back.mismatchOffset });
  } catch (e) {
    return { ok: false, error: toAppError(e, open, 'verifying') };
  } finally {
    await open?.fh.close().catch(() => undefined);
    await buffers.close();
    await source.close?.();
  }
}
