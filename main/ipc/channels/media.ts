/**
 * Drives and stick writing: list drives, write sticks (several in one run), cancel, verify a stick against
 * an image, audit a stick written earlier. Types come from main/core/drives so the renderer can use them.
 */
import { z } from 'zod';
import { channel } from '../define';
import { DriveIdentitySchema, WriteConfirmationSchema, WriteTargetSchema } from '../../core/drives/schema';
import type { AuditOutcome, AuditReport, DriveInfo, StickOutcome, StickPlatform, VerifyOutcome } from '../../core/drives/types';

export type { AuditOutcome, AuditReport, DriveInfo, StickOutcome, StickPlatform, VerifyOutcome };

export { DriveIdentitySchema, WriteTargetSchema };

const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a job id of letters, digits, - and _');

/** The drive list, plus where image-file targets go by default. An image file is always a possible target. */
export interface DriveList {
  readonly drives: readonly DriveInfo[];
  /** Folder proposed for image-file targets. */
  readonly imageDir: string;
  /** True when this process can write to devices (Linux, and root or a privileged writer is available). */
  readonly canWriteDevices: boolean;
  /**
   * What this computer can do with sticks: off Linux none are listed and only image files are written; the UI
   * and the CLI show describeStickPlatform(platform) (core/drives/describe.ts).
   */
  readonly platform: StickPlatform;
}

export const mediaChannels = {
  'drives:list': channel(z.object({ imageSize: z.number().int().positive().optional(), includeHidden: z.boolean().optional() }).strict())<DriveList>(),
  /**
   * Writes one image per target, every stick in its own pipeline. Runs to completion (or cancellation)
   * while emitting `job:progress` with jobId `<jobId>/<index>`; resolves with one outcome per stick.
   */
  'media:write': channel(
    z
      .object({
        jobId: JobId,
        items: z
          .array(
            z
              .object({
                image: z.string().min(1).max(4096),
                /** The image's SHA-256 when known (media:build returns it): verification then checks against it. */
                sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
                target: WriteTargetSchema,
              })
              .strict(),
          )
          .min(1)
          .max(16),
        /** What the technician confirmed: typed names of drives that need it, and unmounting (main checks both). */
        confirm: WriteConfirmationSchema.optional(),
        eject: z.boolean().optional(),
      })
      .strict(),
  )<{ readonly outcomes: readonly StickOutcome[]; readonly recorded: { readonly siteId?: string; readonly runs: number; readonly why?: string } }>(),
  /** Cancels a running write (`<jobId>` for all its sticks, `<jobId>/<index>` for one). */
  'media:cancel': channel(z.object({ jobId: z.string().regex(/^[A-Za-z0-9_-]{1,64}(\/\d{1,2})?$/) }).strict())<{ readonly cancelled: boolean }>(),
  /** Reads a target back (direct I/O) and compares it with an image file; `job:progress` and `job:done` carry `jobId`. */
  'media:verify': channel(z.object({ image: z.string().min(1).max(4096), target: WriteTargetSchema, jobId: JobId.optional() }).strict())<VerifyOutcome>(),
  /** Reads a stick written by Sitekit (device or image file) and checks it against its manifest. */
  /** Reads a stick back against its manifest and records the audit in the site the manifest names. */
  'media:audit': channel(z.object({ target: z.string().min(1).max(4096) }).strict())<AuditOutcome>(),
};
