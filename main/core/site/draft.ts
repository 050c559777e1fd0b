/** What the workspace knows about a saved site draft. */
import type { Site } from './schema';

export interface SiteSummary {
  readonly id: string;
  readonly name: string;
  readonly topology: Site['spec']['topology'];
  readonly hosts: readonly string[];
  readonly updatedAt: string;
  /** Set when the file on disk does not load; the draft is listed so it can be repaired, never dropped. */
  readonly error?: string;
}

export interface SiteDraft {
  readonly site: Site;
  /** The YAML text as saved (comments preserved). */
  readonly text: string;
  readonly path: string;
  readonly updatedAt: string;
}
