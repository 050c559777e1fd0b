/**
 * What the report is built from, as explicit typed inputs.
 *
 * The hardware verdict and lint results are produced by other modules; these interfaces hold only what the
 * report reads, so the report can be built (and tested) from any of them, and `adapt.ts` maps the real
 * engine types onto them. Everything is optional except the site, the Sitekit version and the time: a
 * report made before the hardware check or the Git push says so plainly instead of failing.
 */
import type { Site } from '../site/schema';
import type { SitePlan } from '../host-plan/types';
import type { Severity, VerdictStatus } from './schema';

export type FindingParams = Readonly<Record<string, string | number | boolean>>;

/** A rule finding `{severity, code, params}`; `message` is a ready sentence when the producer has one. */
export interface FindingInput {
  readonly severity: Severity;
  readonly code: string;
  readonly params?: FindingParams;
  readonly message?: string;
}

export interface DeviceVerdictInput {
  /** The NIC's ESXi name (vmnicN / vusbN) as in the site. */
  readonly nic: string;
  readonly status: VerdictStatus;
  /** Product or family name from the compatibility list, e.g. "Intel I226-V". */
  readonly product?: string;
  readonly driver?: string;
  /** Evidence level of the fact the verdict rests on, e.g. verified-binary, community. */
  readonly evidence?: string;
  readonly sources?: readonly string[];
  readonly findings?: readonly FindingInput[];
}

/** A firmware setting the compatibility list asks for on a host model. */
export interface BiosSettingInput {
  readonly setting: string;
  readonly why?: string;
  readonly source?: string;
}

export interface HostVerdictInput {
  readonly host: string;
  readonly status: VerdictStatus;
  /** The list's name for the model, e.g. "Intel NUC 12 Pro NUC12WSHi7". */
  readonly modelLabel?: string;
  readonly modelId?: string;
  readonly findings?: readonly FindingInput[];
  readonly devices?: readonly DeviceVerdictInput[];
  readonly bios?: readonly BiosSettingInput[];
  /** What the check asks for, as sentences (Fling, driver, kernel option, BIOS, verify). */
  readonly actions?: readonly string[];
}

/** The hardware check of the whole site. */
export interface VerdictInput {
  readonly listVersion?: string;
  readonly hosts: readonly HostVerdictInput[];
  /** Findings about the site as a whole (e.g. port groups that differ between the two hosts). */
  readonly findings?: readonly FindingInput[];
}

/** One lint finding of the generated files. */
export interface LintFindingInput extends FindingInput {
  readonly file?: string;
  readonly path?: string;
  /** 1-based line in the file, when the linter knows it. */
  readonly line?: number;
  /** The apply scope the finding was checked in (what one host applies). */
  readonly scope?: string;
}

/** Live Git state, when the caller has it; without it the report uses `site.records.commits`. */
export interface GitInput {
  readonly url?: string;
  readonly branch?: string;
  readonly headSha?: string;
  /** Whether the head commit is on the remote. */
  readonly pushed?: boolean;
  /** Local commits not on the remote. */
  readonly ahead?: number;
}

export interface ReportInput {
  readonly site: Site;
  /** The host plan (install NIC, NICs with drivers, uplinks, kernel options and module settings with reasons). */
  readonly plan?: SitePlan;
  readonly verdict?: VerdictInput;
  readonly lint?: readonly LintFindingInput[];
  /** The topology SVG of the Review step. */
  readonly topologySvg?: string;
  /** Compatibility list data version, e.g. 2026.11.1 (falls back to verdict.listVersion). */
  readonly listVersion?: string;
  readonly sitekitVersion: string;
  /** ISO 8601 time the report is made (passed in: core reads no clock). */
  readonly generatedAt: string;
  readonly git?: GitInput;
}
