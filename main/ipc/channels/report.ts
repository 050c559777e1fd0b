/** The handover report: preview as HTML, export HTML/PDF/JSON into a folder. */
import { z } from 'zod';
import { channel } from '../define';

const SiteId = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'site id must be a DNS label');

export interface ReportPreview {
  /** The complete, self-contained report HTML (show it in a sandboxed iframe via srcdoc). */
  readonly html: string;
  readonly status: 'ready' | 'open-items';
  readonly openItems: readonly string[];
  readonly generatedAt: string;
  /** The folder an export without `folder` goes to. */
  readonly defaultFolder: string;
}

export interface ReportExport {
  readonly folder: string;
  readonly files: readonly { readonly format: 'html' | 'pdf' | 'json'; readonly path: string; readonly bytes: number }[];
  readonly status: 'ready' | 'open-items';
  readonly openItems: readonly string[];
}

export const reportChannels = {
  /** Builds the report of a saved site and returns its HTML. */
  'report:preview': channel(z.object({ id: SiteId }).strict())<ReportPreview>(),
  /** Writes the chosen formats into `folder` (default: the site's reports folder in the workspace). */
  'report:export': channel(
    z
      .object({
        id: SiteId,
        folder: z.string().min(1).max(1000).optional(),
        formats: z.array(z.enum(['html', 'pdf', 'json'])).min(1).max(3).optional(),
        paper: z.enum(['A4', 'Letter']).optional(),
        /** File name without extension (default: the site id and date). */
        baseName: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/).optional(),
      })
      .strict(),
  )<ReportExport>(),
};
