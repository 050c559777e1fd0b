/**
 * One flow from check to record (issue 14), through real transports: the CLI in-process (runCli) and the
 * loopback bridge over HTTP. Real sample ISO, real image files, mtools and sha256sum as oracles. Every test
 * works in its own folder with its own data folder: none needs another to have run first.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/index';
import type { CliIO } from '../../../main/cli/types';
import { createServices, type Services } from '../../../main/services/index';
import { writeSampleInstallerIso } from '../../../main/services/iso/sample-iso';
import type { MediaRecord } from '../../../main/core/site/schema';
import { lazyServices } from '../../helpers/cli-io';
import { makeEsxiIso } from '../../helpers/esxi-iso';
import { runtimeFor } from '../../../main/runtime/runtime';
import { mtype } from '../../helpers/stick-tools';
import { tempDir } from '../../helpers/temp';
import { REPO_ROOT, startTestApp, type TestApp } from '../../helpers/web-app';

const sh = promisify(execFile);
const SAMPLE_SITE = join(REPO_ROOT, 'resources', 'samples', 'site.yaml');
const PASSWORD = 'Vm-ware!2024x';
const MIB = 1024 * 1024;

/** The sample installer ISO, made once and only read by the tests. */
let isoDir: { path: string; remove: () => Promise<void> };
/** Every test's own folder and services, so no test depends on what another left behind. */
const opened: { dir: { path: string; remove: () => Promise<void> }; services: Services }[] = [];
let app: TestApp | undefined;

interface Bench {
  readonly path: string;
  readonly services: Services;
  cli(args: string[]): Promise<{ code: number; out: string; err: string }>;
}

/** A fresh folder holding site.yaml and the sample ISO (a link), with its own data folder and services. */
async function bench(): Promise<Bench> {
  const dir = await tempDir('sitekit-flow-');
  const services = createServices({ dataDir: join(dir.path, 'data'), version: 'test' });
  opened.push({ dir, services });
  await symlink(join(isoDir.path, 'sample.iso'), join(dir.path, 'sample.iso'));
  await writeFile(join(dir.path, 'site.yaml'), await readFile(SAMPLE_SITE, 'utf8'));
  const cli = async (args: string[]) => {
    let out = '';
    let errText = '';
    const io: CliIO = {
      out: (t) => void (out += t),
      err: (t) => void (errText += t),
      env: { PATH: process.env.PATH, SITEKIT_ROOT_PASSWORD: PASSWORD },
      cwd: dir.path,
      tty: false,
      readSecret: () => Promise.reject(new Error('no terminal')),
      ...lazyServices(() => services),
    };
    const code = await runCli(args, io);
    return { code, out, err: errText };
  };
  return { path: dir.path, services, cli };
}

const sha256sum = async (file: string): Promise<string> => (await sh('sha256sum', [file])).stdout.split(' ')[0]!;
const printedImageHash = (out: string): string | undefined => /Image SHA-256:\s+([0-9a-f]{64})/.exec(out)?.[1];

/** The parts of a stick run that must not depend on the transport. */
const comparable = (r: MediaRecord) => ({ targetKind: r.targetKind, imageSha256: r.imageSha256, hosts: r.hosts, verified: r.verified, sizeBytes: r.sizeBytes, isoName: r.isoName, isoSha256: r.isoSha256, carried: r.carried });

beforeAll(async () => {
  isoDir = await tempDir('sitekit-flow-iso-');
  await writeSampleInstallerIso(join(isoDir.path, 'sample.iso'));
});
afterAll(async () => {
  await app?.close();
  for (const o of opened) {
    o.services.git.dispose();
    await o.dir.remove();
  }
  await isoDir.remove();
});

