/**
 * Boot bundle: inspect and hash the installer ISO, plan the stick, build the image file (issue 7).
 * Writing the image to a stick is `media:write` (channels/media.ts).
 */
import { z } from 'zod';
import { channel } from '../define';
import type { MediaPlanView } from '../../core/media/plan';
import type { MediaBuildResult } from '../../core/media/build-result';

export type { MediaPlanView };
import type { IsoInspectionView } from '../../core/media/iso-inspection';
export type { IsoInspectionView };

const SiteId = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'site id must be a DNS label');
const FilePath = z.string().min(1).max(4096);
const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a job id of letters, digits, - and _');
const Scheme = z.enum(['mbr', 'mbr-ef', 'gpt']);
const HostChoice = {
  /** One host by name; omitted on a one-node site. */
  host: z.string().max(63).optional(),
  /** All hosts on one stick, each picks its settings by MAC. */
  allHosts: z.boolean().optional(),
};


export interface IsoHashResult {
  readonly sha256: string;
  readonly size: number;
  /** Present when the technician entered a checksum: true when it matches. */
  readonly matches?: boolean;
}

export type { MediaBuildResult };

export const bundleChannels = {
  'iso:inspect': channel(z.object({ path: FilePath }).strict())<IsoInspectionView>(),
  /** SHA-256 of the ISO with `job:progress` (phase "hashing"); compares with `expected` when given. */
  'iso:hash': channel(z.object({ path: FilePath, expected: z.string().max(400).optional(), jobId: JobId.optional() }).strict())<IsoHashResult>(),
  /** The stick plan for a site and ISO: files, KS.CFG, kernelopt edits, which host gets what. */
  'media:plan': channel(
    z
      .object({
        id: SiteId,
        iso: FilePath,
        ...HostChoice,
        scheme: Scheme.default('mbr'),
        /** Checked against ESXi's rules when given; the plan uses a placeholder hash otherwise. */
        password: z.string().max(200).optional(),
        targetBytes: z.number().int().positive().optional(),
      })
      .strict(),
  )<MediaPlanView>(),
  /** Builds the image file (temporary name, renamed when complete) with `job:progress` events. */
  'media:build': channel(
    z
      .object({
        id: SiteId.optional(),
        /** Or the site itself (a site.yaml read by the CLI); records then go to the draft the image's manifest names. */
        site: z.unknown().optional(),
        iso: FilePath,
        out: FilePath,
        ...HostChoice,
        scheme: Scheme.default('mbr'),
        password: z.string().min(1).max(200),
        isoSha256: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
        /** The checksum the ISO's publisher gives (hex, colons or spaces allowed): the build hashes the ISO and stops when it differs. */
        publishedSha256: z.string().max(200).optional(),
        targetBytes: z.number().int().positive().optional(),
        /** Put a copy of the site report (HTML) into the stick's manifest. */
        includeReport: z.boolean().default(true),
        /** A report HTML to keep in the manifest instead of Sitekit's own of the site. */
        reportHtml: z.string().max(20_000_000).optional(),
        /** Build although the ISO lacks a driver a host needs; recorded with the stick run as an open item. */
        driverOverride: z.boolean().optional(),
        jobId: JobId.optional(),
      })
      .strict()
      .refine((r) => (r.id === undefined) !== (r.site === undefined), 'give a site id or a site'),
  )<MediaBuildResult>(),
};
