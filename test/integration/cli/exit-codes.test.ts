/** The README's exit-code table is the code's (main/cli/types.ts EXIT), and each code is what a command returns. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { stringifySite, validateSite } from '../../../main/core/site/yaml';
import { minimalSite } from '../../helpers/sites';
import { join } from 'node:path';
import { runCli } from '../../../main/cli/index';
import { EXIT, type CliIO } from '../../../main/cli/types';
import { EXIT_FOR } from '../../../main/cli/exit-codes';
import { lazyServices } from '../../helpers/cli-io';
import { tempDir } from '../../helpers/temp';
import { REPO_ROOT } from '../../helpers/web-app';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('sitekit-exit-');
});
afterAll(() => dir.remove());

/** Runs with given services (one workspace across several commands) and environment. */
async function runIn(services: ReturnType<typeof lazyServices>, env: Record<string, string>, ...args: string[]): Promise<number> {
  const io: CliIO = { out: () => undefined, err: () => undefined, env, cwd: dir.path, tty: false, readSecret: () => Promise.reject(new Error('no terminal')), ...services };
  return runCli(args, io);
}
const run = (...args: string[]): Promise<number> => runIn(lazyServices(), {}, ...args);
const cli = lazyServices();
const runWith = (env: Record<string, string>, ...args: string[]): Promise<number> => runIn(cli, env, ...args);

const validSite = () => {
  const v = validateSite(minimalSite({ id: 'exit-codes', name: 'Exit codes' }));
  if (!v.ok) throw new Error(v.error.message);
  return v.value;
};

describe('exit codes', () => {
  it('the README table lists exactly the codes the CLI uses, and each code\'s error tags as the one table maps them', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Exit codes'));
    const rows = [...table.matchAll(/^\| (\d) \| (.+) \| (.+) \|$/gm)].map((m) => ({ code: Number(m[1]), meaning: m[2]!, tags: m[3]! }));
    expect(rows.map((r) => r.code)).toEqual(Object.values(EXIT).sort());
    const meaning = new Map(rows.map((r) => [r.code, r.meaning]));
    expect(meaning.get(EXIT.problems)).toMatch(/found problems/);
    expect(meaning.get(EXIT.usage)).toMatch(/usage error/);
    expect(meaning.get(EXIT.input)).toMatch(/bad input/);
    expect(meaning.get(EXIT.io)).toMatch(/I\/O, device or network failure/);
    // The tags listed per code are exactly those EXIT_FOR sends there: every ErrorCode once.
    for (const { code, tags } of rows) {
      const listed = tags === '—' ? [] : tags.split(',').map((t) => t.trim());
      const mapped = Object.entries(EXIT_FOR).filter(([, c]) => c === code).map(([t]) => t);
      expect(listed.sort(), `exit ${code}`).toEqual(mapped.sort());
    }
  });

  it('git and media build give the same exit for the same error tag (one table)', async () => {
    // An unreadable site.yaml (not-found): 3 in every command that takes a SITE.
    for (const args of [['git', 'commit', 'no-such-site'], ['media', 'build', 'no-such.yaml', '--iso', 'x.iso', '--out', 'x.img'], ['hw', 'check', 'no-such.yaml'], ['report', 'no-such.yaml']]) {
      expect(await run(...args), args.join(' ')).toBe(EXIT.input);
    }
    // invalid-input: a password ESXi rejects in media build, a commit without an author in git — 3 in both
    // (git said 3 and media build 1 before there was one table).
    expect(await runWith({}, 'site', 'new', '--draft', '--name', 'Exit Git', '--subnet', '10.5.0.0/24', '--gateway', '10.5.0.1', '--dns', '10.5.0.2', '--ntp', 'ntp', '--host', 'esx01=10.5.0.11')).toBe(0);
    expect(await runWith({}, 'git', 'connect', 'exit-git', '--init')).toBe(0);
    expect(await runWith({}, 'git', 'commit', 'exit-git')).toBe(EXIT.input);
    expect(await runWith({ SITEKIT_ROOT_PASSWORD: 'short' }, 'media', 'build', 'exit-git', '--iso', 'x.iso', '--out', 'x.img')).toBe(EXIT.input);
  });

  it('each code is what a command returns in that situation', async () => {
    expect(await run('--version')).toBe(0);
    // 1: the check ran and found problems (a plain-text password in a manifest is a lint error)
    await writeFile(join(dir.path, 'bad.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  url: https://user:hunter2@example.com/\n');
    expect(await run('lint', 'bad.yaml')).toBe(1);
    // 2: usage
    expect(await run('media', 'frobnicate')).toBe(2);
    // 3: a bad input file (not a site.yaml at all)
    await writeFile(join(dir.path, 'broken.yaml'), 'apiVersion: [unclosed\n');
    expect(await run('site', 'validate', 'broken.yaml')).toBe(3);
    // 3 also: a target that is not there (not-found), as every missing file
    expect(await run('media', 'audit', '--target', join(dir.path, 'no-such-stick.img'))).toBe(3);
    // 4: I/O: the report cannot be written (a folder under /dev/null cannot be made)
    expect(await run('site', 'new', '--name', 'Exit Four', '--subnet', '10.4.0.0/24', '--gateway', '10.4.0.1', '--dns', '10.4.0.2', '--ntp', 'ntp', '--host', 'esx01=10.4.0.11')).toBe(0);
    expect(await run('report', 'exit-four', '--format', 'html', '--out', '/dev/null/report.html')).toBe(4);
  });

  it("each situation the README table lists returns its row's code (issue 26 item 17)", async () => {
    // 1: a draft that exists already (import without --replace)
    await writeFile(join(dir.path, 'site.yaml'), stringifySite(validSite()));
    const workspace = lazyServices();
    expect(await runIn(workspace, {}, 'site', 'import', 'site.yaml')).toBe(0);
    expect(await runIn(workspace, {}, 'site', 'import', 'site.yaml')).toBe(1);
    // 3: over the YAML limits (nesting far deeper than a site)
    await writeFile(join(dir.path, 'deep.yaml'), `${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(await run('site', 'validate', 'deep.yaml')).toBe(3);
    // 3: not an installer ISO (a real ISO of holiday photos), which media inspect once answered with 1
    await mkdir(join(dir.path, 'photos'), { recursive: true });
    await writeFile(join(dir.path, 'photos', 'README.TXT'), 'holiday photos\n');
    await promisify(execFile)('xorriso', ['-as', 'mkisofs', '-quiet', '-o', join(dir.path, 'photos.iso'), join(dir.path, 'photos')]);
    expect(await run('media', 'inspect', 'photos.iso')).toBe(3);
    // 2: a usage error in an argument's value (a package spec that would add a step to the CI job)
    expect(await run('fleet', 'ci', '--repo', dir.path, '--github', '--package', 'sitekit@0.1.0\nrun: id')).toBe(2);
  });
});
