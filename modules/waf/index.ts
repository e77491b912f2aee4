import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { refuseProps, under } from '../shared/props';
import { countModeProblems, DEFAULT_RATE_LIMIT, rateLimitProblem, type WafRuleName } from './invariants';

export * from './invariants';

export interface WafProps {
  /** Prefix of every name, e.g. `storytime-dev`: the web ACL is `<prefix>-cdn`. */
  readonly namePrefix: string;
  /** Requests one IP may send in 5 minutes before the rate-based rule blocks it. @default 2000 */
  readonly rateLimit?: number;
  /** Rules that only count what they match (the first week of a new web ACL), instead of blocking it. @default none: every rule blocks */
  readonly countMode?: readonly WafRuleName[];
  /** AWS provider for us-east-1, where CLOUDFRONT-scope web ACLs live. @default the stack's provider (a stack in us-east-1) */
  readonly provider?: TerraformProvider;
}

/** One rule of the web ACL as WAF takes it (the provider passes `statement` through as written: snake_case). */
interface RuleSpec {
  readonly name: WafRuleName;
  readonly ruleName: string;
  readonly statement: Record<string, unknown>;
  /** Managed rule groups take an override action; a rule of our own takes an action. */
  readonly managed: boolean;
}

const managedGroup = (name: string, overrides: readonly string[] = []) => ({
  managed_rule_group_statement: {
    vendor_name: 'AWS',
    name,
    // Counted, not allowed: an "allow" override would end the evaluation and skip the rules after it.
    ...(overrides.length > 0 ? { rule_action_override: overrides.map((rule) => ({ name: rule, action_to_use: { count: {} } })) } : {}),
  },
});

/**
 * The web ACL in front of the distribution (seed 000, phase 0, step 2): AWS's
 * IP reputation list, common rule set and known bad inputs, then a rate limit
 * per IP; CloudWatch metrics and sampled requests on every rule.
 */
export class Waf extends Construct {
  readonly webAcl: Wafv2WebAcl;
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: WafProps) {
    super(scope, id);
    refuseProps('waf', [
      { path: ['rateLimit'], message: rateLimitProblem(props.rateLimit) },
      ...under(['countMode'], countModeProblems(props.countMode)),
    ]);
    const name = `${props.namePrefix}-cdn`;
    const counted = new Set<string>(props.countMode ?? []);
    const rules: RuleSpec[] = [
      {
        name: 'ip-reputation',
        ruleName: 'AWSManagedRulesAmazonIpReputationList',
        managed: true,
        statement: managedGroup('AWSManagedRulesAmazonIpReputationList'),
      },
      {
        name: 'common',
        ruleName: 'AWSManagedRulesCommonRuleSet',
        managed: true,
        // Rails API bodies above 8 KB are legitimate (seed 000 lets them through); the rest of the set blocks.
        statement: managedGroup('AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
      },
      {
        name: 'known-bad-inputs',
        ruleName: 'AWSManagedRulesKnownBadInputsRuleSet',
        managed: true,
        statement: managedGroup('AWSManagedRulesKnownBadInputsRuleSet'),
      },
      {
        name: 'rate-limit',
        ruleName: 'RateLimitPerIp',
        managed: false,
        statement: {
          rate_based_statement: { limit: props.rateLimit ?? DEFAULT_RATE_LIMIT, aggregate_key_type: 'IP', evaluation_window_sec: 300 },
        },
      },
    ];
    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      provider: props.provider,
      name,
      description: `${props.namePrefix} CloudFront: AWS managed rules and a rate limit per IP`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rule: rules.map((rule, index) => {
        const count = counted.has(rule.name);
        return {
          name: rule.ruleName,
          priority: index + 1,
          statement: rule.statement,
          ...(rule.managed ? { overrideAction: count ? { count: {} } : { none: {} } } : { action: count ? { count: {} } : { block: {} } }),
          visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `${name}-${rule.name}` },
        };
      }),
      visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name },
    });
    this.webAclArn = this.webAcl.arn;
  }
}
