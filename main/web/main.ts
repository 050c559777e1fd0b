/**
 * Entry of browser mode (`npm run web`, and `npm start` when Electron is missing): real services, the built
 * renderer, one tokened URL on 127.0.0.1.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServices } from '../services/index';
import { SettingsStore } from '../services/settings';
import { createFileLogger } from '../services/logger';
import { defaultDataDir } from '../services/paths';
import { createHandlers } from '../ipc/handlers/index';
import { startWebServer } from './server';
import { SITEKIT_VERSION } from '../services/version';
import { loopEnumerator } from '../services/drives/drives';

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const dataDir = defaultDataDir();
  const logger = createFileLogger({ dir: join(dataDir, 'logs') });
  // SITEKIT_LOOP_DRIVES offers loop devices as sticks (drivelist hides them): for demos and tests.
  const { workspace: workspaceDir } = await new SettingsStore(dataDir).get();
  const services = createServices({ dataDir, workspaceDir, logger, version: SITEKIT_VERSION, driveEnumerator: process.env.SITEKIT_LOOP_DRIVES ? loopEnumerator(() => (process.env.SITEKIT_LOOP_DRIVES ?? '').split(',').filter(Boolean)) : undefined });
  const port = process.env.SITEKIT_PORT ? Number(process.env.SITEKIT_PORT) : 0;
  const server = await startWebServer({
    handlers: createHandlers(services),
    rendererDir: process.env.SITEKIT_RENDERER_DIR ?? join(here, '..', 'renderer'),
    port,
    token: process.env.SITEKIT_TOKEN,
    logger,
  });
  logger.info('browser mode started', { url: server.url });
  process.stdout.write(`Sitekit ${SITEKIT_VERSION} — browser mode\n`);
  process.stdout.write(`Workspace: ${services.workspace.root}\n`);
  process.stdout.write(`Open this URL in a browser on this machine (it carries this launch's access token):\n\n  ${server.openUrl}\n\n`);
  process.stdout.write('Press Ctrl+C to stop.\n');
  const stop = (): void => {
    services.git.dispose();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`Sitekit could not start browser mode: ${(e as Error).message}\n`);
  process.exit(1);
});
