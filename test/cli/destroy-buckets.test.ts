/** destroy's bucket check against S3 as the SDK answers: one ListObjectVersions page per bucket. */
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { awsBucketContents } from '../../src/cli/destroy/buckets';
import type { Json } from '../helpers';
import { fakeSdk } from './fake-sdk';
import { awsError } from './recover-support';

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.AWS_ENDPOINT_URL_S3;
});

describe("destroy's bucket contents", () => {
  it('counts the versions and delete markers of a first page of up to 1000', async () => {
    const pages: Json[] = [
      { Versions: [{ Key: 'a' }, { Key: 'b' }, { Key: 'c' }], DeleteMarkers: [{ Key: 'd' }, { Key: 'e' }] },
      { Versions: [{ Key: 'a' }] },
      { DeleteMarkers: [{ Key: 'd' }] },
      {},
    ];
    const calls = fakeSdk([S3Client], [[ListObjectVersionsCommand, () => pages.shift()]]);
    const contents = awsBucketContents('eu-west-1');
    expect(await contents('storytime-master-uploads-dev')).toBe(5);
    expect(await contents('storytime-hls-outputs-dev')).toBe(1);
    expect(await contents('storytime-access-logs-dev')).toBe(1);
    expect(await contents('storytime-empty-dev')).toBe(0);
    expect(calls).toEqual([
      'eu-west-1 ListObjectVersionsCommand {"Bucket":"storytime-master-uploads-dev","MaxKeys":1000}',
      'eu-west-1 ListObjectVersionsCommand {"Bucket":"storytime-hls-outputs-dev","MaxKeys":1000}',
      'eu-west-1 ListObjectVersionsCommand {"Bucket":"storytime-access-logs-dev","MaxKeys":1000}',
      'eu-west-1 ListObjectVersionsCommand {"Bucket":"storytime-empty-dev","MaxKeys":1000}',
    ]);
  });

  it('takes NoSuchBucket as no bucket, and passes any other error on', async () => {
    const errors = ['NoSuchBucket', 'AccessDenied'];
    fakeSdk(
      [S3Client],
      [
        [
          ListObjectVersionsCommand,
          () => {
            throw awsError(errors.shift() ?? '');
          },
        ],
      ],
    );
    const contents = awsBucketContents('eu-west-1');
    expect(await contents('storytime-gone-dev')).toBeUndefined();
    await expect(contents('storytime-denied-dev')).rejects.toThrow('AccessDenied (fake)');
  });

  it('addresses S3 by path when its endpoint is overridden (an emulator)', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:4566';
    const calls = fakeSdk([S3Client], [[ListObjectVersionsCommand, () => ({})]]);
    await awsBucketContents('eu-west-1')('b');
    expect(calls).toEqual(['eu-west-1 path-style ListObjectVersionsCommand {"Bucket":"b","MaxKeys":1000}']);
  });
});
