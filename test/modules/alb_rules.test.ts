import { describe, expect, it } from 'vitest';
import { AlbRules, type AlbRulesProps } from '../../modules/alb_rules';
import { expose, refAt, resourceAt, resourcesOf, synthScope, type Json } from '../helpers';

const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-dev/0123456789abcdef/0123456789abcdef';
const TG = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/storytime-dev-${name}/0123456789abcdef`;
const SECRETS = ['${random_password.blue.result}', '${random_password.green.result}'];

const rules = (props: Partial<AlbRulesProps> = {}): Json =>
  synthScope((scope) => {
    const alb = new AlbRules(scope, 'alb-rules', {
      listenerArn: LISTENER,
      apiTargetGroupArn: TG('api'),
      apiHost: 'api.dev.storytime.example',
      originVerifyValues: SECRETS,
      ...props,
    });
    expose(scope, { api: alb.apiViaCloudfrontRuleArn, host: alb.apiHostRuleArn, web: alb.webRuleArn });
  });
const fromCloudfront = { http_header: { http_header_name: 'X-Origin-Verify', values: SECRETS } };
const rule = (priority: number, target: string, condition: Json[]) => ({
  listener_arn: LISTENER,
  priority,
  action: [{ type: 'forward', target_group_arn: TG(target) }],
  condition,
});

describe('AlbRules', () => {
  it('forwards /api/* and /auth/* with the origin header at 90 and the API host at 100, and has no web rule without a web origin', () => {
    const json = rules();
    expect(resourcesOf(json, 'aws_lb_listener_rule')).toHaveLength(2);
    expect(resourceAt(json, 'aws_lb_listener_rule', 'alb-rules/api-via-cloudfront')).toEqual(
      rule(90, 'api', [{ path_pattern: { values: ['/api/*', '/auth/*'] } }, fromCloudfront]),
    );
    // Direct callers (webhooks) reach the API by its own host without the header.
    expect(resourceAt(json, 'aws_lb_listener_rule', 'alb-rules/api-host')).toEqual(
      rule(100, 'api', [{ host_header: { values: ['api.dev.storytime.example'] } }]),
    );
    expect(json.output.web).toBeUndefined();
  });

  it('adds the web rule with the header at 110 when a web origin sends it', () => {
    const json = rules({ web: { targetGroupArn: TG('web'), hosts: ['app.dev.storytime.example', 'www.dev.storytime.example'] } });
    expect(resourceAt(json, 'aws_lb_listener_rule', 'alb-rules/web')).toEqual(
      rule(110, 'web', [{ host_header: { values: ['app.dev.storytime.example', 'www.dev.storytime.example'] } }, fromCloudfront]),
    );
  });

  it('matches the API paths given, and exposes each rule ARN', () => {
    const json = rules({ apiPaths: ['/graphql'], web: { targetGroupArn: TG('web'), hosts: ['app.dev.storytime.example'] } });
    expect(resourceAt(json, 'aws_lb_listener_rule', 'alb-rules/api-via-cloudfront').condition[0]).toEqual({
      path_pattern: { values: ['/graphql'] },
    });
    expect([json.output.api.value, json.output.host.value, json.output.web.value]).toEqual(
      ['api-via-cloudfront', 'api-host', 'web'].map((id) => refAt(json, 'aws_lb_listener_rule', `alb-rules/${id}`, 'arn')),
    );
  });
});
