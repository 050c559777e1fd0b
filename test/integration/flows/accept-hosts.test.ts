/**
 * The acceptance flow against real vSphere API servers: govmomi's simulator (test/esxsim, one process per
 * host, its own self-signed certificate), through the contract as every transport calls it. The sample site
 * (resources/samples/site.yaml) is the plan; the simulated hosts are shaped by hand (test/helpers/esxsim.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServices, type Services } from '../../../main/services/index';
import { runtimeFor, type Runtime } from '../../../main/runtime/runtime';
import { parseSiteYaml } from '../../../main/core/site/yaml';
import { recordStickRun } from '../../../main/core/site/records';
import type { Site } from '../../../main/core/site/schema';
import type { AcceptanceRecord } from '../../../main/core/site/acceptance-record';
import { describeDifference, describeFault } from '../../../main/core/acceptance/messages';
import { closedPort, esxsimBinary, esxsimMissing, sampleShapes, startSilentServer, startSimHost, type SimHost, type SimShape } from '../../helpers/esxsim';
import { tempDir } from '../../helpers/temp';
import { REPO_ROOT } from '../../helpers/web-app';

const PASSWORD = 'Acc3pt-0n-S1te!q7';
const missing = await esxsimMissing();
if (missing) console.warn(`skipping the acceptance flow tests: ${missing}`);

let dir: { path: string; remove: () => Promise<void> };
let services: Services;
let runtime: Runtime;
let sample: Site;
const started: SimHost[] = [];

async function sim(shape: SimShape): Promise<SimHost> {
  const h = await startSimHost(shape);
  started.push(h);
  return h;
}

/** The sample site saved as its own draft (records of one test never reach another). */
async function draft(id: string, edit: (s: Site) => Site = (s) => s): Promise<string> {
  const saved = await services.workspace.save(edit({ ...sample, metadata: { ...sample.metadata, id } }));
  if (!saved.ok) throw new Error(saved.error.message);
  return id;
}

const at = (h: SimHost, name: string, pin = true) => ({ name, address: '127.0.0.1', port: h.port, ...(pin ? { thumbprint: h.thumbprint } : {}) });

async function accept(request: Record<string, unknown>) {
  const events: AcceptanceRecord[] = [];
  const r = await runtime.call('hosts:accept', { password: PASSWORD, ...request } as never, {
    onEvent: (event, payload) => {
      if (event === 'hosts:result') events.push((payload as { record: AcceptanceRecord }).record);
    },
  });
  if (!r.ok) throw new Error(r.error.message);
  const byHost = new Map(r.value.records.map((x) => [x.host, x]));
  return { ...r.value, events, esx01: byHost.get('esx01')!, esx02: byHost.get('esx02')! };
}

