import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors';
import { folderOf, folderScores, runScores, scoreLines, survivorLines, type MutationReport } from './mutation-scores';

const mutant = (status: string, line = 1, mutatorName = 'StringLiteral', replacement = '""') => ({
  status,
  mutatorName,
  replacement,
  location: { start: { line, column: 1 }, end: { line, column: 2 } },
});
const many = (count: number, status: string) => Array.from({ length: count }, () => mutant(status));

/** A report in the shape of Stryker's reports/mutation/mutation.json. */
const REPORT = {
  schemaVersion: '2',
  thresholds: { high: 97, low: 95 },
  files: {
    'src/guards/buckets.ts': {
      language: 'typescript',
      source: '',
      mutants: [...many(18, 'Killed'), mutant('Timeout'), mutant('Survived', 7)],
    },
    'src/guards/rules/st-s3-1.ts': { language: 'typescript', source: '', mutants: [mutant('Ignored'), mutant('CompileError')] },
    'modules/waf/waf.ts': {
      language: 'typescript',
      source: '',
      mutants: [...many(96, 'Killed'), mutant('NoCoverage', 3, 'BooleanLiteral', 'false')],
    },
    'modules/secrets/secrets.ts': { language: 'typescript', source: '', mutants: [...many(2, 'Killed'), mutant('RuntimeError')] },
    'stacks/naming.ts': { language: 'typescript', source: '', mutants: [...many(9, 'Killed'), mutant('Survived', 4, 'Regex', '/^a/')] },
    'src/cli/signing/expiry.ts': { language: 'typescript', source: '', mutants: [mutant('Killed')] },
    'src/synth.ts': { language: 'typescript', source: '', mutants: [] },
  },
} as unknown as MutationReport;

describe('mutation-scores (the per-folder goals of npm run test:mutation)', () => {
  it('groups modules and stacks whole, src by its folders and its own files', () => {
    expect(
      ['modules/waf/waf.ts', 'stacks/schema/cdn.ts', 'src/guards/rules/st-s3-1.ts', 'src/cli/flags.ts', 'src/synth.ts'].map(folderOf),
    ).toEqual(['modules', 'stacks', 'src/guards', 'src/cli', 'src']);
  });

  it('scores killed and timed-out over all but ignored and invalid mutants, a mutant no test reaches as not killed', () => {
    expect(folderScores(REPORT)).toEqual([
      { folder: 'modules', detected: 98, valid: 99, survived: 0, noCoverage: 1, score: 98.9, goal: 97 },
      { folder: 'src', detected: 0, valid: 0, survived: 0, noCoverage: 0, score: 100, goal: 90 },
      { folder: 'src/cli', detected: 1, valid: 1, survived: 0, noCoverage: 0, score: 100, goal: 90 },
      { folder: 'src/guards', detected: 19, valid: 20, survived: 1, noCoverage: 0, score: 95, goal: 95 },
      { folder: 'stacks', detected: 9, valid: 10, survived: 1, noCoverage: 0, score: 90, goal: 90 },
    ]);
  });

  it('rounds a score down, so that 96.99 % does not pass a goal of 97 %', () => {
    const report = {
      files: { 'modules/waf/waf.ts': { mutants: [...many(9699, 'Killed'), ...many(301, 'Survived')] } },
    } as unknown as MutationReport;
    expect(scoreLines(folderScores(report))).toEqual({
      ok: false,
      lines: ['modules: 96.9 % of 10000 (9699 killed, 301 survived, 0 not reached), goal 97 %', 'modules is below its goal: 96.9 % < 97 %'],
    });
  });

  it('passes when every folder meets its goal, one line per folder', () => {
    expect(runScores([], () => JSON.stringify(REPORT))).toEqual({
      ok: true,
      lines: [
        'modules: 98.9 % of 99 (98 killed, 0 survived, 1 not reached), goal 97 %',
        'src: 100.0 % of 0 (0 killed, 0 survived, 0 not reached), goal 90 %',
        'src/cli: 100.0 % of 1 (1 killed, 0 survived, 0 not reached), goal 90 %',
        'src/guards: 95.0 % of 20 (19 killed, 1 survived, 0 not reached), goal 95 %',
        'stacks: 90.0 % of 10 (9 killed, 1 survived, 0 not reached), goal 90 %',
      ],
    });
  });

  it('reads reports/mutation/mutation.json unless given another report', () => {
    const read: string[] = [];
    const reader = (file: string) => (read.push(file), JSON.stringify(REPORT));
    runScores([], reader);
    runScores(['other.json'], reader);
    expect(read).toEqual(['reports/mutation/mutation.json', 'other.json']);
  });

  it('lists the mutants no test killed under a prefix, with --survivors', () => {
    expect(survivorLines(REPORT, 'modules/')).toEqual(['modules/waf/waf.ts:3 BooleanLiteral: false (NoCoverage)']);
    expect(runScores(['--survivors', 's'], () => JSON.stringify(REPORT)).lines.slice(0, 2)).toEqual([
      'src/guards/buckets.ts:7 StringLiteral: "" (Survived)',
      'stacks/naming.ts:4 Regex: /^a/ (Survived)',
    ]);
  });

  it('refuses a second report or an unknown flag with its usage', () => {
    for (const argv of [['a.json', 'b.json'], ['--help']]) {
      expect(() => runScores(argv, () => '{}')).toThrow(new UsageError('usage: mutation-scores [report] [--survivors <path prefix>]'));
    }
    expect(() => runScores(['--fast'], () => '{}')).toThrow(Object.assign(new UsageError('unknown flag --fast'), { showUsage: true }));
  });
});
