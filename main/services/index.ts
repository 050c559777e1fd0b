/**
 * The composition root of the main side: builds every service from explicit options. The Electron app, the
 * loopback bridge, the CLI and the tests all call `createServices`, so they run the same code.
 */
import { join } from 'node:path';
import './manifests/schema-models';
import { Workspace } from './workspace/workspace';
import { SettingsStore } from './settings';
import { nullLogger, type Logger } from './logger';
import { ReportService } from './report/report-service';
import { CompatService } from './compat/compat-service';
import { GitService } from './git/git-service';
import { MemorySecretStore, type SecretStore } from './secrets';
import { StickService, defaultImageDir } from './writer/service';
import type { DriveEnumerator } from './drives/drives';
import type { WriteRunner } from './writer/runner';
import type { NetworkLimits } from './git/http-client';

export interface ServiceOptions {
  /** Per-user data folder (settings, logs, workspace). */
  readonly dataDir: string;
  /** Workspace folder (drafts and site repos) from the settings; default `<dataDir>/workspace`. */
  readonly workspaceDir?: string;
  readonly logger?: Logger;
  readonly now?: () => Date;
  /** Sitekit version, for reports and manifests. */
  readonly version?: string;
  /** Credential store; the desktop app passes one sealed by safeStorage, default in-memory. */
  readonly secrets?: SecretStore;
  /** Drive enumeration (default drivelist); tests and demos pass `loopEnumerator`. */
  readonly driveEnumerator?: DriveEnumerator;
  /** How device writes get administrator rights when this process is not root (desktop: main/app/elevate.ts). */
  readonly privilegedWriter?: WriteRunner;
  /** Operating system for the stick service (default: this process's); tests run the Windows/macOS branch with it. */
  readonly platform?: string;
  /**
   * Allow plain http:// Git remotes on this computer (127.0.0.1, localhost, [::1]); default off: https only.
   * createRuntime sets it from SITEKIT_ALLOW_LOOPBACK_HTTP=1; tests with the local git server set it here.
   */
  readonly allowLoopbackHttp?: boolean;
  /** Deadline and size bounds of Git network operations (default services/git/http-client.ts DEFAULT_LIMITS). */
  readonly gitNetwork?: Partial<NetworkLimits>;
}

export interface Services {
  readonly options: ServiceOptions;
  readonly logger: Logger;
  readonly workspace: Workspace;
  readonly settings: SettingsStore;
  readonly version: string;
  readonly report: ReportService;
  readonly compat: CompatService;
  readonly secrets: SecretStore;
  readonly git: GitService;
  /** Drives, stick writing, verification and audit. */
  readonly sticks: StickService;
}

export function createServices(options: ServiceOptions): Services {
  const workspaceRoot = options.workspaceDir || join(options.dataDir, 'workspace');
  const logger = options.logger ?? nullLogger;
  const secrets = options.secrets ?? new MemorySecretStore();
  const compat = new CompatService({ dataDir: options.dataDir, logger });
  const git = new GitService({
    reposRoot: join(workspaceRoot, 'repos'),
    secrets,
    logger,
    now: options.now,
    version: options.version,
    network: options.gitNetwork,
    remotes: { allowLoopbackHttp: Boolean(options.allowLoopbackHttp) },
  });
  const report = new ReportService({
    version: options.version ?? '0.0.0',
    now: options.now,
    compatList: async () => {
      const r = await compat.current();
      return r.ok ? r.value.list : undefined;
    },
    gitStatus: async (site) => {
      const r = await git.status(site.metadata.id);
      return r.ok ? r.value : undefined;
    },
  });
  return {
    options,
    logger,
    version: options.version ?? '0.0.0',
    workspace: new Workspace({ root: workspaceRoot, now: options.now }),
    settings: new SettingsStore(options.dataDir),
    report,
    compat,
    secrets,
    sticks: new StickService({ logger, imageDir: defaultImageDir(options.dataDir), enumerator: options.driveEnumerator, privilegedRunner: options.privilegedWriter, ...(options.platform ? { platform: options.platform } : {}) }),
    git,
  };
}
