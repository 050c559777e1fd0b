/**
 * Builds the handover report model from the site and what was done to it (pure).
 *
 * One model, rendered once as HTML (PDF is printed from that HTML) and serialised as JSON (docs/ARCHITECTURE.md
 * "Data flow"). Inputs are explicit: the site, the hardware verdict, the lint findings, the topology picture, the
 * versions, the time, the live Git state. Anything missing becomes an open item in the summary, never a
 * silent gap. Secrets are kept out twice: by the schema (no field for them) and by a final scrub of every
 * string against the secrets the site holds.
 */
import { workerAddresses, workerIsStatic } from '../site/worker-addresses';
import { parseAllDocuments } from 'yaml';
import type { Host, MediaRecord, Site, StickHostRecord } from '../site/schema';
import { isStickRun, verifiedRunsFor } from '../site/records';
import type { HostPlan, SitePlan } from '../host-plan/types';
import { installNicWords } from '../host-plan/words';
import { USB_NIC_FLING_VIB as USB_NIC_FLING } from '../media/drivers';
import { hostPath } from '../manifests/generate';
import { describeNicIds } from '../hardware/messages';
import type { FindingInput, HostVerdictInput, LintFindingInput, ReportInput } from './inputs';
import { buildChecklists, modelLabel } from './checklist';
import { collectSecrets, sanitizeUrl, scrubSecrets } from './secrets';
import {
  REPORT_FORMAT_VERSION,
  type ReportActions,
  type ReportFinding,
  type ReportGit,
  type ReportHost,
  type ReportMedia,
  type ReportNetwork,
  type ReportNic,
  type ReportStick,
  type ReportWorkloads,
  type SiteReport,
  type VerdictStatus,
} from './schema';
import { describeFinding, VERDICT_LABEL } from './text';
import { buildHostSettings, buildMetallbPools, buildOpenLintFindings, buildPtp, vmClassExtras } from './site-model';
import { acceptanceOpenItems, buildAcceptance, whatIsLeft } from './acceptance';

function finding(f: FindingInput): ReportFinding {
  const params = { ...(f.params ?? {}) };
  return { severity: f.severity, code: f.code, params, text: describeFinding(f.code, params, f.message) };
}

function usedBy(plan: HostPlan | undefined, host: Host, nic: string): string[] {
  const uses = plan?.nics.find((n) => n.name === nic)?.vswitches;
  if (uses) return uses.map((u) => `${u.vswitch} (${u.as})`);
  const out: string[] = [];
  for (const sw of host.vswitches) {
    if ((sw.uplinks.active ?? []).includes(nic)) out.push(`${sw.name} (active)`);
    if (sw.uplinks.standby.includes(nic)) out.push(`${sw.name} (standby)`);
  }
  return out;
}

/** The install NIC in words (host-plan/words.ts: the same text as the Boot media step), or why it is not known. */
export function installNicText(plan: HostPlan | undefined, host: Host): string {
  if (!plan) return host.management.device ? `${host.management.device} (not checked)` : 'not known (the hardware was not checked)';
  return installNicWords(plan);
}

