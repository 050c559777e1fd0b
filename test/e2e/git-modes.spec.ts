/**
 * Git Connect in each mode after a failed attempt in another (issue 18): the fields of the mode left behind
 * are hidden and no longer checked, so Connect works. Real git http-backend server, real local clones.
 * Also: the HTTPS rule is said before Connect, Branch and Base path line up, and the Git author is the
 * technician from Settings, with a link to change it.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startGitServer, gitCli, type GitServer } from '../helpers/git-server';
import { minimalSite } from '../helpers/sites';
import { tempDir } from '../helpers/temp';

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

async function openGit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: /Store 0421/ }).click();
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: 'Git' }).click();
  await expect(page.getByRole('heading', { name: 'Git — Store 0421' })).toBeVisible();
}

const connected = (page: Page) => page.getByRole('status').filter({ hasText: /Connected to/ });

test('after a failed clone (bad address, then a refused one), "Open a clone on this computer" connects', async ({ page, app }) => {
  await app.services.settings.set({ technician: { name: 'Field Tech', email: 'tech@example.invalid' } });
  expect((await app.services.workspace.save(minimalSite())).ok).toBe(true);
  const clone = await tempDir('sitekit-e2e-clone-');
  try {
    await gitCli(clone.path, 'init', '-q', '-b', 'main');
    await openGit(page, app.server.openUrl);
    // One identity: the author is the technician in Settings, and the step links there.
    await expect(page.getByTestId('git-author')).toContainText('Field Tech');
    await expect(page.getByTestId('git-author').getByRole('button', { name: 'Change the technician in Settings' })).toBeVisible();
    // The HTTPS rule is said before Connect.
    await expect(page.getByText(/The server address must be https:\/\//)).toBeVisible();

    await page.getByLabel('Repository URL').fill('not an address');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByLabel('Repository URL')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Repository URL').fill('http://git.example.com/org/sites.git');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByText(/Sitekit connects over HTTPS only/)).toBeVisible();
    await page.getByLabel('Repository URL').fill(server.url('fleet'));
    await page.getByLabel('User name', { exact: true }).fill('tech');
    await page.getByLabel('Password', { exact: true }).fill('wrong');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByRole('alert')).toContainText('rejected the user name or password');
    // The URL field is left with a value: switching mode must not keep validating it.
    await page.getByLabel('Repository URL').fill('still not an address');

    await page.getByLabel('Open a clone on this computer').check();
    await expect(page.getByLabel('Repository URL')).toHaveCount(0);
    await page.getByLabel('Folder of the clone', { exact: true }).fill(clone.path);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(connected(page)).toContainText(clone.path);
  } finally {
    app.services.git.dispose();
    await clone.remove();
  }
});

test('after a failed "Open a clone" (no repository there), cloning over the server connects', async ({ page, app }) => {
  expect((await app.services.workspace.save(minimalSite())).ok).toBe(true);
  const empty = await tempDir('sitekit-e2e-notrepo-');
  try {
    await openGit(page, app.server.openUrl);
    await page.getByLabel('Open a clone on this computer').check();
    await page.getByLabel('Folder of the clone', { exact: true }).fill(empty.path);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByRole('alert')).toContainText('is not a Git repository');

    await page.getByLabel('Clone from a server (HTTPS)').check();
    await page.getByLabel('Repository URL').fill(server.url('fleet'));
    await page.getByLabel('User name', { exact: true }).fill('tech');
    await page.getByLabel('Password', { exact: true }).fill('field-Pa55');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(connected(page)).toContainText(server.url('fleet'));
  } finally {
    app.services.git.dispose();
    await empty.remove();
  }
});

test('after a failed clone, "Start a new repository" connects; Branch and Base path line up, Connect stands apart', async ({ page, app }) => {
  expect((await app.services.workspace.save(minimalSite())).ok).toBe(true);
  try {
    await openGit(page, app.server.openUrl);
    const branch = await page.getByLabel('Branch', { exact: true }).boundingBox();
    const base = await page.getByLabel('Base path', { exact: true }).boundingBox();
    expect(branch && base && Math.abs(branch.y - base.y)).toBeLessThanOrEqual(1);
    expect(branch && base && Math.abs(branch.height - base.height)).toBeLessThanOrEqual(1);
    const connect = await page.getByRole('button', { name: 'Connect' }).boundingBox();
    const lowest = await page.getByLabel('Remember on this computer').boundingBox();
    expect(connect!.y).toBeGreaterThan(lowest!.y + lowest!.height);

    await page.getByLabel('Repository URL').fill(server.url('missing-repo'));
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByRole('alert')).toBeVisible();

    await page.getByLabel('Start a new repository').check();
    await page.getByLabel('Repository URL').fill('');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(connected(page)).toBeVisible();
  } finally {
    app.services.git.dispose();
  }
});
