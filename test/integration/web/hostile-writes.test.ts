/**
 * Writes stay in their place, through the real browser-mode server (issue 26 items 1, 2, 3, 10, 11, 15): links
 * planted by the test in an output folder, a repo or a report folder are refused by name and nothing lands
 * outside; the workspace setting cannot switch the path policy off; a link swapped between the policy's check
 * and the handler changes nothing; the file chooser and `files:remember` apply the same allow-list; a failed
 * report export leaves no temp file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../helpers/web-app';
import { tempDir } from '../../helpers/temp';
import { minimalSite } from '../../helpers/sites';
import { planCsv, planStores } from '../services/fleet/make-plan';

type ApiResult = { ok: boolean; value?: any; error?: { code: string; message: string; kept?: string } };

/** An API call through the real server (token, JSON), resolving with the Result. */
function callApi(app: TestApp, channel: string, body: unknown): Promise<ApiResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: app.server.port, path: `/api/${channel}`, method: 'POST', headers: { Host: `127.0.0.1:${app.server.port}`, 'Content-Type': 'application/json', 'X-Sitekit-Token': app.server.token } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text) as ApiResult));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

let work: { path: string; remove: () => Promise<void> };
let app: TestApp;
/** A folder the attacker wants written: a hidden .ssh with the owner's key. */
let victim = '';
const KEY = 'ssh-ed25519 AAAA the-owner\n';

beforeAll(async () => {
  work = await tempDir('sitekit-hostile-writes-');
  victim = join(work.path, 'home', '.ssh');
  await mkdir(victim, { recursive: true });
  await writeFile(join(victim, 'authorized_keys'), KEY);
  app = await startTestApp({ home: join(work.path, 'home') });
  const saved = await callApi(app, 'site:save', { site: minimalSite({ id: 'store-0421' }) });
  expect(saved.ok, saved.error?.message).toBe(true);
});
afterAll(async () => {
  await app.close();
  await work.remove();
});

async function victimUntouched(): Promise<void> {
  expect(await readdir(victim)).toEqual(['authorized_keys']);
  expect(await readFile(join(victim, 'authorized_keys'), 'utf8')).toBe(KEY);
}

describe('links in an output folder, a repo or a report folder (item 1)', () => {
  it('manifests:generate refuses an output folder whose `sites` is a link, naming it, and writes nothing', async () => {
    const out = join(work.path, 'generate-out');
    await mkdir(out);
    await symlink(victim, join(out, 'sites'));
    const r = await callApi(app, 'manifests:generate', { site: minimalSite({ id: 'store-0421' }), outDir: out });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('rejected');
    expect(r.error?.message).toContain(`sites in ${out} is a symbolic link to ${victim}`);
    expect(r.error?.message).toContain('Nothing was written.');
    await victimUntouched();
  });

  it('fleet:import refuses a repo whose `sites` is a link and leaves no staging folder', async () => {
    const repo = join(work.path, 'fleet-repo');
    await mkdir(repo);
    await symlink(victim, join(repo, 'sites'));
    await writeFile(join(work.path, 'plan.csv'), planCsv(planStores(3)));
    const r = await callApi(app, 'fleet:import', { plan: join(work.path, 'plan.csv'), repo });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toContain(`sites in ${repo} is a symbolic link to ${victim}`);
    expect((await readdir(repo)).sort()).toEqual(['sites']);
    await victimUntouched();
  });

  it('fleet:import refuses a site folder that is a link in the repo', async () => {
    const repo = join(work.path, 'fleet-repo-site-link');
    await mkdir(join(repo, 'sites'), { recursive: true });
    await symlink(victim, join(repo, 'sites', 'store-0002'));
    const r = await callApi(app, 'fleet:import', { plan: join(work.path, 'plan.csv'), repo });
    expect(r.error?.message).toContain(`sites/store-0002 in ${repo} is a symbolic link to ${victim}`);
    expect((await readdir(repo)).sort()).toEqual(['sites']);
    expect(await readdir(join(repo, 'sites'))).toEqual(['store-0002']);
    await victimUntouched();
  });

  it('fleet:ci refuses a repo whose .github is a link', async () => {
    const repo = join(work.path, 'ci-repo');
    await mkdir(repo);
    await symlink(victim, join(repo, '.github'));
    const r = await callApi(app, 'fleet:ci', { repo, platform: 'github' });
    expect(r.error?.message).toContain(`.github in ${repo} is a symbolic link to ${victim}`);
    await victimUntouched();
  });

  it('report:export refuses a report file name that is a link, and writes none of the formats', async () => {
    const folder = join(work.path, 'reports-with-link');
    await mkdir(folder);
    await symlink(join(victim, 'authorized_keys'), join(folder, 'handover.json'));
    const r = await callApi(app, 'report:export', { id: 'store-0421', folder, formats: ['html', 'json'], baseName: 'handover' });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toContain(`handover.json in ${folder} is a symbolic link to ${join(victim, 'authorized_keys')}`);
    await victimUntouched();
  });
});

describe('a failed report export (item 15)', () => {
  it('leaves no temp file behind, however often it is tried', async () => {
    const folder = join(work.path, 'reports-blocked');
    await mkdir(join(folder, 'handover.html'), { recursive: true });
    for (let i = 0; i < 3; i++) {
      const r = await callApi(app, 'report:export', { id: 'store-0421', folder, formats: ['html'], baseName: 'handover' });
      expect(r.ok).toBe(false);
      expect(r.error?.kept).toBe('No report file was written.');
    }
    expect(await readdir(folder)).toEqual(['handover.html']);
  });
});

