/**
 * Hashing an installer ISO (the Boot media step's "Check against the published checksum", and the build's own
 * check): the file's SHA-256 read once with progress, compared with the checksum the technician copied from the
 * download page when one is given. A flow of its own because it is a long job (a 10 GB ISO takes a while) that
 * reports progress and is cancelled like every other.
 */
import { ok, type Result } from '../core/result';
import { compareChecksum, hashFile } from '../services/iso/inspect';
import type { FlowContext } from './types';

export interface HashIsoInput {
  readonly path: string;
  /** The published checksum (hex, or a `.sha256` file's line); absent: just hash. */
  readonly expected?: string;
}

export interface HashIsoOutcome {
  readonly sha256: string;
  readonly size: number;
  /** Present when a checksum was given: true when it matches. */
  readonly matches?: boolean;
}

/**
 * Hashes the ISO. A given checksum that does not match is an outcome (`matches: false`), not an error, so the
 * step can show both values; a checksum that is no SHA-256 at all is an error.
 */
export async function hashIsoFlow(ctx: FlowContext, input: HashIsoInput): Promise<Result<HashIsoOutcome>> {
  const r = await hashFile(input.path, (p) => ctx.progress({ phase: 'hashing', ...p }));
  if (!r.ok) return r;
  if (input.expected === undefined) return ok(r.value);
  const cmp = compareChecksum(r.value.sha256, input.expected);
  if (!cmp.ok && cmp.error.code !== 'checksum-mismatch') return cmp;
  return ok({ ...r.value, matches: cmp.ok });
}
