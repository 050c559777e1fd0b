/**
 * The CLI's exit codes and the one table from an error's tag to its exit code (issue 28: `git` and `media build`
 * each had their own and disagreed). Every command that stops on an `AppError` exits with `exitFor(error)`;
 * a command decides an exit itself only from what its check found (lint errors, a host the check rejects: 1)
 * or from its own arguments (2). The README's exit-code table lists the tags of each code; a test holds it to
 * this table.
 */
import type { AppError, ErrorCode } from '../core/result';
import { formatError } from './format';

export const EXIT = {
  ok: 0,
  /** The check ran and found problems (lint errors, unsupported host, a stick that differs). */
  problems: 1,
  /** The command's options or arguments are wrong, or a confirmation is missing. */
  usage: 2,
  /** A bad input: a file, site, ISO or value that cannot be used as given. */
  input: 3,
  /** I/O, device or network failure. */
  io: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Each error tag's exit code. A `Record` over every `ErrorCode`, so a new tag does not compile until it is
 * given one here (and the README test then asks for it in the table).
 */
export const EXIT_FOR: Readonly<Record<ErrorCode, ExitCode>> = {
  // 1: Sitekit checked and found a problem with what it was given.
  conflict: EXIT.problems,
  unsupported: EXIT.problems,
  'driver-missing': EXIT.problems,
  'too-small': EXIT.problems,
  'verify-mismatch': EXIT.problems,
  // 2: the request the command's arguments make is malformed.
  'invalid-request': EXIT.usage,
  // 3: a file, site, ISO or value that cannot be used as given (nothing was changed).
  'not-found': EXIT.input,
  'parse-error': EXIT.input,
  'schema-error': EXIT.input,
  'newer-version': EXIT.input,
  'invalid-iso': EXIT.input,
  'checksum-mismatch': EXIT.input,
  'invalid-input': EXIT.input,
  // 4: reading, writing, a device or the network failed, or the job did not complete.
  'io-error': EXIT.io,
  'device-error': EXIT.io,
  'identity-changed': EXIT.io,
  'read-only': EXIT.io,
  rejected: EXIT.io,
  cancelled: EXIT.io,
  unauthorized: EXIT.io,
  'auth-expired': EXIT.io,
  'network-unreachable': EXIT.io,
  'unknown-host': EXIT.io,
  'tls-error': EXIT.io,
  internal: EXIT.io,
};

/** The exit code of a command that stops on `error`. */
export function exitFor(error: Pick<AppError, 'code'>): ExitCode {
  return EXIT_FOR[error.code] ?? EXIT.io;
}

/** Prints `error` the CLI's way (what happened, what was kept, what next) and returns its exit code. */
export function fail(io: { readonly err: (text: string) => void }, error: AppError): ExitCode {
  io.err(formatError(error));
  return exitFor(error);
}
