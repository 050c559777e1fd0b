/** Network, workloads and review: generate the site's repo files, lint them, import existing ones, topology. */
import { z } from 'zod';
import { channel } from '../define';
import type { GeneratedFile } from '../../core/manifests/generate';
import type { Finding } from '../../core/manifests/findings';
import type { ImportResult } from '../../core/manifests/import';
import type { SiteDraft } from '../../core/site/draft';
import type { Issue } from '../../core/result';
import type { ManifestsLintResult } from '../../core/manifests/lint-result';

export type { ManifestsLintResult };

const SiteId = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'site id must be a DNS label');
const Folder = z.string().min(1).max(4096);
const FileList = z.array(z.object({ path: z.string().min(1).max(1000), content: z.string().max(5_000_000) }).strict()).max(5000);

export interface ManifestsGenerateResult {
  readonly files: readonly GeneratedFile[];
  readonly findings: readonly Finding[];
  /** Only when `outDir` was given: what changed on disk. */
  readonly write?: {
    readonly outDir: string;
    readonly written: readonly string[];
    readonly unchanged: readonly string[];
    readonly stale: readonly string[];
    readonly removed: readonly string[];
  };
}


export interface ManifestsImportResult extends ImportResult {
  /** Files found but not read (too large, not text), with the reason. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

export interface ManifestsSiteIssues {
  readonly issues: readonly Issue[];
}

export const manifestsChannels = {
  /** Generates the repo files for a site (validated first); with `outDir`, also writes them there. */
  'manifests:generate': channel(z.object({ site: z.unknown(), outDir: Folder.optional(), prune: z.boolean().optional() }).strict())<ManifestsGenerateResult>(),
  /** Lints files given inline, a folder, or several paths (the lint flow); `site` is the model for files with no site.yaml. */
  'manifests:lint': channel(
    z
      .object({
        files: FileList.optional(),
        dir: Folder.optional(),
        /** Several files or folders (`sitekit lint a.yaml b/`), shown relative to `base`. */
        paths: z.array(Folder).min(1).max(1000).optional(),
        base: Folder.optional(),
        site: z.unknown().optional(),
        /** Folders (relative to `dir` or `base`) each treated as one scope (`--scope`). */
        scopes: z.array(z.string().max(4096)).max(200).optional(),
        lineNumbers: z.enum(['all', 'problems']).optional(),
      })
      .strict(),
  )<ManifestsLintResult>(),
  /** Imports a folder or inline files into `base` (the open site) or a new site. Nothing is saved. */
  'manifests:import': channel(z.object({ files: FileList.optional(), dir: Folder.optional(), base: z.unknown().optional() }).strict())<ManifestsImportResult>(),
  /** The topology picture as a standalone SVG string. */
  'manifests:topology': channel(z.object({ site: z.unknown() }).strict())<{ readonly svg: string }>(),
  /** Records an accepted finding (who, why) in the draft's acceptedFindings and saves it. */
  'manifests:accept': channel(
    z
      .object({
        id: SiteId,
        code: z.string().min(1).max(80),
        file: z.string().max(1000).optional(),
        path: z.string().max(1000).optional(),
        by: z.string().trim().min(1, 'say who accepts it').max(120),
        reason: z.string().trim().max(2000).optional(),
      })
      .strict(),
  )<SiteDraft>(),
  /** Withdraws an acceptance. */
  'manifests:unaccept': channel(z.object({ id: SiteId, code: z.string().min(1).max(80), file: z.string().max(1000).optional(), path: z.string().max(1000).optional() }).strict())<SiteDraft>(),
};
