import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import {
  CloudfrontDistribution,
  type CloudfrontDistributionOrderedCacheBehavior,
  type CloudfrontDistributionOrigin,
} from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontKeyGroup } from '@cdktf/provider-aws/lib/cloudfront-key-group';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontPublicKey } from '@cdktf/provider-aws/lib/cloudfront-public-key';
import { CloudwatchLogDelivery } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery';
import { CloudwatchLogDeliveryDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../src/naming';
import type { PrivateBucket } from '../s3_bucket';
import type { AccessLogBucket } from '../s3_bucket/access-log-bucket';
import { apiResponseHeadersPolicy, hlsResponseHeadersPolicy } from './response-headers';

/** AWS managed policies (seed 000): the API is never cached and sees every viewer header but Host. */
export const MANAGED_CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
export const MANAGED_ALL_VIEWER_EXCEPT_HOST_POLICY_ID = 'b689b0a8-53d0-40ab-baf8-586a32e60023';
export const HLS_ORIGIN_ID = 'hls-outputs-s3';
export const API_ORIGIN_ID = 'rails-api-alb';
/** CloudFront's log deliveries are configured in this region, whatever the distribution's stack region. */
export const CLOUDFRONT_LOGS_REGION = 'us-east-1';
/** Folder of the log bucket that access logs go to. */
export const CLOUDFRONT_LOG_FOLDER = 'cloudfront';

export interface SigningPublicKey {
  /** Short name, unique in the environment, e.g. `2026-11`. */
  readonly name: string;
  /** RSA 2048 public key, PEM. */
  readonly pem: string;
}

export interface CustomDomainProps {
  readonly domainName: string;
  /** ACM certificate in us-east-1. */
  readonly certificateArn: string;
  readonly hostedZoneId: string;
}

export interface ApiOriginProps {
  /** ALB DNS name. */
  readonly domainName: string;
  /** Path patterns routed to the API, e.g. `/api/*`. */
  readonly paths: readonly string[];
  /** Secret sent as `X-Origin-Verify`; the ALB forwards only requests carrying it. */
  readonly originVerifySecret: string;
}

export interface AccessLogsProps {
  /** Receives the logs under `cloudfront/`; the distribution adds the log service's grant to its policy. */
  readonly bucket: AccessLogBucket;
  /** AWS provider for us-east-1, where the delivery must be configured. Default: the stack's provider. */
  readonly provider?: TerraformProvider;
}

export interface CloudfrontHlsProps {
  /** Prefix of every name, e.g. `storytime-dev`. */
  readonly namePrefix: string;
  /** Environment name, returned to viewers in `x-storytime-environment`. */
  readonly environment: string;
  /** Private bucket holding the HLS outputs; the distribution grants itself read in the bucket's policy. */
  readonly originBucket: PrivateBucket;
  /** Keys of the trusted key group; at least one. */
  readonly publicKeys: readonly SigningPublicKey[];
  /** Name of the key Rails signs with now. */
  readonly activeKeyName: string;
  /** Default PriceClass_100. */
  readonly priceClass?: string;
  /** TTL of `*.m3u8` manifests. Default 60 s. */
  readonly manifestTtlSeconds?: number;
  /** TTL of segments (everything else). Default 86400 s. */
  readonly segmentTtlSeconds?: number;
  /** Default: the *.cloudfront.net name only. */
  readonly customDomain?: CustomDomainProps;
  /** Browser origins allowed to play with a web player. Default none: no CORS, no OPTIONS. */
  readonly playbackCorsOrigins?: readonly string[];
  /** WAFv2 web ACL (CLOUDFRONT scope). Default none. */
  readonly webAclArn?: string;
  /** Rails API behind an ALB. Default none. */
  readonly apiOrigin?: ApiOriginProps;
  /** Access logs (standard logging v2). Default none. */
  readonly accessLogs?: AccessLogsProps;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * CloudFront in front of the private HLS bucket through Origin Access
 * Control; every HLS behavior requires signed cookies of the key group.
 */
export class CloudfrontHls extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly distributionId: string;
  readonly distributionArn: string;
  /** The *.cloudfront.net name. */
  readonly distributionDomainName: string;
  /** Name viewers use: the custom domain when set, else the *.cloudfront.net name. */
  readonly viewerDomainName: string;
  readonly keyGroupId: string;
  /** Public key id per key name; these are the CloudFront-Key-Pair-Id values. */
  readonly publicKeyIds: Readonly<Record<string, string>>;
  readonly activePublicKeyId: string;

  constructor(scope: Construct, id: string, props: CloudfrontHlsProps) {
    super(scope, id);
    const name = props.namePrefix;
    const tags = props.tags ? { ...props.tags } : undefined;

    const publicKeyIds: Record<string, string> = {};
    for (const key of props.publicKeys) {
      publicKeyIds[key.name] = new CloudfrontPublicKey(this, `public-key-${key.name}`, {
        name: `${name}-${key.name}`,
        comment: `${name} signed-cookie key ${key.name}`,
        encodedKey: key.pem,
      }).id;
    }
    const activePublicKeyId = publicKeyIds[props.activeKeyName];
    if (activePublicKeyId === undefined) {
      throw new Error(`cloudfront_hls: active key '${props.activeKeyName}' is not among the public keys`);
    }
    this.publicKeyIds = publicKeyIds;
    this.activePublicKeyId = activePublicKeyId;
    const keyGroup = new CloudfrontKeyGroup(this, 'key-group', {
      name: `${name}-hls`,
      comment: `${name} keys trusted for HLS signed cookies`,
      items: Object.values(publicKeyIds),
    });
    this.keyGroupId = keyGroup.id;

    const oac = new CloudfrontOriginAccessControl(this, 'oac', {
      name: `${name}-hls-outputs`,
      description: `${name} CloudFront to the HLS outputs bucket`,
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });

    const manifests = hlsCachePolicy(this, 'manifests', `${name}-hls-manifests`, props.manifestTtlSeconds ?? 60);
    const segments = hlsCachePolicy(this, 'segments', `${name}-hls-segments`, props.segmentTtlSeconds ?? 86400);
    const corsOrigins = props.playbackCorsOrigins ?? [];
    const hlsHeaders = hlsResponseHeadersPolicy(this, `${name}-hls`, props.environment, corsOrigins);
    const hlsMethods = corsOrigins.length > 0 ? ['GET', 'HEAD', 'OPTIONS'] : ['GET', 'HEAD'];
    const hlsBehavior = {
      targetOriginId: HLS_ORIGIN_ID,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: hlsMethods,
      cachedMethods: hlsMethods,
      compress: true,
      responseHeadersPolicyId: hlsHeaders.id,
      trustedKeyGroups: [keyGroup.id],
    };

    const origins: CloudfrontDistributionOrigin[] = [
      {
        originId: HLS_ORIGIN_ID,
        domainName: props.originBucket.bucketRegionalDomainName,
        originAccessControlId: oac.id,
      },
    ];
    const orderedBehaviors: CloudfrontDistributionOrderedCacheBehavior[] = [];
    if (props.apiOrigin) {
      const api = props.apiOrigin;
      origins.push({
        originId: API_ORIGIN_ID,
        domainName: api.domainName,
        customOriginConfig: {
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: 'https-only',
          originSslProtocols: ['TLSv1.2'],
          originReadTimeout: 60,
        },
        customHeader: [{ name: ORIGIN_VERIFY_HEADER, value: api.originVerifySecret }],
      });
      const apiHeaders = apiResponseHeadersPolicy(this, `${name}-api`, props.environment);
      // API behaviors come first so that e.g. /api/x.m3u8 never reaches the bucket.
      for (const pathPattern of api.paths) {
        orderedBehaviors.push({
          pathPattern,
          targetOriginId: API_ORIGIN_ID,
          viewerProtocolPolicy: 'https-only',
          allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          cachePolicyId: MANAGED_CACHING_DISABLED_POLICY_ID,
          originRequestPolicyId: MANAGED_ALL_VIEWER_EXCEPT_HOST_POLICY_ID,
          responseHeadersPolicyId: apiHeaders.id,
        });
      }
    }
    orderedBehaviors.push({ ...hlsBehavior, pathPattern: '*.m3u8', cachePolicyId: manifests.id });

    const domain = props.customDomain;
    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `${name} HLS`,
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      priceClass: props.priceClass ?? 'PriceClass_100',
      aliases: domain ? [domain.domainName] : undefined,
      webAclId: props.webAclArn,
      origin: origins,
      defaultCacheBehavior: { ...hlsBehavior, cachePolicyId: segments.id },
      orderedCacheBehavior: orderedBehaviors,
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: domain
        ? { acmCertificateArn: domain.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' }
        : { cloudfrontDefaultCertificate: true },
      tags,
    });
    this.distributionId = this.distribution.id;
    this.distributionArn = this.distribution.arn;
    this.distributionDomainName = this.distribution.domainName;
    this.viewerDomainName = domain ? domain.domainName : this.distribution.domainName;

    props.originBucket.addToResourcePolicy({
      Sid: 'AllowCloudFrontReadThroughOAC',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: `${props.originBucket.bucketArn}/*`,
      Condition: { StringEquals: { 'AWS:SourceArn': this.distribution.arn } },
    });

    if (props.accessLogs) {
      this.deliverAccessLogs(name, props.accessLogs);
    }

    if (domain) {
      for (const type of ['A', 'AAAA']) {
        new Route53Record(this, `alias-${type.toLowerCase()}`, {
          zoneId: domain.hostedZoneId,
          name: domain.domainName,
          type,
          alias: {
            name: this.distribution.domainName,
            zoneId: this.distribution.hostedZoneId,
            evaluateTargetHealth: false,
          },
        });
      }
    }
  }

  /**
   * Standard logging v2, delivered by CloudWatch vended logs: unlike the
   * legacy `logging_config`, it writes to buckets whose ACLs are disabled.
   */
  private deliverAccessLogs(name: string, logs: AccessLogsProps): void {
    const bucket = logs.bucket;
    const source = new CloudwatchLogDeliverySource(this, 'log-source', {
      provider: logs.provider,
      name: `${name}-cloudfront`,
      logType: 'ACCESS_LOGS',
      resourceArn: this.distribution.arn,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, 'log-destination', {
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

    new CloudwatchLogDelivery(this, 'log-delivery', {
      provider: logs.provider,
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
      dependsOn: [bucket.policy],
    });
  }
}

/** Cache key = path only: signed cookies are checked by CloudFront and must not fragment the cache. */
function hlsCachePolicy(scope: Construct, id: string, name: string, ttlSeconds: number): CloudfrontCachePolicy {
  return new CloudfrontCachePolicy(scope, `cache-policy-${id}`, {
    name,
    comment: `HLS ${id}: path-only cache key, ${ttlSeconds}s`,
    minTtl: 0,
    defaultTtl: ttlSeconds,
    maxTtl: ttlSeconds,
    parametersInCacheKeyAndForwardedToOrigin: {
      cookiesConfig: { cookieBehavior: 'none' },
      headersConfig: { headerBehavior: 'none' },
      queryStringsConfig: { queryStringBehavior: 'none' },
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    },
  });
}
