/**
 * The one service writes into a repo, the workspace or an output folder go through: real symbolic links made
 * by the test, on the way (folders) and at the end (files), never followed; refusals name the link.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, readlink, rename, symlink, writeFile, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfinedFolder, LinkRefused } from '../../../main/services/confined-folder';
import { tempDir } from '../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
let repo: string;
let outside: string;
beforeEach(async () => {
  dir = await tempDir('sitekit-confined-');
  repo = join(dir.path, 'repo');
  outside = join(dir.path, 'outside');
  await mkdir(join(repo, 'sites', 'store-1'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'victim'), 'precious\n');
});
afterEach(() => dir.remove());

const refusal = async (p: Promise<unknown>): Promise<LinkRefused> => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(LinkRefused);
  return e as LinkRefused;
};

describe('ConfinedFolder', () => {
  it('writes, reads, renames and removes inside the folder', async () => {
    await ConfinedFolder.use(repo, {}, async (f) => {
      await f.writeFile('sites/store-1/hosts/esx01/a.yaml', 'a: 1\n');
      await f.writeFile('sites/store-1/site.yaml', 'x\n', { atomic: true, backup: '.bak' });
      await f.writeFile('sites/store-1/site.yaml', 'y\n', { atomic: true, backup: '.bak' });
      expect(await f.readText('sites/store-1/site.yaml')).toBe('y\n');
      expect(await f.readText('sites/store-1/site.yaml.bak')).toBe('x\n');
      expect(await f.readText('sites/nope/site.yaml')).toBeUndefined();
      await f.rename('sites/store-1/hosts/esx01/a.yaml', 'sites/store-2/b.yaml');
      await f.unlink('sites/store-1/missing.yaml');
      await f.removeTree('sites/store-1/hosts');
    });
    expect(await readFile(join(repo, 'sites', 'store-2', 'b.yaml'), 'utf8')).toBe('a: 1\n');
    expect((await readdir(join(repo, 'sites', 'store-1'))).sort()).toEqual(['site.yaml', 'site.yaml.bak']);
  });

  it('refuses a folder on the way that is a link, naming it and where it points, and writes nothing', async () => {
    await rename(join(repo, 'sites'), join(dir.path, 'moved'));
    await symlink(outside, join(repo, 'sites'));
    await ConfinedFolder.use(repo, {}, async (f) => {
      const e = await refusal(f.check(['sites/store-1/README.md']));
      expect(e.error.message).toContain(`sites in ${repo} is a symbolic link to ${outside}`);
      expect(e.error.message).toContain('Nothing was written.');
      expect(e.error.details).toMatchObject({ link: 'sites', target: outside });
      await refusal(f.writeFile('sites/victim', 'owned\n'));
      await refusal(f.writeFile('sites/new/file', 'owned\n', { atomic: true }));
      await refusal(f.mkdirs('sites/x'));
      expect(await refusal(f.readText('sites/victim'))).toBeInstanceOf(LinkRefused);
      await refusal(f.removeTree('sites/victim'));
    });
    expect(await readFile(join(outside, 'victim'), 'utf8')).toBe('precious\n');
    expect(await readdir(outside)).toEqual(['victim']);
  });

  it('refuses a file that is a link (plain and atomic writes), leaving the link and its target as they were', async () => {
    const readme = join(repo, 'sites', 'store-1', 'README.md');
    await symlink(join(outside, 'victim'), readme);
    await ConfinedFolder.use(repo, {}, async (f) => {
      const e = await refusal(f.writeFile('sites/store-1/README.md', 'owned\n'));
      expect(e.error.message).toContain(`sites/store-1/README.md in ${repo} is a symbolic link to ${join(outside, 'victim')}`);
      await refusal(f.writeFile('sites/store-1/README.md', 'owned\n', { atomic: true }));
      await refusal(f.readText('sites/store-1/README.md'));
      await refusal(f.rename('sites/store-1', 'sites/store-1/README.md'));
    });
    expect(await readlink(readme)).toBe(join(outside, 'victim'));
    expect(await readFile(join(outside, 'victim'), 'utf8')).toBe('precious\n');
    expect(await readdir(join(repo, 'sites', 'store-1'))).toEqual(['README.md']);
  });

  it('keeps writing into the folder it checked when a folder on the way is swapped for a link afterwards', async () => {
    await ConfinedFolder.use(repo, {}, async (f) => {
      await f.writeFile('sites/store-1/first.yaml', '1\n');
      // The folder is open now; someone swaps it for a link to the outside.
      await rename(join(repo, 'sites'), join(dir.path, 'sites-moved'));
      await symlink(outside, join(repo, 'sites'));
      await f.writeFile('sites/store-1/second.yaml', '2\n');
    });
    expect(await readdir(outside)).toEqual(['victim']);
    expect((await readdir(join(dir.path, 'sites-moved', 'store-1'))).sort()).toEqual(['first.yaml', 'second.yaml']);
  });

  it('removes its temp file when the final rename fails (a folder in the way)', async () => {
    await mkdir(join(repo, 'report.html'));
    await ConfinedFolder.use(repo, {}, async (f) => {
      for (let i = 0; i < 3; i++) await expect(f.writeFile('report.html', '<p>', { atomic: true })).rejects.toThrow(/report\.html/);
    });
    expect((await readdir(repo)).sort()).toEqual(['report.html', 'sites']);
  });

  it('refuses paths that leave the folder', async () => {
    await ConfinedFolder.use(repo, {}, async (f) => {
      for (const bad of ['../outside/victim', '/etc/passwd', 'sites//x', 'sites/./x', '']) await expect(f.writeFile(bad, 'x')).rejects.toThrow(/leaves the folder/);
    });
    expect(await readFile(join(outside, 'victim'), 'utf8')).toBe('precious\n');
  });

  it('keeps the number of open folders bounded while writing into many', async () => {
    await ConfinedFolder.use(repo, {}, async (f) => {
      await Promise.all(Array.from({ length: 600 }, (_, i) => f.writeFile(`many/d${i}/f.yaml`, `${i}\n`)));
      const open = (await readdir('/proc/self/fd').catch(() => [] as string[])).length;
      expect(open).toBeLessThan(400);
    });
    expect((await lstat(join(repo, 'many', 'd599', 'f.yaml'))).isFile()).toBe(true);
  });
});
