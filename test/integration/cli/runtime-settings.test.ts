/** The CLI starts from the same runtime as the app: the workspace folder chosen in Settings applies to it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
    const chosen = join(dir.path, 'chosen-workspace');
    await mkdir(data, { recursive: true });
    await writeFile(join(data, 'settings.json'), JSON.stringify({ workspace: chosen }));
    await writeFile(join(dir.path, 'site.yaml'), await readFile(join(REPO_ROOT, 'resources', 'samples', 'site.yaml'), 'utf8'));
    const run = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sitekit.mjs'), ...args], { cwd: dir.path, encoding: 'utf8', env: { ...process.env, SITEKIT_DATA_DIR: data } });
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
});
