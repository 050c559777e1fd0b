/**
 * Writing sticks as one job: write, read back, flush, eject (the stick service), then record every stick
 * run in the site the image was built for, whichever transport started it and whether the target is a
 * device or an image file. The image's own manifest names the site, so `sitekit media write` of a Sitekit
 * image records into that site's draft when it is in the workspace.
 */
import { basename } from 'node:path';
import { ok, type Result } from '../core/result';
import type { MediaRecord, StickHostRecord } from '../core/site/schema';
import { recordStickRun } from '../core/site/records';
import type { StickOutcome, WriteTarget } from '../core/drives/types';
import type { StickManifest } from '../core/media/manifest';
import { readStickManifest } from '../services/writer/audit';
import { releaseAndBuild } from '../services/iso/imgdb';
import type { WriteJobRequest } from '../services/writer/runner';
import type { FlowContext, ProgressSink } from './types';

/** What is known about the image being written (from a build in the same job, or its manifest). */
export interface ImageFacts {
  readonly siteId: string;
  readonly hosts: readonly string[];
  readonly isoName?: string;
  readonly isoSha256?: string;
  /** The ISO's release and build from its image database (the acceptance check compares the host with them). */
  readonly isoRelease?: string;
  readonly isoBuild?: string;
  readonly carried?: readonly StickHostRecord[];
  readonly sampleIso?: boolean;
  /** The ISO matched the published checksum the technician entered (the build stops when it differs). */
  readonly isoChecksumMatched?: boolean;
}

export interface WriteMediaInput {
  readonly jobId: string;
  readonly request: WriteJobRequest;
  /** Known facts about the image; read from its manifest when absent. */
  readonly image?: ImageFacts;
  /** One progress sink per stick (parallel pipelines). */
  readonly progressFor?: (index: number) => ProgressSink;
}

export interface WriteMediaOutcome {
  readonly outcomes: readonly StickOutcome[];
  /** Where the stick runs were recorded, or why they were not. */
  readonly recorded: { readonly siteId: string; readonly runs: number } | { readonly siteId?: string; readonly runs: 0; readonly why: string };
}

function factsFromManifest(m: StickManifest): ImageFacts {
  return {
    siteId: m.site.id,
    hosts: m.hosts.map((h) => h.name),
    isoName: m.iso.name,
    isoSha256: m.iso.sha256,
    ...isoReleaseAndBuild(m.iso.build),
    ...(m.carried ? { carried: m.carried.map((c) => ({ host: c.host, kernelOptions: [...c.kernelOptions], drivers: c.drivers.map((d) => ({ ...d })), driverOverride: c.driverOverride })) } : {}),
    ...(m.sampleIso ? { sampleIso: true } : {}),
    ...(m.iso.publishedMatch ? { isoChecksumMatched: true } : {}),
  };
}

/** The ISO's release and build from the manifest's BOOT.CFG `build=` value. */
function isoReleaseAndBuild(bootBuild: string | undefined): Pick<ImageFacts, 'isoRelease' | 'isoBuild'> {
  const { release, build } = releaseAndBuild(bootBuild, undefined);
  return { ...(release ? { isoRelease: release } : {}), ...(build ? { isoBuild: build } : {}) };
}

const targetLabel = (t: WriteTarget): string => (t.kind === 'device' ? t.identity.device : t.path);

/** The stick run record of one outcome. */
export function stickRunRecord(o: StickOutcome, target: WriteTarget, facts: ImageFacts, startedAt: Date, endedAt: Date, fallbackSha?: string): MediaRecord | undefined {
  const sha = o.imageSha256 ?? fallbackSha;
  if (!o.written || !sha) return undefined;
  return {
    at: endedAt.toISOString(),
    startedAt: startedAt.toISOString(),
    target: targetLabel(target),
    targetKind: target.kind,
    ...(target.kind === 'device' && target.identity.model ? { model: target.identity.model } : {}),
    ...(target.kind === 'device' && target.identity.serial ? { serial: target.identity.serial } : {}),
    sizeBytes: o.bytes,
    ...(facts.isoName ? { isoName: facts.isoName } : {}),
    ...(facts.isoSha256 ? { isoSha256: facts.isoSha256 } : {}),
    ...(facts.isoRelease ? { isoRelease: facts.isoRelease } : {}),
    ...(facts.isoBuild ? { isoBuild: facts.isoBuild } : {}),
    imageSha256: sha,
    hosts: [...facts.hosts],
    verified: o.verified,
    ejected: o.eject.status === 'done',
    ...(o.writeSeconds ? { seconds: o.writeSeconds + (o.verifySeconds ?? 0), bytesPerSecond: o.bytes / o.writeSeconds } : {}),
    ...(facts.carried ? { carried: facts.carried.map((c) => ({ ...c })) } : {}),
    ...(facts.sampleIso ? { sampleIso: true } : {}),
    ...(facts.isoChecksumMatched ? { isoChecksumMatched: true } : {}),
  };
}

export async function writeMediaFlow(ctx: FlowContext, input: WriteMediaInput): Promise<Result<WriteMediaOutcome>> {
  const startedAt = ctx.now();
  const images = [...new Set(input.request.items.map((i) => i.image))];
  // Which site each image belongs to: from the caller, or the image's own manifest.
  const facts = new Map<string, ImageFacts | string>();
  for (const image of images) {
    if (input.image) facts.set(image, input.image);
    else {
      const m = await readStickManifest(image);
      facts.set(image, m.ok ? factsFromManifest(m.value) : `${basename(image)} was not built by Sitekit (${m.error.message})`);
    }
  }
  // One sink per stick for the whole job: a sink measures speed and time left from its first event on.
  const sinks = input.request.items.map((_, index) => input.progressFor?.(index) ?? ctx.progress);
  const written = await ctx.services.sticks.write(input.jobId, input.request, (index, p) =>
    sinks[index]?.({ phase: p.phase, bytes: p.bytes, total: p.total, message: targetLabel(input.request.items[index]!.target) }),
  );
  if (!written.ok) return written;
  const endedAt = ctx.now();

  // Record every stick that was written (verified or not), per site.
  const bySite = new Map<string, MediaRecord[]>();
  let why = '';
  written.value.forEach((o, i) => {
    const item = input.request.items[i]!;
    const f = facts.get(item.image);
    if (typeof f === 'string' || !f) {
      why = f ?? 'the image is unknown';
      return;
    }
    const rec = stickRunRecord(o, item.target, f, startedAt, endedAt, item.sha256);
    if (rec) bySite.set(f.siteId, [...(bySite.get(f.siteId) ?? []), rec]);
  });
  if (bySite.size === 0) return ok({ outcomes: written.value, recorded: { runs: 0, why: why || 'no stick was written' } });
  let total = 0;
  let recordedSite = '';
  for (const [siteId, runs] of bySite) {
    const draft = await ctx.services.workspace.load(siteId);
    if (!draft.ok) {
      why = `the site ${siteId} is not in this workspace (${draft.error.message})`;
      continue;
    }
    const site = runs.reduce(recordStickRun, draft.value.site);
    const saved = await ctx.services.workspace.save(site);
    if (!saved.ok) {
      why = `recording in ${siteId} failed: ${saved.error.message}`;
      continue;
    }
    total += runs.length;
    recordedSite = siteId;
    ctx.services.logger.info('stick runs recorded', { siteId, runs: runs.length });
  }
  return ok({
    outcomes: written.value,
    recorded: total > 0 ? { siteId: recordedSite, runs: total } : { siteId: [...bySite.keys()][0], runs: 0, why },
  });
}
