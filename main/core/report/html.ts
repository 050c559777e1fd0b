/**
 * Renders the report model as one self-contained HTML document (pure).
 *
 * Self-contained means no reference leaves the file: styles are inline, icons are inline SVG, and the
 * topology picture is embedded as a `data:` image (an SVG inside <img> can run no script and fetch
 * nothing, whatever it contains). A CSP meta tag repeats that to the browser. Every text from the site is
 * escaped with `esc`; the footer title goes through `cssString`. The PDF is printed from this same HTML.
 */
import type { ReportFinding, ReportHost, ReportLintFinding, ReportNic, ReportStick, ReportWorkloads, SiteReport, VerdictStatus } from './schema';
import { esc } from './escape';
import { reportCss } from './style';
import { formatBytes, formatDate, formatDateTime, formatDuration, formatLinkSpeed, formatSpeed, shortSha, VERDICT_LABEL } from './text';

/** Section anchors, in order; tests check that each is present. */
export const REPORT_SECTIONS = [
  { id: 'summary', title: 'Summary' },
  { id: 'topology', title: 'Topology' },
  { id: 'hosts', title: 'Hosts and hardware' },
  { id: 'network', title: 'Network plan' },
  { id: 'settings', title: 'Host settings' },
  { id: 'workloads', title: 'Workloads' },
  { id: 'findings', title: 'Accepted lint findings' },
  { id: 'lint', title: 'Open lint findings' },
  { id: 'git', title: 'Git' },
  { id: 'media', title: 'Boot media' },
  { id: 'acceptance', title: 'Acceptance on site' },
  { id: 'bios', title: 'BIOS / firmware checklist' },
  { id: 'signoff', title: 'Handover' },
] as const;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const ICON_PATHS: Readonly<Record<VerdictStatus, string>> = {
  ok: '<circle cx="8" cy="8" r="7.2" fill="currentColor"/><path d="M4.6 8.3l2.2 2.2 4.6-4.8" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>',
  action: '<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M4.9 8.3l2.1 2.1 4.2-4.4" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"/>',
  check: '<path d="M8 1.2l7.1 13.1H.9z" fill="currentColor"/><path d="M8 5.6v4.3" stroke="#fff" stroke-width="1.7" stroke-linecap="round"/><circle cx="8" cy="12" r="1" fill="#fff"/>',
  unsupported: '<circle cx="8" cy="8" r="7.2" fill="currentColor"/><path d="M5.3 5.3l5.4 5.4M10.7 5.3l-5.4 5.4" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>',
  unknown: '<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M6.1 6.2a2 2 0 1 1 2.7 1.9c-.6.3-.8.7-.8 1.3v.4" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/><circle cx="8" cy="11.7" r=".95" fill="currentColor"/>',
};

function icon(status: VerdictStatus): string {
  return `<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">${ICON_PATHS[status]}</svg>`;
}

/** A verdict as icon + word (never colour alone). */
export function verdictBadge(status: VerdictStatus, label = VERDICT_LABEL[status]): string {
  return `<span class="verdict v-${status}">${icon(status)}<span>${esc(label)}</span></span>`;
}

const sev = (s: ReportFinding['severity']): string => `<span class="sev sev-${s}">${s === 'error' ? 'Error' : s === 'warning' ? 'Warning' : 'Note'}</span>`;

const or = (v: string | number | undefined, empty = '—'): string => (v === undefined || v === '' ? `<span class="muted">${empty}</span>` : esc(v));

const kv = (rows: ReadonlyArray<readonly [string, string]>): string =>
  `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>`;

/** A table with a header row; `colClass[i]` is put on the i-th header and data cells. */
function table(head: readonly string[], rows: readonly string[][], cls = '', colClass: readonly (string | undefined)[] = []): string {
  const attr = (i: number) => (colClass[i] ? ` class="${colClass[i]}"` : '');
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h, i) => `<th scope="col"${attr(i)}>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${attr(i)}>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function findingsList(findings: readonly ReportFinding[]): string {
  if (findings.length === 0) return '';
  return `<ul class="findings">${findings.map((f) => `<li>${sev(f.severity)}<span>${esc(f.text)} <span class="muted small mono">${esc(f.code)}</span></span></li>`).join('')}</ul>`;
}

function section(n: number, id: string, title: string, body: string, cls = ''): string {
  return `<section id="${id}"${cls ? ` class="${cls}"` : ''} aria-labelledby="${id}-h"><h2 id="${id}-h"><span class="num">${n}</span>${esc(title)}</h2>${body}</section>`;
}

const list = (items: readonly string[]): string => (items.length ? items.map(esc).join(', ') : '<span class="muted">none</span>');

function cover(r: SiteReport): string {
  const s = r.site;
  const ready = r.summary.status === 'ready';
  const n = r.summary.openItems.length;
  const facts: [string, string][] = [
    ['Location', or(s.location, 'not recorded')],
    ['Technician', or(s.technician, 'not recorded')],
    ['Date', esc(formatDate(r.generatedAt))],
    ['Topology', esc(s.topology === 'two-node' ? 'Two-node' : 'One-node')],
    ['ESXi / ECS release', esc(s.release)],
    ['Secure Boot', esc(s.secureBoot ? 'On' : 'Off')],
    ['Sitekit version', esc(r.sitekitVersion)],
    ['Compatibility list', or(r.compatListVersion, 'not used')],
    ['Report generated', esc(formatDateTime(r.generatedAt))],
  ];
  return `<header class="cover">
