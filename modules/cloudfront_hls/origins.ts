import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import type { CloudfrontDistributionOrigin, CloudfrontDistributionOriginGroup } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import type { Construct } from 'constructs';
import type { PrivateBucket } from '../s3_bucket';
import type { OriginShieldRegion } from './edge-options';

export const HLS_ORIGIN_ID = 'hls-outputs-s3';
export const HLS_REPLICA_ORIGIN_ID = 'hls-outputs-s3-replica';
export const HLS_ORIGIN_GROUP_ID = 'hls-outputs-failover';
/**
 * Answers of the HLS bucket on which CloudFront asks the replica instead: 403 and 404 (an object S3 cannot
 * find, which it answers 403 to a reader without ListBucket), and S3's server errors.
 */
export const FAILOVER_STATUS_CODES: readonly number[] = [403, 404, 500, 502, 503, 504];

export interface HlsOrigins {
  readonly origins: CloudfrontDistributionOrigin[];
  readonly originGroups: CloudfrontDistributionOriginGroup[] | undefined;
  /** What the HLS behaviors target: the bucket's origin, or the origin group that fails over to the replica. */
  readonly targetOriginId: string;
}

/** The HLS bucket, and its replica when there is one, each through an Origin Access Control of its own. */
export function hlsOrigins(
  scope: Construct,
  name: string,
  bucket: PrivateBucket,
  replica: PrivateBucket | undefined,
  originShieldRegion: OriginShieldRegion | undefined,
): HlsOrigins {
  const primary: CloudfrontDistributionOrigin = {
    originId: HLS_ORIGIN_ID,
    domainName: bucket.bucketRegionalDomainName,
    originAccessControlId: s3AccessControl(scope, 'oac', `${name}-hls-outputs`, `${name} CloudFront to the HLS outputs bucket`).id,
    originShield: originShieldRegion ? { enabled: true, originShieldRegion } : undefined,
  };
  if (!replica) return { origins: [primary], originGroups: undefined, targetOriginId: HLS_ORIGIN_ID };
  const secondary: CloudfrontDistributionOrigin = {
    originId: HLS_REPLICA_ORIGIN_ID,
    domainName: replica.bucketRegionalDomainName,
    originAccessControlId: s3AccessControl(scope, 'oac-replica', `${name}-hls-replica`, `${name} CloudFront to the HLS replica bucket`).id,
  };
  const group: CloudfrontDistributionOriginGroup = {
    originId: HLS_ORIGIN_GROUP_ID,
    failoverCriteria: { statusCodes: [...FAILOVER_STATUS_CODES] },
    member: [{ originId: HLS_ORIGIN_ID }, { originId: HLS_REPLICA_ORIGIN_ID }],
  };
  return { origins: [primary, secondary], originGroups: [group], targetOriginId: HLS_ORIGIN_GROUP_ID };
}

/** Lets this distribution, and no other, read the bucket's objects through its OAC. */
export function grantDistributionRead(bucket: PrivateBucket, distributionArn: string): void {
  bucket.addToResourcePolicy({
    Sid: 'AllowCloudFrontReadThroughOAC',
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 's3:GetObject',
    Resource: `${bucket.bucketArn}/*`,
    Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
  });
}

function s3AccessControl(scope: Construct, id: string, name: string, description: string): CloudfrontOriginAccessControl {
  return new CloudfrontOriginAccessControl(scope, id, {
    name,
    description,
    originAccessControlOriginType: 's3',
    signingBehavior: 'always',
    signingProtocol: 'sigv4',
  });
}
