import { describe, expect, it } from 'vitest';
import { PrivateBucket } from '../../modules/s3_bucket';
import { ST_S3_4 } from '../../src/guards/rules/st-s3-4';
import { guardedStack, messagesOf } from './guarded';
import { detailsOf } from './guarded';

const REASON = '[ST-S3-4] no bucket policy allows a public principal';

describe('ST-S3-4: no bucket policy allows a public principal', () => {
  it('finds Principal "*", AWS "*" and "*" among AWS principals (the public-read counter-example of seed 002)', () => {
    const stack = guardedStack();
    const bucket = new PrivateBucket(stack, 'private', { bucketName: 'storytime-private-dev' });
    bucket.addToResourcePolicy({
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `${bucket.bucketArn}/*`,
    });
    const other = new PrivateBucket(stack, 'other', { bucketName: 'storytime-other-dev' });
    other.addToResourcePolicy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: `${other.bucketArn}/*` });
    const listed = new PrivateBucket(stack, 'listed', { bucketName: 'storytime-listed-dev' });
    listed.addToResourcePolicy({
      Sid: 'Listed',
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::111111111111:root', '*'] },
      Action: 's3:GetObject',
      Resource: `${listed.bucketArn}/*`,
    });
    expect(messagesOf(stack)).toEqual([
      `${REASON}: statement PublicRead allows Principal "*" (guarded/private/policy)`,
      `${REASON}: statement (no Sid) allows Principal "*" (guarded/other/policy)`,
      `${REASON}: statement Listed allows Principal "*" (guarded/listed/policy)`,
    ]);
  });

  it('lets a Deny name every principal, and an Allow name a service', () => {
    const stack = guardedStack();
    const bucket = new PrivateBucket(stack, 'private', { bucketName: 'storytime-private-dev' });
    bucket.addToResourcePolicy({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `${bucket.bucketArn}/*` });
    bucket.addToResourcePolicy({
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: `${bucket.bucketArn}/*`,
    });
    expect(messagesOf(stack, {}, [ST_S3_4])).toEqual([]);
  });
});

describe('ST-S3-4, in detail', () => {
  it('passes an Allow statement without a Principal', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'x' }, Action: 's3:GetObject' }],
    });
    expect(detailsOf(ST_S3_4, { aws_s3_bucket_policy: { p: { bucket: 'b', policy } } })).toEqual([]);
  });
});
