/**
 * `sitekit accept` against simulated ESXi hosts (test/esxsim): what it prints per host, its exit codes, and
 * that the password reaches no file the run wrote — not the draft, the logs, nor the report made afterwards.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../../main/cli/index';
import type { CliIO } from '../../../main/cli/types';
import { createServices, type Services } from '../../../main/services/index';
import { createFileLogger } from '../../../main/services/logger';
import { runtimeFor, type Runtime } from '../../../main/runtime/runtime';
import { closedPort, esxsimBinary, esxsimMissing, sampleShapes, startSimHost, type SimHost, type SimShape } from '../../helpers/esxsim';
import { tempDir } from '../../helpers/temp';
import { REPO_ROOT } from '../../helpers/web-app';

const PASSWORD = 'Cl1-Acc3pt-Pa55!z';
const missing = await esxsimMissing();

let dir: { path: string; remove: () => Promise<void> };
let services: Services;
let runtime: Runtime;
let logger: ReturnType<typeof createFileLogger>;
const started: SimHost[] = [];

async function sim(shape: SimShape): Promise<SimHost> {
  const h = await startSimHost(shape);
  started.push(h);
  return h;
}

async function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env,
    cwd: dir.path,
    tty: false,
    readSecret: () => Promise.reject(new Error('no terminal')),
    services: () => services,
    runtime: () => runtime,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}
const withPassword = { SITEKIT_HOST_PASSWORD: PASSWORD };
const host = (h: SimHost, name: string) => ['--host', `${name}=127.0.0.1:${h.port}`, '--thumbprint', `${name}=${h.thumbprint}`];

/** Every file under a folder, recursively. */
async function files(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  if (missing) return;
  await esxsimBinary();
  dir = await tempDir('sitekit-accept-cli-');
  logger = createFileLogger({ dir: join(dir.path, 'data', 'logs') });
  services = createServices({ dataDir: join(dir.path, 'data'), version: 'test', logger });
  runtime = runtimeFor(services);
  await writeFile(join(dir.path, 'site.yaml'), await readFile(join(REPO_ROOT, 'resources', 'samples', 'site.yaml')));
  const imported = await cli({}, 'site', 'import', 'site.yaml');
  if (imported.code !== 0) throw new Error(imported.err);
}, 300_000);

afterEach(async () => {
  await Promise.all(started.splice(0).map((h) => h.stop()));
});

afterAll(async () => {
  runtime?.dispose();
  await dir?.remove();
});

