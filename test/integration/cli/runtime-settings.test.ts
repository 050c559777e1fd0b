/** The CLI starts from the same runtime as the app: the workspace folder chosen in Settings applies to it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/web-app';
import { tempDir } from '../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('sitekit-cli-settings-');
});
afterAll(() => dir.remove());

describe('sitekit and Settings', () => {
  it('imports into, lists from and builds from the workspace folder chosen in Settings', async () => {
    const data = join(dir.path, 'data');
    // A workspace must be a folder the technician may own (path-policy.ts): one in their home folder.
    const home = join(dir.path, 'home');
    const chosen = join(home, 'chosen-workspace');
    await mkdir(data, { recursive: true });
    await mkdir(home, { recursive: true });
    await writeFile(join(data, 'settings.json'), JSON.stringify({ workspace: chosen }));
    await writeFile(join(dir.path, 'site.yaml'), await readFile(join(REPO_ROOT, 'resources', 'samples', 'site.yaml'), 'utf8'));
    const run = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sitekit.mjs'), ...args], { cwd: dir.path, encoding: 'utf8', env: { ...process.env, SITEKIT_DATA_DIR: data, HOME: home } });
    const imported = run('site', 'import', 'site.yaml');
    expect(imported.status, imported.stderr).toBe(0);
    const draft = await readFile(join(chosen, 'sites', 'demo-store-0421', 'site.yaml'), 'utf8');
    expect(draft).toContain('Demo Store 0421');
    const listed = run('site', 'list');
    expect(listed.stdout).toContain('demo-store-0421');
    // A draft id is a site argument everywhere: the hardware check runs on the draft.
    const check = run('hw', 'check', 'demo-store-0421');
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/Hardware check of demo-store-0421/);
  });

  it('does not honour an unsafe workspace found in the settings file at start: says so and uses the default (issue 26 item 2)', async () => {
    const data = join(dir.path, 'data-unsafe');
    // A system folder (under /var); the check is the same for /, /etc or another user's home.
    const unsafe = `/var/tmp/sitekit-unsafe-workspace-${process.pid}`;
    await mkdir(data, { recursive: true });
    await writeFile(join(data, 'settings.json'), JSON.stringify({ workspace: unsafe }));
    await writeFile(join(dir.path, 'site.yaml'), await readFile(join(REPO_ROOT, 'resources', 'samples', 'site.yaml'), 'utf8'));
    const run = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sitekit.mjs'), ...args], { cwd: dir.path, encoding: 'utf8', env: { ...process.env, SITEKIT_DATA_DIR: data } });
    try {
      const imported = run('site', 'import', 'site.yaml');
      expect(imported.status, imported.stderr).toBe(0);
      expect(imported.stderr).toContain(`warning: The workspace folder in the settings (${unsafe}) is not used: ${unsafe} is in /var, a system folder.`);
      expect(imported.stderr).toContain(`Sitekit uses ${join(data, 'workspace')} instead`);
      // The draft went into the default workspace, not into the system folder.
      expect(await readFile(join(data, 'workspace', 'sites', 'demo-store-0421', 'site.yaml'), 'utf8')).toContain('Demo Store 0421');
      expect(await stat(unsafe).then(() => true, () => false)).toBe(false);
    } finally {
      await rm(unsafe, { recursive: true, force: true });
    }
  });
});
