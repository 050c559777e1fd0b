/**
 * CI configurations for a site repo: lint the sites a push or merge request changes, with the very command a
 * technician runs (`npx sitekit lint sites/<id>`), and report findings in the platform's own format
 * (GitHub workflow annotations; a GitLab Code Quality report). Pure: text out, written through the `yaml`
 * library (never pasted together), from a package spec and base path that are checked first.
 *
 * Both configs share one shell script (POSIX sh + git): list the site folders the change touches (all sites
 * when there is no usable base commit, e.g. the first push of a branch), lint each one that still exists, and
 * fail when any lint failed. Each site is linted on its own because lint reads one site.yaml for its
 * site-aware rules.
 */
import { Document } from 'yaml';

export type CiPlatform = 'github' | 'gitlab';

export interface CiOptions {
  /** Folder holding the sites (site.yaml's git.basePath), default `sites`. */
  readonly basePath?: string;
  /** What `npm install` installs to get the `sitekit` bin: name@version, a tarball path or an https:// URL (packageSpecProblem). */
  readonly packageSpec: string;
  /** Node major version for the job. */
  readonly nodeVersion?: string;
}

/** Where each platform expects its config. */
export const CI_PATHS: Readonly<Record<CiPlatform, string>> = {
  github: '.github/workflows/sitekit-lint.yml',
  gitlab: '.gitlab-ci.yml',
};

/** The file GitLab reads the Code Quality report from. */
export const GITLAB_REPORT = 'gl-code-quality-report.json';

const clean = (base: string): string => base.replace(/^\/+|\/+$/g, '') || 'sites';

