/** The CLI's command interface and exit codes (docs/ARCHITECTURE.md). */
import type { Services } from '../services/index';
import type { Runtime } from '../runtime/runtime';

/** The exit codes and the one error → exit table live in exit-codes.ts. */
export { EXIT } from './exit-codes';
import { EXIT } from './exit-codes';

export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** True when stderr is a terminal (progress bars, colours). */
  readonly tty: boolean;
  /** Asks for a secret without echo; rejects when there is no terminal. */
  readonly readSecret: (prompt: string) => Promise<string>;
  /** The services of the runtime below (for commands that only read, such as `hw list`). */
  readonly services: () => Services;
  /** The composition root: every job is called through its contract (`runtime().call('media:build', …)`). */
  readonly runtime: () => Runtime;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full help text, shown by `sitekit <name> --help`. */
  readonly usage: string;
  run(args: readonly string[], io: CliIO): Promise<number>;
}

/** True when args ask for help. */
export const wantsHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');

export type Subcommand = (args: readonly string[], io: CliIO) => Promise<number>;

/**
 * A command made of subcommands (`sitekit site new|validate|show`): help, a missing or unknown
 * subcommand are handled here once; option errors are turned into usage errors by runCli.
 * A subcommand that is itself a Command (with its own usage) gets `--help` passed through.
 */
export function groupCommand(def: {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly subcommands: Readonly<Record<string, Subcommand | Command>>;
}): Command {
  return {
    name: def.name,
    summary: def.summary,
    usage: def.usage,
    async run(args, io) {
      const [sub, ...rest] = args;
      if (!sub || wantsHelp([sub])) {
        io.out(def.usage);
        return sub ? EXIT.ok : EXIT.usage;
      }
      const target = Object.prototype.hasOwnProperty.call(def.subcommands, sub) ? def.subcommands[sub] : undefined;
      if (!target) {
        io.err(`error: unknown subcommand "${def.name} ${sub}".\n\n${def.usage}`);
        return EXIT.usage;
      }
      if (typeof target !== 'function') return target.run(rest, io);
      if (wantsHelp(rest)) {
        io.out(def.usage);
        return EXIT.ok;
      }
      return target(rest, io);
    },
  };
}

/** A command without subcommands: `--help` is answered here, the rest goes to `run`. */
export function simpleCommand(def: Command): Command {
  return {
    ...def,
    async run(args, io) {
      if (wantsHelp(args)) {
        io.out(def.usage);
        return EXIT.ok;
      }
      return def.run(args, io);
    },
  };
}
