/**
 * Maps the hardware engine's `SiteVerdict` and the manifest linter's findings onto the report's inputs.
 *
 * The report keeps its own small input types (inputs.ts) so it can be built from a verdict saved earlier
 * or made by a different list version; this is the one place that knows both shapes. Sentences come from
 * each module's own messages.ts, so the report says exactly what the Hardware and Review steps said.
 */
import type { Action, DeviceVerdict, Finding as HardwareFinding, HostVerdict, SiteVerdict, VerdictStatus as HardwareStatus } from '../hardware/verdict';
import { describeAction, describeEvidence, describeFinding as describeHardwareFinding } from '../hardware/messages';
import type { Finding as LintFinding } from '../manifests/findings';
import { findingMessage } from '../manifests/messages';
import type { GitStatus } from '../git/types';
import type { DeviceVerdictInput, FindingInput, GitInput, HostVerdictInput, LintFindingInput, VerdictInput } from './inputs';
import type { VerdictStatus } from './schema';

const STATUS: Readonly<Record<HardwareStatus, VerdictStatus>> = {
  supported: 'ok',
  'supported-with-actions': 'action',
  unsupported: 'unsupported',
  unknown: 'unknown',
};

function hardwareFinding(f: HardwareFinding): FindingInput {
  return { severity: f.severity, code: f.code, params: f.params, message: describeHardwareFinding(f) };
}

function device(d: DeviceVerdict): DeviceVerdictInput {
  return {
    nic: d.nic,
    status: STATUS[d.status],
    product: d.label || undefined,
    driver: d.driver,
    evidence: d.evidence ? describeEvidence(d.evidence) : undefined,
    sources: [...d.sources],
    findings: d.findings.map(hardwareFinding),
  };
}

const isBios = (a: Action): a is Extract<Action, { kind: 'bios' }> => a.kind === 'bios';

function host(h: HostVerdict): HostVerdictInput {
  return {
    host: h.host,
    status: STATUS[h.status],
    modelLabel: h.model?.name,
    modelId: h.model?.id,
    findings: h.findings.map(hardwareFinding),
    devices: h.devices.map(device),
    bios: h.actions.filter(isBios).map((a) => ({ setting: a.setting, why: 'Asked for by the compatibility list for this model.' })),
    actions: h.actions.map(describeAction),
  };
}

/** The report's view of a hardware verdict. */
export function verdictInput(v: SiteVerdict): VerdictInput {
  return { listVersion: v.list.listVersion, hosts: v.hosts.map(host), findings: v.findings.map(hardwareFinding) };
}

/** The report's view of lint findings, with the linter's own sentences. */
export function lintInput(findings: readonly LintFinding[]): LintFindingInput[] {
  return findings.map((f) => ({
    severity: f.severity,
    code: f.code,
    params: f.params,
    message: findingMessage(f),
    file: f.file || undefined,
    path: f.path || undefined,
    line: f.line,
    scope: f.scope,
  }));
}

/** The report's view of a live repository status (services/git `status`). */
export function gitInput(status: GitStatus): GitInput {
  return {
    url: status.remote,
    branch: status.branch,
    headSha: status.head,
    pushed: status.head !== undefined && status.waitingToPush === 0 && !status.remoteEmpty,
    ahead: status.waitingToPush,
  };
}
