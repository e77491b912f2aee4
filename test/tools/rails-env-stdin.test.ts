import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOutputsFile, UsageError } from '../../scripts/lib/outputs';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = [process.execPath, '--require', 'tsx/cjs'] as const;
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'terraform-output.dev.json');

describe('rails-env --from -', () => {
  it('reads terraform output -json from standard input', () => {
    const result = spawnSync(TSX[0], [...TSX.slice(1), 'scripts/rails-env.ts', '--env', 'dev', '--from', '-'], {
      cwd: ROOT,
      encoding: 'utf8',
      input: readFileSync(FIXTURE, 'utf8'),
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual(['AWS_REGION=us-east-1', 'STORYTIME_ENV=dev']);
    expect(result.stdout).toContain('\nCLOUDFRONT_PRIVATE_KEY_SECRET_ARN=arn:aws:secretsmanager:us-east-1:111111111111:secret:storytime/dev/cloudfront_private_key-AbCdEf\n');
    expect(result.stdout).not.toContain('CLOUDFRONT_KEY_PAIR_ID');
  });

  it('names standard input when what comes in is not JSON', () => {
    expect(() => readOutputsFile('-', () => 'Warning: something\n')).toThrow(
      new UsageError('standard input is not valid JSON: Unexpected token \'W\', "Warning: something\n" is not valid JSON'),
    );
  });
});
