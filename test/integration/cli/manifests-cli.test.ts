/** `sitekit generate` and `sitekit lint` through the CLI dispatcher, on real folders. */
import { lazyServices } from '../../helpers/cli-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../../main/cli/index';
import type { CliIO } from '../../../main/cli/types';
import { stringifySite } from '../../../main/core/site/yaml';
import { CORPUS_DIR, twoNodeSite, HAS_CORPUS, corpusTitle } from '../../helpers/manifest-sites';
import { tempDir } from '../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('sitekit-mcli-');
});
afterAll(() => dir.remove());

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env: {},
    cwd: dir.path,
    tty: false,
    readSecret: () => Promise.reject(new Error('no terminal')),
    ...lazyServices(),
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('sitekit generate / lint', () => {
  it.skipIf(!HAS_CORPUS)(corpusTitle('generates a site repo that lints clean, and lint exits 1 on the corpus with its defects'), async () => {
    await writeFile(join(dir.path, 'site.yaml'), stringifySite(JSON.parse(JSON.stringify(twoNodeSite()))));
    const gen = await cli('generate', 'site.yaml', '--out', 'repo');
    expect(gen.code, gen.err).toBe(0);
    expect(gen.out).toMatch(/Wrote 23 file\(s\), 0 unchanged/); // with each host's worker-config.yaml
    expect(gen.out).toContain('Lint: 0 error(s), 1 warning(s)');
    expect(await readFile(join(dir.path, 'repo/sites/depot-7/README.md'), 'utf8')).toContain('`sites/depot-7/hosts/esx02`');
    const again = await cli('generate', 'site.yaml', '--out', 'repo');
    expect(again.out).toMatch(/Wrote 0 file\(s\), 23 unchanged/);

    const clean = await cli('lint', 'repo');
    expect(clean.code).toBe(0);
    expect(clean.out).toContain('(site depot-7)');

    const corpus = await cli('lint', CORPUS_DIR, '--json');
    expect(corpus.code).toBe(1);
    const json = JSON.parse(corpus.out) as { findings: { code: string; file: string }[]; summary: { errors: number } };
    expect(json.summary.errors).toBe(13);
    expect(json.findings.map((f) => `${f.code}@${f.file}`)).toContain('profile-wrapped@edge-host-config/ptp.yaml');
  });

  it.skipIf(!HAS_CORPUS)(corpusTitle('lints single files and reports usage and missing paths with the documented exit codes'), async () => {
    const one = await cli('lint', join(CORPUS_DIR, 'edge-host-config/ptp.yaml'));
    expect(one.code).toBe(1);
    expect(one.out).toContain('wrapped in an extra {"profile": …} object');
    expect((await cli('lint')).code).toBe(2);
    expect((await cli('lint', 'missing-folder')).code).toBe(3);
    expect((await cli('generate', 'site.yaml')).code).toBe(2);
    expect((await cli('generate', 'nope.yaml', '--out', 'x')).code).toBe(3);
    expect((await cli('lint', '--help')).out).toContain('sitekit lint DIR|FILE...');
  });
});
