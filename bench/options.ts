/** Command line of `npm run bench` (bench/run.ts). */
import { join, resolve } from 'node:path';
import { UsageError } from '../src/cli/errors';
import { parseFlags } from '../src/cli/flags';

export const SECTIONS = ['synth', 'scaling', 'tests', 'plan'] as const;
export type Section = (typeof SECTIONS)[number];
export const RESULTS = join(__dirname, 'RESULTS.md');
export const USAGE = `usage: npm run bench -- [--runs N] [--only ${SECTIONS.join(',')}] [--out FILE|-]

  synth    sh scripts/app.sh (what npm run synth and cdktf synth start) against
           the floor (node requiring the cdktf, constructs and provider modules
           the app requires, writing one file) and the common setup (ts-node,
           root-barrel imports: bench/baseline.ts), run by run
  scaling  N environment stacks in one synth (bench/scale.ts)
  tests    the unit tests: vitest run --exclude 'test/terraform/**'
  plan     terraform init + validate + plan per stack (test/support/terraform.ts)

--runs N   measured runs per figure after one warm-up (default 5)
--only     these sections only; the report then goes to stdout, or to --out
--out      where the report goes (- for stdout); default bench/RESULTS.md for a
           full run. A partial run never writes bench/RESULTS.md.`;

export interface BenchOptions {
  readonly runs: number;
  readonly only: readonly Section[];
  /** undefined: stdout. */
  readonly out: string | undefined;
}

/** Parsed flags, or 'help'; a UsageError names what is wrong. */
export function benchOptions(argv: string[]): BenchOptions | 'help' {
  const { flags, help } = parseFlags(argv, {
    runs: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
  });
  if (help) return 'help';
  if (flags.runs !== undefined && !/^[1-9]\d*$/.test(flags.runs))
    throw new UsageError(`--runs: expected a positive integer, got '${flags.runs}'`);
  const wanted = flags.only?.split(',') ?? [...SECTIONS];
  const unknown = wanted.filter((section) => !(SECTIONS as readonly string[]).includes(section));
  if (unknown.length > 0) throw new UsageError(`--only: unknown section(s) ${unknown.join(', ')}; expected ${SECTIONS.join(', ')}`);
  const only = SECTIONS.filter((section) => wanted.includes(section));
  const partial = only.length < SECTIONS.length;
  const out = flags.out === '-' ? undefined : flags.out !== undefined ? resolve(flags.out) : partial ? undefined : RESULTS;
  if (partial && out === RESULTS)
    throw new UsageError('a partial run does not write bench/RESULTS.md; give another --out, or - for stdout');
  return { runs: Number(flags.runs ?? 5), only, out };
}
