/**
 * The Git step for a newcomer (issue 28): Commit stays off, and says why, until Settings name the commit's
 * author (it used to be enabled and then fail); once connected, another repository can be connected in place
 * of the first (there was no way back to the connect form). Real local repositories, checked with git.
 */
import { test, expect } from './fixtures';
import { gitCli } from '../helpers/git-server';
import { minimalSite } from '../helpers/sites';
import { tempDir } from '../helpers/temp';

test('Commit waits for the author email; another repository can replace the connected one', async ({ page, app, shot }) => {
  await app.services.settings.set({ technician: { name: 'Field Tech', email: '' } });
  expect((await app.services.workspace.save(minimalSite())).ok).toBe(true);
  const first = await tempDir('sitekit-e2e-first-');
  const second = await tempDir('sitekit-e2e-second-');
  try {
    await gitCli(first.path, 'init', '-q', '-b', 'main');
    await gitCli(second.path, 'init', '-q', '-b', 'main');
    await page.goto(app.server.openUrl);
    await page.getByRole('button', { name: /Store 0421/ }).click();
    await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: 'Git' }).click();
    await expect(page.getByRole('heading', { name: 'Git — Store 0421' })).toBeVisible();

    await page.getByLabel('Open a clone on this computer').check();
    await page.getByLabel('Folder of the clone', { exact: true }).fill(first.path);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Connected to/ })).toContainText(first.path);

    // No author email: Commit is off and says what to do, instead of failing after the click.
    const commit = page.getByRole('button', { name: /^Commit \d+ files?$/ });
    await expect(commit).toBeDisabled();
    await expect(page.getByTestId('commit-needs-author')).toContainText('Set your email in Settings first');
    await expect(page.getByTestId('git-author')).toContainText('your email is not set in Settings');
    await shot('git-commit-needs-author');
    await page.getByTestId('commit-needs-author').getByRole('button', { name: 'Open Settings' }).click();
    await page.getByLabel('Technician email').fill('tech@example.invalid');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
    await page.getByRole('button', { name: 'Close settings' }).click();
    await expect(page.getByTestId('git-author')).toContainText('Commits are made as Field Tech');
    await expect(commit).toBeEnabled();
    await commit.click();
    await expect(page.getByRole('status').filter({ hasText: /^✓ Committed [0-9a-f]{7}/ })).toBeVisible();
    expect(await gitCli(first.path, 'log', '--format=%an <%ae>', 'main')).toBe('Field Tech <tech@example.invalid>\n');

    // The step settles after a commit (status, then a new preview, during which its buttons are off): wait for the
    // preview, or a click can land in the moment the button turns off.
    await expect(page.getByText('No changes: the repository already holds this site as generated.')).toBeVisible();
    // Another repository: the connect form again, saying what is replaced; Keep returns to the first.
    await page.getByRole('button', { name: 'Connect another repository…' }).click();
    await expect(page.getByRole('heading', { name: 'Connect another repository' })).toBeVisible();
    await expect(page.getByTestId('git-replacing')).toContainText(first.path);
    await shot('git-connect-another');
    await page.getByRole('button', { name: 'Keep the current repository' }).click();
    await expect(page.getByText(`Local folder: ${first.path}`)).toBeVisible();
    await page.getByRole('button', { name: 'Connect another repository…' }).click();
    await page.getByLabel('Open a clone on this computer').check();
    await page.getByLabel('Folder of the clone', { exact: true }).fill(second.path);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Connected to/ })).toContainText(second.path);
    await expect(page.getByText(`Local folder: ${second.path}`)).toBeVisible();
    // The site's files are not in the new repository yet: the preview offers them again; the first keeps its commit.
    await expect(commit).toBeEnabled();
    const status = await app.services.git.connection('store-0421');
    expect(status.ok && status.value.dir).toBe(second.path);
    expect(await gitCli(first.path, 'rev-list', '--count', 'main')).toBe('1\n');
  } finally {
    app.services.git.dispose();
    await first.remove();
    await second.remove();
  }
});
