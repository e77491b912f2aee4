/**
 * An archived master as S3 reports it (HeadObject's storage class and
 * `x-amz-restore`), and the RestoreObject request that makes it readable
 * again. Loaded only when masters:restore runs.
 */
import { HeadObjectCommand, RestoreObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, isNotFound } from '../aws/config';

export type RestoreTier = 'Standard' | 'Bulk' | 'Expedited';

export interface MasterObject {
  /** STANDARD when S3 names none, as HeadObject omits it for Standard. */
  readonly storageClass: string;
  /** The `x-amz-restore` header, e.g. `ongoing-request="false", expiry-date="…"`, when a restore was asked for. */
  readonly restore?: string;
}

export interface MasterArchive {
  /** `undefined` when the key does not exist. */
  head(bucket: string, key: string): Promise<MasterObject | undefined>;
  /** `false` when S3 answers that a restore of this object is already running. */
  restore(bucket: string, key: string, days: number, tier: RestoreTier): Promise<boolean>;
}

export function awsMasterArchive(region: string): MasterArchive {
  const s3 = new S3Client(clientConfig(region, 'S3'));
  return {
    async head(bucket, key) {
      try {
        const answer = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { storageClass: answer.StorageClass ?? 'STANDARD', restore: answer.Restore };
      } catch (error) {
        if (isNotFound(error, 'NotFound', 'NoSuchKey')) return undefined;
        throw error;
      }
    },
    async restore(bucket, key, days, tier) {
      try {
        await s3.send(
          new RestoreObjectCommand({ Bucket: bucket, Key: key, RestoreRequest: { Days: days, GlacierJobParameters: { Tier: tier } } }),
        );
        return true;
      } catch (error) {
        if (error instanceof Error && error.name === 'RestoreAlreadyInProgress') return false;
        throw error;
      }
    },
  };
}
