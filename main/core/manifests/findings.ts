/**
 * Lint findings: the codes, their default severity, and the wizard step where each is fixed.
 *
 * Rules return `{severity, code, params}` plus where the problem is; text for people is made from the code
 * and params in messages.ts (docs/CONVENTIONS.md § Rules return codes, words live in messages), never inside a rule.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Wizard steps a finding links to (ids of renderer/state/steps.ts; workloads live in the network step). */
export type FixStep = 'site' | 'hardware' | 'network' | 'review';

export type FindingParams = Readonly<Record<string, string | number | boolean>>;

/** Every finding code, with its default severity and the step that fixes it. */
export const FINDING_CODES = {
  'yaml-syntax': { severity: 'error', step: 'review' },
  'go-yaml-only': { severity: 'warning', step: 'review' },
  'unknown-field': { severity: 'error', step: 'review' },
  'schema-type': { severity: 'error', step: 'review' },
  'profile-unknown-key': { severity: 'info', step: 'network' },
  'profile-type': { severity: 'error', step: 'network' },
  'latest-always-pull': { severity: 'warning', step: 'network' },
  'vswitch0-rewritten': { severity: 'warning', step: 'network' },
  'search-domains-manual': { severity: 'info', step: 'site' },
  'not-a-manifest': { severity: 'warning', step: 'review' },
  'site-invalid': { severity: 'warning', step: 'site' },
  'duplicate-name': { severity: 'error', step: 'network' },
  'class-conflict': { severity: 'error', step: 'network' },
  'profile-missing': { severity: 'error', step: 'network' },
  'profile-json': { severity: 'error', step: 'network' },
  'profile-wrapped': { severity: 'error', step: 'network' },
  'profile-no-esx': { severity: 'error', step: 'network' },
  'layertype-unknown': { severity: 'warning', step: 'network' },
  'hc-namespace': { severity: 'error', step: 'network' },
  'nodeport-range': { severity: 'error', step: 'network' },
  'nodeport-duplicate': { severity: 'error', step: 'network' },
  'hostpath-shared': { severity: 'warning', step: 'network' },
  'vm-class-undefined': { severity: 'error', step: 'network' },
  'vm-class-builtin': { severity: 'info', step: 'network' },
  'vm-configmap-missing': { severity: 'error', step: 'network' },
  'vm-secret-missing': { severity: 'error', step: 'network' },
  'worker-powered-off': { severity: 'info', step: 'network' },
  'plaintext-password': { severity: 'error', step: 'network' },
  'hash-comment-misleading': { severity: 'info', step: 'review' },
  'vlan-range': { severity: 'error', step: 'network' },
  'vlan-trunk': { severity: 'info', step: 'network' },
  'mtu-range': { severity: 'error', step: 'network' },
  'vmk-mtu-exceeds-switch': { severity: 'error', step: 'network' },
  'mtu-mismatch': { severity: 'warning', step: 'network' },
  'uplink-missing': { severity: 'error', step: 'network' },
  'host-plan': { severity: 'error', step: 'hardware' },
  'stick-lacks-driver': { severity: 'error', step: 'hardware' },
  'uplink-not-bridged': { severity: 'error', step: 'network' },
  'uplink-shared': { severity: 'error', step: 'network' },
  'portgroup-missing': { severity: 'error', step: 'network' },
  'vm-network-missing': { severity: 'warning', step: 'network' },
  'management-vlan-mismatch': { severity: 'error', step: 'network' },
  'ip-conflict': { severity: 'error', step: 'site' },
  'ip-outside-subnet': { severity: 'error', step: 'site' },
  'worker-address-shared': { severity: 'error', step: 'network' },
  'gateway-outside-subnet': { severity: 'error', step: 'network' },
  'reboot-on-apply': { severity: 'warning', step: 'review' },
  'metallb-legacy-config': { severity: 'warning', step: 'network' },
  'kustomization-missing-resource': { severity: 'error', step: 'review' },
  'not-applied': { severity: 'info', step: 'review' },
  'flux-applies-everything': { severity: 'info', step: 'review' },
} as const satisfies Record<string, { severity: Severity; step: FixStep }>;

export type FindingCode = keyof typeof FINDING_CODES;

/** Who accepted a finding and why (site.spec.acceptedFindings). */
export interface Acceptance {
  readonly by: string;
  readonly at: string;
  readonly reason?: string;
}

export interface Finding {
  readonly severity: Severity;
  readonly code: FindingCode;
  /** File path as given to lint ('' for a finding about the whole set). */
  readonly file: string;
  /** Path inside the document, e.g. `spec.profile.esx.network_vss.switches[0].mtu` ('' for the whole file). */
  readonly path: string;
  /** Index of the YAML document in the file (0-based), -1 when not about one document. */
  readonly docIndex: number;
  readonly params: FindingParams;
  /** Where it is fixed: the wizard step and a short action code (text in messages.ts). */
  readonly fix: { readonly step: FixStep; readonly action: string };
  /** 1-based line of `path` in the file, when known. */
  readonly line?: number;
  /**
   * What one host applies that this finding was checked within: a site folder (one VECO path), a
   * kustomization entry point, or '(repository)' when no layout was detected.
   */
  readonly scope: string;
  /** Set when the site's acceptedFindings covers this finding. */
  readonly accepted?: Acceptance;
}

/** What a rule returns: the problem and where it is; the aggregator adds fix and line. */
export interface RawFinding {
  readonly code: FindingCode;
  readonly severity?: Severity;
  readonly file: string;
  readonly path: string;
  readonly docIndex: number;
  readonly params?: FindingParams;
  /** Set by the aggregator for scope rules; document rules get the scope of their file. */
  readonly scope?: string;
}

/** Severity of each kind of plain-text credential: one scheme for the whole secrets family. */
export const SECRET_SEVERITY: Readonly<Record<string, Severity>> = {
  'url-credentials': 'error',
  'env-password': 'error',
  'cloud-init-password': 'error',
  'unattend-password': 'error',
  'password-field': 'error',
  // A Secret is the right object, but its data in Git is readable by anyone with the repository.
  'secret-data': 'warning',
};

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: severity, file, document, path, code. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.docIndex - b.docIndex ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/** Counts of findings that still count (accepted ones are left out). */
export function summarize(findings: readonly Finding[]): { errors: number; warnings: number; infos: number; accepted: number } {
  const open = findings.filter((f) => !f.accepted);
  return {
    errors: open.filter((f) => f.severity === 'error').length,
    warnings: open.filter((f) => f.severity === 'warning').length,
    infos: open.filter((f) => f.severity === 'info').length,
    accepted: findings.length - open.length,
  };
}
