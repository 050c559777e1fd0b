import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, writeFile, mkdir, access, chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AUTHOR, USER, cliClone, gitCli, serverState, siteTree, world, type World } from './fixtures';

const SITE = 'sites/store-0421';
const HOSTS = ['esx01', 'esx02'];

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => {
  await w.close();
});

async function connect(siteId = 'store-0421'): Promise<string> {
  const c = await w.service.connect({ siteId, mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: USER });
  if (!c.ok) throw new Error(c.error.message);
  return c.value.dir;
}

describe('clone, commit, push round trip', () => {
  it('clones an empty repo, commits the site and pushes; the real git sees exactly those files', async () => {
    const dir = await connect();
    const files = siteTree(SITE, HOSTS);
    const preview = await w.service.preview('store-0421', { siteName: 'Store 0421', files });
    expect(preview.ok && preview.value.files.map((f) => [f.path, f.kind])).toEqual(files.map((f) => [f.path, 'added']));

    const commit = await w.service.commit('store-0421', { siteName: 'Store 0421', files, author: AUTHOR, reason: 'first install' });
    expect(commit.ok).toBe(true);
    if (!commit.ok) return;
    expect(commit.value.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(commit.value.message).toMatch(/^store-0421: add esx01, esx02\n/);
    expect(commit.value.message).toContain('Why: first install');

    const before = await w.service.status('store-0421');
    expect(before.ok && before.value.waitingToPush).toBe(1);

    const progress: string[] = [];
    const pushed = await w.service.push('store-0421', { committer: AUTHOR, onProgress: (p) => progress.push(p.phase) });
    expect(pushed.ok && pushed.value).toMatchObject({ pushed: 1, integrated: 'none', head: commit.value.sha });
    const after = await w.service.status('store-0421');
    expect(after.ok && after.value.waitingToPush).toBe(0);

    const server = await serverState(w.server);
    expect(server.head).toBe(commit.value.sha);
    expect(server.files).toEqual(files.map((f) => f.path));
    expect(server.subjects).toEqual(['store-0421: add esx01, esx02']);
    const author = (await gitCli(w.server.repoPath('config'), 'log', '-1', '--format=%an <%ae>', 'main')).trim();
    expect(author).toBe('Field Tech <tech@example.invalid>');
    // A fresh clone by the real git has byte-identical files, and the Sitekit clone is clean for real git.
    const check = await cliClone(w.server, 'config', join(w.tmp, 'check'));
    for (const f of files) expect(await readFile(join(check, f.path), 'utf8')).toBe(f.content);
    expect(await gitCli(dir, 'status', '--porcelain')).toBe('');
  });

  it('committing the same files again makes no commit', async () => {
    await connect();
    const files = siteTree(SITE, HOSTS);
    const first = await w.service.commit('store-0421', { siteName: 'S', files, author: AUTHOR });
    const again = await w.service.commit('store-0421', { siteName: 'S', files, author: AUTHOR });
    expect(again.ok && again.value).toMatchObject({ committed: false, sha: first.ok ? first.value.sha : '' });
  });
});

describe('diff preview', () => {
  it('lists exactly what the commit changes, with the same hunks as git diff', async () => {
    const dir = await connect();
    await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS), author: AUTHOR });
    // Regenerate: esx02 removed, esx03 added, esx01 changed (variant), README unchanged.
    const next = siteTree(SITE, ['esx01', 'esx03'], 1);
    const preview = await w.service.preview('store-0421', { siteName: 'S', files: next, reason: 'replace esx02' });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.value.hosts).toEqual(['esx01', 'esx02', 'esx03']);
    const commit = await w.service.commit('store-0421', { siteName: 'S', files: next, author: AUTHOR, reason: 'replace esx02' });
    expect(commit.ok && commit.value.message).toBe(preview.value.message);
    await w.service.push('store-0421', { committer: AUTHOR });

    const bare = w.server.repoPath('config');
    const nameStatus = (await gitCli(bare, 'diff', '--no-renames', '--name-status', 'main~1', 'main')).trim().split('\n').map((l) => l.split('\t'));
    const kind = { A: 'added', M: 'modified', D: 'deleted' } as Record<string, string>;
    expect(preview.value.files.map((f) => [f.path, f.kind])).toEqual(nameStatus.map(([s, p]) => [p, kind[s as string]]));
    for (const f of preview.value.files) {
      const gitText = await gitCli(bare, 'diff', 'main~1', 'main', '--', f.path);
      // Compare from the ---/+++ headers on (git adds "diff --git" and "index" lines before them, and a
      // function-context heading after each @@ range, which Sitekit does not print).
      expect(f.diff).toBe(gitText.slice(gitText.indexOf('--- ')).replace(/^(@@ [^@]+ @@).*$/gm, '$1'));
    }
    expect(await gitCli(dir, 'status', '--porcelain')).toBe('');
  });

  it('reports files under the site folder that Sitekit did not generate, and leaves them alone', async () => {
    const dir = await connect();
    await mkdir(join(dir, SITE), { recursive: true });
    await writeFile(join(dir, SITE, 'notes.txt'), 'hand-written\n');
    const files = siteTree(SITE, HOSTS);
    const preview = await w.service.preview('store-0421', { siteName: 'S', files });
    expect(preview.ok && preview.value.untracked).toEqual([`${SITE}/notes.txt`]);
    await w.service.commit('store-0421', { siteName: 'S', files, author: AUTHOR });
    expect(await readFile(join(dir, SITE, 'notes.txt'), 'utf8')).toBe('hand-written\n');
    expect(await gitCli(dir, 'ls-files', SITE + '/notes.txt')).toBe('');
  });
});

