import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { describe, expect, it } from 'vitest';
import { PrivateBucket } from '../../modules/s3_bucket';
import { policyJson, type PolicyStatement } from '../../modules/shared/policy';
import { ST_S3_3 } from '../../src/guards/rules/st-s3-3';
import { bareBucket, guardedStack, messagesOf } from './guarded';
import { detailsOf } from './guarded';

const REASON = '[ST-S3-3] every bucket has exactly one policy and it denies requests without TLS';
const NO_TLS_DENY = `${REASON}: bucket storytime-bare-dev has no policy denying aws:SecureTransport=false (guarded/bare)`;
const INSECURE = { Bool: { 'aws:SecureTransport': 'false' } };

/** A bare bucket whose one policy holds `statement`, as ST-S3-3 alone sees it. */
function withPolicy(statement: PolicyStatement): string[] {
  const stack = guardedStack();
  const bucket = bareBucket(stack);
  new S3BucketPolicy(stack, 'policy', { bucket: bucket.id, policy: policyJson([statement]) });
  return messagesOf(stack, {}, [ST_S3_3]);
}

describe('ST-S3-3: one policy per bucket, denying requests without TLS', () => {
  it('finds a bucket without a policy', () => {
    const stack = guardedStack();
    bareBucket(stack);
    expect(messagesOf(stack, {}, [ST_S3_3])).toEqual([NO_TLS_DENY]);
  });

  it('finds a second policy on a PrivateBucket, which would overwrite the first', () => {
    const stack = guardedStack();
    const bucket = new PrivateBucket(stack, 'private', { bucketName: 'storytime-private-dev' });
    const readOnly = policyJson([{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${bucket.bucketArn}/*` }]);
    new S3BucketPolicy(stack, 'second', { bucket: bucket.bucket.id, policy: readOnly });
    expect(messagesOf(stack)).toEqual([
      `${REASON}: bucket storytime-private-dev has 2 bucket policies; S3 keeps only one, so they overwrite each other (guarded/private/bucket)`,
    ]);
  });

  it.each(['s3:*', '*'])('passes a Deny of %s when aws:SecureTransport is false', (action) => {
    expect(withPolicy({ Effect: 'Deny', Principal: '*', Action: action, Resource: '*', Condition: INSECURE })).toEqual([]);
  });

  it.each<[string, PolicyStatement]>([
    ['an Allow of s3:* with the same condition', { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: INSECURE }],
    ['a Deny of one action only', { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: INSECURE }],
    [
      'a Deny when aws:SecureTransport is true',
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
    ],
    ['a Deny without the condition', { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
  ])('is not satisfied by %s', (_case, statement) => {
    expect(withPolicy(statement)).toEqual([NO_TLS_DENY]);
  });
});

describe('ST-S3-3, in detail', () => {
  it('finds the TLS deny among statements with other conditions, on s3:* among other actions', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': '1' } },
        },
        { Effect: 'Deny', Principal: '*', Action: ['s3:GetObject', 's3:*'], Resource: '*', Condition: INSECURE },
      ],
    });
    const resources = {
      aws_s3_bucket: { b: { bucket: 'storytime-b' } },
      aws_s3_bucket_policy: { p: { bucket: '${aws_s3_bucket.b.id}', policy } },
    };
    expect(detailsOf(ST_S3_3, resources)).toEqual([]);
  });
});
