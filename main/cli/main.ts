/** Entry of the `sitekit` CLI: real process I/O around runCli. */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { runCli } from './index';
import { createServices, type Services } from '../services/index';
import { createFileLogger } from '../services/logger';
import { defaultDataDir } from '../services/paths';
import { SITEKIT_VERSION } from '../services/version';
import type { CliIO } from './types';

function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return Promise.reject(new Error('no terminal to ask for a secret; pass it in the environment'));
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(prompt);
    out._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

let services: Services | undefined;
const io: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  tty: Boolean(process.stderr.isTTY),
  readSecret,
  services: () => {
    if (!services) {
      const dataDir = defaultDataDir();
      services = createServices({ dataDir, version: SITEKIT_VERSION, logger: createFileLogger({ dir: join(dataDir, 'logs') }) });
    }
    return services;
  },
};

runCli(process.argv.slice(2), io).then(
  async (code) => {
    await (services?.logger as { flush?: () => Promise<void> } | undefined)?.flush?.();
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 4;
  },
);
