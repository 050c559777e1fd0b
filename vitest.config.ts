import { defineConfig } from 'vitest/config';

/** Tests by cost (docs/CONVENTIONS.md § Tests): unit tests are pure and fast, integration tests use real tools and devices. */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'], environment: 'node', setupFiles: ['test/setup/schema-models.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/setup/schema-models.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