function buildHost(site: Site, host: Host, verdict: HostVerdictInput | undefined, checked: boolean, plan: HostPlan | undefined): ReportHost {
  const hw = host.hardware;
  const devices = new Map((verdict?.devices ?? []).map((d) => [d.nic, d]));
  // The plan's NICs (the model's onboard ones included when the host lists none), else the site's.
  const source = plan ? plan.nics : hw.nics.map((n) => ({ ...n, install: false, fromModel: false, driver: undefined }));
  const siteNic = new Map(hw.nics.map((n) => [n.name, n]));
  const nics: ReportNic[] = source.map((n) => {
    const d = devices.get(n.name);
    const sn = siteNic.get(n.name);
    return {
      name: n.name,
      bus: n.bus,
      id: describeNicIds(n),
      subsystemId: sn?.subVendorId && sn.subDeviceId ? `${sn.subVendorId}:${sn.subDeviceId}` : undefined,
      mac: n.mac,
      macSource: n.macSource,
      speedMbps: n.speedMbps,
      role: n.role,
      label: n.label,
      install: n.install || undefined,
      fromModel: n.fromModel || undefined,
      driverPlan: n.driver ? { kind: n.driver.kind, vib: n.driver.vib, package: n.driver.package, minBuild: n.driver.minBuild?.vibVersion } : undefined,
      usedBy: usedBy(plan, host, n.name),
      verdict: {
        status: d?.status ?? 'unknown',
        product: d?.product,
        driver: d?.driver,
        evidence: d?.evidence,
        sources: [...(d?.sources ?? [])],
        findings: (d?.findings ?? []).map(finding),
      },
    };
  });
  const hostFindings = (verdict?.findings ?? []).map(finding);
  if (!checked) hostFindings.unshift(finding({ severity: 'warning', code: 'not-checked' }));
  else if (!verdict) hostFindings.unshift(finding({ severity: 'warning', code: 'host-not-in-verdict', params: { host: host.name } }));
  return {
    name: host.name,
    model: verdict?.modelLabel ?? (modelLabel(host) === 'Unidentified model' ? undefined : modelLabel(host)),
    modelId: verdict?.modelId ?? hw.model,
    vendor: hw.vendor,
    productName: hw.productName,
    serial: hw.serial,
    cpu: hw.cpu,
    cores: hw.cores,
    ramGiB: hw.ramGiB,
    bootDiskGB: hw.bootDiskGB,
    installDisk: host.install.disk ?? 'first local disk',
    management: {
      mode: host.management.mode,
      ip: host.management.ip,
      vlan: host.management.vlan,
      device: installNicText(plan, host),
      ...(plan ? { installNic: { nic: plan.install.nic, mac: plan.install.mac, source: plan.install.source } } : {}),
    },
    verdict: { status: verdict?.status ?? 'unknown', checked: checked && verdict !== undefined, findings: hostFindings, required: [...(verdict?.actions ?? [])] },
    nics,
    actions: hostActions(site, host, plan),
  };
}

const short = (sha: string): string => sha.slice(0, 12);
const runCite = (m: MediaRecord): string =>
  `${isStickRun(m) ? 'stick run' : 'image file run'} ${m.at}, ${m.target}, image SHA-256 ${m.imageSha256}${m.sampleIso ? ' (from Sitekit\'s SAMPLE ISO, not ESXi)' : ''}`;
const onWhat = (m: MediaRecord): string => (isStickRun(m) ? 'the install stick' : 'the image file (not yet a stick)');

/**
 * The host's requirements (from the host plan) against the records: done with a citation, open, or advice.
 * A driver is done only when a verified run records that its ISO carried a build that drives that NIC.
 */
