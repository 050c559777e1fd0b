import { defineConfig } from 'vitest/config';

/**
 * The tests mutation testing runs (`npm run mutation`, stryker.config.mjs): for main/core/<folder>, that
 * folder's own unit tests, test/unit/core/<folder> (SITEKIT_MUTATE names the folder; `core` is the files
 * directly in main/core and the tests directly in test/unit/core).
 *
 * Why only the folder's own tests: most mutants of a zod schema or a rule table are "static" (made when the
 * module loads), and Stryker runs every test for each of them; with all 448 unit tests that is about two
 * minutes a mutant on this machine, 30 hours for main/core/site alone. The fuzz and property tests
 * (`*-fuzz`, `*.property`) are left out for the same reason (yaml-fuzz alone is 28 s a run) and because they
 * check robustness (nothing throws), not rules. So a folder's score says how well its own example tests catch
 * a changed line: a lower bound of what the whole suite catches.
 */
const folder = process.env.SITEKIT_MUTATE ?? 'site';
const own = folder === 'core' ? 'test/unit/core/*.test.ts' : `test/unit/core/${folder}/**/*.test.ts`;

export default defineConfig({
  test: {
    include: [own],
    exclude: ['**/*-fuzz.test.ts', '**/*.property.test.ts', '**/node_modules/**'],
    environment: 'node',
    setupFiles: ['test/setup/schema-models.ts'],
  },
});
