/**
 * The Git step: connect a site to a repo, preview the change, commit, push, and the offline queue.
 * Credentials travel only in `git:connect` / `git:credentials` requests and are never returned.
 */
import { z } from 'zod';
import { channel } from '../define';
import type { CommitInfo, Connection, DiffPreview, GitOverview, GitStatus, PushInfo } from '../../core/git/types';

export type { CommitInfo, Connection, DiffPreview, GitOverview, GitStatus, PushInfo };

const SiteId = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'site id must be a DNS label');
const Url = z
  .string()
  .max(2000)
  .regex(/^https?:\/\//i, 'must be an HTTPS URL such as https://git.example.com/org/sites.git')
  .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), 'must not contain a user name or password; use the credential fields');
const Credentials = z
  .object({
    username: z.string().max(200).optional(),
    password: z.string().max(1000).optional(),
    token: z.string().max(2000).optional(),
  })
  .strict();
const SigningKey = z.object({ armoredKey: z.string().min(1).max(200_000), passphrase: z.string().max(1000).optional() }).strict();


export const gitChannels = {
  /** Clone (url), open (dir) or create (init) the site's repo; stores branch/base path in the site draft. */
  'git:connect': channel(
    z
      .object({
        siteId: SiteId,
        mode: z.enum(['clone', 'open', 'init']),
        url: Url.optional(),
        dir: z.string().min(1).max(2000).optional(),
        branch: z.string().min(1).max(200).default('main'),
        basePath: z.string().max(200).default('sites'),
        credentials: Credentials.optional(),
        remember: z.boolean().default(false),
      })
      .strict(),
  )<Connection>(),
  'git:status': channel(z.object({ siteId: SiteId }).strict())<GitOverview>(),
  /** Generates the site's files and shows what a commit would change, file by file. */
  'git:preview': channel(z.object({ siteId: SiteId, reason: z.string().max(500).optional() }).strict())<DiffPreview>(),
  /** Commits the generated files of the site (only its folder) and records the commit in the draft. */
  'git:commit': channel(z.object({ siteId: SiteId, reason: z.string().max(500).optional(), signingKey: SigningKey.optional() }).strict())<CommitInfo>(),
  /** Pushes the waiting commits; emits job:progress with `jobId`. On no network, retries by itself. */
  'git:push': channel(z.object({ siteId: SiteId, jobId: z.string().max(100).optional() }).strict())<PushInfo>(),
  /** Replaces (or with null clears) the credentials for the site's remote. */
  'git:credentials': channel(z.object({ siteId: SiteId, credentials: Credentials.nullable(), remember: z.boolean().default(false) }).strict())<{ readonly stored: boolean; readonly persistent: boolean }>(),
};
