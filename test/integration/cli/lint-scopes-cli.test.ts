/**
 * `sitekit lint` on a real multi-site repo folder made here (three stores under sites/<store>/, each its own
 * VECO path), `--scope`, and a Go-YAML-only file checked against kubectl kustomize (what Flux builds with).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/index';
import type { CliIO } from '../../../main/cli/types';
import { lazyServices } from '../../helpers/cli-io';
import { tempDir } from '../../helpers/temp';

const run = promisify(execFile);
/** kubectl on PATH (Debian's kubernetes-client, or another kubectl with `kustomize`), found before the tests run. */
const kubectl = ((): string => {
  for (const d of (process.env.PATH ?? '').split(':')) if (d && existsSync(join(d, 'kubectl'))) return join(d, 'kubectl');
  return '';
})();
let dir: { path: string; remove: () => Promise<void> };

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), env: {}, cwd: dir.path, tty: false, readSecret: () => Promise.reject(new Error('no terminal')), ...lazyServices() };
  const code = await runCli(args, io);
  return { code, out, err };
}

const pool = (range: string) => `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: default\n  namespace: metallb-system\nspec:\n  addresses:\n    - ${range}\n`;
const app = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: face-detector\nspec:\n  selector:\n    matchLabels: { app: fd }\n  template:\n    metadata:\n      labels: { app: fd }\n    spec:\n      containers:\n        - name: fd\n          image: example/fd:1.0\n`;

async function put(path: string, content: string): Promise<void> {
  await mkdir(join(dir.path, path, '..'), { recursive: true });
  await writeFile(join(dir.path, path), content);
}

beforeAll(async () => {
  dir = await tempDir('sitekit-scopes-');
  for (const [i, store] of ['leeds', 'york', 'hull'].entries()) {
    await put(`repo/sites/${store}/metallb-pool.yaml`, pool(`192.168.${i}.240-192.168.${i}.250`));
    await put(`repo/sites/${store}/face-detector.yml`, app);
  }
});
afterAll(() => dir.remove());

describe('sitekit lint on a multi-site repo', () => {
  it('`lint sites/` and `lint repo` check each store on its own: no duplicates across stores', async () => {
    for (const target of ['repo/sites', 'repo']) {
      const r = await cli('lint', target, '--json');
      expect(r.code, r.err).toBe(0);
      const json = JSON.parse(r.out) as { findings: { code: string; scope: string }[]; scopes: string[] };
      expect(json.findings.filter((f) => f.code === 'duplicate-name')).toEqual([]);
      expect(new Set(json.findings.map((f) => f.scope)).size).toBe(3);
      expect(json.scopes).toEqual(target === 'repo' ? ['sites/hull', 'sites/leeds', 'sites/york'] : ['hull', 'leeds', 'york']);
    }
  });

  it('counts every scope it checked, also those with no finding', async () => {
    // A store whose only file is clean still is a scope of its own.
    await mkdir(join(dir.path, 'repo/sites/whitby'), { recursive: true });
    await writeFile(join(dir.path, 'repo/sites/whitby/ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    await writeFile(join(dir.path, 'repo/sites/whitby/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ns.yaml\n');
    try {
      const r = await cli('lint', 'repo/sites');
      expect(r.out).toContain('4 scopes (what one host applies, checked apart): hull, leeds, whitby, york');
      const json = JSON.parse((await cli('lint', 'repo/sites', '--json')).out) as { findings: { scope: string }[]; scopes: string[] };
      expect(json.findings.some((f) => f.scope === 'whitby')).toBe(false);
      expect(json.scopes).toContain('whitby');
    } finally {
      await rm(join(dir.path, 'repo/sites/whitby'), { recursive: true, force: true });
    }
  });

  it('a duplicate inside one store is an error that names the store; --scope overrides detection', async () => {
    await put('repo/sites/york/extra-pool.yaml', pool('192.168.9.1-192.168.9.9'));
    const r = await cli('lint', 'repo/sites');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/error\s+york\/metallb-pool\.yaml:\d+ metadata\.name {2}\[scope york\]/);
    expect(r.out).toContain('3 scopes (what one host applies, checked apart): hull, leeds, york');
    // One scope for everything (as if one VECO path pointed at sites/): every store's pool now collides.
    const one = await cli('lint', 'repo/sites', '--scope', 'repo/sites', '--json');
    const dups = (JSON.parse(one.out) as { findings: { code: string; scope: string }[] }).findings.filter((f) => f.code === 'duplicate-name');
    expect(dups.length).toBe(5);
    expect(new Set(dups.map((f) => f.scope))).toEqual(new Set(['(repository)']));
    expect((await cli('lint', 'repo/sites', '--scope', '/etc')).code).toBe(2);
  });
});

describe('severity follows Flux', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: otel-exporters\ndata:\n  exporter: "prometheusremotewrite"# sends metrics to the central Prometheus\n';

  it('a file only Go YAML reads is a warning, not an error, and lint exits 0', async () => {
    await put('goyaml/otel.yaml', text);
    await put('goyaml/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - otel.yaml\n');
    const r = await cli('lint', 'goyaml', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { findings: { code: string; severity: string; params: { line: number } }[] };
    expect(json.findings.find((f) => f.code === 'go-yaml-only')).toMatchObject({ severity: 'warning', params: { line: 6 } });
    expect(json.findings.some((f) => f.code === 'yaml-syntax')).toBe(false);
  });

  it.skipIf(!kubectl)(`kubectl kustomize (what Flux builds with) renders that file${kubectl ? '' : ' — SKIPPED: kubectl (Debian package kubernetes-client) is not installed'}`, async () => {
    await put('goyaml/otel.yaml', text);
    const r = await run(kubectl, ['kustomize', join(dir.path, 'goyaml')], { timeout: 60_000 });
    expect(r.stdout).toContain('exporter: prometheusremotewrite');
    expect(r.stdout).not.toContain('central Prometheus');
  });
});
