/**
 * One host, one truth through the real flows (issue 24): the Boot media step's preflight, the build and the
 * record agree with the host plan; the MACs a stick for all hosts needs are asked for before anything is
 * built; an image named for another host is refused; the published ISO checksum and stick audits become
 * records the report shows. Real sample ISO, real image files, sha256sum as the oracle.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createServices, type Services } from '../../../main/services/index';
import { runtimeFor, type Runtime } from '../../../main/runtime/runtime';
import { writeSampleInstallerIso } from '../../../main/services/iso/sample-iso';
import { tempDir } from '../../helpers/temp';
import { REPO_ROOT } from '../../helpers/web-app';

const sh = promisify(execFile);
const PASSWORD = 'Vm-ware!2024x';
const SITE = 'demo-store-0421';

let dir: { path: string; remove: () => Promise<void> };
let services: Services;
let rt: Runtime;
let iso: string;

/** The sample site, changed by `edit` (a plain object from its YAML), imported as the draft. */
async function importSample(edit: (doc: Record<string, any>) => void = () => undefined): Promise<void> {
  const doc = parse(await readFile(join(REPO_ROOT, 'resources', 'samples', 'site.yaml'), 'utf8'));
  edit(doc);
  const r = await rt.call('site:import', { text: stringify(doc), fileName: 'site.yaml', replace: true });
  if (!r.ok) throw new Error(r.error.message);
}

beforeAll(async () => {
  dir = await tempDir('sitekit-plan-flow-');
  services = createServices({ dataDir: join(dir.path, 'data'), workspaceDir: join(dir.path, 'ws'), version: 'test' });
  rt = runtimeFor(services, 'direct');
  iso = join(dir.path, 'sample.iso');
  await writeSampleInstallerIso(iso);
});
afterAll(async () => {
  rt.dispose();
  await dir.remove();
});

describe('the Boot media step before anything is built', () => {
  it('every host shows its install NIC and drivers from the plan; the USB-only host with Secure Boot gets the console step', async () => {
    await importSample();
    const r = await rt.call('media:preflight', { siteId: SITE, iso });
    if (!r.ok) throw new Error(r.error.message);
    const esx02 = r.value.hosts.find((h) => h.host === 'esx02')!;
    expect(esx02.installNic).toBe('vusb0 (00:e0:4c:68:15:6a)');
    expect(r.value.hosts.find((h) => h.host === 'esx01')!.installNic).toBe('vmnic0 (48:21:0b:5a:1c:07)');
    // The sample ISO carries no Fling: the answer and the action say the same thing (case 10).
    expect(esx02.driver).toMatchObject({ answer: 'no', blocking: true });
    expect(esx02.actions.find((a) => a.kind === 'inject-usb-fling')).toMatchObject({ satisfied: false, how: 'open' });
    expect(esx02.actions.find((a) => a.kind === 'console')?.text).toMatch(/^First boot of esx02, before any reboot .*esxcli system module parameters set -m vmkusb_nic_fling -p "usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a"/);
  });

  it('a stick for all hosts says which host has no MAC, and where to enter it, before Build (case 8)', async () => {
    await importSample((doc) => {
      for (const n of doc.spec.hosts[1].hardware.nics) delete n.mac;
    });
    const r = await rt.call('media:preflight', { siteId: SITE, allHosts: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.blocking).toContainEqual(
      'esx02: a stick for all hosts needs each host\'s MAC, and esx02 has none: enter the MAC of vusb0 in Hardware (the MAC field of that NIC, or paste "esxcli network nic list"), or write one stick per host.',
    );
    expect(r.value.blocking.some((b) => b.startsWith('esx01:'))).toBe(false);
  });
});

describe('building, writing, auditing: records the report shows', () => {
  it('an image file named for esx01 is refused when the stick is for esx02 (case 9); nothing is written', async () => {
    await importSample();
    const target = join(dir.path, `${SITE}-esx01.img`);
    const r = await rt.call('media:run', { jobId: 'run-1', siteId: SITE, iso, password: PASSWORD, host: 'esx02', scheme: 'mbr', targets: [{ kind: 'file', path: target }], confirm: { driverOverride: true } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toBe(`The image file ${SITE}-esx01.img is named for esx01, but this stick is for esx02.`);
    expect((await readdir(dir.path)).filter((f) => f.endsWith('.img'))).toEqual([]);
  });

  it('a published checksum that differs stops the build; one that matches is recorded with the run and shown in the report', async () => {
    await importSample();
    const wrong = await rt.call('media:build', { id: SITE, iso, out: join(dir.path, 'esx01.img'), host: 'esx01', password: PASSWORD, publishedSha256: '0'.repeat(64) });
    expect(wrong.ok).toBe(false);
    expect((await readdir(dir.path)).includes('esx01.img')).toBe(false);

    const published = (await sh('sha256sum', [iso])).stdout.split(' ')[0]!.toUpperCase();
    const target = join(dir.path, `${SITE}-esx01.img`);
    const run = await rt.call('media:run', { jobId: 'run-2', siteId: SITE, iso, password: PASSWORD, host: 'esx01', scheme: 'mbr', publishedSha256: published, targets: [{ kind: 'file', path: target }] });
    if (!run.ok) throw new Error(run.error.message);
    const draft = await rt.call('site:load', { id: SITE });
    if (!draft.ok) throw new Error(draft.error.message);
    const rec = draft.value.site.records.media.at(-1)!;
    expect(rec).toMatchObject({ targetKind: 'file', verified: true, isoChecksumMatched: true, imageSha256: (await sh('sha256sum', [target])).stdout.split(' ')[0] });

    // The stick is audited later: the audit is recorded in the site and the report lists it.
    const audit = await rt.call('media:audit', { target });
    if (!audit.ok) throw new Error(audit.error.message);
    expect(audit.value).toMatchObject({ intact: true, recorded: { siteId: SITE } });
    const report = await rt.call('report:preview', { id: SITE });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.html).toContain('Audits of sticks');
    expect(report.value.html).toMatch(/Intact: \d+ files match the manifest/);
    expect(report.value.html).toContain('Matched');
    // An image file is not a stick: the report says so rather than counting it as one (case 11).
    expect(report.value.openItems).toContainEqual(expect.stringMatching(/^Host esx01: only an image file was written and verified/));
  });
});