export function hostActions(site: Site, host: Host, plan?: HostPlan): ReportActions {
  const done: { text: string; record: string }[] = [];
  const open: string[] = [];
  const advice: string[] = [];
  const runs = verifiedRunsFor(site, host.name);
  const mine = (m: MediaRecord) => m.carried?.find((c) => c.host === host.name);
  const carriedBy = (pick: (c: StickHostRecord) => boolean) => {
    const all = runs.filter((m) => { const c = mine(m); return c !== undefined && pick(c); });
    return all.filter(isStickRun).at(-1) ?? all.at(-1);
  };
  const kernelOptions = plan ? plan.kernelOptions.map((k) => k.option) : host.requirements.kernelOptions;
  for (const o of kernelOptions) {
    const run = carriedBy((c) => c.kernelOptions.includes(o));
    if (run) done.push({ text: `Kernel option ${o} on both BOOT.CFG kernelopt lines of ${onWhat(run)}`, record: runCite(run) });
    else open.push(`Host ${host.name}: the kernel option ${o} is required at install; no verified stick run records it.`);
  }
  // Drivers: each NIC the host is installed through or uses as an uplink, whose driver is a package.
  const needs = plan
    ? plan.nics.filter((n) => n.driver.kind === 'package' && (n.install || n.role === 'uplink')).map((n) => ({ nic: n.name, vib: n.driver.vib ?? '?', label: `${n.driver.package ?? n.driver.vib} for ${n.name}${n.install ? ' (the install NIC)' : ''}` }))
    : [...(host.requirements.usbNicFling ? [{ nic: undefined, vib: USB_NIC_FLING, label: `the USB NIC Fling (${USB_NIC_FLING})` }] : []), ...(host.requirements.driverPackages ?? []).map((d) => ({ nic: undefined, vib: d, label: `the driver ${d}` }))];
  for (const d of needs) {
    const matches = (x: { vib: string; nic?: string; present: boolean | null }) => x.present === true && (x.vib === d.vib || d.vib.toLowerCase().includes(x.vib.toLowerCase())) && (d.nic === undefined || x.nic === undefined || x.nic === d.nic);
    const run = carriedBy((c) => c.drivers.some(matches));
    if (run) {
      done.push({ text: `${d.label[0]!.toUpperCase()}${d.label.slice(1)} is in the installer ISO of ${onWhat(run)}, in a build that lists the adapter`, record: runCite(run) });
      continue;
    }
    const overridden = runs.filter((m) => mine(m)?.driverOverride).at(-1);
    if (overridden) open.push(`Host ${host.name}: ${d.label} is required, and the ${isStickRun(overridden) ? 'stick' : 'image file'} written ${overridden.at} does not carry it (built with an explicit override).`);
    else open.push(`Host ${host.name}: ${d.label} is required; no verified stick run records an installer ISO that carries it.`);
  }
  const modules = plan ? plan.moduleSettings : host.requirements.moduleSettings;
  for (const m of modules) {
    const commit = [...site.records.commits].reverse().find((c) => c.moduleSettings?.some((x) => x.host === host.name && x.module === m.module && x.options === m.options));
    if (commit) done.push({ text: `Module setting ${m.module} ${m.options} in the site's manifests (applied by GitOps)${commit.pushed ? '' : ', commit not pushed yet'}`, record: `commit ${short(commit.sha)}` });
    else open.push(`Host ${host.name}: the module setting ${m.module} ${m.options} is required; no recorded commit carries it.`);
  }
  // A USB-only host with Secure Boot: %firstboot does not run, so the Fling settings are set at the console.
  if (plan?.usbOnly && site.spec.secureBoot && modules.some((m) => m.module === 'vmkusb_nic_fling')) {
    advice.push(`Before the first reboot of ${host.name}, set the USB NIC Fling's settings at the console (see the checklist): GitOps cannot deliver them over the uplink they keep alive.`);
  }
  for (const b of plan ? plan.biosSettings : host.requirements.biosSettings) advice.push(`Set in the firmware before installing: ${b} (see the checklist).`);
  return { done, open, advice };
}

function buildNetwork(site: Site, plan: SitePlan | undefined): ReportNetwork {
  const s = site.spec;
  return {
    managementSubnet: s.managementNetwork.subnet,
    gateway: s.managementNetwork.gateway,
    dns: { servers: [...s.dns.servers], domain: s.dns.domain, searchDomains: [...s.dns.searchDomains] },
    ntp: { protocol: s.ntp.protocol, servers: [...s.ntp.servers] },
    syslog: s.syslog.map((l) => ({ protocol: l.protocol, address: l.address, port: l.port })),
    hosts: s.hosts.map((h) => {
      const hp = plan?.hosts.find((p) => p.host === h.name);
      const switches = hp ? hp.vswitches : h.vswitches.map((sw) => ({ ...sw, uplinks: { active: sw.uplinks.active ?? [], standby: sw.uplinks.standby }, uplinksFrom: undefined }));
      return {
        host: h.name,
        mode: h.management.mode,
        ip: h.management.ip,
        vlan: h.management.vlan,
        device: installNicText(hp, h),
        vswitches: switches.map((sw) => ({
          name: sw.name,
          mtu: sw.mtu,
          active: [...sw.uplinks.active],
          standby: [...sw.uplinks.standby],
          security: { ...sw.security },
          portGroups: sw.portGroups.map((p) => ({ name: p.name, vlan: p.vlan })),
          ...(sw.uplinksFrom ? { uplinksFrom: sw.uplinksFrom } : {}),
        })),
        ptp: buildPtp(h),
      };
    }),
  };
}

