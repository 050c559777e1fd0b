/** The fleet: import a plan into a site repo, the status of every site in it, and the repo's CI config. */
import { z } from 'zod';
import { channel } from '../define';
import type { FleetStatus } from '../../core/fleet/status';
import type { FleetImportOutcome } from '../../core/fleet/import';

export type { FleetStatus, FleetRow, FleetStage } from '../../core/fleet/status';

const Path = z.string().min(1).max(4000);

/** What `fleet:import` answers: the flow's outcome, defined in core so the flow and the contract share it. */
export type FleetImportResult = FleetImportOutcome;

export const fleetChannels = {
  /** Imports a plan (CSV/XLSX) into a repo, all or nothing; existing sites change only with `update`. */
  'fleet:import': channel(
    z.object({ plan: Path, planName: z.string().min(1).max(400).optional(), repo: Path, update: z.boolean().optional(), dryRun: z.boolean().optional() }).strict(),
  )<FleetImportResult>(),
  /** One row per site of a repo (default: the connected site repo). */
  'fleet:status': channel(z.object({ repo: Path.optional(), withSiteText: z.boolean().optional() }).strict())<FleetStatus>(),
  /** Writes the repo's CI config that lints changed sites. */
  'fleet:ci': channel(
    z.object({ repo: Path, platform: z.enum(['github', 'gitlab']), packageSpec: z.string().min(1).max(2000).optional(), basePath: z.string().max(200).optional() }).strict(),
  )<{ readonly path: string; readonly content: string }>(),
};
