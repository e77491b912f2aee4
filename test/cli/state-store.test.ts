/** The state store against S3 and DynamoDB as the SDK answers: the exact requests and what is made of the answers. */
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { awsStateStore } from '../../src/cli/state/store';
import type { Json } from '../helpers';
import { body, fakeSdk } from './fake-sdk';
import { awsError, type Answers } from './recover-support';

const LOCATION = {
  bucket: 'storytime-terraform-state-dev-example',
  key: 'storytime/dev/terraform.tfstate',
  table: 'storytime-terraform-locks',
  region: 'eu-west-1',
};
const LOCK = '{"ID":"5a1b","Who":"ana@ops-laptop"}';

function store(answers: Answers, location = LOCATION) {
  const calls = fakeSdk([S3Client, DynamoDBClient], answers);
  return { store: awsStateStore(location), calls };
}

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.AWS_ENDPOINT_URL_S3;
});

describe('the state store: locks', () => {
  it('reads the S3 lock file <key>.tflock and parses its lock info', async () => {
    const { store: s3, calls } = store([[GetObjectCommand, () => ({ Body: body(LOCK) })]]);
    expect(await s3.lockFile()).toEqual({ info: { ID: '5a1b', Who: 'ana@ops-laptop' }, raw: LOCK });
    expect(calls).toEqual([
      'eu-west-1 GetObjectCommand {"Bucket":"storytime-terraform-state-dev-example","Key":"storytime/dev/terraform.tfstate.tflock"}',
    ]);
  });

  it.each([
    ['not JSON', 'not json {'],
    ['JSON null', 'null'],
    ['a JSON number', '5'],
    ['a JSON string', '"text"'],
  ])('keeps a lock whose text is %s, with no info', async (_what, raw) => {
    const { store: s3 } = store([[GetObjectCommand, () => ({ Body: body(raw) })]]);
    expect(await s3.lockFile()).toEqual({ info: {}, raw });
  });

  it('takes a lock file without a body as empty, and none (NoSuchKey, NotFound) as no lock', async () => {
    expect(await store([[GetObjectCommand, () => ({})]]).store.lockFile()).toEqual({ info: {}, raw: '' });
    vi.restoreAllMocks();
    for (const name of ['NoSuchKey', 'NotFound']) {
      const { store: s3 } = store([
        [
          GetObjectCommand,
          () => {
            throw awsError(name);
          },
        ],
      ]);
      expect(await s3.lockFile()).toBeUndefined();
      vi.restoreAllMocks();
    }
    const { store: denied } = store([
      [
        GetObjectCommand,
        () => {
          throw awsError('AccessDenied');
        },
      ],
    ]);
    await expect(denied.lockFile()).rejects.toThrow('AccessDenied (fake)');
  });

  it('reads the DynamoDB lock item <bucket>/<key> consistently; an item without Info is an empty lock', async () => {
    const items: Json[] = [{ Item: { LockID: { S: 'x' }, Info: { S: LOCK } } }, { Item: { LockID: { S: 'x' } } }, {}];
    const { store: dynamodb, calls } = store([[GetItemCommand, () => items.shift()]]);
    expect(await dynamodb.lockItem()).toEqual({ info: { ID: '5a1b', Who: 'ana@ops-laptop' }, raw: LOCK });
    expect(await dynamodb.lockItem()).toEqual({ info: {}, raw: '' });
    expect(await dynamodb.lockItem()).toBeUndefined();
    expect(calls).toEqual(
      Array(3).fill(
        'eu-west-1 GetItemCommand {"TableName":"storytime-terraform-locks","Key":{"LockID":{"S":"storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate"}},"ConsistentRead":true}',
      ),
    );
  });

  it('deletes the lock file only while it still holds the text it was read with', async () => {
    const texts = [LOCK, '{"ID":"other"}', undefined];
    const { store: s3, calls } = store([
      [
        GetObjectCommand,
        () => {
          const text = texts.shift();
          if (text === undefined) throw awsError('NoSuchKey');
          return { Body: body(text) };
        },
      ],
      [DeleteObjectCommand, () => ({})],
    ]);
    const lock = { info: {}, raw: LOCK };
    expect(await s3.releaseLockFile(lock)).toBe(true);
    expect(await s3.releaseLockFile(lock)).toBe(false);
    expect(await s3.releaseLockFile(lock)).toBe(false);
    const get =
      'eu-west-1 GetObjectCommand {"Bucket":"storytime-terraform-state-dev-example","Key":"storytime/dev/terraform.tfstate.tflock"}';
    expect(calls).toEqual([
      get,
      'eu-west-1 DeleteObjectCommand {"Bucket":"storytime-terraform-state-dev-example","Key":"storytime/dev/terraform.tfstate.tflock"}',
      get,
      get,
    ]);
  });

  it('deletes the lock item on condition that its Info is still the text read, or still absent', async () => {
    const failures = [undefined, undefined, 'ConditionalCheckFailedException', 'ProvisionedThroughputExceededException'];
    const { store: dynamodb, calls } = store([
      [
        DeleteItemCommand,
        () => {
          const failure = failures.shift();
          if (failure) throw awsError(failure);
          return {};
        },
      ],
    ]);
    expect(await dynamodb.releaseLockItem({ info: {}, raw: LOCK })).toBe(true);
    expect(await dynamodb.releaseLockItem({ info: {}, raw: '' })).toBe(true);
    expect(await dynamodb.releaseLockItem({ info: {}, raw: LOCK })).toBe(false);
    await expect(dynamodb.releaseLockItem({ info: {}, raw: LOCK })).rejects.toThrow('ProvisionedThroughputExceededException (fake)');
    const key =
      '"TableName":"storytime-terraform-locks","Key":{"LockID":{"S":"storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate"}}';
    const onInfo = `eu-west-1 DeleteItemCommand {${key},"ConditionExpression":"Info = :info","ExpressionAttributeValues":{":info":{"S":${JSON.stringify(LOCK)}}}}`;
    expect(calls).toEqual([
      onInfo,
      `eu-west-1 DeleteItemCommand {${key},"ConditionExpression":"attribute_not_exists(Info)"}`,
      onInfo,
      onInfo,
    ]);
  });
});

