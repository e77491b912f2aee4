import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { HlsReplica } from '../modules/hls_replica';
import { AccessLogBucket, type PrivateBucket } from '../modules/s3_bucket';
import { resourceName, stackName } from './naming';
import { protectionOf } from './protection';
import type { EnvironmentSettings } from './schema/schema';

/**
 * The HLS replica of `cdn.failover` in its region, with an access-log bucket of that region beside it
 * (S3 writes server access logs only to a bucket of the source's region). Both protected as the tier says.
 */
export function hlsReplica(scope: Construct, settings: EnvironmentSettings, source: PrivateBucket, provider: AwsProvider): HlsReplica {
  const { preventDestroy } = protectionOf(settings.tier);
  const logBucket = new AccessLogBucket(scope, 'replica-access-logs', {
    bucketName: resourceName(settings, 'access-logs-replica'),
    accountId: settings.aws.accountId,
    preventDestroy,
    provider,
  });
  return new HlsReplica(scope, 'hls-replica', {
    namePrefix: stackName(settings),
    source,
    sourceRegion: settings.aws.region,
    bucketName: resourceName(settings, 'hls-outputs-replica'),
    provider,
    accessLogs: { bucket: logBucket, folder: 'hls-outputs-replica' },
    preventDestroy,
  });
}