<div class="kicker">Sitekit · Site handover report</div>
<h1>${esc(s.name)}</h1>
<div class="sub"><span class="mono">${esc(s.id)}</span> · ${esc(s.topology === 'two-node' ? 'two-node' : 'one-node')} VMware Edge Compute Stack site · ${r.hosts.length} host${r.hosts.length === 1 ? '' : 's'}</div>
<div class="status-banner ${ready ? 'ready' : 'open'}" role="status">${ready ? icon('ok') : icon('check')}<span>${
    ready
      ? 'Ready for handover: hardware checked, configuration pushed, boot media verified, every host accepted on site.'
      : `Not ready for handover${r.summary.left.length ? ` — left: ${esc(r.summary.left.join('; '))}` : ''}. ${n} open item${n === 1 ? '' : 's'} in the summary.`
  }</span></div>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${v}</dd></div>`).join('')}</dl>
${s.notes ? `<div class="notes" aria-label="Notes">${esc(s.notes)}</div>` : ''}
</header>`;
}

function summary(r: SiteReport, n: number): string {
  const open = r.summary.openItems.length
    ? `<h4>Open items</h4><ul class="open-items">${r.summary.openItems.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`
    : '<p>No open items.</p>';
  const rows = r.hosts.map((h) => [
    `<strong>${esc(h.name)}</strong>`,
    `${or(h.model)}${h.serial ? `<span class="sub">S/N <span class="mono">${esc(h.serial)}</span></span>` : ''}`,
    `<span class="mono">${h.management.mode === 'dhcp' ? 'DHCP' : or(h.management.ip)}</span>${h.management.vlan ? `<span class="sub">VLAN ${h.management.vlan}</span>` : ''}`,
    verdictBadge(h.verdict.checked ? h.verdict.status : 'unknown', h.verdict.checked ? undefined : 'Not checked'),
  ]);
  const git = r.git.state === 'pushed' ? verdictBadge('ok', 'Pushed') : r.git.state === 'waiting' ? verdictBadge('check', 'Waiting to push') : verdictBadge('unsupported', 'Not committed');
  const verified = r.media.sticks.filter((s) => s.verified).length;
  const images = r.media.images.filter((s) => s.verified).length;
  const media =
    r.media.sticks.length === 0
      ? verdictBadge('unknown', images ? `No stick recorded (${images} image file${images === 1 ? '' : 's'})` : 'No stick recorded')
      : verified === r.media.sticks.length
        ? verdictBadge('ok', `${verified} verified`)
        : verdictBadge('unsupported', `${r.media.sticks.length - verified} failed`);
  return section(
    n,
    'summary',
    'Summary',
    `${open}<h4>Hosts at a glance</h4>${table(['Host', 'Model', 'Management', 'Hardware'], rows)}
<div class="two-col summary-kv">${kv([
      ['Configuration in Git', git],
      ['Head commit', r.git.head ? `<span class="mono">${esc(shortSha(r.git.head.sha))}</span>` : or(undefined)],
    ])}${kv([
      ['Boot sticks', media],
      ['Accepted on site', acceptedBadge(r)],
      ['Accepted lint findings', esc(r.acceptedFindings.length)],
    ])}</div>`,
  );
}

function topology(r: SiteReport, n: number): string {
  const body = r.topologySvg
    ? `<figure class="topology"><img alt="${esc(`Topology of ${r.site.name}: hosts, vSwitches, uplinks and port groups`)}" src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(r.topologySvg)}"><figcaption>Hosts, vSwitches, uplinks and port groups as configured in Git (the picture of the Review step).</figcaption></figure>`
    : '<p class="empty">No topology picture was supplied with this report. The host and network tables below hold the same facts.</p>';
  return section(n, 'topology', 'Topology', body, 'page-break');
}

