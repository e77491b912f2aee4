import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import type { PrivateBucket } from '../s3_bucket';
import { oneOfProblem, type PropCheck, refuseProps, under } from '../shared/props';
import { deliverAccessLogs, type AccessLogsProps } from './access-logs';
import { apiRoute, hlsBehaviors, type ApiOriginProps } from './behaviors';
import { geoRestrictionOf, type GeoRestrictionProps, type OriginShieldRegion } from './edge-options';
import {
  activeKeyProblem,
  apiOriginDomainProblem,
  apiOriginLoopProblem,
  apiPathsProblems,
  certificateArnProblem,
  customDomainNameProblem,
  DEFAULT_MANIFEST_TTL_SECONDS,
  DEFAULT_SEGMENT_TTL_SECONDS,
  geoRestrictionProblems,
  manifestTtlProblem,
  originShieldRegionProblem,
  publicKeyPemProblem,
  publicKeysProblems,
} from './invariants';
import { grantDistributionRead, hlsOrigins } from './origins';
import { signingKeys, type SigningPublicKey } from './signing-keys';
import { httpsPortProblem, vpcOriginArnProblem } from './vpc-origin';

export * from './access-logs';
export * from './behaviors';
export * from './edge-options';
export * from './invariants';
export * from './origins';
export * from './preflight';
export * from './response-headers';
export * from './signing-keys';
export * from './vpc-origin';

/** CloudFront price classes, cheapest first. */
export const PRICE_CLASSES = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

export interface CustomDomainProps {
  readonly domainName: string;
  /** ACM certificate in us-east-1. */
  readonly certificateArn: string;
  readonly hostedZoneId: string;
}

export interface CloudfrontHlsProps {
  /** Prefix of every name, e.g. `storytime-dev`. */
  readonly namePrefix: string;
  /** Environment name, returned to viewers in `x-storytime-environment`. */
  readonly environment: string;
  /** Private bucket holding the HLS outputs; the distribution grants itself read in the bucket's policy. */
  readonly originBucket: PrivateBucket;
  /**
   * Replica of `originBucket` in another region: the HLS behaviors then target an origin group that asks it
   * when the bucket answers 403, 404, 500, 502, 503 or 504; the distribution grants itself read there too.
   * @default none: one origin
   */
  readonly failoverBucket?: PrivateBucket;
  /** Keys of the trusted key group; at least one. */
  readonly publicKeys: readonly SigningPublicKey[];
  /** Name of the key Rails signs with now. */
  readonly activeKeyName: string;
  /** @default 'PriceClass_100' */
  readonly priceClass?: PriceClass;
  /** TTL of `*.m3u8` manifests, in seconds. @default 60 */
  readonly manifestTtlSeconds?: number;
  /** TTL of segments (everything else), in seconds. @default 86400 */
  readonly segmentTtlSeconds?: number;
  /** @default the *.cloudfront.net name only */
  readonly customDomain?: CustomDomainProps;
  /** Browser origins allowed to play with a web player. @default none: no CORS, no OPTIONS */
  readonly playbackCorsOrigins?: readonly string[];
  /** WAFv2 web ACL (CLOUDFRONT scope). @default none */
  readonly webAclArn?: string;
  /** Rails API behind an ALB. @default none */
  readonly apiOrigin?: ApiOriginProps;
  /** Access logs (standard logging v2). @default none */
  readonly accessLogs?: AccessLogsProps;
  /** Origin Shield in front of the HLS bucket, in this region (closest to the bucket). @default none */
  readonly originShieldRegion?: OriginShieldRegion;
  /** Countries viewers may, or may not, watch from. @default none: every country */
  readonly geoRestriction?: GeoRestrictionProps;
  /**
   * Terraform refuses to destroy (or replace) the distribution, whose domain name Rails and DNS point at,
   * and the key group every signed cookie is checked against. @default false
   */
  readonly preventDestroy?: boolean;
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
    refuseProps('cloudfront_hls', propChecks(props));
    const name = props.namePrefix;
    const preventDestroy = props.preventDestroy ?? false;
    const keys = signingKeys(this, name, props.publicKeys, props.activeKeyName, preventDestroy);
    this.keyGroupId = keys.keyGroupId;
    this.publicKeyIds = keys.publicKeyIds;
    this.activePublicKeyId = keys.activePublicKeyId;

