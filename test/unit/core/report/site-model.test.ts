/**
 * The report shows what the site now models (issue 28): NFS datastores, advanced options, acceptance level and
 * account lockout, PTP per host, MetalLB pools and what VM classes add; and each open lint finding with the
 * apply scope it was checked in. The model, the HTML and the JSON (against the published schema) agree.
 */
import { describe, expect, it } from 'vitest';
import { collectReportInput } from '../../../../main/core/report/collect';
import { buildReport } from '../../../../main/core/report/model';
import { renderReportHtml } from '../../../../main/core/report/html';
import { renderReportJson } from '../../../../main/core/report/json';
import { generateSiteFiles } from '../../../../main/core/manifests/generate';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { settingsSite } from '../../../helpers/manifest-sites';
import { minimalSite } from '../../../helpers/sites';
import { Site } from '../../../../main/core/site/schema';
import { validateCompatList } from '../../../../main/core/hardware/list';
import { applyPlanToSite, planSite } from '../../../../main/core/host-plan/plan';
import compat from '../../../../resources/compat/compat-list.json' with { type: 'json' };

const shipped = validateCompatList(compat);
if (!shipped.ok) throw new Error('shipped list invalid');
const list = shipped.value;

const base = { sitekitVersion: '1.2.3', generatedAt: '2026-11-25T06:40:00Z' };
/** Text of the HTML with tags removed and whitespace squeezed, as a reader sees it. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
const sectionOf = (html: string, id: string) => html.slice(html.indexOf(`<section id="${id}"`), html.indexOf('</section>', html.indexOf(`<section id="${id}"`)));

describe('what the site models, in the report', () => {
  const site = settingsSite();
  // With the shipped list, as the app and the CLI make it: the host plan, then generation and lint.
  const report = buildReport(collectReportInput(site, { ...base, list }));
  const html = renderReportHtml(report);

  it('the model carries the host settings, PTP, MetalLB pools and VM class extras', () => {
    expect(report.hostSettings).toEqual({
      nfsDatastores: [{ name: 'NFS', server: '192.168.10.45', share: '/data/NFS', readOnly: false, connections: 1 }],
      advancedOptions: [{ group: 'mem', name: 'ShareForceSalting', value: 2 }],
      acceptanceLevel: 'PARTNER',
      accountLockout: { failures: 5, unlockSeconds: 900 },
    });
    expect(report.network.hosts[0]?.ptp).toEqual({ device: 'vmk1', portGroup: 'PTP-PG', mtu: 1500 });
    expect(report.workloads.metallbPools).toEqual([{ name: 'default', addresses: ['192.168.10.240-192.168.10.250'], autoAssign: true }]);
    expect(report.workloads.vmClasses[0]).toMatchObject({
      latencySensitivity: 'high',
      extraConfig: [{ key: 'pciPassthru.use64bitMMIO', value: 'true' }],
      passthroughDevices: [{ vendorId: '0x10de', deviceId: '0x25b6', label: 'NVIDIA A2' }],
    });
  });

  it('the HTML shows them where a reader looks: Host settings, and the Workloads section', () => {
    const settings = text(sectionOf(html, 'settings'));
    expect(settings).toContain('NFS datastores');
    expect(settings).toMatch(/NFS 192\.168\.10\.45 \/data\/NFS read-write 1/);
    expect(settings).toMatch(/PTP .*esx01 vmk1 PTP-PG 1500/);
    expect(settings).toContain('mem.ShareForceSalting 2');
    expect(settings).toContain('Software acceptance level PARTNER');
    expect(settings).toContain('after 5 failed logins, for 900 s');
    const workloads = text(sectionOf(html, 'workloads'));
    expect(workloads).toMatch(/MetalLB address pools .*default 192\.168\.10\.240-192\.168\.10\.250 automatically/);
    expect(workloads).toMatch(/gpu-small .*latency sensitivity high/);
    expect(workloads).toContain('passthrough 0x10de:0x25b6 (NVIDIA A2)');
    expect(workloads).toContain('pciPassthru.use64bitMMIO = true');
  });

  it('a site without them says the hosts keep ESXi defaults, and lists no pools', () => {
    const bare = renderReportHtml(buildReport(collectReportInput(Site.parse(minimalSite()), base)));
    expect(text(sectionOf(bare, 'settings'))).toContain('the hosts keep ESXi\'s defaults');
    expect(bare).not.toContain('MetalLB address pools');
  });

  it('lists every open lint finding with its apply scope, file and path; the counts match', () => {
    const plan = planSite(site, list);
    const applied = applyPlanToSite(site, plan);
    const findings = lintFiles(generateSiteFiles(applied, plan), { site: applied, plan }).filter((f) => !f.accepted);
    expect(findings.length).toBeGreaterThan(0);
    const open = report.openLintFindings ?? [];
    expect(open).toHaveLength(findings.length);
    for (const f of findings) expect(open).toContainEqual(expect.objectContaining({ code: f.code, scope: f.scope, ...(f.file ? { file: f.file } : {}) }));
    expect(open.every((f) => typeof f.scope === 'string' && f.scope.length > 0)).toBe(true);
    expect(report.openLint).toEqual({ errors: open.filter((f) => f.severity === 'error').length, warnings: open.filter((f) => f.severity === 'warning').length });
    const lint = text(sectionOf(html, 'lint'));
    for (const f of open) expect(lint).toContain(f.scope!);
  });

  it('the JSON with all of it validates against the published schema', () => {
    const json = renderReportJson(report);
    expect(json.ok).toBe(true);
    if (json.ok) expect(JSON.parse(json.value).hostSettings.nfsDatastores[0].name).toBe('NFS');
  });
});
