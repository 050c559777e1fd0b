/** The compatibility list service on real files: shipped list, checksummed import, whole rejection, fallback. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CompatService, canonicalListText } from '../../../../main/services/compat/compat-service';
import { COMPAT_LIST_PATH } from '../../../helpers/hardware';
import { tempDir } from '../../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir('sitekit-compat-');
});
afterEach(() => dir.remove());

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const shippedText = () => readFile(COMPAT_LIST_PATH, 'utf8');
/** A newer list: the shipped one with a bumped version and one more USB adapter. */
async function newerList(version = '2027.1.1'): Promise<string> {
  const list = JSON.parse(await shippedText());
  list.listVersion = version;
  list.usbNics.push({ ...list.usbNics[6], pid: '815a', product: 'test adapter' });
  return canonicalListText(list);
}
async function writePair(name: string, text: string, sum = `${sha(text)}  ${name}\n`): Promise<string> {
  const p = join(dir.path, name);
  await writeFile(p, text);
  await writeFile(`${p}.sha256`, sum);
  return p;
}

describe('CompatService', () => {
  it('uses the shipped list by default and reports its version and the SHA-256 of the shipped file', async () => {
    const s = new CompatService({ dataDir: dir.path });
    const cur = await s.current();
    expect(cur.ok).toBe(true);
    if (!cur.ok) return;
    const text = await shippedText();
    expect(cur.value.info).toEqual({ listVersion: JSON.parse(text).listVersion, dataDate: JSON.parse(text).dataDate, schemaVersion: 1, origin: 'shipped', sha256: sha(text) });
    // the checksum file shipped next to the list agrees (sha256sum -c would pass)
    expect((await readFile(COMPAT_LIST_PATH + '.sha256', 'utf8')).split(/\s+/)[0]).toBe(cur.value.info.sha256);
  });

  it('imports a newer list with its .sha256 file, keeps it in the data folder and uses it from then on', async () => {
    const text = await newerList();
    const p = await writePair('compat-list.json', text);
    const s = new CompatService({ dataDir: dir.path });
    const r = await s.importFile(p);
    expect(r.ok && r.value).toMatchObject({ listVersion: '2027.1.1', origin: 'imported', sha256: sha(text) });
    expect(await readFile(join(dir.path, 'compat', 'compat-list.json'), 'utf8')).toBe(text);
    // a fresh service (next app start) still uses it
    const again = await new CompatService({ dataDir: dir.path }).current();
    expect(again.ok && again.value.info.origin).toBe('imported');
    expect(again.ok && again.value.list.usbNics.some((u) => u.pid === '815a')).toBe(true);
  });

  it('rejects a list whose checksum does not match, and keeps the list in use', async () => {
    const text = await newerList();
    const p = await writePair('compat-list.json', text, `${sha(text + ' ')}  compat-list.json\n`);
    const s = new CompatService({ dataDir: dir.path });
    const r = await s.importFile(p);
    expect(!r.ok && r.error.code).toBe('checksum-mismatch');
    expect(!r.ok && r.error.kept).toBe('the compatibility list in use');
    const cur = await s.current();
    expect(cur.ok && cur.value.info.origin).toBe('shipped');
  });

  it('rejects a list without a checksum file', async () => {
    const p = join(dir.path, 'list.json');
    await writeFile(p, await newerList());
    const r = await new CompatService({ dataDir: dir.path }).importFile(p);
    expect(!r.ok && r.error.message).toContain('checksum file');
  });

  it('rejects an invalid list as a whole even with a correct checksum; nothing is written', async () => {
    const list = JSON.parse(await newerList());
    list.hostModels[0].cores = -4;
    const text = canonicalListText(list);
    const p = await writePair('compat-list.json', text);
    const s = new CompatService({ dataDir: dir.path });
    const r = await s.importFile(p);
    expect(!r.ok && r.error.code).toBe('schema-error');
    expect(!r.ok && r.error.issues?.[0]?.path).toBe('hostModels[0].cores');
    await expect(readFile(s.importedPath)).rejects.toThrow();
  });

  it('refuses to import a list older than the shipped one', async () => {
    const text = await newerList('2020.1.1');
    const r = await new CompatService({ dataDir: dir.path }).importText(text, sha(text));
    expect(!r.ok && r.error.code).toBe('rejected');
  });

  it('falls back to the shipped list when the stored import was tampered with, and says why', async () => {
    const s = new CompatService({ dataDir: dir.path });
    const text = await newerList();
    expect((await s.importText(text, sha(text))).ok).toBe(true);
    await writeFile(s.importedPath, text.replace('2027.1.1', '2027.1.2'));
    const cur = await new CompatService({ dataDir: dir.path }).current();
    expect(cur.ok && cur.value.info.origin).toBe('shipped');
    expect(cur.ok && cur.value.note).toContain('no longer matches its checksum');
  });

  it('ignores an imported list once the shipped list is newer (after an app update)', async () => {
    const older = await newerList('2026.1.1');
    await mkdir(join(dir.path, 'compat'), { recursive: true });
    await writeFile(join(dir.path, 'compat', 'compat-list.json'), older);
    await writeFile(join(dir.path, 'compat', 'compat-list.json.sha256'), `${sha(older)}  compat-list.json\n`);
    const cur = await new CompatService({ dataDir: dir.path }).current();
    expect(cur.ok && cur.value.info.origin).toBe('shipped');
    expect(cur.ok && cur.value.note).toContain('older than the shipped list');
  });

  it('reset removes the imported list', async () => {
    const s = new CompatService({ dataDir: dir.path });
    const text = await newerList();
    await s.importText(text, sha(text));
    const r = await s.reset();
    expect(r.ok && r.value.origin).toBe('shipped');
    const cur = await s.current();
    expect(cur.ok && cur.value.info.origin).toBe('shipped');
  });

  it('reports an invalid shipped list instead of throwing', async () => {
    const s = new CompatService({ dataDir: dir.path, shipped: { schemaVersion: 1 } });
    const cur = await s.current();
    expect(!cur.ok && cur.error.code).toBe('internal');
  });
});
