import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Terraform runs are slow and single-threaded per stack; synth tests are fast.
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
});
