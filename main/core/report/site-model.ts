/**
 * What the site models beyond hosts, network and plain workloads, as the report lists it (issue 28): the
 * settings every host applies (NFS datastores, advanced options, acceptance level, account lockout), PTP per
 * host, MetalLB pools, what VM classes add, and every open lint finding with its apply scope. Kept apart from
 * model.ts so the report's other parts (acceptance, done lines) change without touching these.
 */
import type { Host, Site, VmClass } from '../site/schema';
import type { LintFindingInput } from './inputs';
import type { ReportHostSettings, ReportLintFinding, ReportNetwork, ReportWorkloads } from './schema';
import { describeFinding } from './text';

/** The site's host settings, or undefined when it has none (the report then has no such section). */
export function buildHostSettings(site: Site): ReportHostSettings | undefined {
  const h = site.spec.hostSettings;
  const empty = h.nfsDatastores.length === 0 && h.advancedOptions.length === 0 && h.acceptanceLevel === undefined && h.accountLockout === undefined;
  if (empty) return undefined;
  return {
    nfsDatastores: h.nfsDatastores.map((d) => ({ name: d.name, server: d.server, share: d.share, readOnly: d.readOnly, connections: d.connections })),
    advancedOptions: h.advancedOptions.map((o) => ({ group: o.group, name: o.name, value: o.value })),
    acceptanceLevel: h.acceptanceLevel,
    accountLockout: h.accountLockout ? { ...h.accountLockout } : undefined,
  };
}

/** A host's PTP adapter for the network plan. */
export function buildPtp(host: Host): ReportNetwork['hosts'][number]['ptp'] {
  return host.ptp ? { device: host.ptp.device, portGroup: host.ptp.portGroup, mtu: host.ptp.mtu } : undefined;
}

/** What a VM class adds: only the fields it sets. */
export function vmClassExtras(c: VmClass): Pick<ReportWorkloads['vmClasses'][number], 'latencySensitivity' | 'extraConfig' | 'passthroughDevices'> {
  return {
    ...(c.latencySensitivity ? { latencySensitivity: c.latencySensitivity } : {}),
    ...(c.extraConfig.length ? { extraConfig: c.extraConfig.map((e) => ({ key: e.key, value: e.value })) } : {}),
    ...(c.passthroughDevices.length ? { passthroughDevices: c.passthroughDevices.map((d) => ({ vendorId: d.vendorId, deviceId: d.deviceId, label: d.label })) } : {}),
  };
}

export function buildMetallbPools(site: Site): ReportWorkloads['metallbPools'] {
  return site.spec.workloads.metallbPools.map((p) => ({ name: p.name, addresses: [...p.addresses], autoAssign: p.autoAssign }));
}

/** The open lint findings (not accepted), each with its sentence, file, line, path and apply scope. */
export function buildOpenLintFindings(open: readonly LintFindingInput[] | undefined): ReportLintFinding[] | undefined {
  if (!open) return undefined;
  return open.map((f) => {
    const params = { ...(f.params ?? {}) };
    return { severity: f.severity, code: f.code, params, text: describeFinding(f.code, params, f.message), file: f.file, line: f.line, path: f.path, scope: f.scope };
  });
}
