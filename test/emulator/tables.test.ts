/**
 * The emulator's tables, checked in `npm test` (no emulator needed): the
 * stand-ins and rewrites change only what their rows say, on a copy.
 */
import { describe, expect, it } from 'vitest';
import { rewrite, substitute } from './substitute';
import { synthAll, type Json } from '../helpers';
import { slowest } from './phases';
import { EMULATOR_REWRITES, EMULATOR_STAND_INS } from './stand-ins';

describe('emulator copy of the dev stack', () => {
  const dev = synthAll()['storytime-dev'];

  it('replaces the resources moto lacks by terraform_data with the attributes their readers use', () => {
    const { stack, used } = substitute(dev, EMULATOR_STAND_INS);
    expect([...new Set(used.map((use) => use.address.split('.')[0]))].sort()).toEqual(['aws_media_convert_queue']);
    expect(
      Object.values(stack.resource.terraform_data)
        .map((data: Json) => data.input.arn)
        .filter(Boolean),
    ).toEqual(['arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls']);
    expect(JSON.stringify(stack)).not.toMatch(/aws_media_convert_queue\./);
  });

  it('drops only the TLS-only deny from bucket policies and widens only the access-log grant', () => {
    const { stack, used } = rewrite(dev, EMULATOR_REWRITES);
    const statements = (name: string) => JSON.parse(stack.resource.aws_s3_bucket_policy[name].policy).Statement;
    const policies = Object.keys(dev.resource.aws_s3_bucket_policy);
    expect(used).toHaveLength(policies.length + 1);
    for (const name of policies) {
      const original = JSON.parse(dev.resource.aws_s3_bucket_policy[name].policy).Statement;
      expect(original.map((statement: Json) => statement.Sid)).toContain('DenyInsecureTransport');
      expect(statements(name).map((statement: Json) => statement.Sid)).toEqual(
        original.map((statement: Json) => statement.Sid).filter((sid: string) => sid !== 'DenyInsecureTransport'),
      );
    }
    const logGrant = statements(policies.find((name) => name.startsWith('access-logs'))!).find(
      (statement: Json) => statement.Sid === 'AllowS3ServerAccessLogs',
    );
    expect(logGrant.Resource).toBe('${aws_s3_bucket.access-logs_bucket_7E528747.arn}/*');
  });
});

describe('time per resource', () => {
  it('names the resources a step waited on longest', () => {
    const output = [
      'aws_s3_bucket.a: Creation complete after 1s [id=a]',
      'aws_s3_bucket_lifecycle_configuration.l: Creation complete after 55s [id=a]',
      'aws_cloudfront_distribution.d: Destruction complete after 1m3s',
      'aws_s3_bucket.b: Still creating... [10s elapsed]',
    ].join('\n');
    expect(slowest(output, 2)).toEqual(['aws_cloudfront_distribution.d 63 s', 'aws_s3_bucket_lifecycle_configuration.l 55 s']);
  });

  it('reads them from a colored run too (the CLI runs terraform with colors)', () => {
    const output = '\u001b[0m\u001b[1maws_cloudfront_distribution.d: Destruction complete after 45s\u001b[0m\n';
    expect(slowest(output)).toEqual(['aws_cloudfront_distribution.d 45 s']);
  });
});
