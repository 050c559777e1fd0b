/** The hardware channels through dispatch, over the real services and the sample inventories. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dispatch, type HandlerContext } from '../../../../main/ipc/dispatch';
import { createHandlers } from '../../../../main/ipc/handlers/index';
import { createServices, type Services } from '../../../../main/services/index';
import type { HardwareCatalogue, HardwareCheckResult, ParsedInventoryResult } from '../../../../main/ipc/channels/hardware';
import { COMPAT_LIST_PATH, demoSiteInput, sample } from '../../../helpers/hardware';
import { tempDir } from '../../../helpers/temp';

let tmp: { path: string; remove: () => Promise<void> };
let services: Services;
const ctx: HandlerContext = { emit: () => undefined, transport: 'direct' };
const call = (name: string, req: unknown) => dispatch(createHandlers(services), name, req, ctx);

beforeAll(async () => {
  tmp = await tempDir('sitekit-hw-ipc-');
  services = createServices({ dataDir: tmp.path, version: 'test' });
});
afterAll(() => tmp.remove());

describe('hardware channels', () => {
  it('hardware:catalogue returns the list in use with its version', async () => {
    const r = await call('hardware:catalogue', {});
    const v = r.ok ? (r.value as HardwareCatalogue) : undefined;
    expect(v?.info.origin).toBe('shipped');
    expect(v?.list.hostModels.length).toBeGreaterThanOrEqual(20);
  });

  it('hardware:check validates the site first and returns the verdict', async () => {
    const r = await call('hardware:check', { site: demoSiteInput() });
    expect(r.ok && (r.value as HardwareCheckResult).verdict.status).toBe('supported-with-actions');
    const bad = await call('hardware:check', { site: { apiVersion: 'sitekit/v1' } });
    expect(!bad.ok && bad.error.code).toBe('schema-error');
  });

  it('hardware:parseInventory merges several texts of one host and names files in issues', async () => {
    const r = await call('hardware:parseInventory', {
      texts: [
        { text: sample('esx02-lspci.txt'), fileName: 'esx02-lspci.txt' },
        { text: sample('esx02-lsusb.txt') + '\nnonsense line\n', fileName: 'esx02-lsusb.txt' },
        { text: sample('esx02-dmidecode.txt'), fileName: 'esx02-dmidecode.txt' },
      ],
    });
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as ParsedInventoryResult;
    expect(v.hardware.model).toBe('udoo-bolt-v8');
    expect(v.hardware.nics.map((n) => n.name)).toEqual(['vmnic0', 'vusb0']);
    expect(v.issues).toEqual([{ path: 'esx02-lsusb.txt', line: 54, message: 'Line 54: not recognised: "nonsense line".' }]);
    const junk = await call('hardware:parseInventory', { texts: [{ text: 'blah', fileName: 'x.txt' }] });
    expect(!junk.ok && junk.error.code).toBe('parse-error');
  });

  it('hardware:importList takes text plus checksum, rejects a wrong one, and resetList goes back', async () => {
    const list = JSON.parse(await readFile(COMPAT_LIST_PATH, 'utf8'));
    list.listVersion = '2031.2.3';
    const text = JSON.stringify(list, null, 2) + '\n';
    const wrong = await call('hardware:importList', { text, checksum: 'f'.repeat(64) });
    expect(!wrong.ok && wrong.error.code).toBe('checksum-mismatch');
    const good = await call('hardware:importList', { text, checksum: createHash('sha256').update(text).digest('hex') });
    expect(good.ok && good.value).toMatchObject({ listVersion: '2031.2.3', origin: 'imported' });
    const cat = await call('hardware:catalogue', {});
    expect(cat.ok && (cat.value as HardwareCatalogue).info.listVersion).toBe('2031.2.3');
    const reset = await call('hardware:resetList', {});
    expect(reset.ok && reset.value).toMatchObject({ origin: 'shipped' });
    expect((await call('hardware:importList', {})).ok).toBe(false);
  });
});