describe('offline queue', () => {
  it('commits while the server is down, says how many wait, and pushes them when it is back', async () => {
    await connect();
    await w.server.stop();
    const c1 = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS), author: AUTHOR });
    expect(c1.ok).toBe(true);
    const failed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.code).toBe('network-unreachable');
    expect(failed.error.kept).toBe('1 commit waiting to push is kept in the local repository.');
    const c2 = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS, 2), author: AUTHOR });
    expect(c2.ok).toBe(true);
    const st = await w.service.status('store-0421');
    expect(st.ok && st.value.waitingToPush).toBe(2);

    await w.server.start();
    const pushed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(pushed.ok && pushed.value.pushed).toBe(2);
    const server = await serverState(w.server);
    expect(server.subjects).toHaveLength(2);
    expect(server.head).toBe(c2.ok ? c2.value.sha : '');
  });

  it('the server stopped mid-push: nothing is lost and the retry succeeds', async () => {
    await connect();
    const c = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS), author: AUTHOR });
    let cut = 0;
    w.server.onRequest = async (req) => {
      if (req.service === 'git-receive-pack' && req.isPackPost) {
        cut++;
        await w.server.stop(); // the pack upload is in flight: the server goes away
      }
    };
    const failed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(cut).toBe(1);
    expect(failed.ok).toBe(false);
    expect(!failed.ok && failed.error.code).toBe('network-unreachable');
    expect(await gitCli(w.server.repoPath('config'), 'for-each-ref')).toBe(''); // nothing arrived
    const st = await w.service.status('store-0421');
    expect(st.ok && st.value).toMatchObject({ waitingToPush: 1, head: c.ok ? c.value.sha : '' });

    w.server.onRequest = undefined;
    await w.server.start();
    const retried = await w.service.push('store-0421', { committer: AUTHOR });
    expect(retried.ok, retried.ok ? '' : retried.error.message).toBe(true);
    expect((await serverState(w.server)).head).toBe(c.ok ? c.value.sha : '');
  });

  it('pushes by itself once the remote answers again', async () => {
    await connect();
    await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS), author: AUTHOR });
    // The remote is unreachable for the first three requests (the connection is cut), then answers.
    let cut = 0;
    w.server.onRequest = (req) => {
      if (cut < 3) {
        cut++;
        req.drop();
      }
    };
    const pushed = await new Promise<number>((resolve) => {
      w.service.autoPush('store-0421', { committer: AUTHOR, minDelayMs: 10, maxDelayMs: 20, onPushed: (info) => resolve(info.pushed) });
    });
    expect(cut).toBe(3);
    expect(pushed).toBe(1);
    w.server.onRequest = undefined;
    expect((await serverState(w.server)).subjects).toHaveLength(1);
  });
});