/** One NIC as a row of facts and a full-width row of evidence, kept together on one page. */
function nicRows(n: ReportNic): string {
  const v = n.verdict;
  const dp = n.driverPlan;
  const drv = dp ? (dp.kind === 'package' ? `needs ${dp.vib ?? dp.package} in the installer ISO${dp.minBuild ? ` (${dp.minBuild} or later lists it)` : ''}` : dp.kind === 'inbox' ? `inbox driver${v.driver ? ` ${v.driver}` : ''}` : dp.kind === 'none' ? 'no driver on this release' : undefined) : v.driver ? `driver ${v.driver}` : undefined;
  const detail = [v.product, drv, n.fromModel ? "assumed: the model's onboard NIC" : undefined, v.evidence ? `evidence: ${v.evidence}` : undefined].filter(Boolean) as string[];
  const notes = [
    detail.length ? `<span class="sub">${esc(detail.join(' · '))}</span>` : '',
    ...v.findings.map((f) => `<span class="sub">${esc(f.text)}</span>`),
    v.sources.length ? `<span class="sub src">Source: ${esc(v.sources.join('; '))}</span>` : '',
  ].join('');
  const cells = [
    `<strong class="mono nowrap">${esc(n.name)}</strong>${n.install ? '<span class="sub"><strong>install NIC</strong></span>' : ''}${n.label ? `<span class="sub">${esc(n.label)}</span>` : ''}`,
    `${esc(n.bus.toUpperCase())} <span class="mono nowrap">${esc(n.id)}</span>${n.subsystemId ? `<span class="sub">sub <span class="mono">${esc(n.subsystemId)}</span></span>` : ''}`,
    n.mac ? `<span class="mono nowrap">${esc(n.mac)}</span>${n.macSource ? `<span class="sub">${n.macSource === 'inventory' ? 'from an inventory' : 'typed'}</span>` : ''}` : or(undefined),
    n.speedMbps ? `<span class="nowrap">${esc(formatLinkSpeed(n.speedMbps))}</span>` : or(undefined),
    `${esc(n.role === 'bmc' ? 'BMC (not an uplink)' : n.role === 'unused' ? 'Unused' : 'Uplink')}${n.usedBy.length ? `<span class="sub">${esc(n.usedBy.join(', '))}</span>` : ''}`,
    verdictBadge(v.status),
  ];
  return `<tbody class="nic"><tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>${notes ? `<tr class="detail"><td></td><td colspan="5">${notes}</td></tr>` : ''}</tbody>`;
}

function nicTable(nics: readonly ReportNic[]): string {
  const head = ['NIC', 'Bus · ID', 'MAC', 'Speed', 'Role / use', 'Verdict'];
  return `<table class="nics"><colgroup><col class="c-nic"><col class="c-id"><col class="c-mac"><col class="c-speed"><col class="c-role"><col class="c-verdict"></colgroup><thead><tr>${head
    .map((h) => `<th scope="col">${h}</th>`)
    .join('')}</tr></thead>${nics.map(nicRows).join('')}</table>`;
}

/** Done lines each cite their record; what no record proves is open; firmware steps are advice. */
function actions(h: ReportHost): string {
  const a = h.actions;
  const parts: string[] = [];
  if (a.done.length) parts.push(`<ul class="actions">${a.done.map((d) => `<li>${esc(d.text)}<span class="sub">Record: <span class="mono">${esc(d.record)}</span></span></li>`).join('')}</ul>`);
  if (a.open.length) parts.push(`<p class="muted">Required, not done yet (open items):</p><ul class="actions">${a.open.map((o) => `<li>${esc(o)}</li>`).join('')}</ul>`);
  if (a.advice.length) parts.push(`<p class="muted">For the technician:</p><ul class="actions">${a.advice.map((o) => `<li>${esc(o)}</li>`).join('')}</ul>`);
  if (parts.length) return parts.join('');
  return h.verdict.required.length ? '<p class="muted">Nothing recorded yet: see what the hardware check asks for below.</p>' : '<p class="muted">None needed.</p>';
}

function hostBlock(h: ReportHost): string {
  const mgmt = h.management.mode === 'dhcp' ? 'DHCP' : (h.management.ip ?? '');
  const left = kv([
    ['Model', `${or(h.model)}${h.modelId ? `<span class="sub mono">${esc(h.modelId)}</span>` : ''}`],
    ['Vendor / product', or([h.vendor, h.productName].filter(Boolean).join(' ') || undefined)],
    ['Serial number', h.serial ? `<span class="mono">${esc(h.serial)}</span>` : or(undefined)],
    ['CPU', `${or(h.cpu)}${h.cores ? `<span class="sub">${esc(h.cores)} cores</span>` : ''}`],
  ]);
  const right = kv([
    ['Memory', h.ramGiB ? `${esc(h.ramGiB)} GiB` : or(undefined)],
    ['Boot disk', `${h.bootDiskGB ? `${esc(h.bootDiskGB)} GB` : or(undefined)}<span class="sub">Install to: ${esc(h.installDisk)}</span>`],
    ['Management', `<span class="mono">${esc(mgmt)}</span>${h.management.vlan ? ` · VLAN ${esc(h.management.vlan)}` : ' · untagged'}<span class="sub">Install NIC: <span class="mono">${esc(h.management.device)}</span></span>`],
    ['Compatibility', verdictBadge(h.verdict.checked ? h.verdict.status : 'unknown', h.verdict.checked ? undefined : 'Not checked')],
  ]);
  const nics = h.nics.length
    ? nicTable(h.nics)
    : '<p class="empty">No network adapters recorded for this host.</p>';
  return `<article class="host" aria-labelledby="host-${esc(h.name)}">
<h3 id="host-${esc(h.name)}">${esc(h.name)}${h.model ? ` <span class="model">${esc(h.model)}</span>` : ''}</h3>
<div class="two-col">${left}${right}</div>
${findingsList(h.verdict.findings)}
<h4>Network adapters</h4>${nics}
<div class="keep"><h4>Actions taken</h4>${actions(h)}</div>
${h.verdict.required.length ? `<div class="keep"><h4>Asked for by the hardware check</h4><ul class="actions">${h.verdict.required.map((a) => `<li>${esc(a)}</li>`).join('')}</ul></div>` : ''}
</article>`;
}

