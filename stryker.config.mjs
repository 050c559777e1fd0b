// @ts-check
/**
 * Mutation testing of main/core with StrykerJS (`npm run mutation`, scripts/mutation.mjs): one folder per run,
 * named in SITEKIT_MUTATE (site, manifests, media, hardware… or `core` for the files directly in main/core),
 * against that folder's own unit tests (vitest.mutation.config.ts says why).
 * Incremental: each folder keeps its results in reports/mutation/<folder>.incremental.json, committed gzipped
 * (scripts/mutation.mjs unpacks it before a run and packs it after), so the
 * next run on this 2-core machine tests only the mutants whose code or covering tests changed.
 */
const folder = process.env.SITEKIT_MUTATE ?? 'site';
const mutate = folder === 'core' ? ['main/core/*.ts'] : [`main/core/${folder}/**/*.ts`];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate,
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: `reports/mutation/${folder}.incremental.json`,
  // The incremental file is itself the full JSON report; the HTML report (git-ignored) is for reading survivors.
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: `reports/mutation/${folder}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  // Two cores shared with other engineers: one test runner, and patience for a loaded machine.
  concurrency: 1,
  timeoutMS: 20_000,
  dryRunTimeoutMinutes: 30,
  ignorePatterns: ['out', 'dist', 'release', 'test/.artifacts', 'test-results', 'playwright-report', 'bench/results', '.tsbuild', 'reports', '.scratch*'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
