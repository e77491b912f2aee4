/**
 * The S3 backend's objects, read and written as Terraform does: the state
 * object and its versions, the S3 lock file `<key>.tflock`, and the DynamoDB
 * lock item (`<bucket>/<key>`) and digest item (`<bucket>/<key>-md5`).
 */
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  S3Client,
  type ObjectVersion,
} from '@aws-sdk/client-s3';
import { clientConfig, isNotFound } from '../aws/config';
import { digestId, lockId, type StateLocation } from './location';

/** Terraform's lock info, as it writes it into both locks. */
export interface LockInfo {
  readonly ID?: string;
  readonly Operation?: string;
  readonly Info?: string;
  readonly Who?: string;
  readonly Version?: string;
  readonly Created?: string;
  readonly Path?: string;
}

/** A lock as found: its info, and the raw text it was read from (a release deletes only that text). */
export interface HeldLock {
  readonly info: LockInfo;
  readonly raw: string;
}

export interface StateVersion {
  readonly versionId: string;
  readonly lastModified: Date | undefined;
  readonly size: number;
  readonly latest: boolean;
  readonly deleteMarker: boolean;
}

export interface StateStore {
  lockFile(): Promise<HeldLock | undefined>;
  lockItem(): Promise<HeldLock | undefined>;
  /** Deletes the lock file / item only while it still holds `lock.raw`; false when it changed meanwhile. */
  releaseLockFile(lock: HeldLock): Promise<boolean>;
  releaseLockItem(lock: HeldLock): Promise<boolean>;
  /** Versions and delete markers of the state object, newest first. */
  versions(): Promise<StateVersion[]>;
  read(versionId: string): Promise<Uint8Array>;
  /** Copies a version over the state object: it becomes the newest version, the others stay. */
  restore(versionId: string): Promise<void>;
  digest(): Promise<string | undefined>;
  setDigest(md5: string): Promise<void>;
}

function parseLock(raw: string): HeldLock {
  try {
    const info: unknown = JSON.parse(raw);
    return { info: typeof info === 'object' && info !== null ? info : {}, raw };
  } catch {
    return { info: {}, raw };
  }
}

export function awsStateStore(location: StateLocation): StateStore {
  const s3 = new S3Client(clientConfig(location.region, 'S3'));
  const dynamodb = new DynamoDBClient(clientConfig(location.region));
  const lockKey = `${location.key}.tflock`;
  const item = (id: string) => ({ LockID: { S: id } });

  const lockFile = async () => {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: lockKey }));
      return parseLock((await object.Body?.transformToString()) ?? '');
    } catch (error) {
      if (isNotFound(error, 'NoSuchKey', 'NotFound')) return undefined;
      throw error;
    }
  };
  const lockItem = async () => {
    const found = await dynamodb.send(new GetItemCommand({ TableName: location.table, Key: item(lockId(location)), ConsistentRead: true }));
    const info = found.Item?.Info?.S;
    return found.Item ? parseLock(info ?? '') : undefined;
  };

  return {
    lockFile,
    lockItem,
    async releaseLockFile(lock) {
      if ((await lockFile())?.raw !== lock.raw) return false;
      await s3.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: lockKey }));
      return true;
    },
    async releaseLockItem(lock) {
      try {
        await dynamodb.send(
          new DeleteItemCommand({
            TableName: location.table,
            Key: item(lockId(location)),
            ConditionExpression: lock.raw === '' ? 'attribute_not_exists(Info)' : 'Info = :info',
            ...(lock.raw === '' ? {} : { ExpressionAttributeValues: { ':info': { S: lock.raw } } }),
          }),
        );
        return true;
      } catch (error) {
        if (isNotFound(error, 'ConditionalCheckFailedException')) return false;
        throw error;
      }
    },
    async versions() {
      const found: StateVersion[] = [];
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectVersionsCommand({
            Bucket: location.bucket,
            Prefix: location.key,
            KeyMarker: keyMarker,
            VersionIdMarker: versionIdMarker,
          }),
        );
        const entry = (
          version: ObjectVersion | { Key?: string; VersionId?: string; IsLatest?: boolean; LastModified?: Date },
          marker: boolean,
        ) =>
          version.Key === location.key
            ? [
                {
                  versionId: version.VersionId ?? 'null',
                  lastModified: version.LastModified,
                  size: marker ? 0 : ((version as ObjectVersion).Size ?? 0),
                  latest: version.IsLatest ?? false,
                  deleteMarker: marker,
                },
              ]
            : [];
        found.push(...(page.Versions?.flatMap((version) => entry(version, false)) ?? []));
        found.push(...(page.DeleteMarkers?.flatMap((marker) => entry(marker, true)) ?? []));
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
      } while (keyMarker !== undefined);
      return found.sort(
        (a, b) => (b.lastModified?.getTime() ?? 0) - (a.lastModified?.getTime() ?? 0) || Number(b.latest) - Number(a.latest),
      );
    },
    async read(versionId) {
      const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: versionId }));
      return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    },
    async restore(versionId) {
      const source = `${location.bucket}/${location.key.split('/').map(encodeURIComponent).join('/')}?versionId=${encodeURIComponent(versionId)}`;
      // Encrypted as the backend writes it (encrypt = true).
      await s3.send(
        new CopyObjectCommand({ Bucket: location.bucket, Key: location.key, CopySource: source, ServerSideEncryption: 'AES256' }),
      );
    },
    async digest() {
      const found = await dynamodb.send(
        new GetItemCommand({ TableName: location.table, Key: item(digestId(location)), ConsistentRead: true }),
      );
      return found.Item?.Digest?.S;
    },
    async setDigest(md5) {
      await dynamodb.send(new PutItemCommand({ TableName: location.table, Item: { ...item(digestId(location)), Digest: { S: md5 } } }));
    },
  };
}