/** Kinds and names of the objects in an added manifest; nothing of their data. */
export function manifestObjects(manifest: string): { kind: string; name: string }[] {
  try {
    return parseAllDocuments(manifest, { logLevel: 'error' }).flatMap((doc) => {
      if (!('toJS' in doc) || doc.errors.length > 0) return [];
      const o = doc.toJS({ maxAliasCount: 100 }) as { kind?: unknown; metadata?: { name?: unknown } } | null;
      if (!o || typeof o !== 'object' || typeof o.kind !== 'string') return [];
      return [{ kind: o.kind, name: typeof o.metadata?.name === 'string' ? o.metadata.name : '' }];
    });
  } catch {
    return [];
  }
}

function buildWorkloads(site: Site): ReportWorkloads {
  const w = site.spec.workloads;
  const firstHost = site.spec.hosts[0]?.name ?? '';
  return {
    vmClasses: w.vmClasses.map((c) => ({ name: c.name, cpus: c.cpus, memoryMiB: c.memoryMiB, reservation: c.reservation, ...vmClassExtras(c) })),
    vms: w.vms.map((vm) => ({
      name: vm.name,
      namespace: vm.namespace,
      className: vm.className,
      image: vm.image,
      powerState: vm.powerState,
      networks: [...vm.networks],
      host: site.spec.hosts.some((h) => h.name === vm.host) ? (vm.host as string) : firstHost,
      userData: vm.userData ? { transport: vm.userData.transport, source: vm.userData.source } : undefined,
    })),
    worker: {
      enabled: w.worker.enabled,
      cpus: w.worker.cpus,
      memoryGiB: w.worker.memoryGiB,
      network: {
        mode: w.worker.network.mode,
        ip: site.spec.hosts.length === 1 ? (site.spec.hosts[0]?.workerIp ?? w.worker.network.ip) : undefined,
        prefix: w.worker.network.prefix,
        gateway: w.worker.network.gateway,
        dns: [...w.worker.network.dns],
        ...(site.spec.hosts.length > 1 && workerIsStatic(site) ? { addresses: workerAddresses(site).map((a) => ({ host: a.host, ip: a.ip })) } : {}),
      },
    },
    apps: w.apps.map((a) => ({ name: a.name, objects: manifestObjects(a.manifest) })),
    localUsers: site.spec.users.map((u) => ({ name: u.name, access: u.access, description: u.description })),
    metallbPools: buildMetallbPools(site),
  };
}

function buildGit(input: ReportInput): ReportGit {
  const { site, git } = input;
  const commits = site.records.commits.map((c) => ({ sha: c.sha, at: c.at, message: c.message, pushed: c.pushed }));
  let head = commits.length > 0 ? { ...commits[commits.length - 1]! } : undefined;
  if (git?.headSha && head?.sha !== git.headSha) {
    const known = commits.find((c) => c.sha === git.headSha);
    head = known ? { ...known } : { sha: git.headSha, at: '', message: '', pushed: false };
  }
  if (head && git?.pushed !== undefined) head.pushed = git.pushed;
  const waitingCommits = git?.ahead ?? commits.filter((c) => !c.pushed).length;
  const url = git?.url ?? site.spec.git.url;
  return {
    url: url ? sanitizeUrl(url) : undefined,
    branch: git?.branch ?? site.spec.git.branch,
    state: !head ? 'not-committed' : head.pushed && waitingCommits === 0 ? 'pushed' : 'waiting',
    head,
    waitingCommits: head && !head.pushed ? Math.max(waitingCommits, 1) : waitingCommits,
    hostPaths: site.spec.hosts.map((h) => ({ host: h.name, path: hostPath(site, h) })),
    commits,
  };
}

