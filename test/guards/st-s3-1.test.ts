import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { describe, expect, it } from 'vitest';
import { ST_S3_1 } from '../../src/guards/rules/st-s3-1';
import { bareBucket, guardedStack, messagesOf } from './guarded';

const ALL_TRUE = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const FINDING =
  '[ST-S3-1] every bucket blocks all public access: bucket storytime-bare-dev lacks a public access block with all four flags true (guarded/bare)';

describe('ST-S3-1: every bucket blocks all public access', () => {
  it('passes a bucket whose public access block sets all four flags, found by reference or by name', () => {
    const stack = guardedStack();
    const referenced = bareBucket(stack);
    new S3BucketPublicAccessBlock(stack, 'block', { bucket: referenced.id, ...ALL_TRUE });
    bareBucket(stack, 'storytime-named-dev', 'named');
    new S3BucketPublicAccessBlock(stack, 'named-block', { bucket: 'storytime-named-dev', ...ALL_TRUE });
    expect(messagesOf(stack, {}, [ST_S3_1])).toEqual([]);
  });

  it('finds a bucket without a public access block', () => {
    const stack = guardedStack();
    bareBucket(stack);
    expect(messagesOf(stack, {}, [ST_S3_1])).toEqual([FINDING]);
  });

  it.each(['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'])(
    'is not satisfied by a block with %s false, or left out',
    (flag) => {
      const stack = guardedStack();
      const bucket = bareBucket(stack);
      new S3BucketPublicAccessBlock(stack, 'false', { bucket: bucket.id, ...ALL_TRUE, [flag]: false });
      new S3BucketPublicAccessBlock(stack, 'unset', { bucket: bucket.id, ...ALL_TRUE, [flag]: undefined });
      expect(messagesOf(stack, {}, [ST_S3_1])).toEqual([FINDING]);
    },
  );

  it("is not satisfied by another bucket's block", () => {
    const stack = guardedStack();
    bareBucket(stack);
    const other = bareBucket(stack, 'storytime-other-dev', 'other');
    new S3BucketPublicAccessBlock(stack, 'block', { bucket: other.id, ...ALL_TRUE });
    expect(messagesOf(stack, {}, [ST_S3_1])).toEqual([FINDING]);
  });
});
