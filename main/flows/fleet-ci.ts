/**
 * `fleet ci` as one job: write the site repo's CI config (GitHub Actions workflow or GitLab CI) that lints
 * the sites a push or merge request changes with the same `sitekit lint` a technician runs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ciConfig, type CiPlatform } from '../core/fleet/ci';
import { err, ok, type Result } from '../core/result';
import type { FlowContext } from './types';

export interface FleetCiInput {
  readonly repo: string;
  readonly platform: CiPlatform;
  /** What the CI job installs to get `sitekit` (npm spec: version, tarball URL, git URL). */
  readonly packageSpec?: string;
  readonly basePath?: string;
}

/** Writes the CI config into the repo; returns its path and text. */
export async function fleetCiFlow(ctx: FlowContext, input: FleetCiInput): Promise<Result<{ path: string; content: string }>> {
  const config = ciConfig(input.platform, { packageSpec: input.packageSpec ?? `sitekit@${ctx.services.version}`, basePath: input.basePath });
  const full = join(input.repo, config.path);
  try {
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, config.content);
  } catch (e) {
    return err('io-error', `Could not write ${config.path} into ${input.repo}: ${(e as Error).message}.`, { hint: 'Check that the repository folder exists and is writable.' });
  }
  ctx.services.logger.info('fleet ci written', { repo: input.repo, path: config.path });
  return ok(config);
}