function network(r: SiteReport, n: number): string {
  const net = r.network;
  const top = kv([
    ['Management subnet', `<span class="mono">${esc(net.managementSubnet)}</span>`],
    ['Gateway', `<span class="mono">${esc(net.gateway)}</span>`],
    ['DNS servers', `<span class="mono">${list(net.dns.servers)}</span>`],
    ['DNS domain', `${or(net.dns.domain)}${net.dns.searchDomains.length ? `<span class="sub">search: ${list(net.dns.searchDomains)}</span>` : ''}`],
    ['Time', `${esc(net.ntp.protocol)}: <span class="mono">${list(net.ntp.servers)}</span>`],
    ['Syslog', net.syslog.length ? net.syslog.map((l) => `<span class="mono">${esc(l.protocol.toLowerCase())}://${esc(l.address)}:${esc(l.port)}</span>`).join(', ') : '<span class="muted">none</span>'],
  ]);
  const mgmt = table(
    ['Host', 'Address', 'VLAN', 'Install NIC'],
    net.hosts.map((h) => [`<strong>${esc(h.host)}</strong>`, `<span class="mono">${h.mode === 'dhcp' ? 'DHCP' : or(h.ip)}</span>`, h.vlan ? esc(h.vlan) : 'untagged', `<span class="mono">${esc(h.device)}</span>`]),
  );
  const switches = net.hosts
    .map(
      (h) =>
        `<div class="keep"><h4>vSwitches on ${esc(h.host)}</h4>${table(
          ['vSwitch', 'MTU', 'Uplinks', 'Port groups (VLAN)', 'Security'],
          h.vswitches.map((sw) => [
            `<strong>${esc(sw.name)}</strong>`,
            `<span class="num-col">${esc(sw.mtu)}</span>`,
            `active: <span class="mono">${list(sw.active)}</span>${sw.standby.length ? `<span class="sub">standby: <span class="mono">${list(sw.standby)}</span></span>` : ''}`,
            sw.portGroups.length ? sw.portGroups.map((p) => `${esc(p.name)} <span class="muted">(${p.vlan ? `VLAN ${esc(p.vlan)}` : 'untagged'})</span>`).join('<br>') : '<span class="muted">none</span>',
            `<span class="small">${[
              `promiscuous ${sw.security.allowPromiscuous ? 'allowed' : 'rejected'}`,
              `MAC changes ${sw.security.macChanges ? 'allowed' : 'rejected'}`,
              `forged transmits ${sw.security.forgedTransmits ? 'allowed' : 'rejected'}`,
            ].join('<br>')}</span>`,
          ]),
        )}</div>`,
    )
    .join('');
  return section(n, 'network', 'Network plan', `${top}<h4>Management addresses</h4>${mgmt}${switches}`);
}

function workloads(r: SiteReport, n: number): string {
  const w = r.workloads;
  const classes = w.vmClasses.length
    ? table(['VM class', 'vCPU', 'Memory', 'Reservation', 'Also sets'], w.vmClasses.map((c) => [`<span class="mono">${esc(c.name)}</span>`, esc(c.cpus), `${esc(c.memoryMiB)} MiB`, esc(c.reservation), vmClassExtrasCell(c)]))
    : '<p class="empty">No VM classes defined.</p>';
  const vms = w.vms.length
    ? table(
        ['VM', 'Class', 'Host', 'Image', 'Networks', 'User data'],
        w.vms.map((v) => [
          `<strong class="mono nowrap">${esc(v.name)}</strong><span class="sub">ns ${esc(v.namespace)} · ${esc(v.powerState === 'poweredOn' ? 'powered on' : 'powered off')}</span>`,
          `<span class="mono nowrap">${esc(v.className)}</span>`,
          `<span class="nowrap">${esc(v.host)}</span>`,
          `<span class="mono small">${esc(v.image)}</span>`,
          list(v.networks),
          v.userData ? `${esc(v.userData.transport)}<span class="sub">in a ${esc(v.userData.source)}; content not shown</span>` : '<span class="muted">none</span>',
        ]),
      )
    : '<p class="empty">No virtual machines defined.</p>';
  const wk = w.worker;
  const worker = kv([
    ['Worker node', wk.enabled ? verdictBadge('ok', 'Enabled') : '<span class="muted">Disabled</span>'],
    ['Size', `${esc(wk.cpus)} vCPU · ${esc(wk.memoryGiB)} GiB`],
    // A two-node site: each host runs its own worker, with its own address.
    ['Address', wk.network.mode === 'dhcp' ? 'DHCP' : wk.network.addresses ? `${wk.network.addresses.map((a) => `${esc(a.host)} <span class="mono">${or(a.ip)}/${esc(wk.network.prefix)}</span>`).join('<br>')}<br>via <span class="mono">${or(wk.network.gateway)}</span>` : `<span class="mono">${or(wk.network.ip)}/${esc(wk.network.prefix)}</span> via <span class="mono">${or(wk.network.gateway)}</span>`],
    ['DNS', wk.network.dns.length ? `<span class="mono">${list(wk.network.dns)}</span>` : '<span class="muted">site DNS</span>'],
  ]);
  const apps = w.apps.length
    ? table(['Added manifest', 'Objects'], w.apps.map((a) => [`<strong class="mono">${esc(a.name)}</strong>`, a.objects.length ? a.objects.map((o) => `${esc(o.kind)} <span class="mono">${esc(o.name)}</span>`).join('<br>') : '<span class="muted">—</span>']))
    : '';
  const users = w.localUsers.length
    ? table(['Local ESXi user', 'Access', 'Description'], w.localUsers.map((u) => [`<span class="mono">${esc(u.name)}</span>`, esc(u.access), or(u.description)]))
    : '';
  return section(
    n,
    'workloads',
    'Workloads',
    `<h4>Worker node</h4>${worker}${metallbBlock(w)}<h4>VM classes</h4>${classes}<h4>Virtual machines</h4>${vms}${apps ? `<h4>Added Kubernetes objects</h4>${apps}` : ''}${users ? `<h4>Local users</h4>${users}<p class="small muted">Passwords and password hashes are never printed in this report.</p>` : ''}`,
  );
}