/** Shell-quotes one word for POSIX sh. */
export const shQuote = (s: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The lint script: `$1`-free, reads the base commit from BASE_SHA, writes per-site outputs via LINT_ARGS.
 * `format` is the `sitekit lint --format` value; `each` is extra shell run after each site (GitLab: collect).
 */
export function lintScript(basePath: string, format: 'github' | 'gitlab-codequality'): string {
  const base = clean(basePath);
  const depth = base.split('/').length + 1;
  const lintLine =
    format === 'github'
      ? '  npx --no-install sitekit lint "$dir" --format github || status=1'
      : '  npx --no-install sitekit lint "$dir" --format gitlab-codequality > ".sitekit-lint/$(echo "$dir" | tr / _).json" || status=1';
  return [
    `# Sites this change touches (all sites when there is no base commit to compare with).`,
    `base="\${BASE_SHA:-}"`,
    `if [ -n "$base" ] && ! echo "$base" | grep -q '^0*$' && git cat-file -e "$base^{commit}" 2>/dev/null; then`,
    `  sites=$(git diff --name-only "$base" HEAD -- ${shQuote(base + '/')} | cut -d/ -f1-${depth} | sort -u)`,
    `else`,
    `  sites=$(find ${shQuote(base)} -mindepth 2 -maxdepth 2 -name site.yaml 2>/dev/null | sed 's#/site.yaml$##' | sort)`,
    `fi`,
    ...(format === 'gitlab-codequality' ? ['mkdir -p .sitekit-lint'] : []),
    `status=0`,
    `for dir in $sites; do`,
    `  if [ ! -f "$dir/site.yaml" ]; then echo "$dir: no site.yaml (site removed), nothing to lint"; continue; fi`,
    `  echo "sitekit lint $dir"`,
    lintLine,
    `done`,
    ...(format === 'gitlab-codequality'
      ? [
          `# One Code Quality report for the whole pipeline: the per-site arrays joined.`,
          `node -e 'const fs=require("fs");const out=[];for(const f of process.argv.slice(1))out.push(...JSON.parse(fs.readFileSync(f,"utf8")));fs.writeFileSync("${GITLAB_REPORT}",JSON.stringify(out,null,2)+"\\n")' .sitekit-lint/*.json 2>/dev/null || echo '[]' > ${GITLAB_REPORT}`,
        ]
      : []),
    `exit $status`,
  ].join('\n');
}

/**
 * Why `spec` cannot be what the CI job installs, or undefined when it can. An npm package spec as a technician
 * gives it: `name@version` (or a bare name), a tarball path, or an https:// tarball URL. No whitespace or
 * control character: the spec becomes one word of a shell command, and a newline in it once added a step of
 * its own to the generated workflow (issue 26 item 8).
 */
export function packageSpecProblem(spec: string): string | undefined {
  if (spec.length === 0) return 'it is empty';
  if (spec.length > 2000) return 'it is longer than 2,000 characters';
  if (/[\s\u0000-\u001f\u007f]/.test(spec)) return 'it contains whitespace or a control character (a line break?)';
  if (/[;&|`$<>(){}\\"'*?!#]/.test(spec)) return 'it contains a shell character (; & | ` $ < > quotes …)';
  if (/^https:\/\/[^/]+\/.+/i.test(spec)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec)) return 'a URL must be https://';
  const NAME = '(?:@[a-z0-9][a-z0-9._~-]*\\/)?[a-z0-9][a-z0-9._~-]*';
  if (new RegExp(`^${NAME}(?:@[A-Za-z0-9^~<=>.+_-]+)?$`).test(spec)) return undefined;
  if (/^(?:\.{0,2}\/|\/)?[A-Za-z0-9._@+~/-]+\.(?:tgz|tar\.gz)$/.test(spec) && !spec.split('/').includes('..')) return undefined;
  return 'it is neither name@version, a .tgz tarball path, nor an https:// URL';
}

/** Why `basePath` cannot be the sites folder in a CI config, or undefined: plain folder names only. */
export function basePathProblem(basePath: string): string | undefined {
  const base = clean(basePath);
  if (!/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/.test(base)) return 'only letters, digits, ".", "_", "-" and "/" may appear';
  if (base.split('/').some((p) => p === '.' || p === '..')) return '"." and ".." are not folder names here';
  return undefined;
}

function installLine(packageSpec: string): string {
  return `npm install --no-save --no-package-lock --no-audit --no-fund ${shQuote(packageSpec)}`;
}

/** Refuses a spec or base path that could add to the config (thrown: callers check with the problem functions first). */
function checked(options: CiOptions): { base: string; spec: string; node: string } {
  const spec = packageSpecProblem(options.packageSpec);
  if (spec) throw new Error(`Invalid package spec: ${spec}.`);
  const base = basePathProblem(options.basePath ?? 'sites');
  if (base) throw new Error(`Invalid base path: ${base}.`);
  const node = options.nodeVersion ?? '20';
  if (!/^\d{1,3}(\.\d{1,3}){0,2}$/.test(node)) throw new Error('Invalid Node version.');
  return { base: clean(options.basePath ?? 'sites'), spec: options.packageSpec, node };
}

/**
 * Writes a config object as YAML through the `yaml` library, never by pasting text: every value, the install
 * command and the multi-line script included, is a scalar the library quotes, so no value can add a key or
 * a step. `header` lines become the comment at the top.
 */
function toYaml(header: readonly string[], value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
  return doc.toString({ lineWidth: 0, indentSeq: true });
}

/** The GitHub Actions workflow (`.github/workflows/sitekit-lint.yml`). */
export function githubWorkflow(options: CiOptions): string {
  const { base, spec, node } = checked(options);
  return toYaml(
    ['Written by `sitekit fleet ci --github`. Lints every site a push or pull request changes with the same', 'command a technician runs, and shows findings as annotations on the changed files.'],
    {
      name: 'Sitekit lint',
      on: { push: { paths: [`${base}/**`] }, pull_request: { paths: [`${base}/**`] } },
      permissions: { contents: 'read' },
      jobs: {
        lint: {
          name: 'Lint changed sites',
          'runs-on': 'ubuntu-latest',
          steps: [
            { uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
            { uses: 'actions/setup-node@v4', with: { 'node-version': node } },
            { name: 'Install the Sitekit CLI (no Electron, no display needed)', run: installLine(spec) },
            {
              name: 'sitekit lint',
              shell: 'bash',
              env: { BASE_SHA: '${{ github.event.pull_request.base.sha || github.event.before }}' },
              run: lintScript(base, 'github') + '\n',
            },
          ],
        },
      },
    },
  );
}

/** The GitLab CI config (`.gitlab-ci.yml`) with a Code Quality report artifact. */
export function gitlabCi(options: CiOptions): string {
  const { base, spec, node } = checked(options);
  const changes = [`${base}/**/*`];
  return toYaml(
    ['Written by `sitekit fleet ci --gitlab`. Lints every site a push or merge request changes with the same', "command a technician runs; findings appear in the merge request's Code Quality widget."],
    {
      stages: ['test'],
      'sitekit-lint': {
        stage: 'test',
        image: `node:${node}`,
        rules: [
          { if: '$CI_PIPELINE_SOURCE == "merge_request_event"', changes },
          { if: '$CI_COMMIT_BRANCH', changes },
        ],
        variables: { GIT_DEPTH: '0' },
        before_script: [installLine(spec)],
        script: ['BASE_SHA="${CI_MERGE_REQUEST_DIFF_BASE_SHA:-${CI_COMMIT_BEFORE_SHA:-}}"\n' + lintScript(base, 'gitlab-codequality') + '\n'],
        artifacts: { when: 'always', reports: { codequality: GITLAB_REPORT }, paths: [GITLAB_REPORT] },
      },
    },
  );
}

export function ciConfig(platform: CiPlatform, options: CiOptions): { path: string; content: string } {
  return { path: CI_PATHS[platform], content: platform === 'github' ? githubWorkflow(options) : gitlabCi(options) };
}
