/** `sitekit report`: the real command over real files, in-process through runCli. */
import { lazyServices } from '../../helpers/cli-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../../main/cli/index';
import { createServices, type Services } from '../../../main/services/index';
import type { CliIO } from '../../../main/cli/types';
import { stringifySite } from '../../../main/core/site/yaml';
import { SAMPLE_SECRETS, sampleSite } from '../../helpers/sample-site';
import { tempDir } from '../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
let services: Services | undefined;
beforeAll(async () => {
  dir = await tempDir('sitekit-report-cli-');
  await writeFile(join(dir.path, 'site.yaml'), stringifySite(sampleSite()));
});
afterAll(() => dir.remove());

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let errText = '';
  const io: CliIO = {
    out: (t) => void (out += t),
    err: (t) => void (errText += t),
    env: { ...process.env, SOURCE_DATE_EPOCH: '1795675200' },
    cwd: dir.path,
    tty: false,
    readSecret: () => Promise.reject(new Error('no terminal')),
    ...lazyServices(() => (services ??= createServices({ dataDir: join(dir.path, 'data'), version: 'test' }))),
  };
  const code = await runCli(args, io);
  return { code, out, err: errText };
}

describe('sitekit report', () => {
  it('writes a PDF, says where, and lists nothing open for a complete site', async () => {
    const r = await run('report', 'site.yaml', '--format', 'pdf', '--out', 'handover/report.pdf');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`Wrote PDF report of Store 0421 Leeds to ${join(dir.path, 'handover', 'report.pdf')}.`);
    const text = spawnSync('pdftotext', [join(dir.path, 'handover', 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('Store 0421 Leeds');
    expect(text).toContain('26 Nov 2026'); // SOURCE_DATE_EPOCH fixes the date
    expect(text).not.toContain(SAMPLE_SECRETS.cloudInitPassword);
  });

  it('writes HTML and JSON to stdout or a file, the format taken from the extension', async () => {
    const html = await run('report', 'site.yaml');
    expect(html.code).toBe(0);
    expect(html.out.startsWith('<!doctype html>')).toBe(true);
    const json = await run('report', 'site.yaml', '--out', 'r.json');
    expect(json.code).toBe(0);
    const data = JSON.parse(await readFile(join(dir.path, 'r.json'), 'utf8'));
    expect(data.format).toBe('sitekit-report');
    expect(data.generatedAt).toBe('2026-11-26T06:40:00.000Z');
    expect(JSON.stringify(data)).not.toContain(SAMPLE_SECRETS.appToken);
  });

  it('exits 2 on usage errors and 3 on a bad site file', async () => {
    expect((await run('report')).code).toBe(2);
    expect((await run('report', 'site.yaml', '--format', 'docx')).code).toBe(2);
    expect((await run('report', 'site.yaml', '--format', 'pdf')).code).toBe(2);
    expect((await run('report', 'site.yaml', '--paper', 'a3')).code).toBe(2);
    const missing = await run('report', 'nope.yaml');
    expect(missing.code).toBe(3);
    expect(missing.err).toContain('Cannot read nope.yaml');
    const help = await run('report', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--format   pdf, html or json');
  });
});
