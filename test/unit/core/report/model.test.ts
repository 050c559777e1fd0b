import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, manifestObjects } from '../../../../main/core/report/model';
import { collectReportInput } from '../../../../main/core/report/collect';
import { SiteReport } from '../../../../main/core/report/schema';
import { CompatList } from '../../../../main/core/hardware/schema';
import { parseSiteYaml } from '../../../../main/core/site/yaml';
import { Site } from '../../../../main/core/site/schema';
import { minimalSite } from '../../../helpers/sites';
import { sampleLint, sampleSite, sampleSiteInput, sampleVerdict } from '../../../helpers/sample-site';
import { REPO_ROOT } from '../../../helpers/web-app';

const base = { sitekitVersion: '1.2.3', generatedAt: '2026-11-25T06:40:00Z' };

describe('buildReport', () => {
  it('carries the site facts, versions and every host with its NICs', () => {
    const r = buildReport({ site: sampleSite(), verdict: sampleVerdict(), lint: sampleLint(), listVersion: '2026.11.1', ...base });
    expect(SiteReport.parse(r)).toEqual(r);
    expect(r.site).toMatchObject({ name: 'Store 0421 Leeds', id: 'store-0421', topology: 'two-node', technician: 'Priya Natarajan', release: '8.0U3' });
    expect(r.sitekitVersion).toBe('1.2.3');
    expect(r.compatListVersion).toBe('2026.11.1');
    expect(r.hosts.map((h) => h.name)).toEqual(['esx01', 'esx02']);
    const esx01 = r.hosts[0]!;
    expect(esx01).toMatchObject({ serial: 'G6WS2410001A', cpu: 'Intel Core i7-1260P', ramGiB: 64, model: 'Intel NUC 12 Pro (NUC12WSHi7)' });
    expect(esx01.nics.map((n) => [n.name, n.bus, n.id, n.mac, n.speedMbps, n.verdict.status])).toEqual([
      ['vmnic0', 'pci', '8086:15f2', '48:21:0b:5a:10:01', 2500, 'ok'],
      ['vusb0', 'usb', '0bda:8156', '00:e0:4c:68:00:a1', 2500, 'action'],
    ]);
    expect(esx01.nics[0]!.usedBy).toEqual(['vSwitch0 (active)']);
    expect(esx01.nics[1]!.usedBy).toEqual(['vSwitch0 (standby)']);
    // Each done line cites the record that proves it: the stick run (image SHA-256) or the commit.
    expect(esx01.actions.done).toEqual([
      { text: 'Kernel option cpuUniformityHardCheckPanic=FALSE on both BOOT.CFG kernelopt lines of the install stick', record: expect.stringContaining('image SHA-256 a3f1c2d4') },
      { text: 'The USB NIC Fling (vmkusb-nic-fling) is in the installer ISO of the install stick, in a build that lists the adapter', record: expect.stringContaining('image SHA-256 a3f1c2d4') },
      { text: 'Module setting vmkusb_nic_fling usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:00:a1 in the site\'s manifests (applied by GitOps)', record: 'commit 9b1d3f5a7c9e' },
    ]);
    expect(esx01.actions.open).toEqual([]);
    expect(esx01.actions.advice).toEqual([expect.stringMatching(/^Set in the firmware before installing: /)]);
    expect(JSON.stringify(r)).not.toMatch(/injected/i);
  });

  it('lists accepted findings with who accepted them and the linter\'s own sentence', () => {
    const r = buildReport({ site: sampleSite(), lint: sampleLint(), ...base });
    expect(r.acceptedFindings.map((a) => [a.code, a.severity, a.by])).toEqual([
      ['reboot-on-apply', 'warning', 'Priya Natarajan'],
      ['reboot-on-apply', 'warning', 'Priya Natarajan'],
      ['plaintext-password', 'error', 'Sam Okafor (team lead)'],
    ]);
    expect(r.acceptedFindings[0]).toMatchObject({ file: 'sites/store-0421/hosts/esx01/module-settings.yaml', text: expect.stringContaining('reboots the host'), reason: expect.stringContaining('not in service') });
    // What the sample accepted is accepted; the linter's newer warnings (vSwitch0 rewritten on both hosts,
    // plain Secret data) are not, so they stay open.
    expect(r.openLint).toEqual({ errors: 0, warnings: 3 });
  });

  it('counts lint findings that are neither fixed nor accepted as open items', () => {
    const input = sampleSiteInput();
    input.spec.acceptedFindings = [];
    const site = Site.parse(input);
    const r = buildReport({ site, lint: sampleLint().map((l) => l), ...base });
    expect(r.acceptedFindings).toEqual([]);
    expect(r.openLint).toEqual({ errors: 1, warnings: 5 });
    expect(r.summary.openItems).toContain('1 lint error, neither fixed nor accepted (see Open lint findings).');
  });

  it('gives each host the path to enter in VECO and the Git state from the records', () => {
    const r = buildReport({ site: sampleSite(), ...base });
    expect(r.git.hostPaths).toEqual([
      { host: 'esx01', path: 'sites/store-0421/hosts/esx01' },
      { host: 'esx02', path: 'sites/store-0421/hosts/esx02' },
    ]);
    expect(r.git).toMatchObject({ state: 'pushed', branch: 'main', url: 'https://git.retail.example/edge/sites.git', waitingCommits: 0 });
    expect(r.git.head?.sha).toBe('9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d');
  });

  it('says "waiting" when the live Git status has unpushed commits, and never prints credentials in the URL', () => {
    const r = buildReport({ site: sampleSite(), git: { url: 'https://tech:s3cretpass@git.example/x.git?private_token=abc#frag', headSha: 'abc123', pushed: false, ahead: 2 }, ...base });
    expect(r.git.url).toBe('https://git.example/x.git');
    expect(r.git).toMatchObject({ state: 'waiting', waitingCommits: 2 });
    expect(r.summary.openItems).toContain('The site configuration is committed but not pushed (2 commits waiting).');
  });

  it('records boot media: ISO with its hash and each stick with verify result, time and speed', () => {
    const r = buildReport({ site: sampleSite(), ...base });
    expect(r.media.isos).toEqual([{ name: 'VMware-ECS-3.5-8.0U3-24022510.iso', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(r.media.sticks[0]).toMatchObject({ model: 'SanDisk Ultra Fit', serial: '4C530001230918112345', verified: true, seconds: 214, hosts: ['esx01', 'esx02'] });
  });

  it('builds one BIOS checklist per host model with the model-specific settings between the general ones', () => {
    const r = buildReport({ site: sampleSite(), verdict: sampleVerdict(), ...base });
    expect(r.biosChecklists).toHaveLength(1);
    const c = r.biosChecklists[0]!;
    expect(c.model).toBe('Intel NUC 12 Pro (NUC12WSHi7)');
    expect(c.hosts).toEqual(['esx01', 'esx02']);
    const texts = c.items.map((i) => i.text);
    expect(texts[0]).toMatch(/UEFI/);
    expect(texts).toContain('Secure Boot: Enabled');
    expect(texts).toContain('Intel VMD controller: Disabled');
    expect(texts.filter((t) => /VMD/.test(t))).toHaveLength(1); // from the verdict and the requirements, once
    expect(texts.some((t) => /power loss/.test(t))).toBe(true);
  });

  it('follows the site when Secure Boot is off and groups different models apart', () => {
    const input = sampleSiteInput();
    input.spec.secureBoot = false;
    input.spec.hosts[1]!.hardware = { vendor: 'ASRock Industrial', productName: '4X4 BOX-V1000M', nics: [] };
    const r = buildReport({ site: Site.parse(input), ...base });
    expect(r.biosChecklists.map((c) => [c.model, c.hosts])).toEqual([
      ['Intel Corporation NUC12WSHi7', ['esx01']],
      ['ASRock Industrial 4X4 BOX-V1000M', ['esx02']],
    ]);
    expect(r.biosChecklists[0]!.items.map((i) => i.text)).toContain('Secure Boot: Disabled');
  });

  it('is "ready" only with a checked, pushed, verified site; otherwise it names each open item', () => {
    expect(buildReport({ site: sampleSite(), verdict: sampleVerdict(), ...base }).summary).toEqual({ status: 'ready', openItems: [], left: [] });
    const bare = buildReport({ site: Site.parse(minimalSite({ twoNode: true })), ...base });
    expect(bare.summary.status).toBe('open-items');
    expect(bare.summary.openItems).toEqual([
      'The hardware was not checked against the compatibility list.',
      'The site configuration is not committed to Git.',
      'No Git repository URL is set for the site.',
      'No verified boot stick is recorded for host esx01.',
      'No verified boot stick is recorded for host esx02.',
      'Host esx01 has not been accepted on site: boot it from its stick, then run the acceptance check (the Acceptance step, or sitekit accept).',
      'Host esx02 has not been accepted on site: boot it from its stick, then run the acceptance check (the Acceptance step, or sitekit accept).',
    ]);
    expect(bare.summary.left).toEqual(['settle the hardware check', 'commit the configuration', 'write a verified boot stick for esx01 and esx02', 'boot esx01 and esx02 from the stick and accept them on site']);
    expect(bare.hosts[0]!.verdict).toMatchObject({ checked: false, status: 'unknown' });
    expect(bare.hosts[0]!.verdict.findings[0]!.code).toBe('not-checked');
  });

  it('flags a stick that failed verification and an unsupported uplink', () => {
    const input = sampleSiteInput();
    input.records!.media![0]!.verified = false;
    input.records!.acceptance = [];
    const verdict = sampleVerdict();
    const hosts = verdict.hosts.map((h, i) => (i === 1 ? { ...h, status: 'unsupported' as const, devices: [{ nic: 'vmnic0', status: 'unsupported' as const }] } : h));
    const r = buildReport({ site: Site.parse(input), verdict: { ...verdict, hosts }, ...base });
    expect(r.summary.openItems).toEqual([
      'Host esx02: not supported.',
      'Host esx02, vmnic0: not supported.',
      'The stick written at 2026-11-24T16:05:00Z to /dev/sdb failed its read-back verification.',
      'No verified boot stick is recorded for host esx01.',
      'Host esx01: the kernel option cpuUniformityHardCheckPanic=FALSE is required at install; no verified stick run records it.',
      'Host esx01: the USB NIC Fling (vmkusb-nic-fling) is required; no verified stick run records an installer ISO that carries it.',
      'No verified boot stick is recorded for host esx02.',
      'Host esx02: the kernel option cpuUniformityHardCheckPanic=FALSE is required at install; no verified stick run records it.',
      'Host esx02: the USB NIC Fling (vmkusb-nic-fling) is required; no verified stick run records an installer ISO that carries it.',
      'Host esx01 has not been accepted on site: boot it from its stick, then run the acceptance check (the Acceptance step, or sitekit accept).',
      'Host esx02 has not been accepted on site: boot it from its stick, then run the acceptance check (the Acceptance step, or sitekit accept).',
    ]);
  });

  it('keeps VM user data, Secret values and password hashes out, but says they exist', () => {
    const r = buildReport({ site: sampleSite(), ...base });
    expect(r.workloads.vms[0]!.userData).toEqual({ transport: 'CloudInit', source: 'Secret' });
    expect(r.workloads.apps[0]!.objects).toEqual([
      { kind: 'Secret', name: 'pos-registry' },
      { kind: 'Deployment', name: 'pos-api' },
    ]);
    expect(r.workloads.localUsers).toEqual([{ name: 'monitor', access: 'ReadOnly', description: 'Read-only account for store monitoring' }]);
  });

  it('is deterministic: the same inputs give the same model', () => {
    const a = buildReport({ site: sampleSite(), verdict: sampleVerdict(), lint: sampleLint(), ...base });
    const b = buildReport({ site: sampleSite(), verdict: sampleVerdict(), lint: sampleLint(), ...base });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('manifestObjects', () => {
  it('lists kind and name of each document and survives text that is not YAML', () => {
    expect(manifestObjects('kind: ConfigMap\nmetadata: {name: a}\n---\nkind: Service\nmetadata: {name: b}\n')).toEqual([
      { kind: 'ConfigMap', name: 'a' },
      { kind: 'Service', name: 'b' },
    ]);
    expect(manifestObjects('{{{ not: yaml')).toEqual([]);
  });
});

describe('collectReportInput with the real engine, list, linter and topology', () => {
  it('reports the shipped sample site against the shipped compatibility list', async () => {
    const text = await readFile(join(REPO_ROOT, 'resources', 'samples', 'site.yaml'), 'utf8');
    const site = parseSiteYaml(text, 'site.yaml');
    if (!site.ok) throw new Error(site.error.message);
    const list = CompatList.parse(JSON.parse(await readFile(join(REPO_ROOT, 'resources', 'compat', 'compat-list.json'), 'utf8')));
    const r = buildReport(collectReportInput(site.value, { list, ...base }));
    expect(r.compatListVersion).toBe(list.listVersion);
    expect(r.topologySvg).toMatch(/^<svg[\s>]/);
    expect(r.hosts.every((h) => h.verdict.checked)).toBe(true);
    // esx02 needs the USB NIC Fling for its RTL8156 uplink: the check says so in words.
    const esx02 = r.hosts.find((h) => h.name === 'esx02')!;
    expect(esx02.nics.find((n) => n.name === 'vusb0')!.verdict.status).toBe('action');
    expect(esx02.verdict.required.join(' ')).toMatch(/USB NIC Fling/);
    expect(SiteReport.safeParse(r).success).toBe(true);
  });
});
