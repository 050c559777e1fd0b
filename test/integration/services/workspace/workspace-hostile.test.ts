/**
 * The workspace under hostile input and faults (issue 17): imports never replace a newer, broken or existing
 * draft unless told; YAML bombs are invalid files with line and column, and listed; kill -9 during saves
 * leaves a loadable draft and backup, and the next start removes the temp files.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile, mkdir, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { Workspace } from '../../../../main/services/workspace/workspace';
import { parseSiteYaml, stringifySite } from '../../../../main/core/site/yaml';
import { TEMP_FILE } from '../../../../main/services/fs-atomic';
import { tempDir } from '../../../helpers/temp';
import { minimalSite } from '../../../helpers/sites';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

let dir: { path: string; remove: () => Promise<void> };
let ws: Workspace;
beforeEach(async () => {
  dir = await tempDir();
  ws = new Workspace({ root: dir.path });
});
afterEach(() => dir.remove());

/** A billion-laughs site.yaml: 9 levels of 9 aliases each. */
function aliasBomb(id = 'bomb-site'): string {
  const L = 'abcdefghi';
  const lines = [`apiVersion: sitekit/v1`, `kind: Site`, `metadata: {name: Bomb, id: ${id}}`, `x0: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i < 9; i++) lines.push(`x${i}: &${L[i]} [${Array(9).fill('*' + L[i - 1]).join(',')}]`);
  return lines.join('\n') + '\n';
}

const v1Text = (name: string) => stringifySite(minimalSite({ name }) as never);

describe('import never replaces a draft without being told', () => {
  it('refuses to replace a newer draft, keeps it byte for byte, and with replace keeps it as a .kept copy', async () => {
    await mkdir(ws.siteDir('store-0421'), { recursive: true });
    const newer = 'apiVersion: sitekit/v2\nkind: Site\nmetadata: {name: Future, id: store-0421}\nspec: {future: true}\n';
    await writeFile(ws.sitePath('store-0421'), newer);
    for (let i = 0; i < 2; i++) {
      const r = await ws.importText(v1Text('Old'), 'old.yaml');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('newer-version');
    }
    expect(await readFile(ws.sitePath('store-0421'), 'utf8')).toBe(newer);
    expect((await readdir(ws.siteDir('store-0421'))).sort()).toEqual(['site.yaml']);
    const forced = await ws.importText(v1Text('Old'), 'old.yaml', { replace: true });
    expect(forced.ok).toBe(true);
    const again = await ws.importText(v1Text('Older'), 'old.yaml', { replace: true });
    expect(again.ok).toBe(true);
    // Two replacing imports later, the newer file still exists (never overwritten .kept copy).
    const names = await readdir(ws.siteDir('store-0421'));
    const kept = names.filter((n) => n.endsWith('.kept'));
    expect(kept).toHaveLength(1);
    expect(await readFile(join(ws.siteDir('store-0421'), kept[0]!), 'utf8')).toBe(newer);
  });

  it('refuses to replace an existing valid draft and says which; replace keeps it as .bak', async () => {
    expect((await ws.save(minimalSite({ name: 'Mine' }))).ok).toBe(true);
    const before = await readFile(ws.sitePath('store-0421'), 'utf8');
    const r = await ws.importText(v1Text('Theirs'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('conflict');
      expect(r.error.message).toContain('Mine');
      expect((r.error.details as { existingText: string }).existingText).toBe(before);
    }
    expect(await readFile(ws.sitePath('store-0421'), 'utf8')).toBe(before);
    expect((await ws.importText(v1Text('Theirs'), 'x.yaml', { replace: true })).ok).toBe(true);
    expect(await readFile(ws.sitePath('store-0421') + '.bak', 'utf8')).toBe(before);
  });

  it('refuses to replace a draft that does not parse', async () => {
    await mkdir(ws.siteDir('store-0421'), { recursive: true });
    await writeFile(ws.sitePath('store-0421'), 'metadata: [broken\n');
    const r = await ws.importText(v1Text('New'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('conflict');
    expect(await readFile(ws.sitePath('store-0421'), 'utf8')).toBe('metadata: [broken\n');
  });
});

describe('save refuses to overwrite a draft that does not load', () => {
  it('refuses a schema-invalid draft on disk unless told, then keeps it', async () => {
    const invalid = v1Text('Bad').replace('192.168.10.1', '999.1.1.1');
    expect(parseSiteYaml(invalid).ok).toBe(false);
    await mkdir(ws.siteDir('store-0421'), { recursive: true });
    await writeFile(ws.sitePath('store-0421'), invalid);
    const r = await ws.save(minimalSite());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('conflict');
      expect(r.error.issues?.[0]?.line).toBeGreaterThan(0);
    }
    expect(await readFile(ws.sitePath('store-0421'), 'utf8')).toBe(invalid);
    expect((await ws.save(minimalSite(), { overwrite: true })).ok).toBe(true);
    const kept = (await readdir(ws.siteDir('store-0421'))).filter((n) => n.endsWith('.kept'));
    expect(await readFile(join(ws.siteDir('store-0421'), kept[0]!), 'utf8')).toBe(invalid);
  });
});

describe('YAML resource limits', () => {
  it('an alias bomb is an invalid file with line and column, and site:list still lists every draft', async () => {
    expect((await ws.save(minimalSite({ id: 'good-site', name: 'Good' }))).ok).toBe(true);
    await mkdir(ws.siteDir('bomb-site'), { recursive: true });
    await writeFile(ws.sitePath('bomb-site'), aliasBomb());
    const parsed = parseSiteYaml(aliasBomb(), 'bomb.yaml');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('parse-error');
      expect(parsed.error.issues?.[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    }
    const list = await ws.list();
    expect(list.ok).toBe(true);
    if (list.ok) {
      expect(list.value.map((s) => s.id).sort()).toEqual(['bomb-site', 'good-site']);
      const bomb = list.value.find((s) => s.id === 'bomb-site')!;
      expect(bomb.error).toMatch(/line \d+, column \d+/);
      expect(bomb.errorCode).toBe('parse-error');
      expect(list.value.find((s) => s.id === 'good-site')!.error).toBeUndefined();
    }
  });

  it('an unreadable draft is listed with its error, not dropped', async () => {
    if (process.getuid?.() === 0) {
      // root reads any file; a directory in place of site.yaml gives the same "cannot read".
      await mkdir(ws.sitePath('locked-site'), { recursive: true });
    } else {
      await mkdir(ws.siteDir('locked-site'), { recursive: true });
      await writeFile(ws.sitePath('locked-site'), 'x');
      await chmod(ws.sitePath('locked-site'), 0);
    }
    const list = await ws.list();
    expect(list.ok && list.value.find((s) => s.id === 'locked-site')?.error).toMatch(/Cannot read|not valid/);
  });

  it('deep nesting and oversize text are invalid files with a line', () => {
    for (const text of ['a: ' + '['.repeat(70) + ']'.repeat(70), 'a: ' + '['.repeat(5000) + ']'.repeat(5000), 'a:\n' + Array.from({ length: 80 }, (_, i) => ' '.repeat(i + 1) + 'b:').join('\n') + ' 1', 'a: "' + 'x'.repeat(2_100_000) + '"']) {
      const r = parseSiteYaml(text, 'deep.yaml');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('parse-error');
        expect(r.error.issues?.[0]?.line).toBeGreaterThan(0);
        expect(r.error.issues?.[0]?.column).toBeGreaterThan(0);
      }
    }
  });
});

describe('crash safety', () => {
  it('cleans temp files of dead processes at start, and leaves a live process\'s temp alone', async () => {
    await ws.save(minimalSite());
    await ws.save(minimalSite({ name: 'Again' }));
    const d = ws.siteDir('store-0421');
    // pid 2^22+1 exceeds Linux's pid_max default: no such process.
    await writeFile(join(d, '.site.yaml.4194305.0badc0de.tmp'), 'torn');
    await writeFile(join(d, '.site.yaml.bak.4194305.deadbeef.tmp'), 'torn');
    await writeFile(join(d, `.site.yaml.${process.pid}.12345678.tmp`), 'in flight');
    const fresh = new Workspace({ root: dir.path });
    await fresh.list();
    expect((await readdir(d)).sort()).toEqual([`.site.yaml.${process.pid}.12345678.tmp`, 'site.yaml', 'site.yaml.bak']);
  });

  it('kill -9 loop: every round leaves a loadable draft and backup; no temp file survives the next start', async () => {
    const rounds = Number(process.env.SITEKIT_KILL_ROUNDS ?? 20);
    let survived = 0;
    let tempsSeen = 0;
    for (let round = 0; round < rounds; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test', 'helpers', 'save-loop.ts'), dir.path], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
      await new Promise((r) => setTimeout(r, 5 + ((round * 37) % 120)));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      const siteDir = join(dir.path, 'sites', 'crash-site');
      tempsSeen += (await readdir(siteDir)).filter((n) => TEMP_FILE.test(n)).length;
      const fresh = new Workspace({ root: dir.path });
      const loaded = await fresh.load('crash-site');
      expect(loaded.ok, `round ${round}: ${loaded.ok ? '' : loaded.error.message}`).toBe(true);
      if (loaded.ok) expect(loaded.value.site.metadata.notes).toMatch(/^version \d+ x{3900}$/);
      // The first save of the first round has no previous version, so no .bak yet.
      const bakText = await readFile(join(siteDir, 'site.yaml.bak'), 'utf8').catch(() => (round === 0 ? undefined : ''));
      if (bakText !== undefined) expect(parseSiteYaml(bakText).ok, `round ${round}: the .bak is torn or missing`).toBe(true);
      expect((await readdir(siteDir)).filter((n) => TEMP_FILE.test(n)), `round ${round}: temp files left after start`).toEqual([]);
      survived++;
    }
    const left = (await readdir(join(dir.path, 'sites', 'crash-site'))).filter((n) => TEMP_FILE.test(n)).length;
    console.log(`kill -9 loop: ${survived}/${rounds} rounds survived, ${tempsSeen} temp files found after kills, ${left} left after start`);
    expect(survived).toBe(rounds);
    expect(left).toBe(0);
  }, 30_000 + Number(process.env.SITEKIT_KILL_ROUNDS ?? 20) * 8_000);
});

describe('links in the workspace (issue 26 item 1)', () => {
  it('a `sites` folder or a draft file that is a link is refused by name; nothing is written or removed through it', async () => {
    const outside = join(dir.path, 'outside');
    await mkdir(join(outside, 'store-0421'), { recursive: true });
    await writeFile(join(outside, 'store-0421', 'site.yaml'), 'precious\n');
    const root = join(dir.path, 'ws');
    await mkdir(root);
    const linked = new Workspace({ root });
    const { symlink } = await import('node:fs/promises');
    await symlink(outside, join(root, 'sites'));
    const saved = await linked.save(minimalSite({ id: 'store-0421' }), { overwrite: true });
    expect(saved.ok).toBe(false);
    if (!saved.ok) expect(saved.error.message).toContain(`sites in ${root} is a symbolic link to ${outside}`);
    const removed = await linked.remove('store-0421');
    expect(!removed.ok && removed.error.message).toContain(`sites in ${root} is a symbolic link to ${outside}`);
    expect(await readFile(join(outside, 'store-0421', 'site.yaml'), 'utf8')).toBe('precious\n');
    expect(await readdir(join(outside, 'store-0421'))).toEqual(['site.yaml']);

    // A draft file that is a link to a file elsewhere: neither it nor its .bak is written through.
    const root2 = join(dir.path, 'ws2');
    await mkdir(join(root2, 'sites', 'store-0421'), { recursive: true });
    await symlink(join(outside, 'store-0421', 'site.yaml'), join(root2, 'sites', 'store-0421', 'site.yaml'));
    const r2 = await new Workspace({ root: root2 }).save(minimalSite({ id: 'store-0421' }), { overwrite: true });
    expect(!r2.ok && r2.error.message).toContain(`sites/store-0421/site.yaml in ${root2} is a symbolic link`);
    expect(await readFile(join(outside, 'store-0421', 'site.yaml'), 'utf8')).toBe('precious\n');
    expect(await readdir(join(root2, 'sites', 'store-0421'))).toEqual(['site.yaml']);
  });
});
