// Order of the test files in a mutation run (vitest.stryker.config.mts). StrykerJS stops a mutant's run at
// its first failing test, so a killed mutant costs the files that run before the one that kills it. Vitest's
// own order runs the longest files first, which for a mutant of modules/ meant whole-stack synths before the
// module's own quick tests. Here: the files that failed in the last run first (a mutant's neighbours in the
// same code tend to be killed by the same file), then the quickest first.
import { relative } from 'node:path';
import type { TestSpecification, Vitest } from 'vitest/node' with { 'resolution-mode': 'import' };

export function quickFirst(files: readonly TestSpecification[], { cache, config }: Pick<Vitest, 'cache' | 'config'>): TestSpecification[] {
  const known = files.map((file) => {
    const key = `${file.project.name}:${relative(config.root, file.moduleId)}`;
    const result = cache.getFileTestResults(key);
    // A file not yet run goes by its size, after every file whose time is known.
    const cost = result ? result.duration : Number.MAX_SAFE_INTEGER / 2 + (cache.getFileStats(key)?.size ?? 0);
    return { file, failed: result?.failed === true, cost };
  });
  known.sort((a, b) => Number(b.failed) - Number(a.failed) || a.cost - b.cost);
  return known.map(({ file }) => file);
}
