/**
 * The emulator's tables, checked in `npm test` (no emulator needed): the
 * second-plan classifier flags real drift, and the stand-ins and rewrites
 * change only what their rows say, on a copy.
 */
import { describe, expect, it } from 'vitest';
import { rewrite, substitute } from './substitute';
import { synthAll, type Json } from '../helpers';
import { slowest } from './phases';
import { classifySecondPlan } from './read-back-gaps';
import { EMULATOR_REWRITES, EMULATOR_STAND_INS } from './stand-ins';

const update = (type: string, before: object, after: object) => ({
  address: `${type}.x`,
  type,
  change: { actions: ['update'], before, after, after_unknown: {} },
});

describe('second plan classifier', () => {
  it('allows only the listed read-back gaps and prints every other diff', () => {
    const plan = {
      resource_changes: [
        update(
          'aws_cloudfront_distribution',
          { comment: null, origin: [{ origin_access_control_id: '' }], price_class: 'PriceClass_100' },
          { comment: 'HLS', origin: [{ origin_access_control_id: 'E1' }], price_class: 'PriceClass_All' },
        ),
        update(
          'aws_s3_bucket_versioning',
          { versioning_configuration: [{ status: 'Suspended' }] },
          { versioning_configuration: [{ status: 'Enabled' }] },
        ),
        update(
          'aws_sqs_queue',
          { redrive_policy: '{"deadLetterTargetArn": "arn:dlq", "maxReceiveCount": 5}' },
          { redrive_policy: '{"maxReceiveCount":5,"deadLetterTargetArn":"arn:dlq"}' },
        ),
        {
          ...update(
            'aws_sqs_queue',
            { redrive_policy: '{"deadLetterTargetArn": "arn:dlq", "maxReceiveCount": 3}' },
            { redrive_policy: '{"deadLetterTargetArn":"arn:dlq","maxReceiveCount":5}' },
          ),
          address: 'aws_sqs_queue.y',
        },
        {
          address: 'aws_iam_role.r',
          type: 'aws_iam_role',
          change: { actions: ['delete', 'create'], before: {}, after: {}, after_unknown: {} },
        },
        { address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', change: { actions: ['no-op'], before: {}, after: {}, after_unknown: {} } },
      ],
    };
    const { allowed, unexpected } = classifySecondPlan(plan);
    expect(allowed.map((line) => line.split(' (')[0])).toEqual([
      'aws_cloudfront_distribution.x: comment',
      'aws_cloudfront_distribution.x: origin.origin_access_control_id',
      'aws_sqs_queue.x: redrive_policy',
    ]);
    expect(unexpected).toEqual([
      'aws_cloudfront_distribution.x: price_class: "PriceClass_100" → "PriceClass_All"',
      'aws_s3_bucket_versioning.x: versioning_configuration.status: "Suspended" → "Enabled"',
      'aws_sqs_queue.y: redrive_policy: "{\\"deadLetterTargetArn\\": \\"arn:dlq\\", \\"maxReceiveCount\\": 3}" → "{\\"deadLetterTargetArn\\":\\"arn:dlq\\",\\"maxReceiveCount\\":5}"',
      'aws_iam_role.r: delete+create',
    ]);
  });
});

describe('emulator copy of the dev stack', () => {
  const dev = synthAll()['storytime-dev'];

  it('replaces the resources moto lacks by terraform_data with the attributes their readers use', () => {
    const { stack, used } = substitute(dev, EMULATOR_STAND_INS);
    expect([...new Set(used.map((use) => use.address.split('.')[0]))].sort()).toEqual([
      'aws_cloudfront_cache_policy',
      'aws_cloudfront_key_group',
      'aws_cloudfront_response_headers_policy',
      'aws_media_convert_queue',
    ]);
    expect(
      Object.values(stack.resource.terraform_data)
        .map((data: Json) => data.input.arn)
        .filter(Boolean),
    ).toEqual(['arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls']);
    expect(JSON.stringify(stack)).not.toMatch(/aws_cloudfront_cache_policy\.|aws_media_convert_queue\./);
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
});
