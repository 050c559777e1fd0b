/**
 * Runtime schemas for write targets: the IPC contract validates requests with them, and the privileged
 * writer validates its one job with the same ones before it opens anything.
 */
import { z } from 'zod';

const DevicePath = z.string().regex(/^(\/dev\/[A-Za-z0-9._/-]+|\\\\\.\\PhysicalDrive\d+)$/, 'a device path such as /dev/sdb');

export const DriveIdentitySchema = z
  .object({
    device: DevicePath,
    size: z.number().int().nonnegative(),
    model: z.string().max(400).nullable(),
    serial: z.string().max(400).nullable(),
    byId: z.string().max(400).nullable(),
  })
  .strict();

export const WriteTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('device'), identity: DriveIdentitySchema }).strict(),
  z.object({ kind: z.literal('file'), path: z.string().min(1).max(4096) }).strict(),
]);

/** What the technician confirmed for a write (types.ts WriteConfirmation); main checks it at the last gate. */
export const WriteConfirmationSchema = z
  .object({
    /** Device path → what the technician typed as its name. */
    typedNames: z.record(z.string().max(400), z.string().max(400)).optional(),
    /** The target's mounted filesystems (listed to the technician) may be unmounted. */
    unmount: z.boolean().optional(),
  })
  .strict();
