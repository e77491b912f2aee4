import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { TerraformStack } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { suppressGuardrail } from '../../src/guards';
import { guardedStack, messagesOf } from './guarded';

const REASON = '[ST-POL-1] every policy document is literal JSON, so the other rules can read it';
const OPAQUE = '${data.aws_iam_policy_document.x.json}';

describe('ST-POL-1: policies the rules can read', () => {
  it('is a finding, not a pass, for a policy that is not literal JSON', () => {
    const stack = guardedStack();
    const bucket = new S3Bucket(stack, 'bucket', { bucket: 'storytime-pol-dev' });
    suppressGuardrail(bucket, 'ST-S3-1', 'only the policy rule is under test here');
    suppressGuardrail(bucket, 'ST-S3-2', 'only the policy rule is under test here');
    new S3BucketPolicy(stack, 'policy', { bucket: bucket.id, policy: OPAQUE });
    new IamPolicy(stack, 'opaque', { name: 'opaque', policy: '${data.aws_iam_policy_document.y.json}' });
    expect(messagesOf(stack)).toEqual([
      `${REASON}: aws_s3_bucket_policy.policy.policy is not a literal policy document (guarded/policy)`,
      `${REASON}: aws_iam_policy.opaque.policy is not a literal policy document (guarded/opaque)`,
      '[ST-S3-3] every bucket has exactly one policy and it denies requests without TLS: bucket storytime-pol-dev has no policy denying aws:SecureTransport=false (guarded/bucket)',
    ]);
  });

  it.each<[string, string, (stack: TerraformStack, policy: string) => void]>([
    ['aws_iam_role_policy', 'policy', (stack, policy) => new IamRolePolicy(stack, 'document', { role: 'r', policy })],
    ['aws_iam_role', 'assume_role_policy', (stack, policy) => new IamRole(stack, 'document', { assumeRolePolicy: policy })],
    ['aws_sqs_queue_policy', 'policy', (stack, policy) => new SqsQueuePolicy(stack, 'document', { queueUrl: 'q', policy })],
    ['aws_sns_topic_policy', 'policy', (stack, policy) => new SnsTopicPolicy(stack, 'document', { arn: 't', policy })],
    [
      'aws_secretsmanager_secret_policy',
      'policy',
      (stack, policy) => new SecretsmanagerSecretPolicy(stack, 'document', { secretArn: 's', policy }),
    ],
  ])('reads %s.%s', (type, attribute, add) => {
    const stack = guardedStack();
    add(stack, OPAQUE);
    expect(messagesOf(stack)).toEqual([`${REASON}: ${type}.document.${attribute} is not a literal policy document (guarded/document)`]);
  });

  it('refuses JSON without a Statement list, and accepts a literal document', () => {
    const stack = guardedStack();
    new IamRolePolicy(stack, 'document', { role: 'r', policy: '{"Version":"2012-10-17"}' });
    new IamRolePolicy(stack, 'literal', {
      role: 'r',
      policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
    });
    expect(messagesOf(stack)).toEqual([
      `${REASON}: aws_iam_role_policy.document.policy is not a literal policy document (guarded/document)`,
    ]);
  });
});
