/**
 * `sitekit site validate|import|list` against hostile files (issue 17): an alias bomb is exit 3 with
 * file:line:column and no stack trace; import never replaces a newer or existing draft without --replace;
 * list shows every draft, broken ones with their error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../helpers/temp';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = join(REPO_ROOT, 'bin', 'sitekit.mjs');
let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('sitekit-cli-hostile-');
});
afterAll(() => dir.remove());

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir.path, encoding: 'utf8', env: { ...process.env, SITEKIT_DATA_DIR: join(dir.path, 'data') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const L = 'abcdefghi';
const bomb = [`apiVersion: sitekit/v1`, `kind: Site`, `metadata: {name: Bomb, id: bomb-site}`, `x0: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`]
  .concat(Array.from({ length: 8 }, (_, k) => `x${k + 1}: &${L[k + 1]} [${Array(9).fill('*' + L[k]).join(',')}]`))
  .join('\n');
const site = (name: string, apiVersion = 'sitekit/v1') =>
  `apiVersion: ${apiVersion}\nkind: Site\nmetadata: {name: ${name}, id: store-0421}\nspec:\n  managementNetwork: {subnet: 10.0.0.0/24, gateway: 10.0.0.1}\n  dns: {servers: [10.0.0.2]}\n  ntp: {servers: [ntp]}\n  hosts: [{name: esx01, management: {ip: 10.0.0.11}}]\n`;

describe('site validate on hostile files', () => {
  it('an alias bomb exits 3 with file:line:column and no stack trace', async () => {
    await writeFile(join(dir.path, 'bomb.yaml'), bomb);
    const r = run('site', 'validate', 'bomb.yaml');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/bomb\.yaml:\d+:\d+: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a broadcast host address and a gateway outside the subnet are invalid with their lines', async () => {
    await writeFile(join(dir.path, 'net.yaml'), site('Net').replace('10.0.0.11', '10.0.0.255').replace('gateway: 10.0.0.1', 'gateway: 10.9.0.1'));
    const r = run('site', 'validate', 'net.yaml');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/net\.yaml:8:\d+: spec\.hosts\[0\]\.management\.ip: 10\.0\.0\.255 is the broadcast address/);
    expect(r.err).toMatch(/net\.yaml:5:\d+: spec\.managementNetwork\.gateway: the gateway 10\.9\.0\.1 is outside/);
  });
});

describe('site validate on values that pass every format check but name no host (issue 26 §12)', () => {
  it('0.0.0.0/0, host bits, DNS 0.0.0.0, a broadcast MAC, 1e308 GiB and an escaped NUL: exit 3, each with file:line:column and a sentence', async () => {
    const text = [
      'apiVersion: sitekit/v1',
      'kind: Site',
      'metadata: {name: "Store\\0 0421", id: store-0421}',
      'spec:',
      '  managementNetwork: {subnet: 0.0.0.0/0, gateway: 10.0.0.1}',
      '  dns: {servers: [0.0.0.0]}',
      '  ntp: {servers: [ntp]}',
      '  hosts:',
      '    - name: esx01',
      '      management: {ip: 10.0.0.11}',
      '      hardware:',
      '        ramGiB: 1e308',
      '        nics: [{name: vmnic0, bus: pci, vendorId: "8086", deviceId: "125c", mac: "ff:ff:ff:ff:ff:ff"}]',
      '',
    ].join('\n');
    await writeFile(join(dir.path, 'values.yaml'), text);
    const r = run('site', 'validate', 'values.yaml');
    expect(r.code).toBe(3);
    expect(r.err).toContain('values.yaml:3:18: metadata.name: holds a NUL character (U+0000) at character 6;');
    expect(r.err).toContain('values.yaml:5:31: spec.managementNetwork.subnet: 0.0.0.0/0 is /0, every IPv4 address: a subnet is /8 or smaller, such as 192.168.10.0/24');
    expect(r.err).toContain('values.yaml:6:19: spec.dns.servers[0]: 0.0.0.0 is not an address a host can have');
    expect(r.err).toContain('values.yaml:12:17: spec.hosts[0].hardware.ramGiB: must be the memory in GiB, at most 24576');
    expect(r.err).toMatch(/values\.yaml:13:\d+: spec\.hosts\[0\]\.hardware\.nics\[0\]\.mac: ff:ff:ff:ff:ff:ff is the broadcast address/);
    await writeFile(join(dir.path, 'subnet.yaml'), site('Net').replace('subnet: 10.0.0.0/24', 'subnet: 10.0.0.1/24'));
    const bits = run('site', 'validate', 'subnet.yaml');
    expect(bits.code).toBe(3);
    expect(bits.err).toMatch(/subnet\.yaml:5:\d+: spec\.managementNetwork\.subnet: 10\.0\.0\.1\/24 has host bits set: the subnet of 10\.0\.0\.1 with \/24 is 10\.0\.0\.0\/24/);
  });

  it('a file saved as Latin-1 is refused at the byte that is not UTF-8, not read with a U+FFFD in its place', async () => {
    const bytes = Buffer.from(site('Caf\u00e9 Leeds'), 'latin1');
    await writeFile(join(dir.path, 'latin1.yaml'), bytes);
    const r = run('site', 'validate', 'latin1.yaml');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/latin1\.yaml:3:21: .*U\+FFFD/);
    expect(r.err).toMatch(/Save the file as UTF-8/);
    expect(await readFile(join(dir.path, 'latin1.yaml'))).toEqual(bytes);
    // The same site saved as UTF-8 is valid.
    await writeFile(join(dir.path, 'utf8.yaml'), site('Caf\u00e9 Leeds'));
    expect(run('site', 'validate', 'utf8.yaml').code).toBe(0);
  });
});

describe('site import and site list', () => {
  it('imports, refuses to replace without --replace (exit 1), replaces with it', async () => {
    await writeFile(join(dir.path, 'a.yaml'), site('First'));
    await writeFile(join(dir.path, 'b.yaml'), site('Second'));
    expect(run('site', 'import', 'a.yaml').code).toBe(0);
    const refused = run('site', 'import', 'b.yaml');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--replace');
    const draft = join(dir.path, 'data', 'workspace', 'sites', 'store-0421', 'site.yaml');
    const where = (await readdir(join(dir.path, 'data'), { recursive: true })).find((p) => p.endsWith(join('store-0421', 'site.yaml')));
    const path = where ? join(dir.path, 'data', where) : draft;
    expect(await readFile(path, 'utf8')).toContain('First');
    const replaced = run('site', 'import', 'b.yaml', '--replace');
    expect(replaced.code, replaced.err).toBe(0);
    expect(await readFile(path, 'utf8')).toContain('Second');
    expect(await readFile(path + '.bak', 'utf8')).toContain('First');
  });

  it('never replaces a newer draft without --replace; lists broken drafts with their error (exit 1)', async () => {
    const where = (await readdir(join(dir.path, 'data'), { recursive: true })).find((p) => p.endsWith(join('store-0421', 'site.yaml')))!;
    const path = join(dir.path, 'data', where);
    const newer = site('Future', 'sitekit/v2');
    await writeFile(path, newer);
    // A draft written by a newer Sitekit cannot be read by this one: a bad input (3), never replaced.
    for (let i = 0; i < 2; i++) expect(run('site', 'import', 'a.yaml').code).toBe(3);
    expect(await readFile(path, 'utf8')).toBe(newer);
    const sites = dirname(dirname(path));
    await mkdir(join(sites, 'bomb-site'), { recursive: true });
    await writeFile(join(sites, 'bomb-site', 'site.yaml'), bomb);
    const list = run('site', 'list');
    expect(list.code).toBe(1);
    expect(list.out).toMatch(/bomb-site\s+does not load: .*line \d+, column \d+/);
    expect(list.out).toMatch(/store-0421\s+does not load: .*newer Sitekit/);
    const json = JSON.parse(run('site', 'list', '--json').out) as { id: string; errorCode?: string }[];
    expect(json.map((s) => [s.id, s.errorCode]).sort()).toEqual([['bomb-site', 'parse-error'], ['store-0421', 'newer-version']]);
  });
});
