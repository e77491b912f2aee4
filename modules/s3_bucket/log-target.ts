import type { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';

/** Folder of a log bucket that S3 server access logs go to. */
export const SERVER_ACCESS_LOG_FOLDER = 's3';

/** A bucket that receives S3 server access logs of other buckets. */
export interface ServerAccessLogTarget {
  readonly bucketName: string;
  /** The policy that admits the log service; logging waits for it. */
  readonly policy: S3BucketPolicy;
  /** Grants S3 server access logging of `sourceBucketArn` write access under `s3/`. */
  admitServerAccessLogs(sourceBucketArn: string): void;
}
