/**
 * Mutation score per folder from StrykerJS's JSON report (reports/mutation/mutation.json), checked against
 * the folder's goal: Stryker has one threshold for the whole run, the project one per folder. Run by
 * scripts/mutation.sh after `stryker run`.
 *
 * usage: mutation-scores [report] [--survivors <path prefix>]
 * Prints one line per folder; exit 1 when a folder is below its goal. --survivors lists, under the
 * lines, each mutant under that prefix that no test killed (file:line, mutator, replacement).
 *
 * Score: killed and timed-out mutants over all but the ignored ones and those that do not compile or
 * crash before any test runs (as Stryker counts its own score). A mutant no test reaches counts as not killed.
 */
import { readFileSync } from 'node:fs';
import { parseFlags } from '../../src/cli/flags';
import { UsageError } from '../../src/cli/errors';

export const REPORT = 'reports/mutation/mutation.json';
const USAGE = 'usage: mutation-scores [report] [--survivors <path prefix>]';

type Status = 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

interface ReportMutant {
  readonly status: Status;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly location: { readonly start: { readonly line: number } };
}

/** The part of mutation-testing-report-schema this reads. */
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly ReportMutant[] }>>;
}

export interface FolderScore {
  readonly folder: string;
  readonly detected: number;
  readonly valid: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Percent, one decimal; 100 for a folder without a valid mutant. */
  readonly score: number;
  readonly goal: number;
}

/** The folder a goal applies to: `modules` and `stacks` whole, each folder of `src/`, `src` for its own files. */
export function folderOf(file: string): string {
  const parts = file.replace(/\\/g, '/').split('/');
  if (parts[0] === 'src' && parts.length > 2) return `src/${parts[1]}`;
  return parts[0];
}

export function goalOf(folder: string): number {
  if (folder === 'src/guards') return 95;
  if (folder === 'modules') return 97;
  return 90;
}

export function folderScores(report: MutationReport): FolderScore[] {
  const counts = new Map<string, { detected: number; valid: number; survived: number; noCoverage: number }>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const folder = folderOf(file);
    const count = counts.get(folder) ?? { detected: 0, valid: 0, survived: 0, noCoverage: 0 };
    for (const { status } of mutants) {
      if (status === 'Killed' || status === 'Timeout') count.detected++;
      else if (status === 'Survived') count.survived++;
      else if (status === 'NoCoverage') count.noCoverage++;
      else continue;
      count.valid++;
    }
    counts.set(folder, count);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, count]) => ({
      folder,
      ...count,
      score: count.valid === 0 ? 100 : Math.floor((count.detected / count.valid) * 1000) / 10,
      goal: goalOf(folder),
    }));
}

/** `src/guards: 95.3 % of 778 (741 killed, 30 survived, 7 not reached), goal 95 %`, one per folder, the failures last. */
export function scoreLines(scores: readonly FolderScore[]): { ok: boolean; lines: string[] } {
  const lines = scores.map(
    ({ folder, detected, valid, survived, noCoverage, score, goal }) =>
      `${folder}: ${score.toFixed(1)} % of ${valid} (${detected} killed, ${survived} survived, ${noCoverage} not reached), goal ${goal} %`,
  );
  const below = scores.filter(({ score, goal }) => score < goal);
  for (const { folder, score, goal } of below) lines.push(`${folder} is below its goal: ${score.toFixed(1)} % < ${goal} %`);
  return { ok: below.length === 0, lines };
}

/** `src/guards/buckets.ts:12 ConditionalExpression: true (Survived)` for each mutant under `prefix` not killed. */
export function survivorLines(report: MutationReport, prefix: string): string[] {
  return Object.entries(report.files)
    .filter(([file]) => file.startsWith(prefix))
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([file, { mutants }]) =>
      mutants
        .filter(({ status }) => status === 'Survived' || status === 'NoCoverage')
        .sort((a, b) => a.location.start.line - b.location.start.line)
        .map(
          ({ location, mutatorName, replacement, status }) =>
            `${file}:${location.start.line} ${mutatorName}: ${(replacement ?? '').replace(/\s+/g, ' ')} (${status})`,
        ),
    );
}

export function runScores(argv: readonly string[], read: (file: string) => string): { ok: boolean; lines: string[] } {
  const { flags, positionals, help } = parseFlags(argv, { survivors: { type: 'string' } }, { positionals: true });
  if (help || positionals.length > 1) throw new UsageError(USAGE);
  const report = JSON.parse(read(positionals[0] ?? REPORT)) as MutationReport;
  const scores = scoreLines(folderScores(report));
  const survivors = flags.survivors === undefined ? [] : survivorLines(report, flags.survivors);
  return { ok: scores.ok, lines: [...survivors, ...scores.lines] };
}

if (require.main === module) {
  try {
    const { ok, lines } = runScores(process.argv.slice(2), (file) => readFileSync(file, 'utf8'));
    process.stdout.write(lines.map((line) => `mutation-scores: ${line}\n`).join(''));
    process.exitCode = ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`mutation-scores: ${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof UsageError && err.showUsage) process.stderr.write(`${USAGE}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}
