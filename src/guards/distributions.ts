import { asList } from '../../modules/shared/policy';
import type { ResolvedResource } from './resources';

/** The parts of a distribution that the rules read, as synthesized. */
export interface Origin {
  readonly origin_id: string;
  readonly domain_name?: string;
  readonly origin_access_control_id?: string;
  readonly custom_origin_config?: { readonly origin_protocol_policy?: string };
}

interface ViewerCertificate {
  readonly acm_certificate_arn?: string;
  readonly iam_certificate_id?: string;
  readonly minimum_protocol_version?: string;
}

export const originsOf = (distribution: ResolvedResource) => asList(distribution.config.origin) as readonly Origin[];

export const certificateOf = (distribution: ResolvedResource) => (distribution.config.viewer_certificate ?? {}) as ViewerCertificate;

/** An S3 REST origin: behind OAC, or named like a bucket endpoint (literal or a bucket reference). */
export const isS3Origin = (origin: Origin) => {
  if (origin.origin_access_control_id) return true;
  const domain = String(origin.domain_name ?? '');
  return origin.custom_origin_config === undefined && /\.s3[.-]|bucket_regional_domain_name|bucket_domain_name/.test(domain);
};