    const hlsOrigin = hlsOrigins(this, name, props.originBucket, props.failoverBucket, props.originShieldRegion);
    const hls = hlsBehaviors(this, {
      name,
      targetOriginId: hlsOrigin.targetOriginId,
      environment: props.environment,
      keyGroupId: keys.keyGroupId,
      manifestTtlSeconds: props.manifestTtlSeconds ?? DEFAULT_MANIFEST_TTL_SECONDS,
      segmentTtlSeconds: props.segmentTtlSeconds ?? DEFAULT_SEGMENT_TTL_SECONDS,
      playbackCorsOrigins: props.playbackCorsOrigins ?? [],
    });
    const api = props.apiOrigin ? apiRoute(this, name, props.environment, props.apiOrigin) : undefined;

    const domain = props.customDomain;
    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `${name} HLS`,
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      priceClass: props.priceClass ?? 'PriceClass_100',
      aliases: domain ? [domain.domainName] : undefined,
      webAclId: props.webAclArn,
      origin: [...hlsOrigin.origins, ...(api ? [api.origin] : [])],
      originGroup: hlsOrigin.originGroups,
      defaultCacheBehavior: hls.defaultBehavior,
      // API behaviors come first so that e.g. /api/x.m3u8 never reaches the bucket.
      orderedCacheBehavior: [...(api?.behaviors ?? []), hls.manifestBehavior],
      restrictions: { geoRestriction: geoRestrictionOf(props.geoRestriction) },
      viewerCertificate: domain
        ? { acmCertificateArn: domain.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' }
        : { cloudfrontDefaultCertificate: true },
      lifecycle: preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.distributionId = this.distribution.id;
    this.distributionArn = this.distribution.arn;
    this.distributionDomainName = this.distribution.domainName;
    this.viewerDomainName = domain ? domain.domainName : this.distribution.domainName;

    for (const bucket of [props.originBucket, props.failoverBucket]) if (bucket) grantDistributionRead(bucket, this.distribution.arn);
    if (props.accessLogs) deliverAccessLogs(this, name, this.distribution.arn, props.accessLogs);
    if (domain) {
      for (const type of ['A', 'AAAA']) {
        new Route53Record(this, `alias-${type.toLowerCase()}`, {
          zoneId: domain.hostedZoneId,
          name: domain.domainName,
          type,
          alias: { name: this.distribution.domainName, zoneId: this.distribution.hostedZoneId, evaluateTargetHealth: false },
        });
      }
    }
  }
}

/** What CloudFront would refuse, or serve wrongly, in these props (invariants.ts). */
function propChecks(props: CloudfrontHlsProps): PropCheck[] {
  return [
    ...under(['publicKeys'], publicKeysProblems(props.publicKeys)),
    ...props.publicKeys.map((key, index) => ({ path: ['publicKeys', index, 'pem'], message: publicKeyPemProblem(key.pem) })),
    { path: ['activeKeyName'], message: activeKeyProblem(props.publicKeys, props.activeKeyName) },
    { path: ['priceClass'], message: oneOfProblem(PRICE_CLASSES, props.priceClass) },
    { path: ['manifestTtlSeconds'], message: manifestTtlProblem(props.manifestTtlSeconds, props.segmentTtlSeconds) },
    { path: ['customDomain', 'domainName'], message: props.customDomain && customDomainNameProblem(props.customDomain.domainName) },
    { path: ['customDomain', 'certificateArn'], message: props.customDomain && certificateArnProblem(props.customDomain.certificateArn) },
    { path: ['originShieldRegion'], message: originShieldRegionProblem(props.originShieldRegion) },
    ...under(['geoRestriction'], geoRestrictionProblems(props.geoRestriction)),
    { path: ['apiOrigin', 'domainName'], message: props.apiOrigin && apiOriginDomainProblem(props.apiOrigin.domainName) },
    {
      path: ['apiOrigin', 'domainName'],
      message: props.apiOrigin && apiOriginLoopProblem(props.apiOrigin.domainName, props.customDomain?.domainName),
    },
    ...under(['apiOrigin', 'paths'], props.apiOrigin?.paths ? apiPathsProblems(props.apiOrigin.paths) : []),
    {
      path: ['failoverBucket'],
      message: props.failoverBucket === props.originBucket ? 'expected a replica of originBucket, not originBucket itself' : undefined,
    },
    {
      path: ['apiOrigin', 'vpcOrigin', 'albArn'],
      message: props.apiOrigin?.vpcOrigin && vpcOriginArnProblem(props.apiOrigin.vpcOrigin.albArn),
    },
    { path: ['apiOrigin', 'vpcOrigin', 'httpsPort'], message: httpsPortProblem(props.apiOrigin?.vpcOrigin?.httpsPort) },
  ];
}
