import { ofType, shown } from '../resources';
import type { GuardRule } from '../rule';

/** Seed 000 puts a web ACL in front of every distribution; the tier, never the name, says where it is required. */
export const ST_CF_5: GuardRule = {
  id: 'ST-CF-5',
  reason: 'in the production tier, every distribution is behind a WAF web ACL',
  check: (resources, context) => {
    if (context.tier !== 'production') return [];
    return ofType(resources, 'aws_cloudfront_distribution')
      .filter((distribution) => shown(distribution.config.web_acl_id ?? '').trim() === '')
      .map((distribution) => ({
        resource: distribution,
        detail: 'the distribution has no web_acl_id: create the web ACL with cdn.waf or attach one with cdn.webAclArn',
      }));
  },
};