function findings(r: SiteReport, n: number): string {
  const open = r.openLint ? `<p class="small muted">Open findings at the time of the report: ${r.openLint.errors} error(s), ${r.openLint.warnings} warning(s).</p>` : '';
  const body = r.acceptedFindings.length
    ? table(
        ['Finding', 'Where', 'Accepted by', 'Reason'],
        r.acceptedFindings.map((a) => [
          `${a.severity ? `${sev(a.severity)} ` : ''}<span class="mono">${esc(a.code)}</span>${a.text ? `<span class="sub">${esc(a.text)}</span>` : ''}`,
          `${a.file ? `<span class="mono small">${esc(a.file)}</span>` : '<span class="muted">any file</span>'}${a.path ? `<span class="sub mono">${esc(a.path)}</span>` : ''}`,
          `<strong>${esc(a.by)}</strong><span class="sub">${esc(formatDateTime(a.at))}</span>`,
          or(a.reason, 'no reason given'),
        ]),
      )
    : `<p class="empty">No lint findings were accepted${r.openLint ? (r.openLint.errors + r.openLint.warnings === 0 ? ', and none is open.' : '.') : '.'}</p>`;
  return section(n, 'findings', 'Accepted lint findings', body + open);
}

function git(r: SiteReport, n: number): string {
  const g = r.git;
  const state =
    g.state === 'pushed'
      ? verdictBadge('ok', 'Pushed to the server')
      : g.state === 'waiting'
        ? verdictBadge('check', `Committed, waiting to push (${g.waitingCommits} commit${g.waitingCommits === 1 ? '' : 's'})`)
        : verdictBadge('unsupported', 'Not committed');
  const top = kv([
    ['Repository', g.url ? `<span class="mono">${esc(g.url)}</span>` : or(undefined, 'not set')],
    ['Branch', `<span class="mono">${esc(g.branch)}</span>`],
    ['State', state],
    ['Head commit', g.head ? `<span class="hash">${esc(g.head.sha)}</span>${g.head.message ? `<span class="sub">${esc(g.head.message)}</span>` : ''}` : or(undefined)],
  ]);
  const veco = table(
    ['Host', 'Repository URL', 'Branch', 'Path'],
    g.hostPaths.map((p) => [`<strong>${esc(p.host)}</strong>`, g.url ? `<span class="mono small">${esc(g.url)}</span>` : '<span class="muted">not set</span>', `<span class="mono">${esc(g.branch)}</span>`, `<span class="mono">${esc(p.path)}</span>`]),
  );
  const history = g.commits.length
    ? `<h4>Commits</h4>${table(
        ['When', 'Commit', 'Message', 'Pushed'],
        g.commits.map((c) => [`<span class="nowrap">${esc(formatDateTime(c.at))}</span>`, `<span class="mono">${esc(shortSha(c.sha))}</span>`, esc(c.message), c.pushed ? verdictBadge('ok', 'Yes') : verdictBadge('check', 'Waiting')]),
      )}`
    : '';
  return section(n, 'git', 'Git', `${top}<div class="keep"><h4>Enter in VECO for each host</h4>${veco}</div>${history}`);
}

