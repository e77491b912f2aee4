import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config.mjs';
import { quickFirst } from './test/support/mutation-sequencer.js';

class QuickFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return Promise.resolve(quickFirst(files, this.ctx));
  }
}

// The suite as StrykerJS runs it for each mutant (stryker.config.mjs). Left out: the Terraform plans and
// the emulator run. They are most of `npm test`'s time, and Stryker activates a mutant (and records which
// test reaches it) only inside its own worker, so the Terraform and app processes they start always run the
// code unmutated: they could kill no mutant that the synth tests do not.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ['test/terraform/**', 'test/emulator/**', 'test/settings-files.test.ts', 'node_modules/**'],
      // Files share a worker (vitest.config.mts) and so their imports: a mutant that changes what a module
      // does as it loads (a constant, a schema) must find the module loaded anew for each test file.
      setupFiles: ['test/support/reset-modules.ts'],
      sequence: { sequencer: QuickFirstSequencer },
    },
  }),
);
