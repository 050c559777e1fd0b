/**
 * A small file logger with rotation and secret redaction.
 *
 * Lines are JSON. Anything that looks like a credential (URL user:pass@, Authorization headers, tokens,
 * password fields, $6$ hashes) is redacted before it reaches the disk.
 */
import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

const PATTERNS: readonly [RegExp, string][] = [
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[redacted]@'],
  [/(authorization["']?\s*[:=]\s*["']?)(basic|bearer|token)\s+[A-Za-z0-9._~+/=-]+/gi, '$1$2 [redacted]'],
  [/("?(?:password|passwd|token|secret|privateKey|passphrase)"?\s*[:=]\s*)"[^"]*"/gi, '$1"[redacted]"'],
  [/\$6\$[A-Za-z0-9./]{0,16}\$[A-Za-z0-9./]{86}/g, '[redacted-hash]'],
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_-]{20,})\b/g, '[redacted-token]'],
];

/** Removes credentials from a string. */
export function redact(text: string): string {
  return PATTERNS.reduce((acc, [re, rep]) => acc.replace(re, rep), text);
}

export interface FileLoggerOptions {
  readonly dir: string;
  readonly maxBytes?: number;
  readonly keep?: number;
  readonly echo?: (line: string) => void;
}

/** Appends JSON lines to `<dir>/sitekit.log`, rotating to `.1`…`.keep` past `maxBytes`. */
export function createFileLogger(options: FileLoggerOptions): Logger & { flush(): Promise<void>; readonly path: string } {
  const path = join(options.dir, 'sitekit.log');
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 3;
  let chain: Promise<void> = mkdir(options.dir, { recursive: true }).then(() => undefined);

  const write = (level: string, message: string, data?: Record<string, unknown>): void => {
    const line = redact(JSON.stringify({ t: new Date().toISOString(), level, message, ...(data ?? {}) })) + '\n';
    options.echo?.(line);
    chain = chain
      .then(async () => {
        const size = await stat(path).then((s) => s.size).catch(() => 0);
        if (size + line.length > maxBytes) {
          for (let i = keep - 1; i >= 1; i--) await rename(`${path}.${i}`, `${path}.${i + 1}`).catch(() => undefined);
          await rename(path, `${path}.1`).catch(() => undefined);
        }
        await appendFile(path, line, { mode: 0o600 });
      })
      .catch(() => undefined);
  };
  return {
    path,
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    flush: () => chain,
  };
}

/** A logger that drops everything (tests, CLI without --log). */
export const nullLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
