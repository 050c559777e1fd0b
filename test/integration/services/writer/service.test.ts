/** The stick service where sticks cannot be written (issue 24 item 13): the platform is an input, no fs is mocked. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StickService } from '../../../../main/services/writer/service';
import { nullLogger } from '../../../../main/services/logger';
import { describeStickPlatform } from '../../../../main/core/drives/describe';
import { tempDir } from '../../../helpers/temp';

const MiB = 1 << 20;
let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('sitekit-stick-service-');
});
afterAll(() => dir.remove());

describe('StickService on Windows and macOS', () => {
  it('the stick service says what the computer can do; a device target is refused with the statement, an image file in the same job is written', async () => {
    const sticks = new StickService({ logger: nullLogger, imageDir: join(dir.path, 'images'), platform: 'win32' });
    const listed = await sticks.list();
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value).toMatchObject({ drives: [], canWriteDevices: false, platform: { os: 'win32', sticks: false } });
    expect(describeStickPlatform(listed.value.platform)).toMatch(/^Writing and reading back USB sticks works on Linux only .*this computer runs Windows, so no sticks are listed\. Write an image file instead/);
    expect(describeStickPlatform({ os: 'darwin', sticks: false })).toContain('this computer runs macOS');
    expect(describeStickPlatform({ os: 'linux', sticks: true })).toBeUndefined();

    const image = join(dir.path, 'source.img');
    await writeFile(image, Buffer.alloc(MiB, 7));
    const copy = join(dir.path, 'images', 'copy.img');
    const device = { kind: 'device' as const, identity: { device: '/dev/sdz', size: 8e9, model: 'Stick', serial: 'S1', byId: null } };
    const r = await sticks.write('win-job', { items: [{ image, target: device }, { image, target: { kind: 'file', path: copy } }], eject: false });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value[0]).toMatchObject({ target: '/dev/sdz', written: false, verified: false, error: { code: 'unsupported' } });
    expect(r.value[0]!.error!.message).toContain('/dev/sdz was not written. Writing and reading back USB sticks works on Linux only');
    expect(r.value[1]).toMatchObject({ written: true, verified: true });
    expect(Buffer.compare(await readFile(copy), await readFile(image))).toBe(0);
  });
});