function stickOf(m: MediaRecord): ReportStick {
  return {
    at: m.at,
    target: m.target,
    model: m.model,
    serial: m.serial,
    sizeBytes: m.sizeBytes,
    isoName: m.isoName,
    isoSha256: m.isoSha256,
    imageSha256: m.imageSha256,
    hosts: [...m.hosts],
    verified: m.verified,
    targetKind: isStickRun(m) ? 'device' : 'file',
    ...(isStickRun(m) && m.ejected !== undefined ? { ejected: m.ejected } : {}),
    ...(m.isoChecksumMatched ? { isoChecksumMatched: true } : {}),
    ...(m.sampleIso ? { sampleIso: true } : {}),
    seconds: m.seconds,
    bytesPerSecond: m.bytesPerSecond,
  };
}

function buildMedia(site: Site): ReportMedia {
  const isos = new Map<string, { sha256?: string; matched: boolean }>();
  for (const m of site.records.media) {
    if (!m.isoName) continue;
    const seen = isos.get(m.isoName);
    isos.set(m.isoName, { sha256: seen?.sha256 ?? m.isoSha256, matched: (seen?.matched ?? false) || m.isoChecksumMatched === true });
  }
  return {
    isos: [...isos.entries()].map(([name, i]) => ({ name, sha256: i.sha256, ...(i.matched ? { checksumMatched: true } : {}) })),
    sticks: site.records.media.filter(isStickRun).map(stickOf),
    images: site.records.media.filter((m) => !isStickRun(m)).map(stickOf),
    audits: site.records.audits.map((a) => ({ at: a.at, target: a.target, serial: a.serial, imageSha256: a.imageSha256, hosts: [...a.hosts], intact: a.intact, filesChecked: a.filesChecked, modified: a.modified })),
  };
}

const sameFinding = (a: { code: string; file?: string; path?: string }, l: LintFindingInput): boolean =>
  a.code === l.code && (a.file === undefined || a.file === l.file) && (a.path === undefined || a.path === l.path);

const GOOD: readonly VerdictStatus[] = ['ok', 'action'];

function openItems(report: Omit<SiteReport, 'summary'>, checked: boolean, siteFindings: readonly FindingInput[]): string[] {
  const items: string[] = [];
  if (!checked) items.push('The hardware was not checked against the compatibility list.');
  for (const f of siteFindings) if (f.severity === 'error') items.push(describeFinding(f.code, f.params, f.message));
  for (const h of report.hosts) {
    if (checked && !GOOD.includes(h.verdict.status)) items.push(`Host ${h.name}: ${VERDICT_LABEL[h.verdict.status].toLowerCase()}.`);
    for (const n of h.nics) {
      if (checked && n.role === 'uplink' && (n.verdict.status === 'unsupported' || n.verdict.status === 'check'))
        items.push(`Host ${h.name}, ${n.name}: ${VERDICT_LABEL[n.verdict.status].toLowerCase()}.`);
    }
  }
  if (report.openLint && report.openLint.errors > 0)
    items.push(`${report.openLint.errors} lint error${report.openLint.errors > 1 ? 's' : ''}, neither fixed nor accepted (see Open lint findings).`);
  const g = report.git;
  if (g.state === 'not-committed') items.push('The site configuration is not committed to Git.');
  else if (g.state === 'waiting') items.push(`The site configuration is committed but not pushed (${g.waitingCommits} commit${g.waitingCommits === 1 ? '' : 's'} waiting).`);
  if (!g.url) items.push('No Git repository URL is set for the site.');
  const sticks = report.media.sticks;
  for (const s of [...sticks, ...report.media.images]) if (!s.verified) items.push(`The ${s.targetKind === 'file' ? 'image file' : 'stick'} written at ${s.at} to ${s.target} failed its read-back verification.`);
  for (const s of sticks) if (s.verified && s.ejected === false) items.push(`The stick written at ${s.at} to ${s.target} was verified but not ejected: eject it before removing it.`);
  for (const a of report.media.audits) if (!a.intact) items.push(`The stick audited at ${a.at} (${a.target}) differs from its manifest in ${a.modified} file${a.modified === 1 ? '' : 's'}: write it again.`);
  for (const h of report.hosts) {
    const covers = (s: ReportStick) => s.verified && (s.hosts.length === 0 || s.hosts.includes(h.name));
    if (!sticks.some(covers)) {
      const image = report.media.images.filter(covers).at(-1);
      items.push(image ? `Host ${h.name}: only an image file was written and verified (${image.target}); no stick written by Sitekit is recorded: write the image to a stick with Sitekit so the stick is verified.` : `No verified boot stick is recorded for host ${h.name}.`);
    }
    items.push(...h.actions.open);
  }
  items.push(...acceptanceOpenItems(report.acceptance));
  return items;
}

