import type { GuardScope } from '../../../stacks/guard-scope';
import type { GuardRule } from '../rule';

/** Services whose ARNs in these stacks must be in the stack's region: the ALB and the customer key. */
const REGIONAL_SERVICES: ReadonlySet<string> = new Set(['elasticloadbalancing', 'kms']);
/** Services CloudFront uses only from us-east-1: certificates and (global) web ACLs. */
const CLOUDFRONT_SERVICES: ReadonlySet<string> = new Set(['acm', 'wafv2']);

const ARN = /arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12}):[^"\s,\]]*/g;

/** Every string inside a resolved configuration, policy documents included. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  // Stryker disable next-line ConditionalExpression: Object.values of an array is its items, in order
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** Why each ARN in `config` does not belong to the stack of `scope` (shared values excepted). */
function foreignArns(config: unknown, scope: GuardScope): string[] {
  const problems: string[] = [];
  // The HLS replica's region is the stack's too (cdn.failover); named explicitly, never inferred from the ARNs.
  const regions = scope.region === undefined ? [] : [scope.region, ...(scope.additionalRegions ?? [])];
  for (const text of stringsOf(config)) {
    for (const [arn, service, region, account] of text.matchAll(ARN)) {
      if (scope.sharedValues.includes(arn)) continue;
      if (scope.accountId !== undefined && account !== scope.accountId) {
        problems.push(`'${arn}' is in account ${account}, but this stack deploys to ${scope.accountId}`);
      } else if (regions.length > 0 && REGIONAL_SERVICES.has(service) && !regions.includes(region)) {
        problems.push(`'${arn}' is in region ${region}, but this stack is in ${regions.join(' and ')}`);
      } else if (CLOUDFRONT_SERVICES.has(service) && region !== 'us-east-1') {
        problems.push(`'${arn}' is in region ${region}, but CloudFront uses ${service} only from us-east-1`);
      }
    }
  }
  return problems;
}

/** Names are one signal; an ARN's account and region do not depend on naming. */
export const ST_ENV_2: GuardRule = {
  id: 'ST-ENV-2',
  reason: 'a stack references ARNs of its own account only, and load balancers and keys of its own region',
  check: (resources, context) =>
    resources.flatMap((resource) => foreignArns(resource.config, context).map((detail) => ({ resource, detail }))),
};
