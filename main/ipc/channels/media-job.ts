/**
 * The media job (issue 14): what the Boot media step asks before anything is built (`media:preflight`), and
 * the whole job in main (`media:run`: check → build → write → verify → eject → record) under one job id.
 */
import { z } from 'zod';
import { channel } from '../define';
import { WriteTargetSchema } from '../../core/drives/schema';
import type { StickOutcome } from '../../core/drives/types';
import type { MediaPlanView } from '../../core/media/plan';
import type { MediaPreflight, RequiredActionView } from '../../core/media/preflight';

export type { MediaPreflight, RequiredActionView };

const SiteId = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'site id must be a DNS label');
const FilePath = z.string().min(1).max(4096);
const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a job id of letters, digits, - and _');


export interface MediaRunOutcomeView {
  readonly build: { readonly path: string; readonly size: number; readonly sha256: string; readonly isoSha256: string; readonly plan: MediaPlanView; readonly hosts: readonly string[] };
  readonly sticks: readonly StickOutcome[];
  /** Stick runs recorded in the site, or why none were. */
  readonly recorded: { readonly siteId?: string; readonly runs: number; readonly why?: string };
}

const Hosts = { host: z.string().max(63).optional(), allHosts: z.boolean().optional() };

export const mediaJobChannels = {
  'media:preflight': channel(z.object({ siteId: SiteId, iso: FilePath.optional(), ...Hosts }).strict())<MediaPreflight>(),
  /**
   * Saves the PowerCLI script of the preflight (the custom ISO with the missing drivers) to a file the
   * technician picked, so it can be taken to a Windows machine. The script is made again in main from the
   * site and the ISO, never sent by the page; the path is a .ps1 file under the path policy.
   */
  'script:save': channel(z.object({ siteId: SiteId, iso: FilePath, ...Hosts, path: FilePath }).strict())<{ readonly path: string; readonly bytes: number }>(),
  'media:run': channel(
    z
      .object({
        jobId: JobId,
        siteId: SiteId,
        iso: FilePath,
        password: z.string().min(1).max(200),
        ...Hosts,
        scheme: z.enum(['mbr', 'mbr-ef', 'gpt']).default('mbr'),
        isoSha256: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
        /** The checksum the ISO's publisher gives (hex, colons or spaces allowed): the build hashes the ISO and stops when it differs. */
        publishedSha256: z.string().max(200).optional(),
        targets: z.array(WriteTargetSchema).max(16),
        confirm: z
          .object({
            /** What the technician typed as each drive's name, by device path: main checks it. */
            typedNames: z.record(z.string().max(200), z.string().max(400)).optional(),
            /** The technician agreed to unmount the target's mounted filesystems (they were listed). */
            unmount: z.boolean().optional(),
            /** Build although the ISO lacks a driver a host needs (recorded as an open item). */
            driverOverride: z.boolean().optional(),
          })
          .strict()
          .optional(),
        eject: z.boolean().optional(),
        includeReport: z.boolean().optional(),
      })
      .strict(),
  )<MediaRunOutcomeView>(),
};