function stickCard(s: ReportStick, i: number): string {
  const file = s.targetKind === 'file';
  const name = file ? 'image file' : [s.model, s.sizeBytes ? formatBytes(s.sizeBytes) : undefined].filter(Boolean).join(' · ') || 'USB stick';
  return `<div class="card"><h4>${file ? 'Image file' : 'Stick'} ${i + 1}: ${esc(name)}</h4>${kv([
    ...(file ? [] : ([['Serial number', s.serial ? `<span class="mono">${esc(s.serial)}</span>` : or(undefined)]] as [string, string][])),
    ['Written', `${esc(formatDateTime(s.at))}<span class="sub">to <span class="mono">${esc(s.target)}</span></span>`],
    ['For hosts', s.hosts.length ? list(s.hosts) : 'all hosts'],
    ['Installer ISO', `${or(s.isoName)}${s.isoChecksumMatched ? '<span class="sub">matched the published checksum</span>' : s.isoSha256 ? '<span class="sub">SHA-256 in the table above; not compared with a published checksum</span>' : ''}${s.sampleIso ? '<span class="sub">Sitekit\'s SAMPLE ISO, not ESXi</span>' : ''}`],
    ['Image SHA-256', `<span class="hash">${esc(s.imageSha256)}</span>`],
    ['Read-back verification', s.verified ? verdictBadge('ok', 'Verified: read back and matched') : verdictBadge('unsupported', `Failed: do not use this ${file ? 'file' : 'stick'}`)],
    ...(file ? [] : ([['Ejected', s.ejected === true ? verdictBadge('ok', 'Ejected: safe to remove') : s.ejected === false ? verdictBadge('check', 'Not ejected: eject before removing') : or(undefined, 'not recorded')]] as [string, string][])),
    [
      'Time and speed',
      [s.seconds !== undefined ? formatDuration(s.seconds) : undefined, s.bytesPerSecond ? formatSpeed(s.bytesPerSecond) : undefined].filter(Boolean).map((x) => esc(x as string)).join(' · ') || or(undefined),
    ],
  ])}</div>`;
}

function media(r: SiteReport, n: number): string {
  const isos = r.media.isos.length
    ? table(
        ['Installer ISO', 'SHA-256', 'Published checksum'],
        r.media.isos.map((i) => [`<strong>${esc(i.name)}</strong>`, i.sha256 ? `<span class="hash">${esc(i.sha256)}</span>` : or(undefined), i.checksumMatched ? verdictBadge('ok', 'Matched') : '<span class="muted">not compared</span>']),
      )
    : '';
  const sticks = r.media.sticks.length ? `<div class="cards">${r.media.sticks.map(stickCard).join('')}</div>` : '<p class="empty">No boot stick was written with Sitekit for this site.</p>';
  const images = r.media.images.length
    ? `<h4>Image files</h4><p class="small muted">An image file is not a stick: it installs nothing until it is written to one.</p><div class="cards">${r.media.images.map(stickCard).join('')}</div>`
    : '';
  const audits = r.media.audits.length
    ? `<h4>Audits of sticks</h4>${table(
        ['When', 'Stick', 'Hosts', 'Result'],
        r.media.audits.map((a) => [
          `<span class="nowrap">${esc(formatDateTime(a.at))}</span>`,
          `<span class="mono">${esc(a.target)}</span>${a.imageSha256 ? `<span class="sub hash">${esc(a.imageSha256)}</span>` : ''}`,
          a.hosts.length ? list(a.hosts) : 'all hosts',
          a.intact ? verdictBadge('ok', `Intact: ${a.filesChecked} files match the manifest`) : verdictBadge('unsupported', `${a.modified} of ${a.filesChecked} files differ`),
        ]),
      )}`
    : '';
  return section(n, 'media', 'Boot media', `${isos}${sticks}${images}${audits}`);
}

function acceptedBadge(r: SiteReport): string {
  const hosts = r.acceptance.hosts;
  const accepted = hosts.filter((h) => h.verdict === 'accepted').length;
  if (accepted === hosts.length) return verdictBadge('ok', `${accepted} of ${hosts.length} hosts`);
  if (hosts.every((h) => h.verdict === 'not-checked')) return verdictBadge('unknown', 'Not checked yet');
  return verdictBadge('check', `${accepted} of ${hosts.length} hosts`);
}

const TRUST_TEXT: Readonly<Record<string, string>> = { pinned: 'pinned by the technician', recorded: 'as recorded in an earlier run', confirmed: 'new, confirmed by the technician' };

