import { asList } from '../../modules/shared/policy';
import { ofType, refersTo, type ResolvedResource } from './resources';

/** The parts of a distribution that the rules read, as synthesized. */
export interface Origin {
  readonly origin_id: string;
  readonly domain_name?: string;
  readonly origin_access_control_id?: string;
  readonly custom_origin_config?: { readonly origin_protocol_policy?: string };
  /** A CloudFront VPC origin (`aws_cloudfront_vpc_origin`), by its id. */
  readonly vpc_origin_config?: { readonly vpc_origin_id?: string };
}

/** An origin group: CloudFront asks its members in order, the next when one answers a failover status. */
export interface OriginGroup {
  readonly origin_id: string;
  readonly member?: readonly { readonly origin_id?: string }[];
}

interface ViewerCertificate {
  readonly acm_certificate_arn?: string;
  readonly iam_certificate_id?: string;
  readonly minimum_protocol_version?: string;
}

export const originsOf = (distribution: ResolvedResource) => asList(distribution.config.origin) as readonly Origin[];

export const originGroupsOf = (distribution: ResolvedResource) => asList(distribution.config.origin_group) as readonly OriginGroup[];

export const certificateOf = (distribution: ResolvedResource) => (distribution.config.viewer_certificate ?? {}) as ViewerCertificate;

/** An S3 REST origin: behind OAC, or named like a bucket endpoint (literal or a bucket reference). */
export const isS3Origin = (origin: Origin) => {
  if (origin.origin_access_control_id) return true;
  const domain = String(origin.domain_name ?? '');
  return origin.custom_origin_config === undefined && /\.s3[.-]|bucket_regional_domain_name|bucket_domain_name/.test(domain);
};

/**
 * Ids a behavior may target that reach an S3 origin: the S3 origins, and every origin group with one among
 * its members (a group answers from its failover members too).
 */
export function s3TargetsOf(distribution: ResolvedResource): Set<string> {
  const s3Origins = new Set(
    originsOf(distribution)
      .filter(isS3Origin)
      .map((origin) => origin.origin_id),
  );
  const groups = originGroupsOf(distribution).filter((group) =>
    asList(group.member).some((member) => s3Origins.has(member.origin_id ?? '')),
  );
  return new Set([...s3Origins, ...groups.map((group) => group.origin_id)]);
}

interface VpcOriginEndpoint {
  readonly origin_protocol_policy?: string;
}

/**
 * How CloudFront connects to a custom origin: its `custom_origin_config`, or for a VPC origin the policy of
 * the `aws_cloudfront_vpc_origin` it names (HTTPS when that one is not in the stack). Undefined for S3 origins.
 */
export function originProtocolPolicy(origin: Origin, resources: readonly ResolvedResource[]): string | undefined {
  if (origin.custom_origin_config) return origin.custom_origin_config.origin_protocol_policy;
  if (!origin.vpc_origin_config) return undefined;
  const vpcOrigin = ofType(resources, 'aws_cloudfront_vpc_origin').find((candidate) =>
    // Stryker disable next-line OptionalChaining: set, as checked above (a check the callback's type does not see)
    refersTo(origin.vpc_origin_config?.vpc_origin_id, candidate),
  );
  const endpoint = asList(vpcOrigin?.config.vpc_origin_endpoint_config as VpcOriginEndpoint | readonly VpcOriginEndpoint[] | undefined)[0];
  return endpoint?.origin_protocol_policy ?? 'https-only';
}
