import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Workspace } from '../../../../main/services/workspace/workspace';
import { parseSiteYaml } from '../../../../main/core/site/yaml';
import { tempDir } from '../../../helpers/temp';
import { minimalSite } from '../../../helpers/sites';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

let dir: { path: string; remove: () => Promise<void> };
let ws: Workspace;
beforeEach(async () => {
  dir = await tempDir();
  ws = new Workspace({ root: dir.path });
});
afterEach(() => dir.remove());

describe('workspace drafts', () => {
  it('saves a draft, lists it and loads it back', async () => {
    const saved = await ws.save(minimalSite());
    expect(saved.ok).toBe(true);
    const list = await ws.list();
    expect(list.ok && list.value.map((s) => s.id)).toEqual(['store-0421']);
    const loaded = await ws.load('store-0421');
    expect(loaded.ok && loaded.value.site.metadata.name).toBe('Store 0421');
  });

  it('keeps the previous version as site.yaml.bak and leaves no temp files', async () => {
    await ws.save(minimalSite({ name: 'First' }));
    await ws.save(minimalSite({ name: 'Second' }));
    const siteDir = ws.siteDir('store-0421');
    expect(await readFile(join(siteDir, 'site.yaml.bak'), 'utf8')).toContain('name: First');
    expect(await readFile(join(siteDir, 'site.yaml'), 'utf8')).toContain('name: Second');
    expect((await readdir(siteDir)).sort()).toEqual(['site.yaml', 'site.yaml.bak']);
  });

  it('refuses an invalid site and leaves the saved draft untouched', async () => {
    await ws.save(minimalSite());
    const before = await readFile(ws.sitePath('store-0421'), 'utf8');
    const bad = minimalSite() as { spec: { managementNetwork: { gateway: string } } };
    bad.spec.managementNetwork.gateway = 'nope';
    const r = await ws.save(bad);
    expect(r.ok).toBe(false);
    expect(await readFile(ws.sitePath('store-0421'), 'utf8')).toBe(before);
  });

  it('never overwrites a hand-broken file unless asked, and lists it with its error', async () => {
    await mkdir(ws.siteDir('store-0421'), { recursive: true });
    await writeFile(ws.sitePath('store-0421'), 'apiVersion: sitekit/v1\nkind: Site\nmetadata: [broken\n');
    const list = await ws.list();
    expect(list.ok && list.value[0]?.error).toMatch(/not valid YAML/);
    const load = await ws.load('store-0421');
    expect(load.ok).toBe(false);
    if (!load.ok) {
      expect(load.error.file).toContain('site.yaml');
      expect(load.error.issues?.[0]?.line).toBeGreaterThanOrEqual(3);
      expect(load.error.kept).toContain('unchanged');
    }
    const save = await ws.save(minimalSite());
    expect(save.ok).toBe(false);
    if (!save.ok) expect(save.error.code).toBe('conflict');
    expect(await readFile(ws.sitePath('store-0421'), 'utf8')).toContain('[broken');
    const forced = await ws.save(minimalSite(), { overwrite: true });
    expect(forced.ok).toBe(true);
    expect(await readFile(ws.sitePath('store-0421') + '.bak', 'utf8')).toContain('[broken');
  });

  it('never overwrites a file written by a newer Sitekit', async () => {
    await mkdir(ws.siteDir('store-0421'), { recursive: true });
    const newer = 'apiVersion: sitekit/v9\nkind: Site\nmetadata: {name: x, id: store-0421}\nspec: {future: true}\n';
    await writeFile(ws.sitePath('store-0421'), newer);
    const save = await ws.save(minimalSite());
    expect(save.ok).toBe(false);
    if (!save.ok) expect(save.error.code).toBe('newer-version');
    expect(await readFile(ws.sitePath('store-0421'), 'utf8')).toBe(newer);
  });

  it('concurrent saves of one site do not interleave: the file is always one whole version', async () => {
    const versions = Array.from({ length: 40 }, (_, i) => {
      const s = minimalSite() as { metadata: { notes?: string } };
      s.metadata.notes = `v${i} ` + String(i).repeat(1500);
      return s;
    });
    const results = await Promise.all(versions.map((v) => ws.save(v)));
    expect(results.every((r) => r.ok)).toBe(true);
    const final = parseSiteYaml(await readFile(ws.sitePath('store-0421'), 'utf8'));
    expect(final.ok).toBe(true);
    // Saves are serialised in call order, so the last call wins.
    if (final.ok) expect(final.value.metadata.notes).toBe(`v39 ` + '39'.repeat(1500));
    expect((await readdir(ws.siteDir('store-0421'))).sort()).toEqual(['site.yaml', 'site.yaml.bak']);
  });

  it('a save killed mid-way (SIGKILL) always leaves a complete, loadable draft', async () => {
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test', 'helpers', 'save-loop.ts'), dir.path], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
      await new Promise((r) => setTimeout(r, 20 + round * 37));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      const loaded = await ws.load('crash-site');
      expect(loaded.ok, `round ${round}: ${loaded.ok ? '' : loaded.error.message}`).toBe(true);
      if (loaded.ok) expect(loaded.value.site.metadata.notes).toMatch(/^version \d+ x{3900}$/);
    }
  });
});