describe('media from check to record', () => {
  it('CLI, sample site file, no prior check: both BOOT.CFG of esx01 carry the hybrid-CPU kernel option', async () => {
    const b = await bench();
    const r = await b.cli(['media', 'build', 'site.yaml', '--iso', 'sample.iso', '--out', 'esx01.img', '--host', 'esx01']);
    expect(r.code, r.err).toBe(0);
    const img = join(b.path, 'esx01.img');
    for (const path of ['/BOOT.CFG', '/EFI/BOOT/BOOT.CFG']) {
      const text = await mtype(img, MIB, path);
      expect(text, path).toMatch(/^kernelopt=.*\bks=usb:\/KS\.CFG\b.*\bcpuUniformityHardCheckPanic=FALSE\b/m);
    }
    // One image hash: what the build prints is sha256sum of the file.
    expect(printedImageHash(r.out)).toBe(await sha256sum(img));
  });

  it('esx02 (USB NIC only uplink) from an ISO without the Fling: no stick, no file, a PowerCLI script; an override is recorded as an open item', async () => {
    const b = await bench();
    const refused = await b.cli(['media', 'build', 'site.yaml', '--iso', 'sample.iso', '--out', 'esx02.img', '--host', 'esx02']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/esx02: no — vusb0 .* needs vmkusb-nic-fling, which this ISO does not carry/);
    expect(refused.err).toMatch(/kept: No stick and no image file were written/);
    const files = await readdir(b.path);
    expect(files.filter((f) => f.includes('esx02.img'))).toEqual([]);
    const script = files.find((f) => f.endsWith('-custom-iso.ps1'));
    expect(script, refused.err).toBeDefined();
    const ps1 = await readFile(join(b.path, script!), 'utf8');
    expect(ps1).toMatch(/Add-EsxSoftwareDepot/);
    expect(ps1).toMatch(/vmkusb-nic-fling/i);
    expect(refused.err).toContain(script!);

    const forced = await b.cli(['media', 'build', 'site.yaml', '--iso', 'sample.iso', '--out', 'esx02.img', '--host', 'esx02', '--override-missing-driver']);
    expect(forced.code, forced.err).toBe(0);
    expect(forced.out).toMatch(/OVERRIDE: +esx02: built without a driver it needs/);
  });

  it('a stick written with the CLI, then one through the loopback bridge: each recorded in the draft the image names, alike; write and audit print the same sha256sum', async () => {
    const b = await bench();
    const imported = await b.cli(['site', 'import', 'site.yaml']);
    expect(imported.code, imported.err).toBe(0);
    const built = await b.cli(['media', 'build', 'demo-store-0421', '--iso', 'sample.iso', '--out', 'cli.img', '--host', 'esx01']);
    expect(built.code, built.err).toBe(0);
    const hash = await sha256sum(join(b.path, 'cli.img'));
    const written = await b.cli(['media', 'write', '--image', 'cli.img', '--target', 'cli-stick.img', '--yes']);
    expect(written.code, written.err).toBe(0);
    expect(written.out).toContain(`SHA-256 ${hash}`);
    expect(written.out).toMatch(/Recorded: 1 stick run in site demo-store-0421/);
    const audit = await b.cli(['media', 'audit', '--target', 'cli-stick.img']);
    expect(audit.code, audit.err).toBe(0);
    expect(audit.out).toContain(`image SHA-256 ${hash}`);
    const draft = await b.services.workspace.load('demo-store-0421');
    expect(draft.ok).toBe(true);
    const runs = draft.ok ? draft.value.site.records.media : [];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ imageSha256: hash, verified: true, hosts: ['esx01'], targetKind: 'file' });
    expect(runs[0]!.carried?.[0]?.kernelOptions).toContain('cpuUniformityHardCheckPanic=FALSE');

    // The same job through the loopback bridge, on the same data folder.
    app = await startTestApp({ dataDir: join(b.path, 'data') });
    const call = async (channel: string, body: unknown) => {
      const res = await fetch(`${app!.server.url}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sitekit-Token': app!.server.token }, body: JSON.stringify(body) });
      return (await res.json()) as { ok: boolean; value?: any; error?: { message: string } };
    };
    const r = await call('media:run', {
      jobId: 'bridge-1',
      siteId: 'demo-store-0421',
      iso: join(b.path, 'sample.iso'),
      password: PASSWORD,
      host: 'esx01',
      targets: [{ kind: 'file', path: join(b.path, 'bridge-stick.img') }],
    });
    expect(r.ok, r.error?.message).toBe(true);
    expect(r.value.recorded).toMatchObject({ siteId: 'demo-store-0421', runs: 1 });
    expect(r.value.build.sha256).toBe(await sha256sum(r.value.build.path));
    const after = await b.services.workspace.load('demo-store-0421');
    const both = after.ok ? after.value.site.records.media : [];
    expect(both).toHaveLength(2);
    const [viaCli, viaBridge] = both;
    // Same image bytes → same record, whichever transport wrote it (the image is built anew, so compare shapes).
    expect({ ...comparable(viaBridge!), imageSha256: 'x' }).toEqual({ ...comparable(viaCli!), imageSha256: 'x' });
    expect(viaBridge!.imageSha256).toBe(r.value.build.sha256);
    // The report cites the stick run with the image's sha256sum and has no "no stick" item for esx01.
    const preview = await call('report:preview', { id: 'demo-store-0421' });
    expect(preview.ok).toBe(true);
    expect(preview.value.html).toContain(r.value.build.sha256);
    expect((preview.value.openItems as string[]).some((i) => /No verified boot stick is recorded for host esx01/.test(i))).toBe(false);
    // The sample ISO says its release but no build (build=8.0.3-0.0.00000000).
    expect(viaBridge).toMatchObject({ isoRelease: '8.0U3' });
    expect(viaBridge!.isoBuild).toBeUndefined();
  });

  it('a stick run records the installer ISO\'s release and build, from its image database (the acceptance check compares with it)', async () => {
    const b = await bench();
    const imported = await b.cli(['site', 'import', 'site.yaml']);
    expect(imported.code, imported.err).toBe(0);
    const iso = await makeEsxiIso({ dir: b.path, name: 'ESXi-8.0U3-24280767.iso', moduleBytes: 2 * MIB });
    const runtime = runtimeFor(b.services);
    const r = await runtime.call('media:run', { jobId: 'build-nr', siteId: 'demo-store-0421', iso: iso.path, password: PASSWORD, host: 'esx01', targets: [{ kind: 'file', path: join(b.path, 'build-stick.img') }] });
    expect(r.ok, !r.ok ? r.error.message : '').toBe(true);
    const draft = await b.services.workspace.load('demo-store-0421');
    const last = draft.ok ? draft.value.site.records.media.at(-1) : undefined;
    expect(last).toMatchObject({ isoName: 'ESXi-8.0U3-24280767.iso', isoRelease: '8.0U3', isoBuild: '24280767', verified: true, hosts: ['esx01'] });
    // Written again from the image alone (its manifest names the ISO's build): the same facts.
    const written = await b.cli(['media', 'write', '--image', join(b.path, 'build-stick.img'), '--target', 'build-stick-2.img', '--yes']);
    expect(written.code, written.err).toBe(0);
    const again = await b.services.workspace.load('demo-store-0421');
    expect(again.ok && again.value.site.records.media.at(-1)).toMatchObject({ isoRelease: '8.0U3', isoBuild: '24280767' });
  });
});

