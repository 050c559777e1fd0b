/**
 * `sitekit lint --format github|gitlab-codequality`: findings in the formats CI platforms read, so the
 * command a technician runs is the same command a site repo's CI runs (`sitekit fleet ci`).
 *
 * GitHub: workflow commands (`::error file=…,line=…,title=…::message`), which become annotations on the
 * changed lines. GitLab: a Code Quality report (a JSON array of issues with description, check_name,
 * fingerprint, severity and location.path/lines.begin), which the merge request widget shows.
 * Paths are made relative to the repository by prefixing the folder that was linted.
 */
import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../core/manifests/findings';
import { findingFix, findingMessage } from '../core/manifests/messages';

export const LINT_FORMATS = ['github', 'gitlab-codequality'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** One Code Quality issue, as GitLab documents the report. */
export interface CodeQualityIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  readonly location: { readonly path: string; readonly lines: { readonly begin: number } };
}

const joinPath = (prefix: string, file: string): string => {
  const p = prefix.replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (!file) return p || '.';
  return p && p !== '.' ? `${p}/${file}` : file;
};

/** Escapes workflow-command data (the message) and properties (file, title), as the Actions toolkit does. */
const escData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string): string => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const GITHUB_LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };
const GITLAB_LEVEL: Readonly<Record<Severity, CodeQualityIssue['severity']>> = { error: 'major', warning: 'minor', info: 'info' };

/** GitHub workflow commands, one per open finding, and a closing summary line. */
export function githubAnnotations(findings: readonly Finding[], prefix: string): string {
  const lines: string[] = [];
  for (const f of findings.filter((x) => !x.accepted)) {
    const props = [`file=${escProp(joinPath(prefix, f.file))}`, `line=${f.line ?? 1}`, `title=${escProp(`sitekit ${f.code}`)}`].join(',');
    lines.push(`::${GITHUB_LEVEL[f.severity]} ${props}::${escData(`${findingMessage(f)}${f.path ? ` (${f.path})` : ''} Fix: ${findingFix(f)}`)}`);
  }
  const count = (s: Severity): number => findings.filter((x) => !x.accepted && x.severity === s).length;
  lines.push(`sitekit lint ${prefix || '.'}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s).`);
  return lines.join('\n') + '\n';
}

/** A GitLab Code Quality report (JSON array); stable fingerprints so GitLab can tell new findings from old. */
export function gitlabCodeQuality(findings: readonly Finding[], prefix: string): CodeQualityIssue[] {
  return findings
    .filter((x) => !x.accepted)
    .map((f) => {
      const path = joinPath(prefix, f.file);
      return {
        description: `${findingMessage(f)}${f.path ? ` (${f.path})` : ''} Fix: ${findingFix(f)}`,
        check_name: `sitekit/${f.code}`,
        fingerprint: createHash('sha256').update(`${f.code}\0${path}\0${f.docIndex}\0${f.path}\0${JSON.stringify(f.params)}`).digest('hex').slice(0, 32),
        severity: GITLAB_LEVEL[f.severity],
        location: { path, lines: { begin: f.line ?? 1 } },
      };
    });
}

/**
 * The text `sitekit lint --format FORMAT` prints. An unknown format is a usage error (the CLI's parseArgs
 * error code, so runCli answers with exit 2 and the usage).
 */
export function lintOutput(format: string, findings: readonly Finding[], prefix: string): string {
  if (format === 'github') return githubAnnotations(findings, prefix);
  if (format === 'gitlab-codequality') return JSON.stringify(gitlabCodeQuality(findings, prefix), null, 2) + '\n';
  throw Object.assign(new Error(`--format must be one of ${LINT_FORMATS.join(', ')}; got "${format}"`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
}
