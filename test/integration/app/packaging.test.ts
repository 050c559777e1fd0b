/** electron-builder.yml checked by electron-builder's own configuration validation (no download needed). */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../helpers/web-app';

const require = createRequire(import.meta.url);
// electron-builder's own validator is not part of its public API: app-builder-lib and builder-util are pinned
// devDependencies at the versions electron-builder 26.17.0 uses, so this internal path cannot move underneath us.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration: (c: unknown, log: unknown) => Promise<void> };
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('packaging configuration', () => {
  it('passes electron-builder validation and packs what the app needs', async () => {
    const config = parse(await readFile(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.asarUnpack).toContain('node_modules/drivelist/**');
    expect(config.extraResources.map((r: { from: string }) => r.from)).toContain('resources/compat');
    expect(config.electronFuses.onlyLoadAppFromAsar).toBe(true);
    expect(config.electronFuses.enableNodeOptionsEnvironmentVariable).toBe(false);
  });

  it('the validator really rejects a broken configuration', async () => {
    await expect(validateConfiguration({ appId: 'x', linnux: {} }, new DebugLogger(false))).rejects.toThrow(/linnux/);
  });

  it('pins a supported Electron major and keeps its download out of npm ci', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(pkg.devDependencies.electron.split('.')[0])).toBeGreaterThanOrEqual(45);
    expect(pkg.allowScripts.electron).toBe(false);
  });

  it('pins the electron-builder internals this test calls at the versions electron-builder itself uses', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
    const builder = JSON.parse(await readFile(join(REPO_ROOT, 'node_modules', 'electron-builder', 'package.json'), 'utf8'));
    expect(pkg.devDependencies['app-builder-lib']).toBe(builder.dependencies['app-builder-lib']);
    expect(pkg.devDependencies['builder-util']).toBe(builder.dependencies['builder-util']);
  });
});
