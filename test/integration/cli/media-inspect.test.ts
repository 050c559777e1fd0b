/** `sitekit media inspect`: real ISOs made by xorriso with and without the USB NIC Fling, an unreadable one, the sample. */
import { join } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaInspectCommand } from '../../../main/cli/commands/media-inspect';
import type { CliIO } from '../../../main/cli/types';
import { lazyServices } from '../../helpers/cli-io';
import { writeSampleInstallerIso } from '../../../main/services/iso/sample-iso';
import { INBOX_VIBS, makeEsxiIso, USB_NIC_FLING_VIB } from '../../helpers/esxi-iso';
import { tempDir } from '../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
const iso: Record<string, string> = {};

beforeAll(async () => {
  dir = await tempDir('sitekit-media-inspect-');
  iso.inbox = (await makeEsxiIso({ dir: dir.path, name: 'inbox.iso', moduleBytes: 2 ** 20 })).path;
  iso.fling = (await makeEsxiIso({ dir: dir.path, name: 'fling.iso', moduleBytes: 2 ** 20, imageDb: { vibs: [...INBOX_VIBS, USB_NIC_FLING_VIB] } })).path;
  iso.garbage = (await makeEsxiIso({ dir: dir.path, name: 'garbage.iso', moduleBytes: 2 ** 20, imageDb: 'garbage' })).path;
  iso.sample = join(dir.path, 'sample.iso');
  await writeSampleInstallerIso(iso.sample);
  iso.text = join(dir.path, 'notes.txt');
  await writeFile(iso.text, 'not an iso');
  // A real ISO that is not an installer: a folder with a README, made by xorriso.
  await mkdir(join(dir.path, 'plain'));
  await writeFile(join(dir.path, 'plain', 'README.TXT'), 'holiday photos\n');
  iso.plain = join(dir.path, 'plain.iso');
  await promisify(execFile)('xorriso', ['-as', 'mkisofs', '-quiet', '-o', iso.plain, join(dir.path, 'plain')]);
}, 120_000);
afterAll(() => dir?.remove());

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), env: process.env, cwd: dir.path, tty: false, ...lazyServices() } as unknown as CliIO;
  const code = await mediaInspectCommand.run(args, io);
  return { code, out, err };
}

describe('sitekit media inspect', () => {
  it('an ISO with the Fling: release, build, profile, driver VIBs; exit 0', async () => {
    const r = await run(iso.fling!);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Release:  ESXi 8.0U3, build 24280767');
    expect(r.out).toContain('Profile:  ESXi-8.0U3-24280767-standard (VMware, Inc., acceptance partner)');
    expect(r.out).toMatch(/^ {2}vmkusb-nic-fling +1\.14-7vmw\.803\.0\.95\.93415869 +VMW +certified +USB NIC Fling$/m);
    expect(r.out).toMatch(/^ {2}vmkusb +0\.1-28vmw\.803\.0\.35\.24280767 +VMW +certified +inbox USB host-controller driver \(not the USB NIC Fling\)$/m);
    expect(r.out).toContain('USB NIC Fling (vmkusb-nic-fling): carried, 1.14-7vmw.803.0.95.93415869');
  });

  it('inbox vmkusb only: the Fling is "not carried"', async () => {
    const r = await run(iso.inbox!);
    expect(r.code).toBe(0);
    expect(r.out).toContain('USB NIC Fling (vmkusb-nic-fling): not carried');
  });

  it('an unreadable database says unknown and exits 1', async () => {
    const r = await run(iso.garbage!);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Image database: unknown — IMGDB\.TGZ is not gzip data/);
    expect(r.out).toContain('USB NIC Fling (vmkusb-nic-fling): unknown');
  });

  it('--json carries every VIB and the sample flag; the sample says so in text', async () => {
    const j = await run(iso.sample!, '--json');
    const v = JSON.parse(j.out);
    expect(v.contents).toMatchObject({ readable: true, sample: true, release: '8.0U3' });
    expect(v.contents.vibs.map((x: { name: string }) => x.name)).toContain('vmkusb');
    const t = await run(iso.sample!);
    expect(t.out).toMatch(/^SAMPLE: this ISO was made by Sitekit/m);
  });

  it('an ISO that is not an installer is a bad input file: exit 3, as the README says (issue 26 item 17)', async () => {
    const r = await run(iso.plain!);
    expect(r.code).toBe(3);
    expect(r.out).toContain('Not an ESXi/ECS installer:');
    expect((await run(iso.plain!, '--json')).code).toBe(3);
  });

  it('usage and input errors', async () => {
    expect((await run()).code).toBe(2);
    expect((await run(iso.text!)).code).toBe(3);
    expect((await run('--help')).out).toContain('Usage: sitekit media inspect ISO [--json]');
  });
});
