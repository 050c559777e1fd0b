/** lintFolder on a folder named sites/: each sub-folder is one store (one VECO path) and is linted apart. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintFolder } from '../../../../main/services/manifests/manifests';
import { tempDir } from '../../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: face-detector\n';

beforeAll(async () => {
  dir = await tempDir('sitekit-lintfolder-');
  for (const store of ['leeds', 'york']) {
    await mkdir(join(dir.path, 'sites', store), { recursive: true });
    await writeFile(join(dir.path, 'sites', store, 'ns.yaml'), ns);
  }
  await writeFile(join(dir.path, 'sites', 'york', 'ns-copy.yaml'), ns);
});
afterAll(() => dir.remove());

describe('lintFolder', () => {
  it('reports the duplicate inside york, not the ones between stores', async () => {
    const r = await lintFolder(join(dir.path, 'sites'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings.filter((f) => f.code === 'duplicate-name').map((f) => `${f.file} ${f.scope}`)).toEqual(['york/ns.yaml york']);
  });
});
