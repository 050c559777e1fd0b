/**
 * The composition root of the main side: builds every service from explicit options. The Electron app, the
 * loopback bridge, the CLI and the tests all call `createServices`, so they run the same code.
 */
import { join } from 'node:path';
import { Workspace } from './workspace/workspace';
import { SettingsStore } from './settings';
import { nullLogger, type Logger } from './logger';

export interface ServiceOptions {
  /** Per-user data folder (settings, logs, workspace). */
  readonly dataDir: string;
  readonly logger?: Logger;
  readonly now?: () => Date;
  /** Sitekit version, for reports and manifests. */
  readonly version?: string;
}

export interface Services {
  readonly options: ServiceOptions;
  readonly logger: Logger;
  readonly workspace: Workspace;
  readonly settings: SettingsStore;
  readonly version: string;
}

export function createServices(options: ServiceOptions): Services {
  const logger = options.logger ?? nullLogger;
  return {
    options,
    logger,
    version: options.version ?? '0.0.0',
    workspace: new Workspace({ root: join(options.dataDir, 'workspace'), now: options.now }),
    settings: new SettingsStore(options.dataDir),
  };
}
