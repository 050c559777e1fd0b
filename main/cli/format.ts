/** Shared CLI output helpers: errors with their issues, and a progress bar. */
import type { AppError } from '../core/result';
import type { Progress } from '../ipc/define';

/** Formats an AppError as the CLI prints it: message, each issue with file:line, what was kept, what next. */
export function formatError(error: AppError): string {
  const lines = [`error: ${error.message}`];
  for (const i of error.issues ?? []) {
    const where = [error.file, i.line !== undefined ? String(i.line) : undefined, i.column !== undefined ? String(i.column) : undefined].filter(Boolean).join(':');
    lines.push(`  ${where ? where + ': ' : ''}${i.path ? i.path + ': ' : ''}${i.message}`);
  }
  if (error.kept) lines.push(`kept: ${error.kept}`);
  if (error.hint) lines.push(`next: ${error.hint}`);
  return lines.join('\n') + '\n';
}

const units = ['B', 'KB', 'MB', 'GB', 'TB'];
export function humanBytes(n: number): string {
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** A one-line progress bar for stderr; redraws in place on a terminal, otherwise prints each phase's start and every ~10%. */
export function progressPrinter(write: (s: string) => void, tty: boolean): (p: Progress) => void {
  let lastDecile = -1;
  let lastPhase = '';
  return (p) => {
    const frac = p.total > 0 ? Math.min(1, p.bytes / p.total) : 0;
    const width = 30;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const eta = p.eta >= 0 ? `${Math.ceil(p.eta)}s left` : '';
    // A phase that moves no bytes (checking, flushing, ejecting, done) has no rate to show.
    const rate = p.speed > 0 ? ` ${humanBytes(p.speed)}/s` : '';
    const line = `${p.phase.padEnd(9)} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${humanBytes(p.bytes)}/${humanBytes(p.total)}${rate} ${eta}`.trimEnd();
    if (tty) write(`\r${line.padEnd(100)}${frac >= 1 ? '\n' : ''}`);
    else {
      const decile = Math.floor(frac * 10);
      if (decile !== lastDecile || p.phase !== lastPhase) {
        lastDecile = decile;
        lastPhase = p.phase;
        write(line + '\n');
      }
    }
  };
}
