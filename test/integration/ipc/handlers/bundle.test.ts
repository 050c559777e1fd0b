/** The boot-bundle channels through dispatch, over the real services and the sample ISO. */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PayloadOf } from '../../../../main/ipc/contract';
import { dispatch, type HandlerContext } from '../../../../main/ipc/dispatch';
import { createHandlers } from '../../../../main/ipc/handlers/index';
import { createServices, type Services } from '../../../../main/services/index';
import { writeSampleInstallerIso } from '../../../../main/services/iso/sample-iso';
import { readStickManifest } from '../../../../main/services/writer/audit';
import { SITE_INPUT } from '../../../helpers/media-site';
import { tempDir } from '../../../helpers/temp';

const sh = promisify(execFile);
let tmp: { path: string; remove: () => Promise<void> };
let services: Services;
let iso: string;
const events: { name: string; payload: unknown }[] = [];
const ctx: HandlerContext = { emit: (name, payload) => void events.push({ name, payload }), transport: 'direct' };
const call = (name: string, req: unknown) => dispatch(createHandlers(services), name, req, ctx);

beforeAll(async () => {
  tmp = await tempDir('sitekit-bundle-ipc-');
  services = createServices({ dataDir: tmp.path, version: 'test' });
  expect((await services.workspace.save(structuredClone(SITE_INPUT))).ok).toBe(true);
  iso = join(tmp.path, 'sample.iso');
  await writeSampleInstallerIso(iso);
});
afterAll(async () => {
  (services as { git?: { dispose?: () => void } }).git?.dispose?.();
  await tmp.remove();
});

describe('bundle channels', () => {
  it('iso:inspect says the sample is installer-shaped; iso:hash compares the checksum', async () => {
    const i = await call('iso:inspect', { path: iso });
    expect(i.ok && (i.value as { isInstaller: boolean }).isInstaller).toBe(true);
    const { stdout } = await sh('sha256sum', [iso]);
    const want = stdout.split(' ')[0]!;
    const h = await call('iso:hash', { path: iso, expected: want.toUpperCase(), jobId: 'h1' });
    expect(h.ok && h.value).toEqual({ sha256: want, size: expect.any(Number), matches: true });
    const wrong = await call('iso:hash', { path: iso, expected: '0'.repeat(64) });
    expect(wrong.ok && (wrong.value as { matches: boolean }).matches).toBe(false);
    expect(events.some((e) => e.name === 'job:progress' && (e.payload as PayloadOf<'job:progress'>).jobId === 'h1')).toBe(true);
  });

  it('media:plan shows who gets what without a password, and checks one when given', async () => {
    const p = await call('media:plan', { id: 'store-0421', iso, allHosts: true });
    if (!p.ok) throw new Error(p.error.message);
    const v = p.value as { hosts: { name: string; mac: string }[]; kickstart: string; multiHost: boolean };
    expect(v.multiHost).toBe(true);
    expect(v.hosts.map((h) => h.name)).toEqual(['esx01', 'esx02']);
    expect(v.kickstart).toContain('rootpw --iscrypted <hash of the root password, made when the image is built>');
    const bad = await call('media:plan', { id: 'store-0421', iso, host: 'esx01', password: 'short' });
    expect(bad.ok ? '' : bad.error.code).toBe('invalid-input');
  });

  it('media:build writes the image with progress and job:done', async () => {
    const out = join(tmp.path, 'stick.img');
    const r = await call('media:build', { id: 'store-0421', iso, out, host: 'esx02', password: 'Vm-ware!2024x', jobId: 'b1' });
    if (!r.ok) throw new Error(r.error.message);
    const { stdout } = await sh('sha256sum', [out]);
    expect((r.value as { sha256: string }).sha256).toBe(stdout.split(' ')[0]);
    const phases = new Set(events.filter((e) => e.name === 'job:progress' && (e.payload as PayloadOf<'job:progress'>).jobId === 'b1').map((e) => (e.payload as PayloadOf<'job:progress'>).phase));
    expect([...phases].sort()).toEqual(['building']);
    expect(events.find((e) => e.name === 'job:done' && (e.payload as { jobId: string }).jobId === 'b1')?.payload).toEqual({ jobId: 'b1', ok: true });
    // By default the stick carries Sitekit's report of the site.
    const manifest = await readStickManifest(out);
    expect(manifest.ok && manifest.value.reportHtml).toContain('Site handover report');
  });

  it('media:build stops, and says so, when the report it should carry cannot be made; without the report it builds (issue 28)', async () => {
    // The report is made by Sitekit's own code from the site; no real input makes it fail, so its builder is
    // replaced by one that throws (the rest is real: the flow, the ISO, the image writer).
    const real = services.report.build.bind(services.report);
    services.report.build = async () => {
      throw new Error('the topology picture could not be drawn');
    };
    try {
      const out = join(tmp.path, 'no-report.img');
      const r = await call('media:build', { id: 'store-0421', iso, out, host: 'esx02', password: 'Vm-ware!2024x' });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.message).toBe('The handover report that goes onto the stick could not be made (the topology picture could not be drawn), so no stick was built.');
      expect(r.error.kept).toBe('Nothing was written.');
      expect(r.error.hint).toContain('--no-report');
      await expect(stat(out)).rejects.toThrow();
      // Asked without the report, the same build goes through, and the stick's manifest carries none.
      const without = await call('media:build', { id: 'store-0421', iso, out, host: 'esx02', password: 'Vm-ware!2024x', includeReport: false });
      expect(without.ok, without.ok ? '' : without.error.message).toBe(true);
      const manifest = await readStickManifest(out);
      expect(manifest.ok && manifest.value.site.id).toBe('store-0421');
      expect(manifest.ok && manifest.value.reportHtml).toBeUndefined();
    } finally {
      services.report.build = real;
    }
  });

  it('rejects malformed requests before any work', async () => {
    const r = await call('media:build', { id: 'store-0421', iso, out: 'x', scheme: 'fat12', password: 'x' });
    expect(r.ok ? '' : r.error.code).toBe('invalid-request');
  });
});
