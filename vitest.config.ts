import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // A cap for loaded 2-core machines (the CLI and typecheck tests spawn processes); no test waits on a timer.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
