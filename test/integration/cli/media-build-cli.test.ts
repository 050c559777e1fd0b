/** `sitekit media build`: the real subcommand over the sample ISO, in-process. */
import { lazyServices } from '../../helpers/cli-io';
import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaBuildCommand, parseSize } from '../../../main/cli/commands/media-build';
import type { CliIO } from '../../../main/cli/types';
import { stringifySite } from '../../../main/core/site/yaml';
import { writeSampleInstallerIso } from '../../../main/services/iso/sample-iso';
import { siteWith } from '../../helpers/media-site';
import { tempDir } from '../../helpers/temp';

const sh = promisify(execFile);
let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  dir = await tempDir('sitekit-media-cli-');
  await writeFile(join(dir.path, 'site.yaml'), stringifySite(siteWith()));
  await writeSampleInstallerIso(join(dir.path, 'sample.iso'));
  await writeFile(join(dir.path, 'notes.iso'), 'not an iso '.repeat(5000));
});
afterAll(() => dir.remove());

async function run(args: string[], env: Record<string, string | undefined> = { SITEKIT_ROOT_PASSWORD: 'Vm-ware!2024x' }): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let errText = '';
  const io: CliIO = {
    out: (t) => void (out += t),
    err: (t) => void (errText += t),
    env: { PATH: process.env.PATH, ...env },
    cwd: dir.path,
    tty: false,
    readSecret: () => Promise.reject(new Error('no terminal')),
    ...lazyServices(),
  };
  const code = await mediaBuildCommand.run(args, io);
  return { code, out, err: errText };
}

const leftovers = async (name: string) => (await readdir(dir.path)).filter((n) => n.includes(name));

describe('sitekit media build', () => {
  it('builds the image, shows progress on stderr and prints the SHA-256 sha256sum agrees with', async () => {
    const r = await run(['site.yaml', '--iso', 'sample.iso', '--out', 'esx01.img', '--host', 'esx01', '--scheme', 'gpt']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/building .*100%/);
    expect(r.err, 'an image file is built, not a stick written').not.toMatch(/^writing/m);
    const { stdout } = await sh('sha256sum', [join(dir.path, 'esx01.img')]);
    expect(r.out).toContain(`Image SHA-256: ${stdout.split(' ')[0]}`);
    expect(r.out).toContain('Host:         esx01 (00:1b:21:aa:bb:01)');
    expect(r.out).toContain('kernelopt=runweasel ks=usb:/KS.CFG');
  });

  it('checks the published ISO checksum first (a wrong ISO is a bad input file: exit 3)', async () => {
    const r = await run(['site.yaml', '--iso', 'sample.iso', '--out', 'x.img', '--host', 'esx01', '--iso-sha256', 'ab'.repeat(32)]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/not the abab.* you entered/);
    expect(await leftovers('x.img')).toEqual([]);
  });

  it('refuses a password ESXi would reject (exit 3, a bad input value) and a missing password without a terminal (exit 2)', async () => {
    const bad = await run(['site.yaml', '--iso', 'sample.iso', '--out', 'p.img', '--host', 'esx01'], { SITEKIT_ROOT_PASSWORD: 'password' });
    expect(bad.code).toBe(3);
    expect(bad.err).toContain('ESXi would reject this root password');
    const none = await run(['site.yaml', '--iso', 'sample.iso', '--out', 'p.img', '--host', 'esx01'], {});
    expect(none.code).toBe(2);
    expect(none.err).toContain('SITEKIT_ROOT_PASSWORD');
    expect(none.err, 'a missing password is said on its own, not buried under the usage').not.toMatch(/Usage:/);
    expect(await leftovers('p.img')).toEqual([]);
  });

  it('refuses a file that is not an ISO (exit 3) and a two-node site without a host choice (exit 2, a usage error)', async () => {
    const notIso = await run(['site.yaml', '--iso', 'notes.iso', '--out', 'n.img', '--host', 'esx01']);
    expect(notIso.code).toBe(3);
    expect(notIso.err).toContain('not an ISO 9660 image');
    const noHost = await run(['site.yaml', '--iso', 'sample.iso', '--out', 'n.img']);
    expect(noHost.code).toBe(2);
    expect(noHost.err).toContain('--all-hosts');
    expect(await leftovers('n.img')).toEqual([]);
  });

  it('reads stick sizes', () => {
    expect(parseSize('8GB')).toBe(8e9);
    expect(parseSize('1GiB')).toBe(2 ** 30);
    expect(parseSize('12345')).toBe(12345);
    expect(parseSize('lots')).toBeUndefined();
  });
});
