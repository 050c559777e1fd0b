/**
 * The whole media job in main (issue 14): plan → build → write → verify → eject → record, under one job id.
 * The Boot media step starts it and mirrors its events; it never assembles build and write itself.
 */
import { basename, dirname, join, relative, sep } from 'node:path';
import { AppFailure, err, ok, type Result } from '../core/result';
import { ConfinedFolder } from '../services/confined-folder';
import type { HostSelection } from '../core/media/plan';
import type { PartitionScheme } from '../core/media/partition';
import type { WriteConfirmation, WriteTarget } from '../core/drives/types';
import { buildMediaFlow, type BuildMediaOutcome } from './build-media';
import { writeMediaFlow, type WriteMediaOutcome } from './write-media';
import type { FlowContext, ProgressSink } from './types';

export interface MediaRunInput {
  readonly jobId: string;
  readonly siteId: string;
  readonly iso: string;
  readonly password: string;
  readonly hosts: HostSelection;
  readonly scheme?: PartitionScheme;
  readonly isoSha256?: string;
  /** The publisher's checksum of the ISO: compared by the build, recorded when it matches. */
  readonly publishedSha256?: string;
  readonly targets: readonly WriteTarget[];
  /** What the technician confirmed: typed drive names, unmounting, a missing driver. */
  readonly confirm?: WriteConfirmation & { readonly driverOverride?: boolean };
  readonly eject?: boolean;
  readonly includeReport?: boolean;
  readonly progressFor?: (index: number) => ProgressSink;
}

export interface MediaRunOutcome {
  readonly build: Pick<BuildMediaOutcome, 'path' | 'size' | 'sha256' | 'isoSha256' | 'plan' | 'hosts' | 'carried' | 'drivers'>;
  readonly sticks: WriteMediaOutcome['outcomes'];
  readonly recorded: WriteMediaOutcome['recorded'];
}

export async function mediaRunFlow(ctx: FlowContext, input: MediaRunInput): Promise<Result<MediaRunOutcome>> {
  const draft = await ctx.services.workspace.load(input.siteId);
  if (!draft.ok) return draft;
  const site = draft.value.site;
  const hostsPart = input.hosts.kind === 'all' ? 'all-hosts' : (input.hosts.host ?? site.spec.hosts[0]?.name ?? 'host');
  // An image file named after another host of this site would carry the wrong host's kickstart under its name.
  for (const t of input.targets) {
    if (t.kind !== 'file') continue;
    const named = [...site.spec.hosts.map((h) => h.name), 'all-hosts'].find((l) => basename(t.path) === `${site.metadata.id}-${l}.img`);
    if (named && named.toLowerCase() !== hostsPart.toLowerCase()) {
      return err('invalid-input', `The image file ${basename(t.path)} is named for ${named}, but this stick is for ${hostsPart}.`, {
        kept: 'Nothing was built or written.',
        hint: `Name the image file ${site.metadata.id}-${hostsPart}.img (or any name that is not another host's), or choose ${named} under "Stick for".`,
      });
    }
  }
  const imagePath = join(ctx.services.workspace.siteDir(site.metadata.id), 'media', `${site.metadata.id}-${hostsPart}.img`);
  try {
    // Inside the workspace, never through a link in it (a `sites` or draft folder that is a link is refused).
    await ConfinedFolder.use(ctx.services.workspace.root, { create: true }, (ws) => ws.mkdirs(relative(ctx.services.workspace.root, dirname(imagePath)).split(sep).join('/')));
  } catch (e) {
    if (e instanceof AppFailure) return { ok: false, error: e.error };
    return err('io-error', `Cannot create the folder for the image, ${dirname(imagePath)}: ${(e as Error).message}.`, { hint: 'Check the workspace folder in Settings. Nothing was written.' });
  }
  const built = await buildMediaFlow(ctx, {
    site,
    isoPath: input.iso,
    outPath: imagePath,
    hosts: input.hosts,
    password: input.password,
    scheme: input.scheme,
    isoSha256: input.isoSha256,
    ...(input.publishedSha256 ? { publishedSha256: input.publishedSha256 } : {}),
    includeReport: input.includeReport !== false,
    driverOverride: input.confirm?.driverOverride,
  });
  if (!built.ok) return built;
  const b = built.value;
  const build = { path: b.path, size: b.size, sha256: b.sha256, isoSha256: b.isoSha256, plan: b.plan, hosts: b.hosts, carried: b.carried, drivers: b.drivers };
  if (input.targets.length === 0) return ok({ build, sticks: [], recorded: { runs: 0, why: 'no stick was chosen: only the image file was built' } });
  const { driverOverride: _override, ...confirm } = input.confirm ?? {};
  const written = await writeMediaFlow(ctx, {
    jobId: input.jobId,
    request: { items: input.targets.map((target) => ({ image: b.path, sha256: b.sha256, target })), confirm, eject: input.eject },
    image: {
      siteId: site.metadata.id,
      hosts: b.hosts,
      isoName: b.manifest.iso.name,
      isoSha256: b.isoSha256,
      carried: b.carried,
      sampleIso: b.installer.sample,
      ...(b.manifest.iso.publishedMatch ? { isoChecksumMatched: true } : {}),
      ...(b.installer.release ? { isoRelease: b.installer.release } : {}),
      ...(b.installer.build ? { isoBuild: b.installer.build } : {}),
    },
    progressFor: input.progressFor,
  });
  if (!written.ok) return written;
  return ok({ build, sticks: written.value.outcomes, recorded: written.value.recorded });
}
