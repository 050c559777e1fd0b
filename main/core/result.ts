/**
 * Results and errors that cross process and layer boundaries.
 *
 * Services and IPC handlers never throw at their callers: they return `Result<T>`. `AppError` is a tagged union;
 * each tag names a situation the technician can act on. The human sentence is made from the tag and params by the
 * UI, the CLI or the report, not by the code that detected the problem
 * (docs/CONVENTIONS.md § Rules return codes, words live in messages;
 * § Errors say what happened, what was kept, what next).
 */

/** Every error tag Sitekit can report. New features add their tags here so the UI can explain each one. */
export type ErrorCode =
  | 'invalid-request'
  | 'not-found'
  | 'parse-error'
  | 'schema-error'
  | 'newer-version'
  | 'io-error'
  | 'conflict'
  | 'unauthorized'
  | 'network-unreachable'
  | 'rejected'
  | 'cancelled'
  | 'unsupported'
  /** The installer ISO lacks a driver a host's management or only uplink needs. */
  | 'driver-missing'
  | 'device-error'
  | 'identity-changed'
  | 'read-only'
  | 'too-small'
  /** Bytes read back from a written stick differ from the image. */
  | 'verify-mismatch'
  /** A file (an ISO, a compatibility list) differs from the checksum it was published with. */
  | 'checksum-mismatch'
  | 'invalid-iso'
  | 'invalid-input'
  | 'internal'
  // git (issue 6): a token the server no longer accepts, a host name that does not resolve, a TLS failure.
  | 'auth-expired'
  | 'unknown-host'
  | 'tls-error';

/** One problem located in a file: used for schema errors and parse errors. */
export interface Issue {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** A tagged error value. `message` is a complete sentence for logs and the CLI; `hint` says what to do next. */
export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
  readonly file?: string;
  readonly issues?: readonly Issue[];
  /** What was kept safe despite the failure, e.g. "the last good draft", "2 local commits". */
  readonly kept?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const err = <T = never>(
  code: ErrorCode,
  message: string,
  extra: Omit<AppError, 'code' | 'message'> = {},
): Result<T> => ({ ok: false, error: { code, message, ...extra } });

/** Type guard for values that already are `AppError`s (e.g. rethrown from a lower layer). */
export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** An exception that carries an `AppError`, for deep call stacks inside one service. Never crosses IPC. */
export class AppFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
  }
}

/** Unwraps a result or throws `AppFailure`; for tests and scripts. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new AppFailure(result.error);
}