describe('the workspace setting cannot switch the policy off (item 2)', () => {
  it('settings:set refuses /, system folders, hidden folders and another home; the settings stay as they were', async () => {
    const before = await callApi(app, 'settings:get', {});
    for (const workspace of ['/', '/etc/sitekit', join(work.path, 'home', '.ssh'), '/home/someone-else/ws']) {
      const r = await callApi(app, 'settings:set', { settings: { ...before.value, workspace } });
      expect(r.ok, workspace).toBe(false);
      expect(r.error?.code).toBe('invalid-input');
      expect(r.error?.message).toContain(`Sitekit will not use ${workspace} as its workspace`);
    }
    expect((await callApi(app, 'settings:get', {})).value).toEqual(before.value);
    // With the policy intact, /etc stays out of reach.
    expect((await callApi(app, 'iso:hash', { path: '/etc/hostname' })).error?.code).toBe('rejected');
  });
});

describe('the policy decides on the path it hands on (item 3)', () => {
  it('a link swapped between the check and the handler reads and writes where the check decided', async () => {
    const dir = join(work.path, 'race');
    await mkdir(join(dir, 'reports-ok'), { recursive: true });
    await writeFile(join(dir, 'real.iso'), 'the real iso\n');
    await symlink(join(dir, 'real.iso'), join(dir, 'link.iso'));
    await symlink(join(dir, 'reports-ok'), join(dir, 'out'));
    // After each check, the link is pointed somewhere else: what the attacker did in the race.
    const swaps: Record<string, string> = { [join(dir, 'link.iso')]: '/etc/hostname', [join(dir, 'out')]: victim };
    const raced = await startTestApp({
      home: join(work.path, 'home'),
      paths: (policy) => ({
        check: async (role, path, field) => {
          const r = await policy.check(role, path, field);
          const to = swaps[path];
          if (to) {
            await unlink(path);
            await symlink(to, path);
          }
          return r;
        },
      }),
    });
    try {
      const hashed = await callApi(raced, 'iso:hash', { path: join(dir, 'link.iso') });
      expect(hashed.ok, hashed.error?.message).toBe(true);
      expect(hashed.value.sha256).toBe(createHash('sha256').update('the real iso\n').digest('hex'));
      await callApi(raced, 'site:save', { site: minimalSite({ id: 'store-0421' }) });
      const exported = await callApi(raced, 'report:export', { id: 'store-0421', folder: join(dir, 'out'), formats: ['html'], baseName: 'handover' });
      expect(exported.ok, exported.error?.message).toBe(true);
      expect(await readdir(join(dir, 'reports-ok'))).toEqual(['handover.html']);
      await victimUntouched();
    } finally {
      await raced.close();
    }
  });
});

describe('the file chooser and files:remember (item 10) and the allow-list (item 11)', () => {
  it('refuses to list /etc, /proc/self and a link to them; leaves out entries that lead there', async () => {
    const dir = join(work.path, 'chooser');
    await mkdir(join(dir, 'isos'), { recursive: true });
    await mkdir(join(dir, '.ssh'));
    await symlink('/etc', join(dir, 'etc-link'));
    await symlink('/proc/self', join(dir, 'proc-link'));
    await symlink(join(dir, 'isos'), join(dir, 'isos-link'));
    for (const d of ['/etc', '/proc/self', '/etc/ssh', join(dir, 'etc-link'), join(dir, 'proc-link'), join(dir, '.ssh')]) {
      const r = await callApi(app, 'files:list', { dir: d });
      expect(r.ok, d).toBe(false);
      expect(r.error?.code, d).toBe('rejected');
    }
    const listed = await callApi(app, 'files:list', { dir });
    expect(listed.ok, listed.error?.message).toBe(true);
    expect(listed.value.entries.map((e: { name: string }) => e.name)).toEqual(['isos', 'isos-link']);
  });

  it('files:remember refuses /etc/ssh, and a refused folder stored earlier is not offered again', async () => {
    const r = await callApi(app, 'files:remember', { path: '/etc/ssh' });
    expect(r.error?.code).toBe('rejected');
    await writeFile(join(app.dataDir, 'recent-folders.json'), JSON.stringify(['/etc/ssh', join(work.path, 'chooser')]));
    const listed = await callApi(app, 'files:list', {});
    expect(listed.ok, listed.error?.message).toBe(true);
    expect(listed.value.recent).toEqual([join(work.path, 'chooser')]);
    expect(listed.value.dir).toBe(join(work.path, 'chooser'));
  });

  it('refuses /var/backups, /root, other homes, /srv, /opt, /mnt and /media, and offers no parent above the home folder', async () => {
    for (const path of ['/var/backups/shadow.bak', '/root/esxi.iso', '/home/someone-else/esxi.iso', '/srv/esxi.iso', '/opt/esxi.iso', '/mnt/esxi.iso', '/media/esxi.iso']) {
      const r = await callApi(app, 'iso:hash', { path });
      expect(r.error?.code, path).toBe('rejected');
    }
    // Without the temp folder the tests add, the home folder is the top of what the chooser offers.
    const plain = await startTestApp({ home: join(work.path, 'home'), allowTemp: false });
    try {
      const home = await callApi(plain, 'files:list', { dir: join(work.path, 'home') });
      expect(home.ok, home.error?.message).toBe(true);
      expect(home.value.parent).toBeUndefined();
      expect(home.value.places.map((p: { path: string }) => p.path)).not.toContain('/mnt');
      expect((await callApi(plain, 'files:list', { dir: work.path })).error?.code).toBe('rejected');
    } finally {
      await plain.close();
    }
  });
});

