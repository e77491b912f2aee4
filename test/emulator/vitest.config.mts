import { defineConfig } from 'vitest/config';

// The emulator suite runs only through `npm run test:emulator` (scripts/emulator.sh
// starts moto first); its files end in .emulator.ts so that `npm test` never picks them up.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/emulator/**/*.emulator.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 900_000,
  },
});
