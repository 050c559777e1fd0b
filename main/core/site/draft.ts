/** What the workspace knows about a saved site draft. */
import type { Site } from './schema';
import type { ErrorCode } from '../result';

export interface SiteSummary {
  readonly id: string;
  readonly name: string;
  readonly topology: Site['spec']['topology'];
  readonly hosts: readonly string[];
  readonly updatedAt: string;
  /** Set when the file on disk does not load; the draft is listed so it can be repaired, never dropped. */
  readonly error?: string;
  /** The error's tag when `error` is set (e.g. newer-version: update Sitekit; parse-error: fix the file). */
  readonly errorCode?: ErrorCode;
}

export interface SiteDraft {
  readonly site: Site;
  /** The YAML text as saved (comments preserved). */
  readonly text: string;
  readonly path: string;
  readonly updatedAt: string;
  /**
   * The version of the file this draft was read from or written as (a hash of its bytes). A save carries
   * the revision it started from, so a save of an older copy is refused instead of undoing someone's change.
   */
  readonly revision: string;
}