/** Builds the report model. Pure: the same inputs give the same model. */
export function buildReport(input: ReportInput): SiteReport {
  const { site } = input;
  const checked = input.verdict !== undefined;
  const verdicts = new Map((input.verdict?.hosts ?? []).map((h) => [h.host, h]));
  const lint = input.lint;
  const accepted = site.spec.acceptedFindings.map((a) => {
    const match = lint?.find((l) => sameFinding(a, l));
    return {
      code: a.code,
      severity: match?.severity,
      text: match ? describeFinding(match.code, match.params, match.message) : undefined,
      file: a.file,
      path: a.path,
      by: a.by,
      at: a.at,
      reason: a.reason,
    };
  });
  const open = lint?.filter((l) => !site.spec.acceptedFindings.some((a) => sameFinding(a, l)));
  const body: Omit<SiteReport, 'summary'> = {
    format: 'sitekit-report',
    formatVersion: REPORT_FORMAT_VERSION,
    generatedAt: input.generatedAt,
    sitekitVersion: input.sitekitVersion,
    compatListVersion: input.listVersion ?? input.verdict?.listVersion,
    site: {
      name: site.metadata.name,
      id: site.metadata.id,
      topology: site.spec.topology,
      release: site.spec.release,
      secureBoot: site.spec.secureBoot,
      location: site.metadata.location,
      notes: site.metadata.notes,
      technician: site.metadata.technician,
    },
    topologySvg: input.topologySvg,
    hosts: site.spec.hosts.map((h) => buildHost(site, h, verdicts.get(h.name), checked, input.plan?.hosts.find((p) => p.host === h.name))),
    network: buildNetwork(site, input.plan),
    workloads: buildWorkloads(site),
    acceptedFindings: accepted,
    openLint: open ? { errors: open.filter((l) => l.severity === 'error').length, warnings: open.filter((l) => l.severity === 'warning').length } : undefined,
    openLintFindings: buildOpenLintFindings(open),
    hostSettings: buildHostSettings(site),
    git: buildGit(input),
    media: buildMedia(site),
    acceptance: buildAcceptance(site),
    biosChecklists: buildChecklists(site, verdicts, input.plan),
  };
  const items = openItems(body, checked, input.verdict?.findings ?? []);
  const report: SiteReport = { ...body, summary: { status: items.length === 0 ? 'ready' : 'open-items', openItems: items, left: whatIsLeft(body, items) } };
  return dropUndefined(scrubSecrets(report, collectSecrets(site)));
}

/** Removes `undefined` members so the JSON form and deep equality do not depend on them. */
function dropUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropUndefined) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, dropUndefined(v)])) as T;
  }
  return value;
}