/** Acceptance on site: each host's latest run, the facts read, and what differs with its next step. */
function acceptance(r: SiteReport, n: number): string {
  const cards = r.acceptance.hosts
    .map((h) => {
      const status = h.verdict === 'accepted' ? verdictBadge('ok', h.label) : h.verdict === 'not-checked' ? verdictBadge('unknown', h.label) : verdictBadge('unsupported', h.label);
      const rows: [string, string][] = [
        ['Result', status],
        ['Checked', h.at ? `${esc(formatDateTime(h.at))}${h.address ? `<span class="sub">at <span class="mono">${esc(h.address)}</span></span>` : ''}` : or(undefined, 'never')],
      ];
      if (h.build) rows.push(['Build', esc(h.build)]);
      if (h.nics.length) rows.push(['NIC links', h.nics.map((x) => `<span class="mono">${esc(x.name)}</span> ${x.speedMbps ? esc(formatLinkSpeed(x.speedMbps)) : '<span class="muted">no link</span>'}`).join('<br>')]);
      if (h.portGroups.length) rows.push(['Port groups', h.portGroups.map((g) => `${esc(g.name)} <span class="muted">(${g.vlan ? `VLAN ${esc(g.vlan)}` : 'untagged'}, ${esc(g.vswitch)})</span>`).join('<br>')]);
      if (h.vms.length) rows.push(['VMs', h.vms.map((v) => `<span class="mono">${esc(v.name)}</span> <span class="muted">${esc(v.powerState === 'poweredOn' ? 'powered on' : v.powerState === 'poweredOff' ? 'powered off' : v.powerState)}</span>`).join('<br>')]);
      if (h.thumbprint) rows.push(['Certificate', `<span class="hash">${esc(h.thumbprint)}</span>${h.trust ? `<span class="sub">SHA-256, ${esc(TRUST_TEXT[h.trust] ?? h.trust)}</span>` : ''}`]);
      const findings = h.findings.length
        ? `<ul class="actions">${h.findings.map((f) => `<li>${esc(f.text)}${f.cause ? `<span class="sub">Cause: ${esc(f.cause)}</span>` : ''}${f.next ? `<span class="sub">Next: ${esc(f.next)}</span>` : ''}</li>`).join('')}</ul>`
        : '';
      return `<div class="card"><h4>${esc(h.host)}</h4>${kv(rows)}${findings}</div>`;
    })
    .join('');
  const intro = r.acceptance.runs
    ? `<p class="small muted">Read from each host's vSphere API on site and compared with the plan (${r.acceptance.runs} run${r.acceptance.runs === 1 ? '' : 's'} recorded; the latest per host is shown). No password is kept.</p>`
    : '<p class="empty">No host has been checked on site yet: boot the hosts from their sticks, then run the acceptance check (the Acceptance step, or sitekit accept).</p>';
  return section(n, 'acceptance', 'Acceptance on site', `${intro}<div class="cards">${cards}</div>`);
}

function bios(r: SiteReport, n: number): string {
  const body = r.biosChecklists
    .map(
      (c) => `<div class="checklist-group"><h3>${esc(c.model)} <span class="model muted">— ${esc(c.hosts.join(', '))}</span></h3>${table(
        ['Setting', 'Why', ...c.hosts.map((h) => `<span class="mono">${esc(h)}</span>`)],
        c.items.map((it) => [
          `<strong>${esc(it.text)}</strong>`,
          `<span class="small">${esc(it.why ?? '')}</span>${it.source ? `<span class="sub">${esc(it.source)}</span>` : ''}`,
          ...c.hosts.map((h) => `<span class="box" role="img" aria-label="${esc(`checkbox for ${h}`)}"></span>`),
        ]),
        'checklist',
        [undefined, undefined, ...c.hosts.map(() => 'tick')],
      )}<p class="write-in">${c.hosts.map((h) => `<span>BIOS version on <strong>${esc(h)}</strong>:<span class="blank"></span></span>`).join('')}</p></div>`,
    )
    .join('');
  return section(
    n,
    'bios',
    'BIOS / firmware checklist',
    `<p class="small muted">Tick each box on the host before booting the stick. Model-specific settings come from the compatibility list${r.compatListVersion ? ` ${esc(r.compatListVersion)}` : ''}.</p>${body}`,
    'page-break',
  );
}

function signoff(r: SiteReport, n: number): string {
  const sig = (label: string, name?: string) => `<div class="sig"><div class="label">${esc(label)}</div>
<div class="line">${name ? esc(name) : ''}</div><div class="small muted">Name</div>
<div class="line"></div><div class="small muted">Signature</div>
<div class="line"></div><div class="small muted">Date</div></div>`;
  return section(
    n,
    'signoff',
    'Handover',
    `<div class="keep"><p>The site <strong>${esc(r.site.name)}</strong> (<span class="mono">${esc(r.site.id)}</span>) was set up as described in this report.</p><div class="signoff">${sig('Handed over by', r.site.technician)}${sig('Received by')}</div>
<p class="colophon">Generated by Sitekit ${esc(r.sitekitVersion)} on ${esc(formatDateTime(r.generatedAt))}${r.compatListVersion ? ` with compatibility list ${esc(r.compatListVersion)}` : ''}. This report contains no passwords, password hashes, tokens or VM user data. The same content is available as JSON (report format ${r.formatVersion}).</p></div>`,
  );
}

/*
 * What the site models beyond hosts, network and plain workloads, and the open lint findings with their scope
 * (issue 28; the model side is site-model.ts).
 */

