import type { TerraformProvider } from 'cdktf';
import { type Construct } from 'constructs';
import { SERVER_ACCESS_LOG_FOLDER, type ServerAccessLogTarget } from './log-target';
import { PrivateBucket } from './private-bucket';

export interface AccessLogBucketProps {
  readonly bucketName: string;
  /** Account whose buckets and distributions log here; grants are limited to it (`aws:SourceAccount`). */
  readonly accountId: string;
  /** Delete logs after this many days. @default 365. */
  readonly expireAfterDays?: number;
  /** Terraform refuses to destroy (or replace) the bucket: audit data. @default false. */
  readonly preventDestroy?: boolean;
  /** Provider of the bucket's region: S3 logs only into a bucket of the source's region. @default the stack's default AWS provider. */
  readonly provider?: TerraformProvider;
}

/**
 * A private bucket for the logs of the other buckets and of CloudFront. AWS's
 * log services write through bucket-policy grants, as ACLs stay disabled.
 * Versioned, so that a deleted log stays recoverable for 30 days.
 */
export class AccessLogBucket extends PrivateBucket implements ServerAccessLogTarget {
  readonly accountId: string;
  private readonly serverAccessLogSources: string[] = [];

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id, {
      bucketName: props.bucketName,
      versioned: true,
      lifecycle: { expireAfterDays: props.expireAfterDays ?? 365 },
      preventDestroy: props.preventDestroy,
      provider: props.provider,
    });
    this.accountId = props.accountId;
  }

  /** Lets S3 server access logging of `sourceBucketArn` write under `s3/`; PrivateBucket calls it. */
  admitServerAccessLogs(sourceBucketArn: string): void {
    if (this.serverAccessLogSources.length === 0) {
      // The statement holds the list itself: the policy is rendered at synth, once every source has registered.
      this.addToResourcePolicy({
        Sid: 'AllowS3ServerAccessLogs',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${this.bucketArn}/${SERVER_ACCESS_LOG_FOLDER}/*`,
        Condition: {
          ArnLike: { 'aws:SourceArn': this.serverAccessLogSources },
          StringEquals: { 'aws:SourceAccount': this.accountId },
        },
      });
    }
    this.serverAccessLogSources.push(sourceBucketArn);
  }
}