describe('the remote moved (non-fast-forward)', () => {
  async function otherClone(): Promise<string> {
    return cliClone(w.server, 'config', join(w.tmp, 'colleague'));
  }
  async function colleagueCommits(path: string, content: string, message: string): Promise<void> {
    const dir = join(w.tmp, 'colleague');
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
    await gitCli(dir, 'add', path);
    await gitCli(dir, 'commit', '-q', '-m', message);
    await gitCli(dir, 'push', '-q', 'origin', 'HEAD:main');
  }

  it('changes in another site are integrated by replaying our commit on top', async () => {
    const dir = await connect();
    const c0 = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS), author: AUTHOR });
    await w.service.push('store-0421', { committer: AUTHOR });
    await otherClone();
    await colleagueCommits('sites/store-0999/site.yaml', 'other: site\n', 'store-0999: add');
    await chmod(join(w.tmp, 'colleague', 'sites/store-0999/site.yaml'), 0o755); // an executable file stays executable
    await gitCli(join(w.tmp, 'colleague'), 'commit', '-q', '-am', 'store-0999: mode');
    await gitCli(join(w.tmp, 'colleague'), 'push', '-q', 'origin', 'HEAD:main');
    const c1 = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS, 5), author: AUTHOR });
    const pushed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(pushed.ok).toBe(true);
    if (!pushed.ok || !c1.ok || !c0.ok) return;
    expect(pushed.value.integrated).toBe('replayed');
    expect(pushed.value.replayed).toHaveLength(1);
    expect(pushed.value.replayed[0]!.from).toBe(c1.value.sha);
    const server = await serverState(w.server);
    expect(server.head).toBe(pushed.value.replayed[0]!.to);
    expect(server.subjects).toEqual(['store-0421: update esx01, esx02', 'store-0999: mode', 'store-0999: add', 'store-0421: add esx01, esx02']);
    expect(server.files).toContain('sites/store-0999/site.yaml');
    // Linear history, our commit's content intact, and the local clone has the colleague's file and is clean.
    expect((await gitCli(w.server.repoPath('config'), 'rev-list', '--merges', 'main')).trim()).toBe('');
    expect(await gitCli(w.server.repoPath('config'), 'show', `main:${SITE}/hosts/esx01/vswitches.yaml`)).toContain('mtu: 1505');
    expect(await readFile(join(dir, 'sites/store-0999/site.yaml'), 'utf8')).toBe('other: site\n');
    expect((await stat(join(dir, 'sites/store-0999/site.yaml'))).mode & 0o111).not.toBe(0);
    expect(await gitCli(dir, 'status', '--porcelain')).toBe('');
    // The pre-replay head is kept.
    expect((await gitCli(dir, 'rev-parse', 'refs/sitekit/backup/main')).trim()).toBe(c1.value.sha);
  });

  it('a remote change to a file with uncommitted local edits stops before touching anything', async () => {
    const dir = await connect();
    await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS), author: AUTHOR });
    await w.service.push('store-0421', { committer: AUTHOR });
    await otherClone();
    await colleagueCommits('sites/store-0999/site.yaml', 'from the colleague\n', 'store-0999: add');
    await mkdir(join(dir, 'sites/store-0999'), { recursive: true });
    await writeFile(join(dir, 'sites/store-0999/site.yaml'), 'my unsaved work\n');
    const ours = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS, 9), author: AUTHOR });
    const pushed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(!pushed.ok && pushed.error.code).toBe('conflict');
    expect(!pushed.ok && pushed.error.message).toContain('sites/store-0999/site.yaml');
    expect(await readFile(join(dir, 'sites/store-0999/site.yaml'), 'utf8')).toBe('my unsaved work\n');
    expect((await gitCli(dir, 'rev-parse', 'main')).trim()).toBe(ours.ok ? ours.value.sha : '');
  });

  it('changes in the same site stop the push, explain, and keep everything', async () => {
    const dir = await connect();
    await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS), author: AUTHOR });
    await w.service.push('store-0421', { committer: AUTHOR });
    await otherClone();
    await colleagueCommits(`${SITE}/README.md`, 'edited by a colleague\n', 'store-0421: edit readme');
    const remoteHead = (await serverState(w.server)).head;
    const ours = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS, 7), author: AUTHOR });
    const pushed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(pushed.ok).toBe(false);
    if (pushed.ok || !ours.ok) return;
    expect(pushed.error.code).toBe('conflict');
    expect(pushed.error.message).toContain(`${SITE}/README.md`);
    expect(pushed.error.kept).toContain('1 local commit is kept');
    expect(pushed.error.hint).toMatch(/git log -p origin\/main/);
    // Nothing lost on either side.
    expect((await gitCli(dir, 'rev-parse', 'main')).trim()).toBe(ours.value.sha);
    expect((await serverState(w.server)).head).toBe(remoteHead);
    expect(await readFile(join(dir, SITE, 'hosts/esx01/vswitches.yaml'), 'utf8')).toContain('mtu: 1507');
    const st = await w.service.status('store-0421');
    expect(st.ok && st.value.waitingToPush).toBe(1);
  });
});

