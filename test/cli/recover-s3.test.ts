/**
 * recover's S3 finders: a bucket by name (S3 names are global: another account's is said so), and each
 * bucket configuration by its bucket, present or not; each alone in a stack against fake answers.
 */
import {
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { Json } from '../helpers';
import { type Answers, awsError, failing, OURS, recoverOne } from './recover-support';

const BUCKET = 'storytime-media-dev';

/** An error as S3 throws it for a bare HTTP status, without a code of its own. */
const httpError = (status: number) => () => {
  throw Object.assign(awsError('Unknown'), { $metadata: { httpStatusCode: status } });
};

describe('recover finds a bucket by name', () => {
  it('imports a bucket tagged for this stack, with what other resources reference of it', async () => {
    const { found, plan, calls } = await recoverOne(
      'aws_s3_bucket',
      { bucket: BUCKET },
      [
        [HeadBucketCommand, () => ({})],
        [GetBucketTaggingCommand, () => ({ TagSet: OURS })],
      ],
      'eu-west-1',
    );
    expect(found).toEqual([
      {
        id: BUCKET,
        attributes: {
          id: BUCKET,
          bucket: BUCKET,
          arn: 'arn:aws:s3:::storytime-media-dev',
          bucket_regional_domain_name: 'storytime-media-dev.s3.eu-west-1.amazonaws.com',
        },
        note: undefined,
      },
    ]);
    expect(plan.imports).toEqual([{ address: 'aws_s3_bucket.it', id: BUCKET, provider: undefined, note: undefined }]);
    expect(calls).toEqual([
      `eu-west-1 HeadBucketCommand {"Bucket":"${BUCKET}"}`,
      `eu-west-1 GetBucketTaggingCommand {"Bucket":"${BUCKET}"}`,
    ]);
  });

  it('adopts an untagged bucket, saying its create was cut short', async () => {
    for (const tagging of [() => ({}), failing('NoSuchTagSet'), failing('NoSuchTagSetError')]) {
      const { plan } = await recoverOne('aws_s3_bucket', { bucket: BUCKET }, [
        [HeadBucketCommand, () => ({})],
        [GetBucketTaggingCommand, tagging],
      ]);
      expect(plan.imports).toEqual([
        { address: 'aws_s3_bucket.it', id: BUCKET, provider: undefined, note: 'untagged: its create was cut short' },
      ]);
    }
  });

  it("refuses another environment's bucket and reports an error reading its tags", async () => {
    const foreign = await recoverOne('aws_s3_bucket', { bucket: BUCKET }, [
      [HeadBucketCommand, () => ({})],
      [GetBucketTaggingCommand, () => ({ TagSet: [{ Key: 'Environment', Value: 'prod' }] })],
    ]);
    expect(foreign.plan.problems).toEqual([
      'aws_s3_bucket.it: bucket storytime-media-dev is tagged for undefined/prod, not this stack: not adopted',
    ]);
    const denied = await recoverOne('aws_s3_bucket', { bucket: BUCKET }, [
      [HeadBucketCommand, () => ({})],
      [GetBucketTaggingCommand, failing('AccessDenied')],
    ]);
    expect(denied.plan.problems).toEqual(['aws_s3_bucket.it: AccessDenied (fake)']);
  });

  it('counts a missing bucket as not created', async () => {
    for (const name of ['NotFound', 'NoSuchBucket']) {
      const { found, plan, calls } = await recoverOne('aws_s3_bucket', { bucket: BUCKET }, [[HeadBucketCommand, failing(name)]]);
      expect([found, plan.missing, calls.length], name).toEqual([[], 1, 1]);
    }
  });

  it("says a name held by another account (forbidden, or moved to another region) is not this stack's to take", async () => {
    for (const status of [403, 301]) {
      const { plan } = await recoverOne('aws_s3_bucket', { bucket: BUCKET }, [[HeadBucketCommand, httpError(status)]]);
      expect(plan.problems, String(status)).toEqual([
        'aws_s3_bucket.it: bucket storytime-media-dev exists in another account (S3 names are global): choose another name in the settings',
      ]);
    }
    const failed = await recoverOne('aws_s3_bucket', { bucket: BUCKET }, [[HeadBucketCommand, httpError(500)]]);
    expect(failed.plan.problems).toEqual(['aws_s3_bucket.it: Unknown (fake)']);
    const bare = await recoverOne('aws_s3_bucket', { bucket: BUCKET }, [[HeadBucketCommand, failing('AccessDenied')]]);
    expect(bare.plan.problems).toEqual(['aws_s3_bucket.it: AccessDenied (fake)']);
  });
});

/** Each configuration type: its command, an answer that has it set, answers that have it not, and its absent errors. */
const CONFIGURATIONS: readonly [string, Answers[number][0], Json, Json[], string[]][] = [
  ['aws_s3_bucket_versioning', GetBucketVersioningCommand, { Status: 'Suspended' }, [{}], []],
  [
    'aws_s3_bucket_server_side_encryption_configuration',
    GetBucketEncryptionCommand,
    { ServerSideEncryptionConfiguration: { Rules: [{}] } },
    [{}, { ServerSideEncryptionConfiguration: { Rules: [] } }],
    ['ServerSideEncryptionConfigurationNotFoundError'],
  ],
  [
    'aws_s3_bucket_public_access_block',
    GetPublicAccessBlockCommand,
    { PublicAccessBlockConfiguration: {} },
    [{}],
    ['NoSuchPublicAccessBlockConfiguration'],
  ],
  [
    'aws_s3_bucket_ownership_controls',
    GetBucketOwnershipControlsCommand,
    { OwnershipControls: { Rules: [{}] } },
    [{}, { OwnershipControls: { Rules: [] } }],
    ['OwnershipControlsNotFoundError'],
  ],
  ['aws_s3_bucket_policy', GetBucketPolicyCommand, { Policy: '{}' }, [{}, { Policy: '' }], ['NoSuchBucketPolicy']],
  ['aws_s3_bucket_cors_configuration', GetBucketCorsCommand, { CORSRules: [{}] }, [{}, { CORSRules: [] }], ['NoSuchCORSConfiguration']],
  [
    'aws_s3_bucket_lifecycle_configuration',
    GetBucketLifecycleConfigurationCommand,
    { Rules: [{}] },
    [{}, { Rules: [] }],
    ['NoSuchLifecycleConfiguration'],
  ],
  [
    'aws_s3_bucket_replication_configuration',
    GetBucketReplicationCommand,
    { ReplicationConfiguration: { Rules: [{}] } },
    [{}, { ReplicationConfiguration: { Rules: [] } }],
    ['ReplicationConfigurationNotFoundError'],
  ],
  ['aws_s3_bucket_logging', GetBucketLoggingCommand, { LoggingEnabled: {} }, [{}], []],
];

describe.each(CONFIGURATIONS)('recover finds %s by its bucket', (type, command, present, unset, absentErrors) => {
  it('imports it by the bucket name when set', async () => {
    const { found, calls } = await recoverOne(type, { bucket: BUCKET }, [[command, () => present]]);
    expect(found).toEqual([{ id: BUCKET, attributes: { id: BUCKET, bucket: BUCKET } }]);
    expect(calls).toEqual([`us-east-1 ${command.name} {"Bucket":"${BUCKET}"}`]);
  });

  it('counts it as not created when unset, or when the bucket is gone', async () => {
    for (const answer of [...unset.map((value) => () => value), ...['NoSuchBucket', ...absentErrors].map(failing)]) {
      const { found, plan } = await recoverOne(type, { bucket: BUCKET }, [[command, answer]]);
      expect([found, plan.problems, plan.missing]).toEqual([[], [], 1]);
    }
  });

  it('reports any other error', async () => {
    const { plan } = await recoverOne(type, { bucket: BUCKET }, [[command, failing('AccessDenied')]]);
    expect(plan.problems).toEqual([`${type}.it: AccessDenied (fake)`]);
  });
});
