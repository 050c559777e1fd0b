/** The shipped `sitekit` binary: help, exit codes, site new/validate/show on real files. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/web-app';
import { tempDir } from '../../helpers/temp';

const BIN = join(REPO_ROOT, 'bin', 'sitekit.mjs');
let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('sitekit-cli-');
});
afterAll(() => dir.remove());

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir.path, encoding: 'utf8', env: { ...process.env, SITEKIT_DATA_DIR: join(dir.path, 'data') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('sitekit CLI', () => {
  it('prints help for the tool and for each command, and exits 2 on a usage error', () => {
    const none = run();
    expect(none.code).toBe(2);
    expect(none.out).toContain('Usage: sitekit <command>');
    expect(run('--help').code).toBe(0);
    const siteHelp = run('site', '--help');
    expect(siteHelp.code).toBe(0);
    expect(siteHelp.out).toContain('sitekit site validate FILE');
    expect(run('site', 'validate', '--help').code).toBe(0);
    expect(run('frobnicate').code).toBe(2);
    expect(run('site', 'new', '--bogus').code).toBe(2);
  });

  it('creates a site.yaml, validates it and shows it', async () => {
    const made = run('site', 'new', '--name', 'Depot 7', '--subnet', '10.7.0.0/24', '--gateway', '10.7.0.1', '--dns', '10.7.0.2', '--ntp', 'pool.ntp.org', '--host', 'esx01=10.7.0.11');
    expect(made.code, made.err).toBe(0);
    const file = join(dir.path, 'depot-7', 'site.yaml');
    expect(await readFile(file, 'utf8')).toContain('id: depot-7');
    const v = run('site', 'validate', 'depot-7/site.yaml');
    expect(v.code).toBe(0);
    expect(v.out).toContain('valid (depot-7, one-node, 1 host)');
    const show = run('site', 'show', 'depot-7/site.yaml');
    expect(show.out).toContain('10.7.0.0/24 via 10.7.0.1');
    // Refuses to overwrite an existing file without --force.
    const again = run('site', 'new', '--name', 'Depot 7', '--subnet', '10.7.0.0/24', '--gateway', '10.7.0.1', '--dns', '10.7.0.2', '--ntp', 'x', '--host', 'esx01=10.7.0.11');
    expect(again.code).toBe(1); // a file that exists already: conflict, as site import's existing draft
    expect(again.err).toContain('already exists');
  });

  it('reports a broken site file with file, line and field, exit 3, and does not touch it', async () => {
    const file = join(dir.path, 'broken.yaml');
    const text = 'apiVersion: sitekit/v1\nkind: Site\nmetadata:\n  name: X\n  id: Bad_Id\nspec:\n  managementNetwork: {subnet: 10.0.0.0/24, gateway: 10.0.0.1}\n  dns: {servers: [10.0.0.2]}\n  ntp: {servers: [ntp]}\n  hosts: [{name: esx01, management: {ip: 10.0.0.11}}]\n';
    await writeFile(file, text);
    const r = run('site', 'validate', 'broken.yaml');
    expect(r.code).toBe(3);
    expect(r.err).toContain('broken.yaml:5:7: metadata.id:');
    expect(await readFile(file, 'utf8')).toBe(text);
    const json = run('site', 'validate', 'broken.yaml', '--json');
    expect(JSON.parse(json.out).valid).toBe(false);
    expect(run('site', 'validate', 'missing.yaml').code).toBe(3);
  });

  it('validates a two-node site.yaml from before each host had its own worker address: it loads, and the clash is an error, exit 3', async () => {
    const sample = await readFile(join(REPO_ROOT, 'resources', 'samples', 'site.yaml'), 'utf8');
    // The shape Sitekit wrote until now: one worker address for both hosts.
    const old = sample.replace(/^ +(#.*own address\.|workerIp: .*)\n/gm, '').replace('network: { mode: static, prefix: 24', 'network: { mode: static, ip: 192.168.42.20, prefix: 24');
    expect(old).not.toContain('workerIp');
    await writeFile(join(dir.path, 'old-two-node.yaml'), old);
    const r = run('site', 'validate', 'old-two-node.yaml');
    expect(r.code).toBe(3);
    expect(r.err).toContain('old-two-node.yaml loads, but one problem stops it from being deployed.');
    const line = old.split('\n').findIndex((l) => l.includes('ip: 192.168.42.20')) + 1;
    expect(r.err).toMatch(new RegExp(`old-two-node\\.yaml:${line}:\\d+: spec\\.workloads\\.worker\\.network\\.ip:`));
    expect(r.err).toContain("spec.workloads.worker.network.ip: esx01 and esx02 would both run their Kubernetes worker at 192.168.42.20, and two workers on one address clash on the LAN (every host runs its own worker); give each host's worker its own address, or use DHCP for the worker");
    expect(JSON.parse(run('site', 'validate', 'old-two-node.yaml', '--json').out).valid).toBe(false);
    // It still loads: show works on it, and says which address each host's worker would have.
    const shown = run('site', 'show', 'old-two-node.yaml');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('worker on (esx01 192.168.42.20, esx02 192.168.42.20)');
    // The shipped sample, with an address per host, is valid.
    await writeFile(join(dir.path, 'sample.yaml'), sample);
    expect(run('site', 'validate', 'sample.yaml').out).toContain('valid (demo-store-0421, two-node, 2 hosts)');
    expect(run('site', 'show', 'sample.yaml').out).toContain('worker on (esx01 192.168.42.20, esx02 192.168.42.21)');
  });

  it('the id site new prints works in the next commands it prints, from the same folder (issue 28)', () => {
    const made = run('site', 'new', '--name', 'Store 12', '--subnet', '10.12.0.0/24', '--gateway', '10.12.0.1', '--dns', '10.12.0.2', '--ntp', 'pool.ntp.org', '--host', 'esx01=10.12.0.11');
    expect(made.code, made.err).toBe(0);
    const next = made.out.split('\n').filter((l) => /^\s+sitekit /.test(l)).map((l) => l.trim().split(/\s{2,}/)[0]!.split(' '));
    expect(next.map((a) => a.slice(0, 4).join(' '))).toEqual(['sitekit hw check store-12', 'sitekit media build store-12', 'sitekit site import store-12/site.yaml']);
    // hw check with the printed id reads ./store-12/site.yaml (it used to say "neither a file nor a site draft").
    const check = run('hw', 'check', 'store-12');
    expect(check.err).not.toContain('neither a file nor a site draft');
    expect([0, 1]).toContain(check.code);
    expect(check.out).toContain('Hardware check of');
    expect(run('site', 'show', 'store-12').out).toContain('Store 12 (store-12)');
    // The import it prints makes the draft; from then on the draft is used, and the CLI says so.
    const imported = run('site', 'import', 'store-12/site.yaml');
    expect(imported.code, imported.err).toBe(0);
    const again = run('site', 'show', 'store-12');
    expect(again.out).toContain('Store 12 (store-12)');
    expect(again.err).toContain('note: using the workspace draft store-12; ./store-12/site.yaml also exists');
    // An id that names nothing says where it looked.
    const none = run('hw', 'check', 'store-99');
    expect(none.code).toBe(3);
    expect(none.err).toContain('nor a site folder here (./store-99/site.yaml does not exist)');
  });

  it('creates a workspace draft with --draft and shows it by id', () => {
    const r = run('site', 'new', '--draft', '--name', 'Kiosk', '--subnet', '10.9.0.0/24', '--gateway', '10.9.0.1', '--dns', '10.9.0.2', '--ntp', 'ntp', '--host', 'esx01=10.9.0.11');
    expect(r.code, r.err).toBe(0);
    expect(run('site', 'show', 'kiosk').out).toContain('Kiosk (kiosk)');
  });
});
