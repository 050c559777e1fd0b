/**
 * The path policy on a real file system (issue 17): reads only regular files outside system and hidden
 * folders, writes never over a non-image file nor into system folders, relative paths against the workspace,
 * links followed before deciding, folder scans bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PathPolicy, scanFolder } from '../../../main/services/path-policy';
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

  it('an ISO on a stick desktop Linux mounted under /run/media is readable; the rest of /run is not', async () => {
    const mount = join('/run/media', `sitekit-test-${process.pid}`, 'VENTOY');
    await mkdir(mount, { recursive: true });
    try {
      await writeFile(join(mount, 'esxi.iso'), 'iso bytes');
      expect(await code(policy.check('read-file', join(mount, 'esxi.iso')))).toBe('ok');
      expect(await code(policy.check('read-file', '/run/systemd/notify'))).toBe('rejected');
    } finally {
      await rm(join('/run/media', `sitekit-test-${process.pid}`), { recursive: true, force: true });
    }
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

  it("Sitekit's own data folder is allowed even inside a hidden folder", async () => {
    const hidden = new PathPolicy({ workspace: join(home, '.local', 'share', 'sitekit', 'workspace'), dataDir: join(home, '.local', 'share', 'sitekit'), home });
    expect(await code(hidden.check('write-image', join(home, '.local', 'share', 'sitekit', 'images', 'a.img')))).toBe('ok');
    expect(await code(hidden.check('write-image', join(home, '.local', 'share', 'other', 'a.img')))).toBe('rejected');
  });
});
