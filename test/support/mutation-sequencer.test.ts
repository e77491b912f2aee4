import type { TestSpecification, Vitest } from 'vitest/node' with { 'resolution-mode': 'import' };
import { describe, expect, it } from 'vitest';
import { quickFirst } from './mutation-sequencer';

/** A vitest context with the results and file sizes its cache would hold after a run. */
function sequencerWith(results: Record<string, { duration: number; failed: boolean }>, sizes: Record<string, number>) {
  const ctx = {
    config: { root: '/repo' },
    cache: {
      getFileTestResults: (key: string) => results[key],
      getFileStats: (key: string) => (key in sizes ? { size: sizes[key] } : undefined),
    },
  };
  return ctx as unknown as Pick<Vitest, 'cache' | 'config'>;
}
const spec = (path: string) => ({ project: { name: '' }, moduleId: `/repo/${path}` }) as unknown as TestSpecification;
const order = (ctx: Pick<Vitest, 'cache' | 'config'>, paths: string[]) =>
  quickFirst(paths.map(spec), ctx).map((file) => file.moduleId.replace('/repo/', ''));

describe('the mutation run order of test files (vitest.stryker.config.mts)', () => {
  it('runs the files that failed last time first, then the quickest, then the files never run by size', () => {
    const sequencer = sequencerWith(
      {
        ':test/stacks.test.ts': { duration: 1454, failed: false },
        ':test/modules/waf.test.ts': { duration: 901, failed: true },
        ':test/modules/alb_rules.test.ts': { duration: 14, failed: false },
        ':test/modules/s3_bucket.test.ts': { duration: 66, failed: true },
        ':test/docs.test.ts': { duration: 49, failed: false },
      },
      { ':test/new-big.test.ts': 9000, ':test/new-small.test.ts': 300 },
    );
    expect(
      order(sequencer, [
        'test/new-big.test.ts',
        'test/stacks.test.ts',
        'test/modules/waf.test.ts',
        'test/new-small.test.ts',
        'test/docs.test.ts',
        'test/modules/alb_rules.test.ts',
        'test/modules/s3_bucket.test.ts',
      ]),
    ).toEqual([
      'test/modules/s3_bucket.test.ts',
      'test/modules/waf.test.ts',
      'test/modules/alb_rules.test.ts',
      'test/docs.test.ts',
      'test/stacks.test.ts',
      'test/new-small.test.ts',
      'test/new-big.test.ts',
    ]);
  });

  it('counts a file the cache has no size for as the smallest of those never run', () => {
    const sequencer = sequencerWith({ ':test/a.test.ts': { duration: 5, failed: false } }, { ':test/b.test.ts': 10 });
    expect(order(sequencer, ['test/c.test.ts', 'test/b.test.ts', 'test/a.test.ts'])).toEqual([
      'test/a.test.ts',
      'test/c.test.ts',
      'test/b.test.ts',
    ]);
  });
});
