import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import type {
  CloudfrontDistributionDefaultCacheBehavior,
  CloudfrontDistributionOrderedCacheBehavior,
  CloudfrontDistributionOrigin,
} from '@cdktf/provider-aws/lib/cloudfront-distribution';
import type { Construct } from 'constructs';
import { DEFAULT_API_PATHS, ORIGIN_VERIFY_HEADER } from '../shared/api-origin';
import { preflightFunction } from './preflight';
import { apiResponseHeadersPolicy, hlsResponseHeadersPolicy } from './response-headers';
import { apiVpcOrigin, type VpcOriginProps } from './vpc-origin';

/** AWS managed policies (seed 000): the API is never cached and sees every viewer header but Host. */
export const MANAGED_CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
export const MANAGED_ALL_VIEWER_EXCEPT_HOST_POLICY_ID = 'b689b0a8-53d0-40ab-baf8-586a32e60023';
export const API_ORIGIN_ID = 'rails-api-alb';

export interface HlsBehaviorsProps {
  readonly name: string;
  /** The HLS bucket's origin, or the origin group that fails over from it. */
  readonly targetOriginId: string;
  readonly environment: string;
  readonly keyGroupId: string;
  readonly manifestTtlSeconds: number;
  readonly segmentTtlSeconds: number;
  readonly playbackCorsOrigins: readonly string[];
}

export interface HlsBehaviors {
  /** Segments: everything not matched by another behavior. */
  readonly defaultBehavior: CloudfrontDistributionDefaultCacheBehavior;
  /** `*.m3u8`, with the short manifest TTL. */
  readonly manifestBehavior: CloudfrontDistributionOrderedCacheBehavior;
}

/** Every HLS behavior requires signed cookies of the key group and caches by path only. */
export function hlsBehaviors(scope: Construct, props: HlsBehaviorsProps): HlsBehaviors {
  const name = props.name;
  const manifests = hlsCachePolicy(scope, 'manifests', `${name}-hls-manifests`, props.manifestTtlSeconds);
  const segments = hlsCachePolicy(scope, 'segments', `${name}-hls-segments`, props.segmentTtlSeconds);
  const corsOrigins = props.playbackCorsOrigins;
  const hlsHeaders = hlsResponseHeadersPolicy(scope, `${name}-hls`, props.environment, corsOrigins);
  const hlsMethods = corsOrigins.length > 0 ? ['GET', 'HEAD', 'OPTIONS'] : ['GET', 'HEAD'];
  // A preflight carries no cookies: answered before the signed-cookie check (docs/signed-cookies.md).
  const preflight = corsOrigins.length > 0 ? preflightFunction(scope, name, corsOrigins) : undefined;
  const behavior = {
    targetOriginId: props.targetOriginId,
    viewerProtocolPolicy: 'redirect-to-https',
    allowedMethods: hlsMethods,
    cachedMethods: hlsMethods,
    compress: true,
    responseHeadersPolicyId: hlsHeaders.id,
    trustedKeyGroups: [props.keyGroupId],
    functionAssociation: preflight ? [{ eventType: 'viewer-request', functionArn: preflight.arn }] : undefined,
  };
  return {
    defaultBehavior: { ...behavior, cachePolicyId: segments.id },
    manifestBehavior: { ...behavior, pathPattern: '*.m3u8', cachePolicyId: manifests.id },
  };
}

export interface ApiOriginProps {
  /** Name of the ALB that its certificate covers (never `*.elb.amazonaws.com`: no certificate can, and CloudFront answers 502). */
  readonly domainName: string;
  /** Path patterns routed to the API. @default ['/api/*', '/auth/*'] */
  readonly paths?: readonly string[];
  /** Secret sent as `X-Origin-Verify`; the ALB forwards only requests carrying it. */
  readonly originVerifySecret: string;
  /**
   * Reach an internal ALB through a CloudFront VPC origin instead of over the internet; `domainName` stays
   * the name CloudFront checks the ALB's certificate against. @default none: the ALB is internet-facing
   */
  readonly vpcOrigin?: VpcOriginProps;
}

export interface ApiRoute {
  readonly origin: CloudfrontDistributionOrigin;
  readonly behaviors: readonly CloudfrontDistributionOrderedCacheBehavior[];
}

/** The Rails API behind the ALB: never cached, every viewer header but Host forwarded, the origin secret added. */
export function apiRoute(scope: Construct, name: string, environment: string, api: ApiOriginProps): ApiRoute {
  const origin: CloudfrontDistributionOrigin = {
    originId: API_ORIGIN_ID,
    domainName: api.domainName,
    // Through the VPC origin the protocol, ports and TLS versions are the VPC origin's (vpc-origin.ts).
    ...(api.vpcOrigin
      ? { vpcOriginConfig: { vpcOriginId: apiVpcOrigin(scope, name, api.vpcOrigin), originReadTimeout: 60 } }
      : {
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: 'https-only',
            originSslProtocols: ['TLSv1.2'],
            originReadTimeout: 60,
          },
        }),
    // Kept behind the VPC origin too: the listener rules still require it (docs/availability.md).
    customHeader: [{ name: ORIGIN_VERIFY_HEADER, value: api.originVerifySecret }],
  };
  const apiHeaders = apiResponseHeadersPolicy(scope, `${name}-api`, environment);
  const behaviors = (api.paths ?? DEFAULT_API_PATHS).map((pathPattern) => ({
    pathPattern,
    targetOriginId: API_ORIGIN_ID,
    viewerProtocolPolicy: 'https-only',
    allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
    cachedMethods: ['GET', 'HEAD'],
    compress: true,
    cachePolicyId: MANAGED_CACHING_DISABLED_POLICY_ID,
    originRequestPolicyId: MANAGED_ALL_VIEWER_EXCEPT_HOST_POLICY_ID,
    responseHeadersPolicyId: apiHeaders.id,
  }));
  return { origin, behaviors };
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
