/**
 * The browser-mode file chooser's channel over the real bridge: `files:list` shows folders and only the
 * files the filter asks for (no hidden ones), refuses the disk root, system folders and the kernel's pseudo
 * file systems (the path policy's allow-list), and `files:remember` keeps recent folders newest first;
 * `files:pick` says it is desktop-only.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { test, expect } from './fixtures';
import { tempDir } from '../helpers/temp';

const call = async (request: APIRequestContext, url: string, token: string, channel: string, data: unknown) => {
  const res = await request.post(`${url}/api/${channel}`, { data, headers: { 'X-Sitekit-Token': token } });
  expect(res.status()).toBe(200);
  return (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } };
};

test('files:list filters, hides and refuses; files:remember keeps recent folders; files:pick is desktop-only', async ({ request, app }) => {
  const work = await tempDir('sitekit-e2e-files-');
  try {
    await mkdir(join(work.path, 'isos'));
    await mkdir(join(work.path, '.hidden'));
    await writeFile(join(work.path, 'a.iso'), 'x'.repeat(10));
    await writeFile(join(work.path, 'B.ISO'), '');
    await writeFile(join(work.path, 'stick.img'), '');
    await writeFile(join(work.path, 'notes.txt'), '');
    const { url, token } = app.server;

    const iso = await call(request, url, token, 'files:list', { dir: work.path, filter: 'iso' });
    expect(iso.ok).toBe(true);
    const entries = iso.value!.entries as { name: string; kind: string; size?: number }[];
    expect(entries.map((e) => `${e.kind}:${e.name}`)).toEqual(['folder:isos', 'file:a.iso', 'file:B.ISO']);
    expect(entries.find((e) => e.name === 'a.iso')?.size).toBe(10);
    expect(iso.value!.parent).toBe(join(work.path, '..'));

    const images = await call(request, url, token, 'files:list', { dir: work.path, filter: 'image' });
    expect((images.value!.entries as { name: string }[]).map((e) => e.name)).toEqual(['isos', 'stick.img']);
    const folders = await call(request, url, token, 'files:list', { dir: work.path, filter: 'folder' });
    expect((folders.value!.entries as { name: string }[]).map((e) => e.name)).toEqual(['isos']);

    // The chooser applies the path policy's allow-list: the disk root and system folders are not listed at all.
    for (const dir of ['/', '/etc', '/usr', '/proc/self']) {
      const refused = await call(request, url, token, 'files:list', { dir, filter: 'folder' });
      expect(refused.error?.code, dir).toBe('rejected');
    }
    const missing = await call(request, url, token, 'files:list', { dir: join(work.path, 'nope'), filter: 'any' });
    expect(missing.error?.code).toBe('not-found');

    await call(request, url, token, 'files:remember', { path: join(work.path, 'a.iso') });
    const second = await call(request, url, token, 'files:remember', { path: join(work.path, 'isos') });
    expect(second.value!.recent).toEqual([join(work.path, 'isos'), work.path]);
    // Without a folder, the listing opens the most recent one.
    const again = await call(request, url, token, 'files:list', { filter: 'iso' });
    expect(again.value!.dir).toBe(join(work.path, 'isos'));

    const pick = await call(request, url, token, 'files:pick', { filter: 'iso' });
    expect(pick.error?.code).toBe('unsupported');
  } finally {
    await work.remove();
  }
});
