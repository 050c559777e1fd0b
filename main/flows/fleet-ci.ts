/**
 * `fleet ci` as one job: write the site repo's CI config (GitHub Actions workflow or GitLab CI) that lints
 * the sites a push or merge request changes with the same `sitekit lint` a technician runs.
 */
import { basePathProblem, ciConfig, packageSpecProblem, type CiPlatform } from '../core/fleet/ci';
import { AppFailure, err, ok, type Result } from '../core/result';
import { ConfinedFolder } from '../services/confined-folder';
import type { FlowContext } from './types';

export interface FleetCiInput {
  readonly repo: string;
  readonly platform: CiPlatform;
  /** What the CI job installs to get `sitekit`: name@version, a tarball path or an https:// URL (checked here). */
  readonly packageSpec?: string;
  readonly basePath?: string;
}

/** Writes the CI config into the repo; returns its path and text. */
export async function fleetCiFlow(ctx: FlowContext, input: FleetCiInput): Promise<Result<{ path: string; content: string }>> {
  const packageSpec = input.packageSpec ?? `sitekit@${ctx.services.version}`;
  const specProblem = packageSpecProblem(packageSpec);
  if (specProblem)
    // A value of the request that cannot go into the job: a malformed request (the CLI's --package: a usage error, exit 2).
    return err('invalid-request', `The package spec ${JSON.stringify(packageSpec.slice(0, 200))} cannot go into the CI job: ${specProblem}.`, {
      hint: 'Give an npm package spec: name@version (sitekit@0.1.0), the path of a .tgz tarball, or an https:// URL of one, with no spaces or line breaks.',
      kept: 'No CI configuration was written.',
    });
  const baseProblem = input.basePath !== undefined ? basePathProblem(input.basePath) : undefined;
  if (baseProblem)
    return err('invalid-request', `The base path ${JSON.stringify(input.basePath?.slice(0, 200))} cannot go into the CI job: ${baseProblem}.`, {
      hint: 'Give the sites folder as a plain relative path, e.g. sites or fleet/sites.',
      kept: 'No CI configuration was written.',
    });
  const config = ciConfig(input.platform, { packageSpec, basePath: input.basePath });
  try {
    // Through the repo as a confined folder: a `.github` (or workflows/) that is a link is refused, not followed.
    await ConfinedFolder.use(input.repo, { create: true }, (repo) => repo.writeFile(config.path, config.content, { atomic: true, mode: 0o644 }));
  } catch (e) {
    if (e instanceof AppFailure) return { ok: false, error: e.error };
    return err('io-error', `Could not write ${config.path} into ${input.repo}: ${(e as Error).message}.`, { hint: 'Check that the repository folder exists and is writable.' });
  }
  ctx.services.logger.info('fleet ci written', { repo: input.repo, path: config.path });
  return ok(config);
}
