/**
 * The commit fast path (loose objects with node's zlib, one index rewrite, no index walk) checked against
 * the real git: same trees as `git add && git commit`, a clean `git status`, `git fsck --strict`, and a
 * clear refusal, changing nothing, for an index format it does not rewrite (version 4).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { commitSite, stageInIndex } from '../../../../main/services/git/commit';
import { tempDir } from '../../../helpers/temp';

const AUTHOR = { name: 'Field Tech', email: 'tech@example.invalid' };
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', `user.name=${AUTHOR.name}`, '-c', `user.email=${AUTHOR.email}`, ...args], { cwd, encoding: 'utf8' });

let t: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  t = await tempDir('sitekit-commit-index-');
});
afterEach(() => t.remove());

/** A repo with 40 other sites committed by git, and a site tree of `n` files for `sites/<id>`. */
async function fleetRepo(dir: string): Promise<void> {
  git(t.path, 'init', '-q', '-b', 'main', dir);
  for (let s = 0; s < 40; s++) {
    for (const f of ['site.yaml', 'base/time.yaml', 'hosts/esx01/kustomization.yaml']) {
      const p = join(dir, `sites/other-${s}/${f}`);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, `# ${s} ${f}\nvalue: ${s}\n`);
    }
  }
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'other sites');
}

const site = (id: string, v: string) => [
  { path: `sites/${id}/site.yaml`, content: `id: ${id}\nv: ${v}\n` },
  { path: `sites/${id}/base/time.yaml`, content: `ntp: ${v}\n` },
  { path: `sites/${id}/hosts/esx01/kustomization.yaml`, content: 'resources:\n  - ../../base\n' },
  { path: `sites/${id}/hosts/esx02/kustomization.yaml`, content: 'resources:\n  - ../../base\n' },
];

describe('commitSite fast path', () => {
  it('commits one site into a fleet repo as git would, leaving git status clean', async () => {
    const kit = join(t.path, 'kit');
    const cli = join(t.path, 'cli');
    await fleetRepo(kit);
    execFileSync('cp', ['-a', kit, cli]);
    for (const [v, files] of [['1', site('store-1', '1')], ['2', site('store-1', '2').slice(0, 3)]] as const) {
      const r = await commitSite({ dir: kit, branch: 'main', sitePath: 'sites/store-1', files, author: AUTHOR, message: `store-1 v${v}`, now: new Date('2026-12-02T10:00:00Z') });
      expect(r.ok && r.value.committed, JSON.stringify(r)).toBe(true);
      for (const f of files) {
        await mkdir(dirname(join(cli, f.path)), { recursive: true });
        await writeFile(join(cli, f.path), f.content);
      }
      if (v === '2') git(cli, 'rm', '-q', 'sites/store-1/hosts/esx02/kustomization.yaml');
      git(cli, 'add', 'sites/store-1');
      git(cli, 'commit', '-q', '-m', `store-1 v${v}`);
      expect(git(kit, 'rev-parse', 'HEAD^{tree}')).toBe(git(cli, 'rev-parse', 'HEAD^{tree}'));
      expect(git(kit, 'status', '--porcelain')).toBe('');
      expect(git(kit, 'diff', '--cached', '--name-only')).toBe('');
    }
    git(kit, 'fsck', '--strict', '--no-dangling');
    expect(git(kit, 'log', '-1', '--format=%an <%ae> %at %cn|%s')).toBe(`Field Tech <tech@example.invalid> ${Date.parse('2026-12-02T10:00:00Z') / 1000} Field Tech|store-1 v2\n`);
    expect(git(kit, 'log', '--format=%s')).toBe('store-1 v2\nstore-1 v1\nother sites\n');
    // Nothing of the other sites was touched in the index: git sees them unchanged and with fresh stat data.
    expect(git(kit, 'ls-files').split('\n').filter(Boolean)).toHaveLength(120 + 3);
  });

  it('refuses an index format it does not rewrite (version 4), saying how to fix it, and stages nothing', async () => {
    const dir = join(t.path, 'v4');
    await fleetRepo(dir);
    git(dir, 'update-index', '--index-version', '4');
    const before = await readFile(join(dir, '.git/index'));
    expect(await stageInIndex(dir, [{ path: 'sites/x/a.yaml', oid: 'e69de29bb2d1d6434b8b29ae775a8c2d48c5391d' }], [])).toBe('it uses index format version 4; Sitekit updates versions 2 and 3');
    const head = git(dir, 'rev-parse', 'HEAD');
    const r = await commitSite({ dir, branch: 'main', sitePath: 'sites/store-2', files: site('store-2', 'x'), author: AUTHOR, message: 'store-2', now: new Date() });
    expect(!r.ok && r.error.code).toBe('unsupported');
    expect(!r.ok && r.error.hint).toContain('git update-index --index-version 2');
    expect(await readFile(join(dir, '.git/index'))).toEqual(before);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    // After the fix the technician is told, the commit goes through.
    git(dir, 'update-index', '--index-version', '2');
    const again = await commitSite({ dir, branch: 'main', sitePath: 'sites/store-2', files: site('store-2', 'x'), author: AUTHOR, message: 'store-2', now: new Date() });
    expect(again.ok && again.value.committed, JSON.stringify(again)).toBe(true);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    git(dir, 'fsck', '--strict', '--no-dangling');
  });
});
