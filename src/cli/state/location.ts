/**
 * Where a stack's state lives in S3, as its backend block says: the bucket,
 * the key, the lock table and the region, from the environment's settings.
 */
import { bootstrapStateKey, settingsFile, stateKey } from '../../../stacks/naming';
import { UsageError } from '../errors';
import type { StackTarget } from '../target';

export interface StateLocation {
  readonly bucket: string;
  readonly key: string;
  /** The DynamoDB lock table (`dynamodb_table`), which also keeps the state's digest. */
  readonly table: string;
  readonly region: string;
}

/** The S3 state of a stack; a UsageError for a stack whose state is in Terraform Cloud or still in a local file. */
export function stateLocation(target: StackTarget): StateLocation {
  const { backend } = target.settings;
  if (backend.type !== 's3') {
    throw new UsageError(`${target.stack} keeps its state in Terraform Cloud (backend.type 'cloud'): use the workspace's own controls`);
  }
  if (target.bootstrap && backend.bootstrapState !== 'bucket') {
    throw new UsageError(
      `${target.stack} keeps its state in a local file (backend.bootstrapState 'local' in ${settingsFile(target.environment)}): there is no S3 state, lock or digest to act on`,
    );
  }
  const key = target.bootstrap ? bootstrapStateKey(target.settings) : stateKey(target.settings);
  return { bucket: backend.bucket, key, table: backend.lockTable, region: backend.region };
}

/** `s3://bucket/key`, as messages name a state. */
export const stateUrl = (location: StateLocation) => `s3://${location.bucket}/${location.key}`;

/** The DynamoDB `LockID` of the lock item (`<bucket>/<key>`) and of the digest item (`<bucket>/<key>-md5`). */
export const lockId = (location: StateLocation) => `${location.bucket}/${location.key}`;
export const digestId = (location: StateLocation) => `${lockId(location)}-md5`;
