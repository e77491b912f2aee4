import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchOptions } from '../bench/options';

const RESULTS = join(__dirname, '..', 'bench', 'RESULTS.md');

describe('npm run bench options', () => {
  it('runs every section 5 times and writes bench/RESULTS.md by default', () => {
    expect(benchOptions([])).toEqual({ runs: 5, only: ['synth', 'scaling', 'tests', 'plan'], out: RESULTS });
  });

  it('prints a partial run instead of overwriting bench/RESULTS.md, and writes it elsewhere on request', () => {
    expect(benchOptions(['--only', 'tests,synth', '--runs', '2'])).toEqual({ runs: 2, only: ['synth', 'tests'], out: undefined });
    expect(benchOptions(['--only', 'synth', '--out', 'synth.md'])).toMatchObject({ out: resolve('synth.md') });
    expect(() => benchOptions(['--only', 'synth', '--out', RESULTS])).toThrow('a partial run does not write bench/RESULTS.md');
    expect(benchOptions(['--out', '-'])).toMatchObject({ out: undefined });
  });

  it('answers --help, and refuses bad flags with one line', () => {
    expect(benchOptions(['--help'])).toBe('help');
    expect(benchOptions(['-h'])).toBe('help');
    expect(() => benchOptions(['--runs', '0'])).toThrow("--runs: expected a positive integer, got '0'");
    expect(() => benchOptions(['--only', 'synth,profile'])).toThrow(
      '--only: unknown section(s) profile; expected synth, scaling, tests, plan',
    );
    expect(() => benchOptions(['--warmup', '1'])).toThrow('unknown flag --warmup');
  });
});
