// Mutation testing (`npm run test:mutation`, scripts/mutation.sh): StrykerJS changes the product code one
// small edit at a time and runs the tests that reach it; a mutant no test notices is a behaviour no test pins.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.mts' },
  // Left out: what runs only in child processes, where Stryker can neither switch a mutant on nor see which
  // test reached it: the JavaScript of scripts/ (build-app.cjs, run-bundle.cjs) and the two entry points the
  // bundles start (src/main.ts, src/cli/main.ts; the tests run them as `npm run synth` and `storytime` do).
  // Also the settings files (stacks/settings/): each environment's values, not code, and the tests name
  // their lines.
  mutate: ['src/**/*.ts', 'stacks/**/*.ts', 'modules/**/*.ts', '!src/main.ts', '!src/cli/main.ts', '!stacks/settings/**'],
  // Only the tests that reach a mutant run for it.
  coverageAnalysis: 'perTest',
  // The sandbox copies the project; these folders are outputs or caches.
  ignorePatterns: ['cdktf.out', 'cdktf.out.staging-*', '.cache', '.venv', 'bootstrap-state', 'reports', 'bench/baseline'],
  // Kept on: turning them off prepends `// @ts-nocheck` to every file of the sandbox, which moves the lines
  // that the tests expect in messages naming a settings file's line. Vitest strips types without checking.
  disableTypeChecks: false,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // `npm run test:mutation -- --incremental` reruns only the mutants whose code or tests changed.
  incrementalFile: 'reports/mutation/incremental.json',
  // The goals per folder are checked from the JSON report (test/support/mutation-scores.ts); Stryker has
  // one threshold for the whole run, which breaks at the lowest of them.
  thresholds: { high: 97, low: 95, break: 90 },
  timeoutMS: 10_000,
  tempDirName: '.stryker-tmp',
};
