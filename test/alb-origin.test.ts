import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { AlbRules, type AlbRulesProps } from '../modules/alb_rules';
import { synthesize } from '../src/synth';
import { exampleWith, type Json, problemsOf, resourceAt, resourcesOf, synthAll, synthJson } from './helpers';
import { tempDir } from './temp';

const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-dev/1/2';
const API_TG = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/storytime-dev-api/3';
const WEB_TG = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/storytime-dev-web/4';

/** Listener rules of an AlbRules alone, by construct id: [priority, target group, condition]. */
function rulesOf(props: Partial<AlbRulesProps>): Record<string, Json> {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'rules');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new AlbRules(stack, 'alb-rules', { listenerArn: LISTENER, apiTargetGroupArn: API_TG, originVerifyValues: ['verify'], ...props });
  const json = synthJson(stack);
  return Object.fromEntries(
    resourcesOf(json, 'aws_lb_listener_rule').map(([logicalId, rule]) => [
      logicalId.replace(/^alb-rules_/, '').replace(/_[0-9A-F]{8}$/, ''),
      [rule.priority, rule.action[0].target_group_arn, rule.condition],
    ]),
  );
}

const HEADER = { http_header: { http_header_name: 'X-Origin-Verify', values: ['verify'] } };
const API_PATHS = { path_pattern: { values: ['/api/*', '/auth/*'] } };

describe('API origin CloudFront can reach (finding 1)', () => {
  it('connects to the origin name the ALB certificate covers, not the ALB DNS name', () => {
    const json = synthAll()['storytime-prod'];
    const origin = resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution').origin.find(
      (o: Json) => o.origin_id === 'rails-api-alb',
    );
    expect([origin.domain_name, origin.custom_origin_config.origin_protocol_policy]).toEqual([
      'origin-api.storytime.example',
      'https-only',
    ]);
  });

  it('writes the alias record of the origin name to the ALB when a zone is given, and none without', () => {
    const json = synthAll()['storytime-dev'];
    expect(resourceAt(json, 'aws_route53_record', 'alb-rules/origin-alias')).toMatchObject({
      zone_id: 'Z00000000000000000001',
      name: 'origin-api.dev.storytime.example',
      type: 'A',
      alias: { name: 'storytime-dev-0123456789.us-east-1.elb.amazonaws.com', zone_id: 'Z35SXDOTRQ7X7K', evaluate_target_health: true },
    });
    const without = synthAll(exampleWith('dev', (s) => delete s.alb.originRecord))['storytime-dev'];
    expect(resourcesOf(without, 'aws_route53_record').map(([, r]) => r.name)).toEqual([
      'cdn.dev.storytime.example',
      'cdn.dev.storytime.example',
    ]);
  });

  it('refuses an origin name under elb.amazonaws.com in one line saying why and what to set', () => {
    const lines: string[] = [];
    const outdir = tempDir('elb');
    const inputs = exampleWith('dev', (s) => (s.alb.originDomainName = 'storytime-dev-0123456789.us-east-1.elb.amazonaws.com'));
    expect(synthesize(inputs, { outdir, report: (line) => lines.push(line) })).toBe(1);
    expect(lines).toEqual([
      "settings error: dev: alb.originDomainName: 'storytime-dev-0123456789.us-east-1.elb.amazonaws.com' is the ALB's own name: no certificate can cover *.elb.amazonaws.com, so CloudFront would answer 502 over HTTPS; set a name the ALB certificate covers, such as origin-api.<domain>",
    ]);
  });

  it('requires the origin name when the ALB origin is enabled', () => {
    expect(problemsOf(exampleWith('prod', (s) => delete s.alb.originDomainName))).toEqual([
      'prod: alb.originDomainName: required when the ALB origin is enabled: expected the origin name the ALB certificate covers, such as origin-api.<domain>',
    ]);
  });
});

describe('ALB rules exist only for what they serve (finding 2)', () => {
  it('by default: CloudFront API paths with the header at 90, the API host at 100, no web rule', () => {
    expect(rulesOf({ apiHost: 'api.dev.storytime.example' })).toEqual({
      'api-via-cloudfront': [90, API_TG, [API_PATHS, HEADER]],
      'api-host': [100, API_TG, [{ host_header: { values: ['api.dev.storytime.example'] } }]],
    });
  });

  it('adds the web rule with the header only when a web origin sends it', () => {
    expect(rulesOf({ web: { targetGroupArn: WEB_TG, hosts: ['app.dev.storytime.example'] } })).toEqual({
      'api-via-cloudfront': [90, API_TG, [API_PATHS, HEADER]],
      web: [110, WEB_TG, [{ host_header: { values: ['app.dev.storytime.example'] } }, HEADER]],
    });
  });

  it('takes custom priorities', () => {
    expect(
      rulesOf({
        apiHost: 'api.dev.storytime.example',
        web: { targetGroupArn: WEB_TG, hosts: ['app.dev.storytime.example'] },
        priorities: { apiViaCloudfront: 7, apiHost: 8, web: 9 },
      }),
    ).toEqual({
      'api-via-cloudfront': [7, API_TG, [API_PATHS, HEADER]],
      'api-host': [8, API_TG, [{ host_header: { values: ['api.dev.storytime.example'] } }]],
      web: [9, WEB_TG, [{ host_header: { values: ['app.dev.storytime.example'] } }, HEADER]],
    });
  });

  it('passes priorities from settings, and leaves out the API host rule without an API host', () => {
    const json = synthAll(exampleWith('dev', (s) => (s.alb.priorities = { apiViaCloudfront: 4100, apiHost: 4200 })))['storytime-dev'];
    expect(
      resourcesOf(json, 'aws_lb_listener_rule')
        .map(([, rule]) => rule.priority)
        .sort(),
    ).toEqual([4100, 4200]);
    const noHost = synthAll(exampleWith('dev', (s) => delete s.alb.apiHost))['storytime-dev'];
    const rules = resourcesOf(noHost, 'aws_lb_listener_rule').map(([, rule]) => rule);
    expect(rules.map((rule) => [rule.priority, rule.condition.length])).toEqual([[90, 2]]);
    expect(rules[0].condition[1].http_header.values).toEqual([
      '${random_password.secrets_origin-verify-value_57884938.result}',
      '${random_password.secrets_origin-verify-green_23296A2D.result}',
    ]);
  });

  it.each<[string, Json, string]>([
    [
      'a custom priority that takes a default one',
      { apiViaCloudfront: 100 },
      "dev: alb.priorities.apiHost: priority 100 is already the apiViaCloudfront rule's; a listener takes each priority once",
    ],
    [
      'two equal custom priorities',
      { apiViaCloudfront: 5, apiHost: 5 },
      "dev: alb.priorities.apiHost: priority 5 is already the apiViaCloudfront rule's; a listener takes each priority once",
    ],
    ['a priority outside 1..50000', { apiHost: 50001 }, 'dev: alb.priorities.apiHost: expected 1 to 50000'],
  ])('rejects %s', (_name, priorities, expected) => {
    expect(problemsOf(exampleWith('dev', (s) => (s.alb.priorities = priorities)))).toEqual([expected]);
  });

  it('accepts a priority equal to a default when that rule does not exist', () => {
    expect(problemsOf(exampleWith('dev', (s) => ((s.alb.priorities = { apiViaCloudfront: 100 }), delete s.alb.apiHost)))).toEqual([]);
  });
});
