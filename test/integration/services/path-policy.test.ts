/**
 * The path policy on a real file system (issues 17 and 26): an allow-list of places (home, workspace, data
 * folder, the technician's removable media, folders chosen in the native dialog), hidden folders refused below
 * each; reads only regular files, writes never over a non-image file, relative paths against the workspace,
 * links resolved before deciding and the real path handed on, folder scans bounded; and the workspace setting
 * only where a technician may own a folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { PathPolicy, scanFolder, workspaceRefusal } from '../../../main/services/path-policy';
import { tempDir } from '../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
let policy: PathPolicy;
let home: string;
beforeAll(async () => {
  dir = await tempDir('sitekit-paths-');
  home = join(dir.path, 'home', 'tech');
  await mkdir(join(home, '.ssh'), { recursive: true });
  await writeFile(join(home, '.ssh', 'id_rsa'), 'secret');
  await writeFile(join(home, 'esxi.iso'), 'iso bytes');
  await writeFile(join(home, 'thesis.docx'), 'my thesis');
  const mbr = Buffer.alloc(1024);
  mbr[510] = 0x55;
  mbr[511] = 0xaa;
  await writeFile(join(home, 'old-stick'), mbr);
  await symlink('/etc/shadow', join(home, 'innocent.iso'));
  policy = new PathPolicy({ workspace: join(dir.path, 'data', 'workspace'), dataDir: join(dir.path, 'data'), home });
});
afterAll(() => dir.remove());

const code = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => {
  const r = await p;
  return r.ok ? 'ok' : r.error!.code;
};

describe('reads', () => {
  it('refuses system files, hidden folders and links into them; reads a named regular file', async () => {
    expect(await code(policy.check('read-file', '/etc/shadow'))).toBe('rejected');
    expect(await code(policy.check('read-file', '/proc/self/environ'))).toBe('rejected');
    expect(await code(policy.check('read-file', join(home, '.ssh', 'id_rsa')))).toBe('rejected');
    expect(await code(policy.check('read-file', '~/.ssh/id_rsa'))).toBe('rejected');
    expect(await code(policy.check('read-file', join(home, 'innocent.iso')))).toBe('rejected');
    expect(await code(policy.check('read-file', join(home, 'esxi.iso')))).toBe('ok');
    expect(await code(policy.check('read-file', home))).toBe('rejected');
    expect(await code(policy.check('read-file', join(home, 'missing.iso')))).toBe('not-found');
  });

  it("an ISO on the technician's stick (mounted under /run/media/<user>) is readable; another user's media and the rest of /run are not", async () => {
    const user = userInfo().username;
    const created = !(await import('node:fs/promises').then((f) => f.stat(join('/run/media', user)).then(() => true, () => false)));
    const mount = join('/run/media', user, `SITEKIT-TEST-${process.pid}`);
    const other = join('/run/media', `sitekit-other-${process.pid}`, 'STICK');
    await mkdir(mount, { recursive: true });
    await mkdir(other, { recursive: true });
    try {
      await writeFile(join(mount, 'esxi.iso'), 'iso bytes');
      await writeFile(join(other, 'esxi.iso'), 'iso bytes');
      expect(await code(policy.check('read-file', join(mount, 'esxi.iso')))).toBe('ok');
      expect(await code(policy.check('read-file', join(other, 'esxi.iso')))).toBe('rejected');
      expect(await code(policy.check('read-file', '/run/systemd/notify'))).toBe('rejected');
    } finally {
      await rm(created ? join('/run/media', user) : mount, { recursive: true, force: true });
      await rm(join('/run/media', `sitekit-other-${process.pid}`), { recursive: true, force: true });
    }
  });

  it('refuses every place outside the allow-list, whether a list names it or not (issue 26 item 11)', async () => {
    for (const p of ['/var/backups/shadow.bak', '/root/notes.txt', '/home/someone-else/esxi.iso', '/srv/esxi.iso', '/opt/esxi.iso', '/mnt/esxi.iso', '/media/esxi.iso', '/var/tmp/esxi.iso', '/data/esxi.iso']) {
      const r = await policy.check('read-file', p);
      expect(r.ok, p).toBe(false);
      if (!r.ok) expect(r.error.code, p).toBe('rejected');
    }
    const other = await policy.check('write-folder', '/home/someone-else/sites');
    expect(!other.ok && other.error.message).toContain("another user's home folder");
    const backups = await policy.check('read-file', '/var/backups/shadow.bak');
    expect(!backups.ok && backups.error.message).toContain('/var, a system folder');
    const data = await policy.check('write-folder', '/data/sites');
    expect(!data.ok && data.error.message).toContain('outside the places Sitekit uses');
  });

  it('allows a folder chosen in the native dialog for the session, but not the hidden folders in it', async () => {
    const isos = join(dir.path, 'isos');
    await mkdir(join(isos, '.cache'), { recursive: true });
    await writeFile(join(isos, 'esxi.iso'), 'iso bytes');
    await writeFile(join(isos, '.cache', 'x.iso'), 'iso bytes');
    const session = new PathPolicy({ workspace: join(dir.path, 'data', 'workspace'), dataDir: join(dir.path, 'data'), home });
    expect(await code(session.check('read-file', join(isos, 'esxi.iso')))).toBe('rejected');
    await session.choose(isos);
    expect(await code(session.check('read-file', join(isos, 'esxi.iso')))).toBe('ok');
    expect(await code(session.check('read-file', join(isos, '.cache', 'x.iso')))).toBe('rejected');
  });

  it('hands on the real path it decided on, links resolved', async () => {
    await mkdir(join(home, 'isos'), { recursive: true });
    await writeFile(join(home, 'isos', 'esxi.iso'), 'iso bytes');
    await symlink(join(home, 'isos'), join(home, 'latest'));
    const r = await policy.check('read-file', join(home, 'latest', 'esxi.iso'));
    expect(r.ok && r.value).toBe(join(home, 'isos', 'esxi.iso'));
    const w = await policy.check('write-folder', join(home, 'latest', 'new-folder'));
    expect(w.ok && w.value).toBe(join(home, 'isos', 'new-folder'));
  });

  it('a block device only where a device is expected', async () => {
    expect(await code(policy.check('read-file', '/dev/null'))).toBe('rejected');
    expect(await code(policy.check('read-target', '/dev/null'))).toBe('rejected'); // a character device
    expect(await code(policy.check('read-target', join(home, 'old-stick')))).toBe('ok');
  });

  it('refuses to walk a home folder or the disk root, and stops a folder scan at its limits', async () => {
    expect(await code(policy.check('read-folder', home))).toBe('rejected');
    expect(await code(policy.check('read-folder', '/root'))).toBe('rejected');
    expect(await code(policy.check('read-folder', '/'))).toBe('rejected');
    const many = join(dir.path, 'many');
    await mkdir(join(many, '.git'), { recursive: true });
    for (let i = 0; i < 30; i++) await writeFile(join(many, `f${i}.yaml`), 'a: 1\n');
    for (let i = 0; i < 50; i++) await writeFile(join(many, '.git', `o${i}`), 'x');
    expect((await scanFolder(many, { files: 30, bytes: 1e6, depth: 4 })).ok).toBe(true); // .git skipped
    const over = await scanFolder(many, { files: 29, bytes: 1e6, depth: 4 });
    expect(!over.ok && over.error.message).toMatch(/more than 29 files.*hidden folders skipped/);
    const deep = join(dir.path, 'deep', ...Array.from({ length: 6 }, (_, i) => `d${i}`));
    await mkdir(deep, { recursive: true });
    expect((await scanFolder(join(dir.path, 'deep'), { files: 10, bytes: 1e6, depth: 4 })).ok).toBe(false);
  });
});

describe('writes', () => {
  it('never over an existing non-image file, never into system folders; images and new files are fine', async () => {
    expect(await code(policy.check('write-image', join(home, 'thesis.docx')))).toBe('rejected');
    expect(await code(policy.check('write-image', '/etc/passwd'))).toBe('rejected');
    expect(await code(policy.check('write-image', '/dev/sda'))).toBe('rejected');
    expect(await code(policy.check('write-image', '/usr/local/bin/stick.img'))).toBe('rejected');
    expect(await code(policy.check('write-image', join(home, 'old-stick')))).toBe('ok'); // boot signature
    expect(await code(policy.check('write-image', join(home, 'esxi.iso')))).toBe('ok');
    expect(await code(policy.check('write-image', join(home, 'new.img')))).toBe('ok');
    expect(await code(policy.check('write-folder', '/etc/cron.d'))).toBe('rejected');
    expect(await code(policy.check('write-folder', join(home, 'thesis.docx')))).toBe('rejected');
  });

  it('a script is saved only under a .ps1 name, replacing only a .ps1 file, into a folder that exists', async () => {
    await writeFile(join(home, 'old.ps1'), 'Write-Host old\n');
    await symlink(join(home, 'thesis.docx'), join(home, 'link.ps1'));
    expect(await code(policy.check('write-script', join(home, 'custom-iso.ps1')))).toBe('ok');
    expect(await code(policy.check('write-script', join(home, 'old.ps1')))).toBe('ok');
    expect(await code(policy.check('write-script', join(home, 'thesis.docx')))).toBe('rejected');
    expect(await code(policy.check('write-script', join(home, 'link.ps1')))).toBe('rejected'); // a link to a document
    expect(await code(policy.check('write-script', join(home, '.ssh', 'x.ps1')))).toBe('rejected');
    expect(await code(policy.check('write-script', '/etc/profile.d/x.ps1'))).toBe('rejected');
    expect(await code(policy.check('write-script', join(home, 'no-such-folder', 'x.ps1')))).toBe('not-found');
  });

  it('relative paths resolve against the workspace, not the working directory', async () => {
    const r = await policy.check('write-image', 'stick.img');
    expect(r.ok && r.value).toBe(join(dir.path, 'data', 'workspace', 'stick.img'));
    const up = await policy.check('write-image', '../../../../../../etc/stick.img');
    expect(up.ok).toBe(false);
  });

  it('refuses hidden folders below every place, the workspace included', async () => {
    expect(await code(policy.check('write-folder', join(dir.path, 'data', 'workspace', '.ssh')))).toBe('rejected');
    expect(await code(policy.check('write-image', join(home, '.config', 'a.img')))).toBe('rejected');
  });

  it("Sitekit's own data folder is allowed even inside a hidden folder", async () => {
    const hidden = new PathPolicy({ workspace: join(home, '.local', 'share', 'sitekit', 'workspace'), dataDir: join(home, '.local', 'share', 'sitekit'), home });
    expect(await code(hidden.check('write-image', join(home, '.local', 'share', 'sitekit', 'images', 'a.img')))).toBe('ok');
    expect(await code(hidden.check('write-image', join(home, '.local', 'share', 'other', 'a.img')))).toBe('rejected');
  });
});

describe('the workspace setting (issue 26 item 2)', () => {
  const opts = () => ({ dataDir: join(home, '.local', 'share', 'sitekit'), home });

  it('refuses the disk root, system folders, hidden folders, the home folder itself and other homes', async () => {
    const cases: [string, RegExp][] = [
      ['/', /root of the disk/],
      ['/etc/sitekit', /\/etc, a system folder/],
      ['/usr', /\/usr, a system folder/],
      ['/var/backups', /\/var, a system folder/],
      [join(home, '.ssh'), /hidden folder \(\.ssh\)/],
      [join(home, '.config', 'sitekit'), /hidden folder \(\.config\)/],
      [home, /home folder itself/],
      ['/home/someone-else/sitekit', /another user's home folder/],
      ['relative/path', /not a full path/],
    ];
    for (const [path, why] of cases) expect(await workspaceRefusal(path, opts()), path).toMatch(why);
  });

  it('allows a folder inside the home folder, the data folder, or through a link that leads there', async () => {
    expect(await workspaceRefusal(join(home, 'sitekit'), opts())).toBeUndefined();
    expect(await workspaceRefusal(join(home, '.local', 'share', 'sitekit', 'workspace'), opts())).toBeUndefined();
    await symlink('/etc', join(home, 'looks-fine'));
    expect(await workspaceRefusal(join(home, 'looks-fine', 'sitekit'), opts())).toMatch(/\/etc, a system folder/);
  });
});