/** The settings every host applies and each host's PTP adapter. */
function hostSettings(r: SiteReport, n: number): string {
  const h = r.hostSettings;
  const ptp = r.network.hosts.filter((x) => x.ptp);
  const parts: string[] = [];
  if (h && h.nfsDatastores.length)
    parts.push(
      `<h4>NFS datastores</h4>${table(
        ['Datastore', 'Server', 'Export', 'Access', 'Connections'],
        h.nfsDatastores.map((d) => [`<strong class="mono">${esc(d.name)}</strong>`, `<span class="mono">${esc(d.server)}</span>`, `<span class="mono">${esc(d.share)}</span>`, d.readOnly ? 'read-only' : 'read-write', esc(d.connections)]),
      )}`,
    );
  if (ptp.length)
    parts.push(
      `<h4>PTP</h4>${table(
        ['Host', 'VMkernel adapter', 'Port group', 'MTU'],
        ptp.map((x) => [`<strong>${esc(x.host)}</strong>`, `<span class="mono">${esc(x.ptp!.device)}</span>`, esc(x.ptp!.portGroup), esc(x.ptp!.mtu)]),
      )}<p class="small muted">The adapter gets its address by DHCP. Time protocol of the site: ${esc(r.network.ntp.protocol)}.</p>`,
    );
  if (h && h.advancedOptions.length)
    parts.push(`<h4>Advanced options</h4>${table(['Option', 'Value'], h.advancedOptions.map((o) => [`<span class="mono">${esc(o.group)}.${esc(o.name)}</span>`, `<span class="mono">${esc(o.value)}</span>`]))}`);
  const rows: [string, string][] = [];
  if (h?.acceptanceLevel) rows.push(['Software acceptance level', `<span class="mono">${esc(h.acceptanceLevel)}</span>`]);
  if (h?.accountLockout) rows.push(['Account lockout', `after ${esc(h.accountLockout.failures)} failed logins, for ${esc(h.accountLockout.unlockSeconds)} s`]);
  if (rows.length) parts.push(kv(rows));
  const body = parts.length ? parts.join('') : '<p class="empty">No NFS datastores, PTP, advanced options, acceptance level or account lockout: the hosts keep ESXi\'s defaults.</p>';
  return section(n, 'settings', 'Host settings', body);
}

/** What a VM class sets beyond CPU, memory and reservation. */
function vmClassExtrasCell(c: ReportWorkloads['vmClasses'][number]): string {
  const items = [
    c.latencySensitivity ? `latency sensitivity ${esc(c.latencySensitivity)}` : '',
    ...(c.passthroughDevices ?? []).map((d) => `passthrough <span class="mono">${esc(d.vendorId)}:${esc(d.deviceId)}</span>${d.label ? ` (${esc(d.label)})` : ''}`),
    ...(c.extraConfig ?? []).map((e) => `<span class="mono small">${esc(e.key)} = ${esc(e.value)}</span>`),
  ].filter(Boolean);
  return items.length ? items.join('<br>') : '<span class="muted">—</span>';
}

function metallbBlock(w: ReportWorkloads): string {
  if (!w.metallbPools?.length) return '';
  return `<h4>MetalLB address pools</h4>${table(
    ['Pool', 'Addresses', 'Assigned'],
    w.metallbPools.map((p) => [`<strong class="mono">${esc(p.name)}</strong>`, `<span class="mono">${list(p.addresses)}</span>`, p.autoAssign ? 'automatically' : 'only when a Service asks for this pool']),
  )}`;
}

function openLint(r: SiteReport, n: number): string {
  const f = r.openLintFindings;
  const body =
    f === undefined
      ? '<p class="empty">No lint ran for this report.</p>'
      : f.length === 0
        ? '<p class="empty">None: every lint finding is fixed or accepted.</p>'
        : table(
            ['Finding', 'Apply scope', 'Where'],
            f.map((x: ReportLintFinding) => [
              `${sev(x.severity)} ${esc(x.text)}<span class="sub mono">${esc(x.code)}</span>`,
              x.scope ? `<span class="mono small">${esc(x.scope)}</span>` : '<span class="muted">—</span>',
              `${x.file ? `<span class="mono small">${esc(x.file)}${x.line ? `:${esc(x.line)}` : ''}</span>` : '<span class="muted">the site</span>'}${x.path ? `<span class="sub mono">${esc(x.path)}</span>` : ''}`,
            ]),
          );
  return section(
    n,
    'lint',
    'Open lint findings',
    `<p class="small muted">Each finding of the generated files that is neither fixed nor accepted, with the apply scope it was checked in (what one host applies).</p>${body}`,
  );
}

/** Renders the complete HTML document. */
export function renderReportHtml(r: SiteReport): string {
  const title = `${r.site.name} — Site handover report`;
  let i = 0;
  const next = () => ++i;
  const parts = [
    cover(r),
    summary(r, next()),
    topology(r, next()),
    section(next(), 'hosts', 'Hosts and hardware', r.hosts.map(hostBlock).join('')),
    network(r, next()),
    hostSettings(r, next()),
    workloads(r, next()),
    findings(r, next()),
    openLint(r, next()),
    git(r, next()),
    media(r, next()),
    acceptance(r, next()),
    bios(r, next()),
    signoff(r, next()),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Sitekit ${esc(r.sitekitVersion)}">
<title>${esc(title)}</title>
<style>${reportCss(`${r.site.name} · ${r.site.id} · handover report`)}</style>
</head>
<body>
<main class="paper">
${parts.join('\n')}
</main>
</body>
</html>
`;
}