describe.skipIf(missing !== undefined)('sitekit accept', () => {
  it('accepts matching hosts (exit 0), prints what it read, records the run; the password is in no file written', async () => {
    const s = sampleShapes(PASSWORD);
    const [h1, h2] = await Promise.all([sim(s.esx01), sim(s.esx02)]);
    const r = await cli(withPassword, 'accept', 'demo-store-0421', ...host(h1, 'esx01'), ...host(h2, 'esx02'));
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain(`esx02  127.0.0.1:${h2.port}  Accepted\n  read: ESXi 8.0.3 build 24280767; vmnic0 no link, vusb0 2.5 Gb/s; port groups Management Network, VM Network, POS (VLAN 42)\n  certificate: ${h2.thumbprint} (pinned)\n`);
    expect(r.out).toContain('2 of 2 hosts accepted. Recorded in draft demo-store-0421.');

    // A failed login writes its own log lines; then the handover report is made from the records.
    const [bad] = await Promise.all([sim({ ...s.esx01, password: 'not-this-one' })]);
    const refused = await cli(withPassword, 'accept', 'demo-store-0421', ...host(bad!, 'esx01'), '--host', `esx02=127.0.0.1:${h2.port}`);
    expect(refused.code).toBe(4);
    const report = await cli({}, 'report', 'demo-store-0421', '--out', join(dir.path, 'out', 'handover.html'));
    expect(report.code, report.err).toBe(0);
    await cli({}, 'report', 'demo-store-0421', '--out', join(dir.path, 'out', 'handover.json'));
    const html = await readFile(join(dir.path, 'out', 'handover.html'), 'utf8');
    expect(html).toContain('Acceptance on site');
    expect(html).toContain('The host refused the login for root.');
    await logger.flush();

    const written = [...(await files(join(dir.path, 'data'))), ...(await files(join(dir.path, 'out')))];
    expect(written.some((f) => f.endsWith('sitekit.log'))).toBe(true);
    expect(written.some((f) => f.endsWith('site.yaml'))).toBe(true);
    for (const f of written) expect((await readFile(f)).includes(PASSWORD), f).toBe(false);
    for (const text of [r.out, r.err, refused.out, refused.err, report.out, report.err]) expect(text).not.toContain(PASSWORD);
  });

  it('exits 1 on differences, with each cause and next step', async () => {
    const s = sampleShapes(PASSWORD);
    const [h1, h2] = await Promise.all([sim(s.esx01), sim({ ...s.esx02, nics: s.esx02.nics!.map((n) => ({ ...n, speedMb: 0 })) })]);
    const r = await cli(withPassword, 'accept', 'demo-store-0421', ...host(h1, 'esx01'), ...host(h2, 'esx02'));
    expect(r.code).toBe(1);
    expect(r.out).toContain(`esx02  127.0.0.1:${h2.port}  Differences found\n`);
    expect(r.out).toContain('  - The USB NIC vusb0 has no link.\n    cause: the USB NIC lost its binding after the reboot');
    expect(r.out).toContain('    next: Check the cable; at the console (ESXi Shell) run esxcli system module parameters set -m vmkusb_nic_fling -p "usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a"');
    expect(r.out).toContain('1 of 2 hosts accepted.');
  });

  it('shows an unknown certificate and exits 2 until it is pinned or trusted with --trust-new; a mismatch exits 1', async () => {
    const s = sampleShapes(PASSWORD);
    const [h1, h2, other] = await Promise.all([sim(s.esx01), sim(s.esx02), sim(s.esx01)]);
    const at = ['--host', `esx01=127.0.0.1:${h1.port}`, '--host', `esx02=127.0.0.1:${h2.port}`];
    // A site file: its records pin nothing yet.
    const unknown = await cli(withPassword, 'accept', 'site.yaml', ...at);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain(`esx01  127.0.0.1:${h1.port}  Certificate not trusted yet\n  - The host presents a certificate Sitekit has not seen before. SHA-256 thumbprint: ${h1.thumbprint}.\n`);
    expect(unknown.out).toContain('next: compare each thumbprint above with the host console, then run again with --thumbprint NAME=THUMBPRINT (or --trust-new).');
    const trusted = await cli(withPassword, 'accept', 'site.yaml', ...at, '--trust-new');
    expect(trusted.code, trusted.out).toBe(0);
    expect(trusted.out).toContain(`certificate: ${h1.thumbprint} (new, trusted on your confirmation)`);
    const mismatch = await cli(withPassword, 'accept', 'site.yaml', ...at, '--trust-new', '--thumbprint', `esx01=${other.thumbprint.replace(/:/g, '')}`);
    expect(mismatch.code).toBe(1);
    expect(mismatch.out).toContain(`Refused: the certificate is not the pinned one. Pinned ${other.thumbprint}; the host presented ${h1.thumbprint}.`);
  });

  it('exits 2 on usage errors without contacting any host', async () => {
    expect((await cli(withPassword, 'accept')).code).toBe(2);
    expect((await cli(withPassword, 'accept', 'demo-store-0421', '--host', 'esx09=10.0.0.1')).err).toContain('the site has no host esx09 (its hosts: esx01, esx02)');
    expect((await cli(withPassword, 'accept', 'demo-store-0421', '--host', 'esx01=10.0.0.1:99999')).code).toBe(2);
    const sha1 = await cli(withPassword, 'accept', 'demo-store-0421', '--thumbprint', `esx01=${'ab'.repeat(20)}`);
    expect(sha1.code).toBe(2);
    expect(sha1.err).toContain('this is a SHA-1 thumbprint');
    const noPassword = await cli({}, 'accept', 'demo-store-0421');
    expect(noPassword.code).toBe(2);
    expect(noPassword.err).toContain('Set SITEKIT_HOST_PASSWORD in the environment');
    expect(noPassword.err, 'a missing password is said on its own, not buried under the usage').not.toMatch(/Usage:/);
  });

  it('exits 4 when a host is down, and prints JSON with --json', async () => {
    const s = sampleShapes(PASSWORD);
    const h2 = await sim(s.esx02);
    const r = await cli(withPassword, 'accept', 'demo-store-0421', '--json', '--host', `esx01=127.0.0.1:${await closedPort()}`, ...host(h2, 'esx02'));
    expect(r.code).toBe(4);
    const o = JSON.parse(r.out) as { records: { host: string; verdict: string }[] };
    expect(o.records.map((x) => [x.host, x.verdict])).toEqual([
      ['esx01', 'unreachable'],
      ['esx02', 'accepted'],
    ]);
  });
});
