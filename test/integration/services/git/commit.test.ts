/**
 * Links in a site repo never lead a write out of it (issue 26 item 1), whichever way the repo arrived: cloned by
 * Sitekit from the real test git server whose tree holds a symbolic link committed as a link, or an existing
 * clone made by the real git (`git connect --dir`). The victim files outside the repo must stay byte-identical.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readWorkTree } from '../../../../main/services/git/preview';
import { AUTHOR, USER, cliClone, gitCli, siteTree, world, type World } from './fixtures';

let w: World;
let outside: string;
beforeEach(async () => {
  w = await world();
  outside = join(w.tmp, 'outside', '.ssh');
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, 'authorized_keys'), 'ssh-ed25519 AAAA the-owner\n');
});
afterEach(async () => {
  await w.close();
});

const SITE = 'sites/store-0421';

/** Pushes a commit made by the real git whose tree holds `path` as a symbolic link to `target`. */
async function pushLink(path: string, target: string, extra: Record<string, string> = {}): Promise<void> {
  const seed = await cliClone(w.server, 'config', join(w.tmp, `seed-${Math.random().toString(36).slice(2)}`));
  for (const [p, text] of Object.entries(extra)) {
    await mkdir(join(seed, p, '..'), { recursive: true });
    await writeFile(join(seed, p), text);
  }
  await mkdir(join(seed, path, '..'), { recursive: true });
  await symlink(target, join(seed, path));
  await gitCli(seed, 'add', '-A');
  await gitCli(seed, 'commit', '-q', '-m', `add ${path} as a link`);
  await gitCli(seed, 'push', '-q', 'origin', 'HEAD:main');
  // The server really holds a link (mode 120000), not a copy.
  expect(await gitCli(w.server.repoPath('config'), 'ls-tree', 'main', path)).toMatch(/^120000 blob/);
}

async function outsideUntouched(): Promise<void> {
  expect(await readdir(outside)).toEqual(['authorized_keys']);
  expect(await readFile(join(outside, 'authorized_keys'), 'utf8')).toBe('ssh-ed25519 AAAA the-owner\n');
}

describe('commit through a repo with links', () => {
  it('refuses a clone whose `sites` is a committed link, naming the link and its target, and writes nothing', async () => {
    await pushLink('sites', outside);
    const c = await w.service.connect({ siteId: 'store-0421', mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: USER });
    expect(c.ok, c.ok ? '' : c.error.message).toBe(true);
    if (!c.ok) return;
    expect(await readlink(join(c.value.dir, 'sites'))).toBe(outside);
    const head = (await gitCli(c.value.dir, 'rev-parse', 'HEAD')).trim();
    const r = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, ['esx01', 'esx02']), author: AUTHOR });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('rejected');
    expect(r.error.message).toContain(`sites in ${c.value.dir} is a symbolic link to ${outside}`);
    expect(r.error.message).toContain('Nothing was written.');
    await outsideUntouched();
    expect((await gitCli(c.value.dir, 'rev-parse', 'HEAD')).trim()).toBe(head);
    expect(await gitCli(c.value.dir, 'status', '--porcelain')).toBe('');
  });

  it('refuses a site folder whose README.md or hosts/ is a link (cloned), before writing any other file', async () => {
    await pushLink(`${SITE}/README.md`, join(outside, 'authorized_keys'), { [`${SITE}/site.yaml`]: 'id: store-0421\n' });
    const c = await w.service.connect({ siteId: 'store-0421', mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: USER });
    if (!c.ok) throw new Error(c.error.message);
    const r = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, ['esx01']), author: AUTHOR });
    expect(!r.ok && r.error.message).toContain(`${SITE}/README.md in ${c.value.dir} is a symbolic link to ${join(outside, 'authorized_keys')}`);
    await outsideUntouched();
    // site.yaml, which sorts after README.md and would have been rewritten, is as the clone had it.
    expect(await readFile(join(c.value.dir, SITE, 'site.yaml'), 'utf8')).toBe('id: store-0421\n');
    expect(await gitCli(c.value.dir, 'status', '--porcelain')).toBe('');

    // Generation reads the work tree for a person's comments: the link is refused, not read through (its
    // target's text would otherwise end up in the generated files that get committed and pushed).
    const previous = await readWorkTree(c.value.dir, SITE);
    expect(!previous.ok && previous.error.message).toContain(`${SITE}/README.md in ${c.value.dir} is a symbolic link`);
  });

  it('refuses `hosts/` as a link in an existing clone made by the real git (git connect --dir)', async () => {
    await pushLink(`${SITE}/hosts`, outside, { [`${SITE}/site.yaml`]: 'id: store-0421\n' });
    const dir = await cliClone(w.server, 'config', join(w.tmp, 'existing'));
    const c = await w.service.connect({ siteId: 'store-0421', mode: 'open', dir, branch: 'main', basePath: 'sites' });
    expect(c.ok, c.ok ? '' : c.error.message).toBe(true);
    const r = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, ['esx01']), author: AUTHOR });
    expect(!r.ok && r.error.message).toContain(`${SITE}/hosts in ${dir} is a symbolic link to ${outside}`);
    await outsideUntouched();
    expect(await gitCli(dir, 'status', '--porcelain')).toBe('');
  });

  it('a push that integrates a remote which turned a link into a folder writes into a real folder, not through the link', async () => {
    // The remote first holds `docs` as a link to the outside folder …
    await pushLink('docs', outside);
    const c = await w.service.connect({ siteId: 'store-0421', mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: USER });
    if (!c.ok) throw new Error(c.error.message);
    expect(await readlink(join(c.value.dir, 'docs'))).toBe(outside);
    // … then someone replaces it with a folder holding a file of the same name as the victim.
    const other = await cliClone(w.server, 'config', join(w.tmp, 'other'));
    await rm(join(other, 'docs'));
    await mkdir(join(other, 'docs'));
    await writeFile(join(other, 'docs', 'authorized_keys'), 'ssh-ed25519 BBBB the-attacker\n');
    await gitCli(other, 'add', '-A');
    await gitCli(other, 'commit', '-q', '-m', 'docs: a folder now');
    await gitCli(other, 'push', '-q', 'origin', 'HEAD:main');
    // A local commit, then the push fetches and integrates the remote's change into the work tree.
    const committed = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, ['esx01']), author: AUTHOR });
    expect(committed.ok, committed.ok ? '' : committed.error.message).toBe(true);
    const pushed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(pushed.ok, pushed.ok ? '' : pushed.error.message).toBe(true);
    await outsideUntouched();
    expect(await readFile(join(c.value.dir, 'docs', 'authorized_keys'), 'utf8')).toBe('ssh-ed25519 BBBB the-attacker\n');
    expect(await gitCli(c.value.dir, 'status', '--porcelain')).toBe('');
  });
});
