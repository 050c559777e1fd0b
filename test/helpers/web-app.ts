/**
 * Starts Sitekit's browser mode in-process for a test: real services on a temporary data folder, the built
 * renderer from out/renderer, a fresh token. Used by the e2e fixture and the bridge's integration tests.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServices, type Services } from '../../main/services/index';
import { createHandlers } from '../../main/ipc/handlers/index';
import { startWebServer, type WebServer } from '../../main/web/server';
import { PathPolicy } from '../../main/services/path-policy';
import type { PathGate } from '../../main/ipc/dispatch';
import { tempDir } from './temp';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

export interface TestApp {
  readonly server: WebServer;
  readonly services: Services;
  readonly dataDir: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly dataDir?: string;
  /**
   * The tests' git server is plain http:// on 127.0.0.1, which Sitekit refuses unless this is set (as
   * SITEKIT_ALLOW_LOOPBACK_HTTP=1 sets it for a real run); the Git step then says so.
   */
  readonly allowLoopbackHttp?: boolean;
  /** Allow the OS temp folder as a place (default true: the tests' fixtures are there). */
  readonly allowTemp?: boolean;
  /** The home folder the path policy allows (default: os.homedir()). */
  readonly home?: string;
  /** Wraps the policy the server uses (tests that race it). */
  readonly paths?: (policy: PathPolicy) => PathGate;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first');
  const dir = options.dataDir ? undefined : await tempDir('sitekit-app-');
  const dataDir = options.dataDir ?? dir!.path;
  const services = createServices({ dataDir, version: 'test', allowLoopbackHttp: options.allowLoopbackHttp });
  // Tests run as root in CI and containers: browser mode refuses root unless told (main/web/server.ts).
  // The tests' files (ISOs, images, repos) live in the OS temp folder: the one place tests add to the policy's
  // allow-list (path-policy.ts), unless a test of the policy itself asks for the plain one.
  const paths = new PathPolicy({ workspace: services.workspace.root, dataDir, home: options.home, extraRoots: options.allowTemp === false ? [] : [tmpdir()] });
  const server = await startWebServer({ handlers: createHandlers(services), rendererDir: RENDERER_DIR, allowRoot: true, paths: options.paths?.(paths) ?? paths });
  return {
    server,
    services,
    dataDir,
    close: async () => {
      services.git.dispose();
      await server.close();
      await dir?.remove();
    },
  };
}
