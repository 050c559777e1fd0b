/**
 * The Git step end to end in Chromium against a real git http-backend server: connect with credentials,
 * see the diff, commit while the server is down ("1 commit waiting to push"), push once it is back, and
 * check the server's repository with the real git CLI.
 */
import { test, expect, expectAccessible } from './fixtures';
import { startGitServer, gitCli, type GitServer } from '../helpers/git-server';
import { minimalSite } from '../helpers/sites';

// The local git server is plain http:// on 127.0.0.1: allowed only explicitly (core/git/remote-rule.ts).
test.use({ loopbackHttp: true });

let server: GitServer;
test.beforeEach(async () => {
  server = await startGitServer({ auth: { username: 'tech', password: 'field-Pa55' } });
  await server.createRepo('fleet');
});
test.afterEach(async () => {
  await server.close();
});

test('connects, previews, commits offline and pushes when the server is back', async ({ page, app, shot }) => {
  await app.services.settings.set({ technician: { name: 'Field Tech', email: 'tech@example.invalid' } });
  expect((await app.services.workspace.save(minimalSite({ twoNode: true }))).ok).toBe(true);
  try {
    await page.goto(app.server.openUrl);
    await page.getByRole('button', { name: /Store 0421/ }).click();
    await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Git/ }).click();
    await expect(page.getByRole('heading', { name: 'Git — Store 0421' })).toBeVisible();
    // The local server is plain http:// on 127.0.0.1, allowed only explicitly: the step says so.
    await expect(page.getByRole('note').filter({ hasText: 'SITEKIT_ALLOW_LOOPBACK_HTTP=1 is set' })).toBeVisible();

    // A wrong password is explained and nothing is connected.
    await page.getByLabel('Repository URL').fill(server.url('fleet'));
    await page.getByLabel('User name', { exact: true }).fill('tech');
    await page.getByLabel('Password', { exact: true }).fill('wrong');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByRole('alert')).toContainText('rejected the user name or password');
    await page.getByLabel('Password', { exact: true }).fill('field-Pa55');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Connected to/ })).toBeVisible();

    // The preview lists the generated files; a diff opens per file.
    const files = page.getByRole('list', { name: 'Changed files' });
    await expect(files.getByText('sites/store-0421/hosts/esx02/kustomization.yaml', { exact: true })).toBeVisible();
    await files.getByText('sites/store-0421/base/time.yaml', { exact: true }).click();
    await expect(page.getByLabel('Changes in sites/store-0421/base/time.yaml')).toContainText('+kind: HostConfiguration');
    await shot('git-01-preview');
    await expectAccessible(page);

    // No network: the commit is made and waits.
    await server.stop();
    await page.getByLabel('Why (goes into the commit message)').fill('install day');
    await page.getByRole('button', { name: /^Commit \d+ files$/ }).click();
    await expect(page.getByRole('status').filter({ hasText: /^✓ Committed [0-9a-f]{7}: store-0421: add esx01, esx02/ })).toBeVisible();
    await expect(page.getByText('1 commit waiting to push')).toBeVisible();
    await page.getByRole('button', { name: 'Push now' }).click();
    await expect(page.getByRole('alert')).toContainText('could not be reached');
    await expect(page.getByRole('alert')).toContainText('1 commit waiting to push is kept');
    await expect(page.getByText('Sitekit pushes by itself')).toBeVisible();
    await shot('git-02-offline');

    // The server is back: one click.
    await server.start();
    await page.getByRole('button', { name: 'Retry push' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Pushed 1 commit to http:\/\/127\.0\.0\.1:\d+\/fleet\.git \(main\)/ })).toBeVisible();
    await expect(page.getByText('Nothing waiting to push')).toBeVisible();
    await shot('git-03-pushed');

    const bare = server.repoPath('fleet');
    await gitCli(bare, 'fsck', '--full', '--strict');
    expect(await gitCli(bare, 'log', '--format=%an <%ae>|%s', 'main')).toBe('Field Tech <tech@example.invalid>|store-0421: add esx01, esx02\n');
    expect(await gitCli(bare, 'ls-tree', '-r', '--name-only', 'main')).toContain('sites/store-0421/hosts/esx01/kustomization.yaml');
    const draft = await app.services.workspace.load('store-0421');
    expect(draft.ok && draft.value.site.records.commits.map((c) => c.pushed)).toEqual([true]);
  } finally {
    app.services.git.dispose();
  }
});
