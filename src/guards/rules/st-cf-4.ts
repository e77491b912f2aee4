import { originProtocolPolicy, originsOf } from '../distributions';
import { ofType } from '../resources';
import type { GuardRule } from '../rule';

/**
 * No certificate can cover `*.elb.amazonaws.com`, so CloudFront's TLS check fails and it answers 502; through a
 * VPC origin too, where CloudFront checks the internal ALB's certificate against the origin's name all the same.
 */
export const ST_CF_4: GuardRule = {
  id: 'ST-CF-4',
  reason: 'CloudFront reaches a custom origin over HTTPS only by a name its certificate can cover',
  check: (resources) =>
    ofType(resources, 'aws_cloudfront_distribution').flatMap((distribution) =>
      originsOf(distribution)
        .filter((origin) => {
          const policy = originProtocolPolicy(origin, resources);
          return policy !== undefined && policy !== 'http-only' && /\.elb\.amazonaws\.com$/i.test(String(origin.domain_name ?? ''));
        })
        .map((origin) => ({
          resource: distribution,
          detail: `origin ${origin.origin_id} '${origin.domain_name}' is the ALB's own name, which no certificate can cover (CloudFront answers 502); set alb.originDomainName to a name the ALB certificate covers`,
        })),
    ),
};
