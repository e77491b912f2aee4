import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Worker threads that keep their module cache from one test file to the next:
    // cdktf and the provider classes load once per worker instead of once per file,
    // which was two thirds of the unit tests' time. Safe because no test file mocks
    // modules or changes process-wide state (env, cwd) that another file reads.
    pool: 'threads',
    isolate: false,
    // One worker per core: vitest's default (cores - 1) leaves half of a 2-core machine idle.
    poolOptions: { threads: { minThreads: availableParallelism(), maxThreads: availableParallelism() } },
    // Terraform runs are slow and single-threaded per stack; synth tests are fast.
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
});
