/** Technician settings, kept in the per-user data folder (never in a site repo). */
import { z } from 'zod';
import { Release } from './site/schema';

export const Settings = z.object({
  technician: z.object({ name: z.string().max(120).default(''), email: z.string().max(200).default('') }).prefault({}),
  /** Author of Git commits made from the field; empty means the technician's name and email. */
  git: z.object({ name: z.string().max(120).default(''), email: z.string().max(200).default('') }).prefault({}),
  /** Folder for site repos and media images; empty means the default in the data folder. */
  workspace: z.string().max(1000).default(''),
  defaultRelease: Release.default('8.0U3'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
});
export type Settings = z.infer<typeof Settings>;
