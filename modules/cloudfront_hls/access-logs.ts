import { CloudwatchLogDelivery } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery';
import { CloudwatchLogDeliveryDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import type { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import type { AccessLogBucket } from '../s3_bucket';

/** CloudFront's log deliveries are configured in this region, whatever the distribution's stack region. */
export const CLOUDFRONT_LOGS_REGION = 'us-east-1';
/** Folder of the log bucket that access logs go to. */
export const CLOUDFRONT_LOG_FOLDER = 'cloudfront';

export interface AccessLogsProps {
  /** Receives the logs under `cloudfront/`; the distribution adds the log service's grant to its policy. */
  readonly bucket: AccessLogBucket;
  /** AWS provider for us-east-1, where the delivery must be configured. @default the stack's provider */
  readonly provider?: TerraformProvider;
}

/**
 * Standard logging v2, delivered by CloudWatch vended logs: unlike the
 * legacy `logging_config`, it writes to buckets whose ACLs are disabled.
 */
export function deliverAccessLogs(scope: Construct, name: string, distributionArn: string, logs: AccessLogsProps): void {
  const bucket = logs.bucket;
  const source = new CloudwatchLogDeliverySource(scope, 'log-source', {
    provider: logs.provider,
    name: `${name}-cloudfront`,
    logType: 'ACCESS_LOGS',
    resourceArn: distributionArn,
  });
  const destination = new CloudwatchLogDeliveryDestination(scope, 'log-destination', {
    provider: logs.provider,
    name: `${name}-cloudfront-s3`,
    // The field layout of the legacy logs, which existing log tooling reads.
    outputFormat: 'w3c',
    deliveryDestinationConfiguration: [{ destinationResourceArn: `${bucket.bucketArn}/${CLOUDFRONT_LOG_FOLDER}` }],
  });

  // The grant AWS documents for vended logs to S3; with it in place, creating
  // the delivery leaves the bucket policy alone instead of appending its own.
  const account = { 'aws:SourceAccount': bucket.accountId };
  const fromLogDelivery = { ArnLike: { 'aws:SourceArn': `arn:aws:logs:${CLOUDFRONT_LOGS_REGION}:${bucket.accountId}:*` } };
  bucket.addToResourcePolicy({
    Sid: 'AllowLogDeliveryWrite',
    Effect: 'Allow',
    Principal: { Service: 'delivery.logs.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${bucket.bucketArn}/${CLOUDFRONT_LOG_FOLDER}/*`,
    Condition: { StringEquals: { ...account, 's3:x-amz-acl': 'bucket-owner-full-control' }, ...fromLogDelivery },
  });
  bucket.addToResourcePolicy({
    Sid: 'AllowLogDeliveryAclCheck',
    Effect: 'Allow',
    Principal: { Service: 'delivery.logs.amazonaws.com' },
    Action: ['s3:GetBucketAcl', 's3:ListBucket'],
    Resource: bucket.bucketArn,
    Condition: { StringEquals: account, ...fromLogDelivery },
  });

  new CloudwatchLogDelivery(scope, 'log-delivery', {
    provider: logs.provider,
    deliverySourceName: source.name,
    deliveryDestinationArn: destination.arn,
    dependsOn: [bucket.policy],
  });
}