beforeAll(async () => {
  if (missing) return;
  await esxsimBinary();
  dir = await tempDir('sitekit-accept-');
  services = createServices({ dataDir: dir.path, version: 'test' });
  runtime = runtimeFor(services);
  const parsed = parseSiteYaml(await readFile(join(REPO_ROOT, 'resources', 'samples', 'site.yaml'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error.message);
  sample = parsed.value;
}, 300_000);

afterEach(async () => {
  await Promise.all(started.splice(0).map((h) => h.stop()));
});

afterAll(async () => {
  runtime?.dispose();
  await dir?.remove();
});

describe.skipIf(missing !== undefined)('accepting the hosts of the sample site', () => {
  it('accepts two hosts that match the plan, records what was read, and the report shows it', async () => {
    const shapes = sampleShapes(PASSWORD);
    const [h1, h2] = await Promise.all([sim(shapes.esx01), sim(shapes.esx02)]);
    const id = await draft('accept-match');
    const r = await accept({ id, targets: [at(h1, 'esx01'), { ...at(h2, 'esx02'), thumbprint: h2.thumbprint.replace(/:/g, '').toLowerCase() }] });
    expect(r.esx01.verdict, JSON.stringify(r.esx01.differences)).toBe('accepted');
    expect(r.esx02.verdict, JSON.stringify(r.esx02.differences)).toBe('accepted');
    expect(r.events.map((e) => e.host).sort()).toEqual(['esx01', 'esx02']);
    expect(r.esx02).toMatchObject({ thumbprint: h2.thumbprint, trust: 'pinned', address: '127.0.0.1', port: h2.port, user: 'root' });
    expect(r.esx02.read?.nics.find((n) => n.device === 'vusb0')?.speedMb).toBe(2500);
    expect(r.recorded).toEqual({ siteId: id, hosts: 2 });

    const saved = await services.workspace.load(id);
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value.site.records.acceptance?.map((x) => [x.host, x.verdict, x.thumbprint])).toEqual([
      ['esx01', 'accepted', h1.thumbprint],
      ['esx02', 'accepted', h2.thumbprint],
    ]);
    const report = await services.report.build(saved.value.site);
    expect(report.report.acceptance.hosts.map((h) => [h.host, h.verdict, h.build])).toEqual([
      ['esx01', 'accepted', 'ESXi 8.0.3 build 24280767'],
      ['esx02', 'accepted', 'ESXi 8.0.3 build 24280767'],
    ]);
    expect(report.report.summary.openItems.join('\n')).not.toMatch(/accepted on site/);
    expect(report.report.summary.left.join('; ')).not.toMatch(/accept/);
    expect(report.html).toContain('Acceptance on site');
    expect(report.html).toMatch(/vusb0<\/span> 2\.5 Gb\/s/);
    expect(report.html).toContain(h2.thumbprint);

    // A second run needs no thumbprint: the pins trusted in the first run are the site's record.
    const again = await accept({ id, targets: [at(h1, 'esx01', false), at(h2, 'esx02', false)] });
    expect([again.esx01.trust, again.esx02.trust]).toEqual(['recorded', 'recorded']);
    expect([again.esx01.verdict, again.esx02.verdict]).toEqual(['accepted', 'accepted']);
  });

  it('names vusb0 without link, with the Fling settings to set at the console', async () => {
    const shapes = sampleShapes(PASSWORD);
    const [h1, h2] = await Promise.all([sim(shapes.esx01), sim({ ...shapes.esx02, nics: shapes.esx02.nics!.map((n) => ({ ...n, speedMb: 0 })) })]);
    const r = await accept({ id: await draft('accept-vusb'), targets: [at(h1, 'esx01'), at(h2, 'esx02')] });
    expect(r.esx01.verdict).toBe('accepted');
    expect(r.esx02.verdict).toBe('differences');
    expect(r.esx02.differences).toEqual([{ code: 'usb-nic-no-link', params: { nic: 'vusb0', settings: 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a' } }]);
    expect(describeDifference(r.esx02.differences[0]!).next).toContain('esxcli system module parameters set -m vmkusb_nic_fling');
  });

  it('says a missing port group means the host has not applied the site repo', async () => {
    const shapes = sampleShapes(PASSWORD);
    const h1 = await sim({ ...shapes.esx01, portgroups: shapes.esx01.portgroups!.filter((p) => p.name !== 'POS') });
    const r = await accept({ id: await draft('accept-pg'), only: ['esx01'], targets: [at(h1, 'esx01')] });
    expect(r.records).toHaveLength(1);
    expect(r.esx01.differences.map((d) => d.code)).toEqual(['portgroup-missing']);
    expect(describeDifference(r.esx01.differences[0]!).cause).toMatch(/has not applied the site repo/);
  });

  it('compares the build with the site\'s release and with the ISO of the host\'s recorded stick', async () => {
    const shapes = sampleShapes(PASSWORD);
    const [h1, h2] = await Promise.all([sim(shapes.esx01), sim({ ...shapes.esx02, version: '8.0.2', build: '22380479' })]);
    const id = await draft('accept-build', (s) => recordStickRun(s, { at: '2026-12-05T10:00:00Z', target: '/dev/sdb', imageSha256: 'ab'.repeat(32), isoName: 'VMware-ESXi-8.0U3b.iso', isoRelease: '8.0U3', isoBuild: '24414501', hosts: ['esx01'], verified: true }));
    const r = await accept({ id, targets: [at(h1, 'esx01'), at(h2, 'esx02')] });
    expect(r.esx01.differences).toEqual([{ code: 'build', params: { found: '24280767', expected: '24414501', iso: 'VMware-ESXi-8.0U3b.iso', stickAt: '2026-12-05T10:00:00Z' } }]);
    expect(r.esx01.expectedBuild).toBe('24414501');
    expect(r.esx02.differences.map((d) => d.code)).toEqual(['release']);
  });

  it('refuses a wrong password plainly, and names lockdown mode as the other cause', async () => {
    const shapes = sampleShapes(PASSWORD);
    const [h1, h2] = await Promise.all([sim({ ...shapes.esx01, password: 'another-password' }), sim({ ...shapes.esx02, lockdown: 'lockdownNormal' })]);
    const r = await accept({ id: await draft('accept-login'), targets: [at(h1, 'esx01'), at(h2, 'esx02')] });
    for (const rec of [r.esx01, r.esx02]) {
      expect(rec.verdict).toBe('login-failed');
      expect(rec.fault).toEqual({ code: 'login', params: { user: 'root' } });
      expect(rec.read).toBeUndefined();
    }
    const t = describeFault(r.esx02.fault!);
    expect(t.text).toBe('The host refused the login for root.');
    expect(t.cause).toMatch(/lockdown mode/);
    expect(t.next).toMatch(/DCUI → Configure Management Network/);
  });

  it('refuses a certificate that is not the pinned one, and shows an unknown one without trusting it', async () => {
    const shapes = sampleShapes(PASSWORD);
    const [h1, h2, other] = await Promise.all([sim(shapes.esx01), sim(shapes.esx02), sim(shapes.esx01)]);
    const r = await accept({ id: await draft('accept-pin'), targets: [{ ...at(h1, 'esx01'), thumbprint: other.thumbprint }, at(h2, 'esx02', false)] });
    expect(r.esx01.verdict).toBe('thumbprint-mismatch');
    expect(r.esx01.fault).toEqual({ code: 'thumbprint-mismatch', params: { expected: other.thumbprint, found: h1.thumbprint } });
    expect(r.esx01.trust).toBeUndefined();
    expect(r.esx02.verdict).toBe('untrusted');
    expect(r.esx02.fault).toEqual({ code: 'untrusted', params: { thumbprint: h2.thumbprint } });
    expect(r.esx02.trust).toBeUndefined();
    // Confirmed by the technician: trusted, and recorded as confirmed.
    const confirmed = await accept({ id: 'accept-pin', only: ['esx02'], targets: [{ ...at(h2, 'esx02'), confirmed: true }] });
    expect([confirmed.esx02.verdict, confirmed.esx02.trust]).toEqual(['accepted', 'confirmed']);
  });

  it('checks the other host while one is down', async () => {
    const shapes = sampleShapes(PASSWORD);
    const h2 = await sim(shapes.esx02);
    const port = await closedPort();
    const r = await accept({ id: await draft('accept-down'), targets: [{ name: 'esx01', address: '127.0.0.1', port }, at(h2, 'esx02')] });
    expect(r.esx01.verdict).toBe('unreachable');
    expect(r.esx01.fault).toMatchObject({ code: 'refused', params: { address: '127.0.0.1', port } });
    expect(describeFault(r.esx01.fault!).text).toBe(`Not reachable: 127.0.0.1:${port} refused the connection.`);
    expect(r.esx02.verdict).toBe('accepted');
  });

  it('gives up on a server that accepts the connection and never answers within 15 s, while the other host is checked', async () => {
    const shapes = sampleShapes(PASSWORD);
    const h2 = await sim(shapes.esx02);
    const silent = await startSilentServer();
    try {
      const r = await accept({ id: await draft('accept-silent'), targets: [{ name: 'esx01', address: '127.0.0.1', port: silent.port }, at(h2, 'esx02')] });
      expect(silent.connections()).toBeGreaterThan(0);
      expect(r.esx01.verdict).toBe('unreachable');
      expect(r.esx01.fault).toEqual({ code: 'timeout', params: { address: '127.0.0.1', port: silent.port, seconds: 15, stage: 'tls' } });
      expect(describeFault(r.esx01.fault!).text).toBe(`Not reachable: 127.0.0.1:${silent.port} accepted the connection but did not complete the TLS handshake within 15 s.`);
      // Concurrent: the answering host was reported first, not after the silent one's 15 s.
      expect(r.events.map((e) => e.host)).toEqual(['esx02', 'esx01']);
      expect(r.esx02.verdict).toBe('accepted');
    } finally {
      await silent.close();
    }
  });

  it('names servers that are not an ESXi host, and answers it cannot read', async () => {
    const shapes = sampleShapes(PASSWORD);
    const [vc, web, broken] = await Promise.all([sim({ mode: 'vcenter', password: PASSWORD }), sim({ mode: 'web' }), sim({ mode: 'malformed' })]);
    const id = await draft('accept-other');
    const r1 = await accept({ id, targets: [at(vc, 'esx01'), at(web, 'esx02')] });
    expect(r1.esx01).toMatchObject({ verdict: 'not-esxi', fault: { code: 'vcenter' } });
    expect(describeFault(r1.esx01.fault!).text).toMatch(/is a vCenter Server .*not an ESXi host/);
    expect(r1.esx02).toMatchObject({ verdict: 'not-esxi', fault: { code: 'not-vsphere', params: { answer: 'HTTP 404 (text/html), not a SOAP answer' } } });
    const r2 = await accept({ id, only: ['esx01'], targets: [at(broken, 'esx01')] });
    expect(r2.esx01).toMatchObject({ verdict: 'malformed', fault: { code: 'malformed' } });
    expect(describeFault(r2.esx01.fault!).text).toMatch(/^The host's answer could not be read: the XML breaks off/);
    expect(shapes).toBeDefined();
  });

  it('reads what an independent client (pyvmomi) reads from the same host', async () => {
    const shapes = sampleShapes(PASSWORD);
    const h2 = await sim({ ...shapes.esx02, nics: [shapes.esx02.nics![0]!, { ...shapes.esx02.nics![1]!, speedMb: 0 }] });
    const r = await accept({ id: await draft('accept-oracle'), only: ['esx02'], targets: [at(h2, 'esx02')] });
    const script = join(dir.path, 'oracle.py');
    await writeFile(script, PYVMOMI_READER);
    const { stdout } = await promisify(execFile)('/usr/bin/python3', [script, String(h2.port), PASSWORD]);
    const oracle = JSON.parse(stdout) as Record<string, unknown>;
    const f = r.esx02.read!;
    expect({
      version: f.product.version,
      build: f.product.build,
      hostName: f.hostName,
      domainName: f.domainName,
      vmk0: [f.vmk0?.ip, f.vmk0?.netmask],
      nics: f.nics.map((n) => [n.device, n.speedMb ?? null]),
      vswitches: f.vswitches.map((s) => [s.name, s.uplinks]),
      portGroups: f.portGroups.map((g) => [g.name, g.vlan, g.vswitch]),
      dns: f.dns.servers,
      ntp: [f.ntp.servers, f.ntp.running],
      vms: f.vms.map((v) => [v.name, v.powerState]),
    }).toEqual(oracle);
    expect(oracle.nics).toEqual([['vmnic0', null], ['vusb0', null]]);
  });
});

/** Debian's python3-pyvmomi, as an independent reader of the same properties (its own SOAP stack). */
const PYVMOMI_READER = `
import json, ssl, sys
from pyVmomi import vim, SoapStubAdapter
port, password = int(sys.argv[1]), sys.argv[2]
# The oracle reads a local test server; certificate checks are the code under test, not the oracle's.
stub = SoapStubAdapter(host='127.0.0.1', port=port, path='/sdk', version='vim.version.version12', sslContext=ssl._create_unverified_context())
content = vim.ServiceInstance('ServiceInstance', stub).RetrieveContent()
content.sessionManager.Login('root', password)
host = content.viewManager.CreateContainerView(content.rootFolder, [vim.HostSystem], True).view[0]
vms = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True).view
net = host.config.network
vmk0 = [v for v in net.vnic if v.device == 'vmk0'][0]
keys = {p.key: p.device for p in net.pnic}
print(json.dumps({
  'version': host.summary.config.product.version,
  'build': host.summary.config.product.build,
  'hostName': net.dnsConfig.hostName,
  'domainName': net.dnsConfig.domainName,
  'vmk0': [vmk0.spec.ip.ipAddress, vmk0.spec.ip.subnetMask],
  'nics': [[p.device, p.linkSpeed.speedMb if p.linkSpeed else None] for p in net.pnic],
  'vswitches': [[s.name, [keys.get(k, k) for k in s.pnic]] for s in net.vswitch],
  'portGroups': [[g.spec.name, g.spec.vlanId, g.spec.vswitchName] for g in net.portgroup],
  'dns': list(net.dnsConfig.address),
  'ntp': [list(host.config.dateTimeInfo.ntpConfig.server), [s.running for s in host.config.service.service if s.key == 'ntpd'][0]],
  'vms': [[v.name, v.runtime.powerState] for v in vms],
}))
content.sessionManager.Logout()
`;
