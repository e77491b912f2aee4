import type { ArnScope } from './environment-bound';

/** Where this stack deploys: every ARN in its settings must be of this account (and region, where regional). */
export interface StackTarget {
  readonly accountId: string;
  readonly region: string;
}

// Other partitions are refused by the field's own rule (modules/shared/arn.ts).
const ARN = /^arn:aws:[a-z0-9-]+:([a-z0-9-]*):(\d{12}|):(.*)$/;

/**
 * Why `arn` does not belong to this stack, or undefined. Shared blocks skip the
 * account (a resource shared between environments lives in one of the accounts).
 */
export function arnScopeProblem(arn: string, scope: ArnScope, target: StackTarget, shared: boolean): string | undefined {
  const match = ARN.exec(arn);
  // A malformed ARN is reported by the field's own pattern.
  if (!match) return undefined;
  const [, region, account, resource] = match;
  if (!shared && account !== target.accountId) {
    return `'${arn}' is in account ${account || '(none)'}, but this stack deploys to ${target.accountId}`;
  }
  if (scope === 'regional' && region !== target.region) {
    return `'${arn}' is in region ${region || '(none)'}, but this stack is in ${target.region}`;
  }
  // Another type of WAF resource is the field's own rule (arns.ts).
  if (
    scope === 'cloudfront-waf' &&
    /^(global|regional)\/webacl\//.test(resource) &&
    (region !== 'us-east-1' || !resource.startsWith('global/'))
  ) {
    return `'${arn}' is not a CloudFront web ACL: expected arn:aws:wafv2:us-east-1:${target.accountId}:global/webacl/<name>/<id> (scope CLOUDFRONT)`;
  }
  return undefined;
}
