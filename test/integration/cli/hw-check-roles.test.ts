/** `sitekit hw check` fails (exit 1) on a vSwitch or management device that names a NIC the host does not have (issue 15). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/index';
import type { CliIO } from '../../../main/cli/types';
import { stringifySite } from '../../../main/core/site/yaml';
import { Site } from '../../../main/core/site/schema';
import { lazyServices } from '../../helpers/cli-io';
import { demoSite } from '../../helpers/hardware';
import { tempDir } from '../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  dir = await tempDir('sitekit-hw-roles-');
  const s = demoSite();
  const hosts = s.spec.hosts.map((h) => (h.name === 'esx02' ? { ...h, vswitches: h.vswitches.map((v) => ({ ...v, uplinks: { active: ['vusb0', 'vmnic3'], standby: [] } })) } : h));
  await writeFile(join(dir.path, 'missing.yaml'), stringifySite(Site.parse({ ...s, spec: { ...s.spec, hosts } })));
  const m = s.spec.hosts.map((h) => (h.name === 'esx01' ? { ...h, management: { ...h.management, device: 'vmnic7' } } : h));
  await writeFile(join(dir.path, 'mgmt.yaml'), stringifySite(Site.parse({ ...s, spec: { ...s.spec, hosts: m } })));
  await writeFile(join(dir.path, 'ok.yaml'), stringifySite(s));
}, 60_000);
afterAll(() => dir?.remove());

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), env: process.env, cwd: dir.path, tty: false, readSecret: () => Promise.reject(new Error('no terminal')), ...lazyServices() } as CliIO;
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('sitekit hw check and NIC names', () => {
  it('a vSwitch uplink on a NIC the host does not have: the check fails with exit 1 and says which', async () => {
    const r = await run('hw', 'check', 'missing.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toContain('vSwitch0 uses vmnic3 as an uplink, but the host has no NIC of that name (it has vmnic0, vusb0)');
  });

  it('an install NIC naming a missing NIC: exit 1', async () => {
    const r = await run('hw', 'check', 'mgmt.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toContain('The install NIC is vmnic7, but the host has no NIC of that name');
  });

  it('the demo site as it is still passes (exit 0)', async () => {
    expect((await run('hw', 'check', 'ok.yaml')).code).toBe(0);
  });
});
