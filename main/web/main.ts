/**
 * Entry of browser mode (`npm run web`, and `npm start` when Electron is missing): real services, the built
 * renderer, one tokened URL on 127.0.0.1.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileLogger } from '../services/logger';
import { defaultDataDir } from '../services/paths';
import { createRuntime } from '../runtime/runtime';
import { refuseRoot, startWebServer } from './server';
import { elevatedWriter } from '../app/elevate';
import { PathPolicy } from '../services/path-policy';
import { isRoot } from '../services/writer/runner';
import { SITEKIT_VERSION } from '../services/version';
import { loopEnumerator } from '../services/drives/drives';

async function main(): Promise<void> {
  // Refuse root before anything is created on disk as root (server.ts says why).
  const allowRoot = process.argv.includes('--allow-root');
  const refused = refuseRoot(allowRoot);
  if (refused) {
    process.stderr.write(`${refused}\n`);
    process.exit(2);
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const dataDir = defaultDataDir();
  const logger = createFileLogger({ dir: join(dataDir, 'logs') });
  // Not root (the usual case): raw-disk writes go through the same short-lived privileged writer as the
  // desktop app (pkexec on Linux, the OS prompt elsewhere), never through this process.
  const privilegedWriter = isRoot() ? undefined : elevatedWriter({ childScript: join(here, 'writer-child.mjs'), name: 'Sitekit' });
  // The same composition root as the desktop app and the CLI (Settings' workspace folder included).
  // SITEKIT_LOOP_DRIVES offers loop devices as sticks (drivelist hides them): for demos and tests.
  const runtime = await createRuntime({
    dataDir,
    logger,
    version: SITEKIT_VERSION,
    privilegedWriter,
    transport: 'browser',
    driveEnumerator: process.env.SITEKIT_LOOP_DRIVES ? loopEnumerator(() => (process.env.SITEKIT_LOOP_DRIVES ?? '').split(',').filter(Boolean)) : undefined,
  });
  const services = runtime.services;
  for (const notice of runtime.notices) process.stdout.write(`Note: ${notice}\n`);
  const port = process.env.SITEKIT_PORT ? Number(process.env.SITEKIT_PORT) : 0;
  const server = await startWebServer({
    handlers: runtime.handlers,
    rendererDir: process.env.SITEKIT_RENDERER_DIR ?? join(here, '..', 'renderer'),
    port,
    token: process.env.SITEKIT_TOKEN,
    logger,
    allowRoot,
    paths: new PathPolicy({ workspace: services.workspace.root, dataDir }),
  });
  logger.info('browser mode started', { url: server.url });
  process.stdout.write(`Sitekit ${SITEKIT_VERSION} — browser mode\n`);
  process.stdout.write(`Workspace: ${services.workspace.root}\n`);
  process.stdout.write(`Open this URL in a browser on this machine (it carries this launch's access token):\n\n  ${server.openUrl}\n\n`);
  process.stdout.write('Press Ctrl+C to stop.\n');
  const stop = (): void => {
    runtime.dispose();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`Sitekit could not start browser mode: ${(e as Error).message}\n`);
  process.exit(1);
});
