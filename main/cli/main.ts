/** Entry of the `sitekit` CLI: real process I/O around runCli, over the same runtime as the app. */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { runCli } from './index';
import { createRuntime, type Runtime } from '../runtime/runtime';
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

async function main(): Promise<number> {
  const dataDir = defaultDataDir();
  // The workspace folder chosen in Settings applies to the CLI as to the app.
  const runtime: Runtime = await createRuntime({ dataDir, version: SITEKIT_VERSION, logger: createFileLogger({ dir: join(dataDir, 'logs') }), transport: 'direct' });
  for (const notice of runtime.notices) process.stderr.write(`warning: ${notice}\n`);
  const io: CliIO = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    tty: Boolean(process.stderr.isTTY),
    readSecret,
    services: () => runtime.services,
    runtime: () => runtime,
  };
  try {
    return await runCli(process.argv.slice(2), io);
  } finally {
    runtime.dispose();
    await (runtime.services.logger as { flush?: () => Promise<void> }).flush?.();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 4;
  },
);
