import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { UsageError } from '../../src/cli/errors';
import { tempDir } from '../temp';
import { compareOutdirs, runCompare } from './compare-stacks';

function stack(version: string, bucket = 'storytime-hls-outputs-dev') {
  return {
    '//': { metadata: { backend: 's3', stackName: 'storytime-dev', version } },
    resource: { aws_s3_bucket: { hls: { bucket, force_destroy: false } } },
  };
}

/** An out dir holding the given stacks. */
function outdir(stacks: Record<string, object>): string {
  const dir = tempDir('compare');
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
    writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  }
  return dir;
}

const NAMES: [string, string] = ['cdktf@0.21.0', 'cdktn@0.24.0'];

describe('compare-stacks (the cdktn migration check)', () => {
  it('passes stacks that differ only in the version metadata', () => {
    const result = compareOutdirs(
      outdir({ 'storytime-dev': stack('0.21.0') }),
      outdir({ 'storytime-dev': stack('0.24.0') }),
      '0.24.0',
      NAMES,
    );
    expect(result).toEqual({
      ok: true,
      lines: ['cdktn@0.24.0: 1 stacks identical to cdktf@0.21.0 except the version metadata (storytime-dev)'],
    });
  });

  it('fails on any other difference, naming the JSON path and both values', () => {
    const result = compareOutdirs(
      outdir({ 'storytime-dev': stack('0.21.0') }),
      outdir({ 'storytime-dev': stack('0.24.0', 'storytime-hls-outputs-prod') }),
      '0.24.0',
      NAMES,
    );
    expect(result).toEqual({
      ok: false,
      lines: [
        'storytime-dev: differs at resource.aws_s3_bucket.hls.bucket: "storytime-hls-outputs-dev" vs "storytime-hls-outputs-prod" (cdktf@0.21.0 vs cdktn@0.24.0)',
      ],
    });
  });

  it('fails when the candidate was not written by the expected version (a copy that ran cdktf again)', () => {
    const result = compareOutdirs(
      outdir({ 'storytime-dev': stack('0.21.0') }),
      outdir({ 'storytime-dev': stack('0.21.0') }),
      '0.24.0',
      NAMES,
    );
    expect(result).toEqual({ ok: false, lines: ['storytime-dev: cdktn@0.24.0 wrote version "0.21.0", expected "0.24.0"'] });
  });

  it('fails when a stack is missing on either side', () => {
    const result = compareOutdirs(
      outdir({ 'storytime-dev': stack('0.21.0'), 'storytime-state': stack('0.21.0') }),
      outdir({ 'storytime-dev': stack('0.24.0'), 'storytime-other': stack('0.24.0') }),
      '0.24.0',
      NAMES,
    );
    expect(result.ok).toBe(false);
    expect(result.lines).toEqual(['stacks only from cdktf@0.21.0: storytime-state', 'stacks only from cdktn@0.24.0: storytime-other']);
  });

  it('reports an added or removed key as absent on one side', () => {
    const extra = { ...stack('0.24.0'), output: { x: { value: 1 } } };
    const result = compareOutdirs(outdir({ s: stack('0.21.0') }), outdir({ s: extra }), '0.24.0', NAMES);
    expect(result.lines).toEqual(['s: differs at output: (absent) vs {"x":{"value":1}} (cdktf@0.21.0 vs cdktn@0.24.0)']);
  });

  it('refuses bad arguments', () => {
    expect(() => runCompare(['a'])).toThrow(
      new UsageError(
        'usage: compare-stacks <reference out dir> <candidate out dir> --expect-version <v> [--names <reference>,<candidate>]',
      ),
    );
    expect(() => runCompare(['a', 'b', '--expect-version', '1', '--expect-version', '2'])).toThrow(
      /^--expect-version is given more than once; give it once$/,
    );
    expect(() => runCompare(['a', 'b', '--expect-version', '1', '--names', 'x'])).toThrow(
      new UsageError('--names "x" is not <reference>,<candidate>'),
    );
    expect(() => runCompare([tempDir('empty'), 'b', '--expect-version', '1'])).toThrow(/holds no stacks\/ folder$/);
  });

  it('exits 1 from the command line when stacks differ, with one line per difference on stderr', () => {
    const reference = outdir({ 'storytime-dev': stack('0.21.0') });
    const candidate = outdir({ 'storytime-dev': stack('0.24.0', 'other') });
    // As scripts/cdktn-check.sh runs it.
    const result = spawnSync(
      process.execPath,
      ['--require', 'tsx/cjs', 'test/support/compare-stacks.ts', reference, candidate, '--expect-version', '0.24.0'],
      { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'compare-stacks: storytime-dev: differs at resource.aws_s3_bucket.hls.bucket: "storytime-hls-outputs-dev" vs "other" (reference vs candidate)\n',
    );
  });
});
