/** The masters archive against S3 as the SDK answers: HeadObject and RestoreObject, as sent and as read back. */
import { HeadObjectCommand, RestoreObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { awsMasterArchive } from '../../src/cli/masters/archive';
import type { Json } from '../helpers';
import { fakeSdk } from './fake-sdk';
import { awsError } from './recover-support';

const fail = (name: string) => () => {
  throw awsError(name);
};

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.AWS_ENDPOINT_URL_S3;
});

describe('the masters archive', () => {
  it("reads a master's storage class (STANDARD when S3 names none) and its x-amz-restore", async () => {
    const answers: Json[] = [{ StorageClass: 'DEEP_ARCHIVE', Restore: 'ongoing-request="true"' }, {}];
    const calls = fakeSdk([S3Client], [[HeadObjectCommand, () => answers.shift()]]);
    const archive = awsMasterArchive('eu-west-1');
    expect(await archive.head('storytime-master-uploads-dev', 'uploads/1/m.mp4')).toEqual({
      storageClass: 'DEEP_ARCHIVE',
      restore: 'ongoing-request="true"',
    });
    expect(await archive.head('storytime-master-uploads-dev', 'uploads/2/m.mp4')).toEqual({ storageClass: 'STANDARD', restore: undefined });
    expect(calls).toEqual([
      'eu-west-1 HeadObjectCommand {"Bucket":"storytime-master-uploads-dev","Key":"uploads/1/m.mp4"}',
      'eu-west-1 HeadObjectCommand {"Bucket":"storytime-master-uploads-dev","Key":"uploads/2/m.mp4"}',
    ]);
  });

  it('takes NotFound and NoSuchKey as no master, and passes any other error on', async () => {
    for (const name of ['NotFound', 'NoSuchKey']) {
      fakeSdk([S3Client], [[HeadObjectCommand, fail(name)]]);
      expect(await awsMasterArchive('eu-west-1').head('b', 'k')).toBeUndefined();
      vi.restoreAllMocks();
    }
    fakeSdk([S3Client], [[HeadObjectCommand, fail('AccessDenied')]]);
    await expect(awsMasterArchive('eu-west-1').head('b', 'k')).rejects.toThrow('AccessDenied (fake)');
  });

  it('asks for a restore of so many days at a tier; false when one is already running, other errors passed on', async () => {
    const calls = fakeSdk([S3Client], [[RestoreObjectCommand, () => ({})]]);
    expect(await awsMasterArchive('eu-west-1').restore('storytime-master-uploads-dev', 'uploads/1/m.mp4', 3, 'Bulk')).toBe(true);
    expect(calls).toEqual([
      'eu-west-1 RestoreObjectCommand {"Bucket":"storytime-master-uploads-dev","Key":"uploads/1/m.mp4","RestoreRequest":{"Days":3,"GlacierJobParameters":{"Tier":"Bulk"}}}',
    ]);
    vi.restoreAllMocks();
    fakeSdk([S3Client], [[RestoreObjectCommand, fail('RestoreAlreadyInProgress')]]);
    expect(await awsMasterArchive('eu-west-1').restore('b', 'k', 2, 'Standard')).toBe(false);
    vi.restoreAllMocks();
    fakeSdk([S3Client], [[RestoreObjectCommand, fail('InvalidObjectState')]]);
    await expect(awsMasterArchive('eu-west-1').restore('b', 'k', 2, 'Standard')).rejects.toThrow('InvalidObjectState (fake)');
    vi.restoreAllMocks();
    fakeSdk(
      [S3Client],
      [
        [
          RestoreObjectCommand,
          () => {
            // Not an Error: passed on as it is, never taken for RestoreAlreadyInProgress.
            // eslint-disable-next-line @typescript-eslint/only-throw-error -- the point of the case
            throw Object.assign(Object.create(null) as object, { name: 'RestoreAlreadyInProgress' });
          },
        ],
      ],
    );
    await expect(awsMasterArchive('eu-west-1').restore('b', 'k', 2, 'Standard')).rejects.toMatchObject({
      name: 'RestoreAlreadyInProgress',
    });
  });

  it('addresses S3 by path when its endpoint is overridden (an emulator)', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:4566';
    const calls = fakeSdk([S3Client], [[HeadObjectCommand, () => ({})]]);
    await awsMasterArchive('eu-west-1').head('b', 'k');
    expect(calls).toEqual(['eu-west-1 path-style HeadObjectCommand {"Bucket":"b","Key":"k"}']);
  });
});