describe('the state store: versions, restore and digest', () => {
  it('lists the versions and delete markers of the state object over every page, newest first', async () => {
    const pages: Json[] = [
      {
        IsTruncated: true,
        NextKeyMarker: 'storytime/dev/terraform.tfstate',
        NextVersionIdMarker: 'v2',
        Versions: [
          { Key: 'storytime/dev/terraform.tfstate', VersionId: 'v1', LastModified: new Date('2026-12-01T10:00:00Z'), Size: 100 },
          {
            Key: 'storytime/dev/terraform.tfstate',
            VersionId: 'v2',
            LastModified: new Date('2026-12-02T10:00:00Z'),
            IsLatest: false,
            Size: 120,
          },
          // The lock file shares the prefix: not a version of the state.
          { Key: 'storytime/dev/terraform.tfstate.tflock', VersionId: 'l1', LastModified: new Date('2026-12-05T10:00:00Z'), Size: 9 },
        ],
      },
      {
        IsTruncated: false,
        NextKeyMarker: 'ignored',
        NextVersionIdMarker: 'ignored',
        Versions: [
          { Key: 'storytime/dev/terraform.tfstate', LastModified: new Date('2026-12-03T10:00:00Z'), IsLatest: false },
          { Key: 'storytime/dev/terraform.tfstate', VersionId: 'v5', IsLatest: false, Size: 7 },
        ],
        DeleteMarkers: [
          { Key: 'storytime/dev/terraform.tfstate', VersionId: 'd1', LastModified: new Date('2026-12-03T10:00:00Z'), IsLatest: true },
          { Key: 'storytime/dev/terraform.tfstate', VersionId: 'd0', LastModified: new Date('2026-11-30T10:00:00Z') },
          { Key: 'storytime/dev/terraform.tfstate.tflock', VersionId: 'l0', LastModified: new Date('2026-12-06T10:00:00Z') },
        ],
      },
    ];
    const { store: s3, calls } = store([[ListObjectVersionsCommand, () => pages.shift()]]);
    expect(await s3.versions()).toEqual([
      { versionId: 'd1', lastModified: new Date('2026-12-03T10:00:00Z'), size: 0, latest: true, deleteMarker: true },
      { versionId: 'null', lastModified: new Date('2026-12-03T10:00:00Z'), size: 0, latest: false, deleteMarker: false },
      { versionId: 'v2', lastModified: new Date('2026-12-02T10:00:00Z'), size: 120, latest: false, deleteMarker: false },
      { versionId: 'v1', lastModified: new Date('2026-12-01T10:00:00Z'), size: 100, latest: false, deleteMarker: false },
      { versionId: 'd0', lastModified: new Date('2026-11-30T10:00:00Z'), size: 0, latest: false, deleteMarker: true },
      { versionId: 'v5', lastModified: undefined, size: 7, latest: false, deleteMarker: false },
    ]);
    expect(calls).toEqual([
      'eu-west-1 ListObjectVersionsCommand {"Bucket":"storytime-terraform-state-dev-example","Prefix":"storytime/dev/terraform.tfstate"}',
      'eu-west-1 ListObjectVersionsCommand {"Bucket":"storytime-terraform-state-dev-example","Prefix":"storytime/dev/terraform.tfstate","KeyMarker":"storytime/dev/terraform.tfstate","VersionIdMarker":"v2"}',
    ]);
  });

  it('puts the current version first among versions of the same time, and finds none in an empty page', async () => {
    const at = new Date('2026-12-03T10:00:00Z');
    const pages: Json[] = [
      {
        Versions: [
          { Key: 'storytime/dev/terraform.tfstate', VersionId: 'a', LastModified: at, IsLatest: false, Size: 1 },
          { Key: 'storytime/dev/terraform.tfstate', VersionId: 'b', LastModified: at, IsLatest: true, Size: 2 },
        ],
      },
      {},
    ];
    const { store: s3 } = store([[ListObjectVersionsCommand, () => pages.shift()]]);
    expect((await s3.versions()).map((version) => `${version.versionId} ${version.latest}`)).toEqual(['b true', 'a false']);
    expect(await s3.versions()).toEqual([]);
  });

  it('reads a version of the state object as bytes; no body is no bytes', async () => {
    const bodies: Json[] = [{ Body: body('{"serial":7}') }, {}];
    const { store: s3, calls } = store([[GetObjectCommand, () => bodies.shift()]]);
    expect(new TextDecoder().decode(await s3.read('v7'))).toBe('{"serial":7}');
    expect(await s3.read('v8')).toEqual(new Uint8Array());
    expect(calls).toEqual([
      'eu-west-1 GetObjectCommand {"Bucket":"storytime-terraform-state-dev-example","Key":"storytime/dev/terraform.tfstate","VersionId":"v7"}',
      'eu-west-1 GetObjectCommand {"Bucket":"storytime-terraform-state-dev-example","Key":"storytime/dev/terraform.tfstate","VersionId":"v8"}',
    ]);
  });

  it('copies a version over the state object, encrypted, its key and version id escaped in CopySource', async () => {
    const { store: s3, calls } = store([[CopyObjectCommand, () => ({})]], { ...LOCATION, key: 'story time/dev+1/terraform.tfstate' });
    await s3.restore('3/a+b=');
    expect(calls).toEqual([
      'eu-west-1 CopyObjectCommand {"Bucket":"storytime-terraform-state-dev-example","Key":"story time/dev+1/terraform.tfstate","CopySource":"storytime-terraform-state-dev-example/story%20time/dev%2B1/terraform.tfstate?versionId=3%2Fa%2Bb%3D","ServerSideEncryption":"AES256"}',
    ]);
  });

  it('reads and writes the digest item <bucket>/<key>-md5', async () => {
    const items: Json[] = [{ Item: { LockID: { S: 'x' }, Digest: { S: '0123abcd' } } }, { Item: { LockID: { S: 'x' } } }, {}];
    const { store: dynamodb, calls } = store([
      [GetItemCommand, () => items.shift()],
      [PutItemCommand, () => ({})],
    ]);
    expect(await dynamodb.digest()).toBe('0123abcd');
    expect(await dynamodb.digest()).toBeUndefined();
    expect(await dynamodb.digest()).toBeUndefined();
    await dynamodb.setDigest('4567ef');
    const id = '"LockID":{"S":"storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate-md5"}';
    expect(calls).toEqual([
      ...Array(3).fill(`eu-west-1 GetItemCommand {"TableName":"storytime-terraform-locks","Key":{${id}},"ConsistentRead":true}`),
      `eu-west-1 PutItemCommand {"TableName":"storytime-terraform-locks","Item":{${id},"Digest":{"S":"4567ef"}}}`,
    ]);
  });

  it('addresses S3 by path when its endpoint is overridden (an emulator), DynamoDB as it is', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:4566';
    const { store: both, calls } = store([
      [GetObjectCommand, () => ({ Body: body(LOCK) })],
      [GetItemCommand, () => ({})],
    ]);
    await both.lockFile();
    await both.lockItem();
    expect(calls.map((call) => call.split(' {')[0])).toEqual(['eu-west-1 path-style GetObjectCommand', 'eu-west-1 GetItemCommand']);
  });
});
