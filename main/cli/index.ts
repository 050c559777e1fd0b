/**
 * The `sitekit` command table and dispatcher. Each group lives in commands/<group>.ts; add one line here.
 * `runCli` is what bin/sitekit.mjs and the tests call.
 */
import { EXIT, type Command, type CliIO } from './types';
import { siteCommand } from './commands/site';
import { demoCommand } from './commands/demo';
import { reportCommand } from './commands/report';
import { hwCommand } from './commands/hw';
import { generateCommand } from './commands/generate';
import { lintCommand } from './commands/lint';
import { gitCommand } from './commands/git';
import { mediaCommand } from './commands/media';
import { fleetCommand } from './commands/fleet';
import { acceptCommand } from './commands/accept';
import { formatError } from './format';
import { isAppError } from '../core/result';
import { SITEKIT_VERSION } from '../services/version';

/** In the order of the work on a site. */
export const COMMANDS: readonly Command[] = [siteCommand, hwCommand, generateCommand, lintCommand, gitCommand, mediaCommand, acceptCommand, reportCommand, fleetCommand, demoCommand];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `Sitekit ${SITEKIT_VERSION} — VMware Edge Compute Stack site tool`,
    '',
    'Usage: sitekit <command> [options]    (sitekit <command> --help for details)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary.charAt(0).toLowerCase()}${c.summary.slice(1)}`),
    '',
    'Exit codes: 0 ok, 1 problems found, 2 usage error, 3 bad input (a file, site, ISO or value), 4 I/O, device or network failure.',
    '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${SITEKIT_VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`error: unknown command "${name}".\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    const error = (e as { error?: unknown }).error;
    if (isAppError(error)) {
      io.err(formatError(error));
      return EXIT.io;
    }
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`error: ${(e as Error).message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    io.err(`error: unexpected failure in "sitekit ${name}": ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.io;
  }
}
