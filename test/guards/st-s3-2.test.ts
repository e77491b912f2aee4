import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { describe, expect, it } from 'vitest';
import { ST_S3_2 } from '../../src/guards/rules/st-s3-2';
import { bareBucket, guardedStack, messagesOf } from './guarded';
import { detailsOf } from './guarded';

const FINDING = '[ST-S3-2] every bucket encrypts at rest by default: bucket storytime-bare-dev has no default encryption (guarded/bare)';

describe('ST-S3-2: every bucket encrypts at rest by default', () => {
  it.each(['AES256', 'aws:kms', 'aws:kms:dsse'])('passes a default encryption rule with %s', (algorithm) => {
    const stack = guardedStack();
    const bucket = bareBucket(stack);
    new S3BucketServerSideEncryptionConfigurationA(stack, 'sse', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm } }],
    });
    expect(messagesOf(stack, {}, [ST_S3_2])).toEqual([]);
  });

  it('finds a bucket without default encryption, or with an algorithm S3 does not have', () => {
    const stack = guardedStack();
    bareBucket(stack);
    expect(messagesOf(stack, {}, [ST_S3_2])).toEqual([FINDING]);
    new S3BucketServerSideEncryptionConfigurationA(stack, 'sse', {
      bucket: 'storytime-bare-dev',
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'none' } }],
    });
    expect(messagesOf(stack, {}, [ST_S3_2])).toEqual([FINDING]);
  });
});

describe('ST-S3-2, in detail', () => {
  it('passes a bucket with one encrypting rule among others', () => {
    const sse = {
      bucket: '${aws_s3_bucket.b.id}',
      rule: [{ bucket_key_enabled: true }, { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } }],
    };
    expect(
      detailsOf(ST_S3_2, { aws_s3_bucket: { b: { bucket: 'storytime-b' } }, aws_s3_bucket_server_side_encryption_configuration: { sse } }),
    ).toEqual([]);
  });
});
