/**
 * One call from "site + ISO + password" to "image file on disk": opens the ISO, plans, prepares the image
 * (hashes known), writes it to a temporary name and renames. Called by the build flow (main/flows/build-media.ts),
 * which every transport reaches through `media:build`. Every failure is a `Result` error and leaves nothing under the final name.
 */
import { planView, type MediaPlanView } from '../../core/media/plan';
import type { StickManifest } from '../../core/media/manifest';
import { ok, type Result } from '../../core/result';
import { withIso, type IsoReader } from '../iso/iso-reader';
import { writeImageFile, type BuildProgress } from './image-builder';
import { planImage, type PlanImageOptions } from './plan-image';

export interface BuildStickOptions extends Omit<PlanImageOptions, 'random'> {
  readonly isoPath: string;
  readonly outPath: string;
  readonly isoSha256?: string;
  readonly onProgress?: (p: BuildProgress) => void;
}

/** What a finished build reports (and the site records keep). */
export interface StickImageResult {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly isoSha256: string;
  readonly plan: MediaPlanView;
  readonly manifest: StickManifest;
}

/** Plans, builds and writes the image file. */
export async function buildStickImage(o: BuildStickOptions): Promise<Result<StickImageResult>> {
  return withIso(o.isoPath, (iso) => buildStickFromIso(iso, o));
}

/** The same, for an ISO the caller has open already (the media flow reads its image database first). */
export async function buildStickFromIso(iso: IsoReader, o: Omit<BuildStickOptions, 'isoPath'>): Promise<Result<StickImageResult>> {
  {
    const planned = await planImage(iso, {
      site: o.site,
      plan: o.plan,
      hosts: o.hosts,
      password: o.password,
      passwordHash: o.passwordHash,
      scheme: o.scheme,
      targetBytes: o.targetBytes,
      versions: o.versions,
      siteCommit: o.siteCommit,
      reportHtml: o.reportHtml,
      carried: o.carried,
      sampleIso: o.sampleIso,
      now: o.now,
      ...(o.isoPublishedMatch ? { isoPublishedMatch: true } : {}),
    });
    if (!planned.ok) return planned;
    const written = await writeImageFile(planned.value.plan, iso, o.outPath, { isoSha256: o.isoSha256, onProgress: o.onProgress });
    if (!written.ok) return written;
    return ok({ ...written.value, plan: planView(planned.value.plan) });
  }
}