describe('credentials and network errors', () => {
  it('a wrong password is reported as such and leaves no folder behind', async () => {
    const c = await w.service.connect({ siteId: 'store-0421', mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: { username: 'alice', password: 'wrong' } });
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.error.code).toBe('unauthorized');
    expect(c.error.message).toContain('rejected the user name or password');
    expect(c.error.message).not.toContain('wrong');
    await expect(access(join(w.service.reposRoot, '127.0.0.1-' + w.server.port + '-config'))).rejects.toThrow();
  });

  it('new credentials for an already cloned URL are proven before they replace the stored ones (a wrong password changes nothing)', async () => {
    const first = await w.service.connect({ siteId: 'store-0421', mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: USER, remember: true });
    expect(first.ok).toBe(true);
    const stored = await w.secrets.get(`git:${w.url}`);
    let requests = 0;
    w.server.onRequest = () => void requests++;
    // A second site on the same repo, with a wrong password: the folder exists, but the remote is asked.
    const second = await w.service.connect({ siteId: 'store-0422', mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: { username: 'alice', password: 'wrong' }, remember: true });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error.code).toBe('unauthorized');
      expect(second.error.message).toMatch(/^The credentials entered were not accepted by 127\.0\.0\.1:\d+: .*rejected the user name or password \(HTTP 401\)/);
      expect(second.error.kept).toMatch(/credentials already stored for .* are kept unchanged/);
      expect(JSON.stringify(second.error)).not.toContain('wrong');
    }
    expect(requests).toBeGreaterThan(0);
    expect(await w.secrets.get(`git:${w.url}`)).toBe(stored);
    expect((await w.service.connection('store-0422')).ok).toBe(false);
    // The first site still pushes with its credentials.
    await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS), author: AUTHOR });
    const pushed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(pushed.ok).toBe(true);
    // The right credentials connect the second site.
    const again = await w.service.connect({ siteId: 'store-0422', mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: USER });
    expect(again.ok).toBe(true);
  });

  it('a rejected token is reported as expired; the commit waiting to push is kept', async () => {
    await connect();
    const c = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS), author: AUTHOR });
    await w.service.setCredentials(w.url, { token: 'ghp_expiredexpiredexpiredexpired00' }, false);
    const pushed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(!pushed.ok && pushed.error.code).toBe('auth-expired');
    expect(!pushed.ok && pushed.error.kept).toContain('1 commit waiting to push');
    expect(JSON.stringify(pushed)).not.toContain('ghp_expired');
    const st = await w.service.status('store-0421');
    expect(st.ok && st.value).toMatchObject({ waitingToPush: 1, head: c.ok ? c.value.sha : '' });
  });

  it('a push the server refuses (a hook, branch protection) is "rejected" and the commit stays', async () => {
    await connect();
    const hook = join(w.server.repoPath('config'), 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "main is protected: open a merge request" >&2\nexit 1\n', { mode: 0o755 });
    const c = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS), author: AUTHOR });
    const pushed = await w.service.push('store-0421', { committer: AUTHOR });
    expect(pushed.ok).toBe(false);
    if (pushed.ok) return;
    expect(pushed.error.code).toBe('rejected');
    expect(pushed.error.message).toContain('pre-receive hook declined); the server said: "main is protected: open a merge request"');
    expect(pushed.error.kept).toContain('1 commit waiting to push');
    expect(await gitCli(w.server.repoPath('config'), 'for-each-ref')).toBe('');
    const st = await w.service.status('store-0421');
    expect(st.ok && st.value).toMatchObject({ waitingToPush: 1, head: c.ok ? c.value.sha : '' });
  });

  it('an unknown host and a refused connection have their own errors', async () => {
    const unknown = await w.service.connect({ siteId: 's1', mode: 'clone', url: 'https://no-such-host.invalid/config.git', branch: 'main', basePath: 'sites' });
    expect(!unknown.ok && unknown.error.code).toBe('unknown-host');
    await w.server.stop();
    const refused = await w.service.connect({ siteId: 's2', mode: 'clone', url: w.url, branch: 'main', basePath: 'sites', credentials: USER });
    expect(!refused.ok && refused.error.code).toBe('network-unreachable');
  });
});

