import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20000,
    // Vitest's default is one worker fewer than the cores: on a 2-core machine that is one file at a
    // time, with the second core idle while a test waits on a child process or a pty. One per core.
    maxWorkers: Math.max(1, availableParallelism()),
  },
});
