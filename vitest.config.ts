import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Generous: a slow shared CI machine must not turn a passing test into a failure; a hang still ends.
    testTimeout: 60000,
    // Vitest's default is one worker fewer than the cores: on a 2-core machine that is one file at a
    // time, with the second core idle while a test waits on a child process or a pty. One per core.
    maxWorkers: Math.max(1, availableParallelism()),
    // Test files in a worker share its loaded modules (yaml, zod, the knowledge base, the JIT's work):
    // isolating each file re-imported and re-parsed them per file, measured 55 s of "import" of 92 s for
    // the 13 in-process files (50 → 34 s CPU). Tests that need a new process's state ask for it
    // (helpers/inproc.ts sbkFresh) or run a real process.
    isolate: false,
  },
});
