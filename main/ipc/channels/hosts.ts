/**
 * Acceptance on site (issue 25): read each installed host's vSphere API from the laptop and compare it with
 * the plan. `hosts:accept` runs the whole check (every host concurrently) and answers with one record per host;
 * `hosts:result` events carry each host's record as soon as it answered. The password travels only in the
 * request and is never returned or recorded.
 */
import { z } from 'zod';
import { channel } from '../define';
import type { AcceptanceRecord } from '../../core/site/acceptance-record';
import { normalizeThumbprint, thumbprintProblem } from '../../core/acceptance/thumbprint';

export type { AcceptanceRecord };

const SiteId = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'site id must be a DNS label');
const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a job id of letters, digits, - and _');
const Address = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:-]+$/, 'must be an IP address or a host name');
const Thumbprint = z
  .string()
  .max(200)
  .superRefine((t, ctx) => {
    if (!normalizeThumbprint(t)) ctx.addIssue({ code: 'custom', message: thumbprintProblem(t) ?? 'not a SHA-256 thumbprint' });
  });

/** What `hosts:accept` answers. */
export interface AcceptHostsView {
  readonly siteId: string;
  readonly run: string;
  readonly records: readonly AcceptanceRecord[];
  readonly recorded: { readonly siteId: string; readonly hosts: number } | { readonly hosts: 0; readonly why: string };
}

export const hostsChannels = {
  /** Accepts the site's installed hosts; emits `hosts:result` per host and job:progress with `jobId`. */
  'hosts:accept': channel(
    z
      .object({
        jobId: JobId.optional(),
        id: SiteId.optional(),
        site: z.unknown().optional(),
        targets: z
          .array(
            z
              .object({
                name: z.string().min(1).max(63),
                address: Address.optional(),
                port: z.number().int().min(1).max(65535).optional(),
                thumbprint: Thumbprint.optional(),
                confirmed: z.boolean().optional(),
              })
              .strict(),
          )
          .max(64)
          .default(() => []),
        only: z.array(z.string().min(1).max(63)).max(64).optional(),
        user: z.string().min(1).max(200).default('root'),
        password: z.string().min(1, 'the host password is needed to log in').max(1000),
        trustNew: z.boolean().optional(),
        timeoutSeconds: z.number().min(1).max(120).optional(),
      })
      .strict()
      .refine((r) => r.id !== undefined || r.site !== undefined, { message: 'give a site id or a site' }),
  )<AcceptHostsView>(),
};
