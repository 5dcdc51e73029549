import { defineConfig } from 'vitest/config';

/** End-to-end tests: the built extension in Debian's Chromium against the simulated instances. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser at a time: the machines have 2 cores.
    fileParallelism: false,
    pool: 'forks',
  },
});
