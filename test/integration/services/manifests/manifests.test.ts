/** Generation (the generate flow, through the contract) and the manifests service on real folders: write, regenerate over edits, import and lint folders. */
import { applyPlanToSite } from '../../../../main/core/host-plan/plan';
import { planOf } from '../../../helpers/plan';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { acceptFinding, importFolder, unacceptFinding } from '../../../../main/services/manifests/manifests';
import { lazyServices } from '../../../helpers/cli-io';
import { writeGeneratedFiles, readManifestFolder } from '../../../../main/services/manifests/manifest-files';
import { Workspace } from '../../../../main/services/workspace/workspace';
import { Site } from '../../../../main/core/site/schema';
import { CORPUS_DIR, twoNodeInput, twoNodeSite, HAS_CORPUS, corpusTitle } from '../../../helpers/manifest-sites';
import { tempDir } from '../../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
const app = lazyServices();
/** The site's files through the generate flow, as the Review step and `sitekit generate` get them. */
const generateToFolder = (site: Site, outDir?: string, o: { prune?: boolean } = {}) => app.runtime().call('manifests:generate', { site, ...(outDir ? { outDir } : {}), ...(o.prune ? { prune: true } : {}) });
beforeEach(async () => {
  dir = await tempDir('sitekit-manifests-');
});
afterEach(() => dir.remove());

describe('manifest files on disk', () => {
  it('writes the site tree, then rewrites only what changed, keeping a person\'s comments', async () => {
    const site = twoNodeSite();
    const first = await generateToFolder(site, dir.path);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value.write?.written.length).toBe(first.value.files.length);
    const vsw = join(dir.path, 'sites/depot-7/hosts/esx02/vswitches.yaml');
    await writeFile(vsw, (await readFile(vsw, 'utf8')).replace('metadata:', '# cameras need jumbo frames (ticket 4711)\nmetadata:'));

    const changed = Site.parse(twoNodeInput());
    changed.spec.hosts[1] = { ...changed.spec.hosts[1]!, vswitches: changed.spec.hosts[1]!.vswitches.map((s) => (s.name === 'vSwitch1' ? { ...s, mtu: 9000 } : s)) };
    const second = await generateToFolder(changed, dir.path);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.value.write?.written).toEqual(['sites/depot-7/hosts/esx02/vswitches.yaml', 'sites/depot-7/site.yaml']);
    const text = await readFile(vsw, 'utf8');
    expect(text).toContain('# cameras need jumbo frames (ticket 4711)');
    expect(text).toContain('"mtu": 9000');
    // No temp files left behind by the atomic writes.
    expect((await readdir(join(dir.path, 'sites/depot-7/hosts/esx02'))).sort()).toEqual(['kustomization.yaml', 'vswitches.yaml']);
  });

  it('lists files no longer generated and removes them only with prune', async () => {
    const site = twoNodeSite();
    await generateToFolder(site, dir.path);
    const input = twoNodeInput();
    const fewer = Site.parse({ ...input, spec: { ...input.spec, workloads: { ...input.spec.workloads, apps: [] } } });
    const kept = await generateToFolder(fewer, dir.path);
    expect(kept.ok && kept.value.write?.stale).toEqual(['sites/depot-7/workloads/common/apps/hello.yaml']);
    const pruned = await generateToFolder(fewer, dir.path, { prune: true });
    expect(pruned.ok && pruned.value.write?.removed).toEqual(['sites/depot-7/workloads/common/apps/hello.yaml']);
    await expect(readFile(join(dir.path, 'sites/depot-7/workloads/common/apps/hello.yaml'))).rejects.toThrow();
  });

  it('refuses a path that would leave the output folder', async () => {
    const r = await writeGeneratedFiles(dir.path, [{ path: '../escape.yaml', content: 'x' }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid-input');
  });

  it.skipIf(!HAS_CORPUS)(corpusTitle('imports the corpus folder and a generated repo folder'), async () => {
    const corpus = await importFolder(CORPUS_DIR);
    expect(corpus.ok).toBe(true);
    if (corpus.ok) {
      expect(new Set(corpus.value.items.map((i) => i.file)).size).toBe(34);
      expect(corpus.value.findings.some((f) => f.code === 'nodeport-duplicate')).toBe(true);
    }
    const site = twoNodeSite();
    await generateToFolder(site, dir.path);
    await mkdir(join(dir.path, '.git'), { recursive: true });
    await writeFile(join(dir.path, '.git', 'config.yaml'), 'not: a manifest\n');
    const back = await importFolder(dir.path);
    // The files are written from the site as the host plan checked it (its requirements decided by the plan).
    // (requirements the plan derives, such as the Fling's bus scan, are not written back: compare as checked).
    const checked = (s: Site) => applyPlanToSite(s, planOf(s));
    expect(back.ok && checked(Site.parse(back.value.site))).toEqual(checked(site));
    const read = await readManifestFolder(dir.path);
    expect(read.ok && read.value.files.some((f) => f.path.startsWith('.git'))).toBe(false);
  });

  it('records an accepted finding with who, when and why in the draft, and withdraws it', async () => {
    const ws = new Workspace({ root: join(dir.path, 'ws'), now: () => new Date('2026-11-25T08:00:00Z') });
    await ws.save(twoNodeSite());
    const r = await acceptFinding(ws, { id: 'depot-7', code: 'reboot-on-apply', file: 'sites/depot-7/hosts/esx01/module-settings.yaml', by: 'J. Smith', reason: 'store closed Monday' }, () => new Date('2026-11-25T08:01:00Z'));
    expect(r.ok).toBe(true);
    const loaded = await ws.load('depot-7');
    expect(loaded.ok && loaded.value.site.spec.acceptedFindings).toEqual([
      { code: 'reboot-on-apply', file: 'sites/depot-7/hosts/esx01/module-settings.yaml', by: 'J. Smith', at: '2026-11-25T08:01:00.000Z', reason: 'store closed Monday' },
    ]);
    const gen = await generateToFolder(loaded.ok ? loaded.value.site : twoNodeSite());
    expect(gen.ok && gen.value.findings.find((f) => f.code === 'reboot-on-apply')?.accepted?.by).toBe('J. Smith');
    await unacceptFinding(ws, { id: 'depot-7', code: 'reboot-on-apply', file: 'sites/depot-7/hosts/esx01/module-settings.yaml' });
    const again = await ws.load('depot-7');
    expect(again.ok && again.value.site.spec.acceptedFindings).toEqual([]);
  });
});
