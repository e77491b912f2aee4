// Setup file of the mutation run (vitest.stryker.config.mts), after StrykerJS's own. Files share a worker
// (vitest.config.mts) and so their imports; here each test file loads the project's modules anew, with the
// mutant already switched on, so that code run as a module loads is mutated as well.
//
// Stryker records which test reaches a mutant while that test runs; what runs outside every test (as a file
// loads, a synth at its top or in beforeAll) it counts as static and runs every test for it, which made
// nearly every mutant of the synth path (stacks, modules, guards) cost a whole run. Instead, those mutants
// are counted as reached by each test of the file that reached them, the tests that read that synth.
import { afterAll, inject, vi } from 'vitest';

interface Coverage {
  static: Record<string, number>;
  perTest: Record<string, Record<string, number>>;
}
interface Namespace {
  activeMutant?: string;
  mutantCoverage?: Coverage;
}
interface Task {
  readonly name: string;
  readonly type: string;
  readonly suite?: Task;
  readonly file?: { readonly filepath: string };
  readonly tasks?: readonly Task[];
}

declare module 'vitest' {
  interface ProvidedContext {
    globalNamespace: string;
    mode: 'dry-run' | 'mutant';
    activeMutant: string;
    testNameSeparator: string;
  }
}

vi.resetModules();

const globals = globalThis as unknown as Record<string, Namespace | undefined>;
// Undefined when vitest runs this configuration without Stryker (to see the suite it runs).
const namespace = inject('globalNamespace') as string | undefined;
const ns: Namespace = namespace === undefined ? {} : (globals[namespace] ??= {});

if (inject('mode') === 'mutant') {
  ns.activeMutant = inject('activeMutant');
} else if (namespace !== undefined) {
  const before = { ...ns.mutantCoverage?.static };
  afterAll((file) => {
    const coverage = ns.mutantCoverage;
    if (!coverage) return;
    const ids = testsOf(file as Task).map((test) => testId(test, inject('testNameSeparator')));
    for (const [mutant, hits] of Object.entries(coverage.static)) {
      const here = hits - (before[mutant] ?? 0);
      if (here <= 0 || ids.length === 0) continue;
      for (const id of ids) (coverage.perTest[id] ??= {})[mutant] = here;
      if (before[mutant] === undefined) delete coverage.static[mutant];
      else coverage.static[mutant] = before[mutant];
    }
  });
}

function testsOf(task: Task): Task[] {
  return task.type === 'test' ? [task] : (task.tasks ?? []).flatMap(testsOf);
}

/** The id Stryker's own setup file gives a test (@stryker-mutator/vitest-runner, stryker-setup.js). */
function testId(test: Task, separator: string): string {
  const names = [test.name];
  for (let suite = test.suite; suite; suite = suite.suite) names.unshift(suite.name);
  return `${test.file?.filepath ?? 'unknown.js'}#${names.join(separator).trim()}`;
}
