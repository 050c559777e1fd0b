/**
 * What the parts of the Network & workloads step share: the draft, the edit function and field issues.
 * In its own module so the step and its sections (workloads, host settings) import it without importing
 * each other.
 */
import type { Site } from '../../../main/core/site/schema';

export interface DraftProps {
  readonly draft: Site;
  readonly edit: (fn: (s: Site) => Site) => void;
  /** Error for a path, shown once the field was touched or a save was tried. */
  readonly issue: (path: string) => string | undefined;
}
