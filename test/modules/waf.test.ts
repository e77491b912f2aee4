import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { describe, expect, it } from 'vitest';
import { Waf, type WafProps } from '../../modules/waf';
import { exampleWith, problemsOf, resourceAt, resourcesOf, synthAll, synthScope, type Json } from '../helpers';

const waf = (props: Partial<WafProps> = {}): Json =>
  synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'us-east-1' });
    new Waf(scope, 'waf', { namePrefix: 'storytime-prod', ...props });
  });
const acl = (json: Json) => resourceAt(json, 'aws_wafv2_web_acl', 'waf/web-acl');
const visibility = (metricName: string) => ({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: metricName });

describe('Waf', () => {
  it('is a CLOUDFRONT-scope web ACL: IP reputation, common rules, known bad inputs, then 2000 requests per 5 minutes per IP', () => {
    const config = acl(waf());
    expect(config).toMatchObject({
      name: 'storytime-prod-cdn',
      description: 'storytime-prod CloudFront: AWS managed rules and a rate limit per IP',
      scope: 'CLOUDFRONT',
      default_action: { allow: {} },
      visibility_config: visibility('storytime-prod-cdn'),
    });
    expect(config.rule).toEqual([
      {
        name: 'AWSManagedRulesAmazonIpReputationList',
        priority: 1,
        override_action: { none: {} },
        statement: { managed_rule_group_statement: { vendor_name: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } },
        visibility_config: visibility('storytime-prod-cdn-ip-reputation'),
      },
      {
        name: 'AWSManagedRulesCommonRuleSet',
        priority: 2,
        override_action: { none: {} },
        statement: {
          managed_rule_group_statement: {
            vendor_name: 'AWS',
            name: 'AWSManagedRulesCommonRuleSet',
            rule_action_override: [{ name: 'SizeRestrictions_BODY', action_to_use: { count: {} } }],
          },
        },
        visibility_config: visibility('storytime-prod-cdn-common'),
      },
      {
        name: 'AWSManagedRulesKnownBadInputsRuleSet',
        priority: 3,
        override_action: { none: {} },
        statement: { managed_rule_group_statement: { vendor_name: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
        visibility_config: visibility('storytime-prod-cdn-known-bad-inputs'),
      },
      {
        name: 'RateLimitPerIp',
        priority: 4,
        action: { block: {} },
        statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
        visibility_config: visibility('storytime-prod-cdn-rate-limit'),
      },
    ]);
  });

  it('counts instead of blocking with the rules in countMode, and takes the rate limit given', () => {
    const rules = acl(waf({ countMode: ['common', 'rate-limit'], rateLimit: 500 })).rule;
    expect(rules.map((rule: Json) => rule.override_action ?? rule.action)).toEqual([
      { none: {} },
      { count: {} },
      { none: {} },
      { count: {} },
    ]);
    expect(rules[3].statement.rate_based_statement.limit).toBe(500);
  });

  it('lives where its provider is: us-east-1 for a stack elsewhere', () => {
    const json = synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
      const provider = new AwsProvider(scope, 'aws-us-east-1', { region: 'us-east-1', alias: 'cloudfront_logs' });
      new Waf(scope, 'waf', { namePrefix: 'storytime-prod', provider });
    });
    expect(acl(json).provider).toBe('aws.cloudfront_logs');
  });

  it.each([
    [{ rateLimit: 9 }, "waf: rateLimit: expected 10 to 2000000000 requests per 5 minutes per IP (WAF's bounds of a rate-based rule)"],
    [
      { rateLimit: 2_000_000_001 },
      "waf: rateLimit: expected 10 to 2000000000 requests per 5 minutes per IP (WAF's bounds of a rate-based rule)",
    ],
    [{ rateLimit: 100.5 }, "waf: rateLimit: expected 10 to 2000000000 requests per 5 minutes per IP (WAF's bounds of a rate-based rule)"],
    [{ countMode: ['sql' as 'common'] }, 'waf: countMode[0]: expected one of ip-reputation, common, known-bad-inputs, rate-limit'],
    [{ countMode: ['common', 'common'] as const }, "waf: countMode[1]: 'common' is listed twice; remove one"],
  ])('refuses %j', (props, message) => {
    expect(() => waf(props)).toThrow(message);
  });

  it('takes both bounds of the rate limit', () => {
    for (const rateLimit of [10, 2_000_000_000]) {
      expect(acl(waf({ rateLimit })).rule[3].statement.rate_based_statement.limit).toBe(rateLimit);
    }
  });
});

describe('web ACL settings', () => {
  const prodWith = (cdn: Json) => exampleWith('prod', (settings) => (settings.cdn = { ...settings.cdn, ...cdn }));

  it('attaches a web ACL made elsewhere instead of creating one', () => {
    const arn = 'arn:aws:wafv2:us-east-1:222222222222:global/webacl/storytime-prod-shared/00000000-0000-4000-8000-000000000002';
    const json = synthAll(prodWith({ webAclArn: arn }))['storytime-prod'];
    expect(resourcesOf(json, 'aws_wafv2_web_acl')).toEqual([]);
    expect(resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution').web_acl_id).toBe(arn);
  });

  it('creates none in the non-production tier unless asked', () => {
    const json = synthAll(exampleWith('dev', (settings) => (settings.cdn = { ...settings.cdn, waf: undefined })))['storytime-dev'];
    expect(resourcesOf(json, 'aws_wafv2_web_acl')).toEqual([]);
    expect(resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution').web_acl_id).toBeUndefined();
  });

  it.each([
    [
      { waf: {}, webAclArn: 'arn:aws:wafv2:us-east-1:222222222222:global/webacl/x/00000000-0000-4000-8000-000000000002' },
      'prod: cdn.waf: give either waf (create the web ACL here) or webAclArn (attach one made elsewhere), not both',
    ],
    [
      { waf: { countMode: ['everything'] } },
      'prod: cdn.waf.countMode[0]: expected one of ip-reputation, common, known-bad-inputs, rate-limit',
    ],
    [{ waf: { countMode: ['common', 'common'] } }, "prod: cdn.waf.countMode[1]: 'common' is listed twice; remove one"],
    [
      { waf: { rateLimit: 5 } },
      "prod: cdn.waf.rateLimit: expected 10 to 2000000000 requests per 5 minutes per IP (WAF's bounds of a rate-based rule)",
    ],
    [{ waf: { block: true } }, 'prod: cdn.waf: unknown field(s) block'],
  ])('refuses %j', (cdn, problem) => {
    expect(problemsOf(prodWith(cdn))).toEqual([problem]);
  });
});
