/** What a lint run answers (the lint flow and `manifests:lint` share it). */
import type { Finding } from './findings';

export interface ManifestsLintResult {
  readonly findings: readonly Finding[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number; readonly accepted: number };
  /** Every scope the rules that compare files ran in (also those with no finding), sorted. */
  readonly scopes: readonly string[];
  /** How many files were read and linted. */
  readonly files: number;
  /** The sites the files were checked against: one named site, or how many site.yaml files (each for its own folder). */
  readonly sites: { readonly count: number; readonly id?: string };
}