describe('a dirty repository', () => {
  it('unrelated changes (modified, staged, untracked) are neither committed nor touched', async () => {
    // The repo already holds another site and a top-level file.
    const seed = await cliClone(w.server, 'config', join(w.tmp, 'seed'));
    await mkdir(join(seed, 'sites/store-0999'), { recursive: true });
    await writeFile(join(seed, 'sites/store-0999/site.yaml'), 'v: 1\n');
    await writeFile(join(seed, 'README.md'), 'fleet\n');
    await gitCli(seed, 'add', '.');
    await gitCli(seed, 'commit', '-q', '-m', 'seed');
    await gitCli(seed, 'push', '-q', 'origin', 'HEAD:main');

    const dir = await connect();
    await writeFile(join(dir, 'README.md'), 'fleet, edited locally\n'); // modified, not staged
    await writeFile(join(dir, 'sites/store-0999/site.yaml'), 'v: 2\n');
    await gitCli(dir, 'add', 'sites/store-0999/site.yaml'); // staged by someone with git
    await writeFile(join(dir, 'scratch.txt'), 'todo\n'); // untracked

    const c = await w.service.commit('store-0421', { siteName: 'S', files: siteTree(SITE, HOSTS), author: AUTHOR });
    expect(c.ok).toBe(true);
    const changed = (await gitCli(dir, 'show', '--name-only', '--format=', 'HEAD')).trim().split('\n');
    expect(changed.every((p) => p.startsWith(SITE + '/'))).toBe(true);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('fleet, edited locally\n');
    expect(await readFile(join(dir, 'scratch.txt'), 'utf8')).toBe('todo\n');
    const porcelain = (await gitCli(dir, 'status', '--porcelain')).split('\n').filter(Boolean).sort();
    expect(porcelain).toEqual([' M README.md', '?? scratch.txt', 'M  sites/store-0999/site.yaml']);
    await w.service.push('store-0421', { committer: AUTHOR });
    expect((await gitCli(w.server.repoPath('config'), 'show', 'main:sites/store-0999/site.yaml'))).toBe('v: 1\n');
  });
});
