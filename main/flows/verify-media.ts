/**
 * Verifying a stick (or an image file) against an image, as one job like the others (issue 28): the same
 * read-back the write runs, with the one meter's progress for its job id. The CLI's `media verify` and the
 * `media:verify` channel both come here; neither reads the target itself or makes up its progress.
 */
import type { VerifyOutcome, WriteTarget } from '../core/drives/types';
import type { Result } from '../core/result';
import type { FlowContext } from './types';

export interface VerifyMediaInput {
  /** The image file the target should hold. */
  readonly image: string;
  /** A pinned drive (re-checked by identity before it is opened) or an image file. */
  readonly target: WriteTarget;
}

export async function verifyMediaFlow(ctx: FlowContext, input: VerifyMediaInput): Promise<Result<VerifyOutcome>> {
  const name = input.target.kind === 'device' ? input.target.identity.device : input.target.path;
  const r = await ctx.services.sticks.verify(input.image, input.target, (bytes, total) => ctx.progress({ phase: 'verifying', bytes, total, message: name }));
  if (r.ok) ctx.services.logger.info('stick verified', { target: name, matches: r.value.matches });
  else ctx.services.logger.warn('stick verify failed', { target: name, code: r.error.code });
  return r;
}
