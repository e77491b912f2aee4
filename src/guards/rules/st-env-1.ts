import { asList } from '../../../modules/shared/policy';
import { foreignEnvironmentToken } from '../../../stacks/schema/environment-tokens';
import { certificateOf, originsOf } from '../distributions';
import { ofType, type ResolvedResource } from '../resources';
import type { GuardRule, RuleContext, Violation } from '../rule';

/**
 * Names and documents of the job-events and observability resources that must
 * speak of this stack's environment only (a queue, topic, alarm or dashboard
 * of another environment would watch or notify the wrong one).
 */
const ENVIRONMENT_SCOPED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_media_convert_queue: ['name'],
  aws_sqs_queue: ['name'],
  aws_cloudwatch_event_rule: ['name', 'event_pattern'],
  aws_sns_topic: ['name'],
  aws_sns_topic_subscription: ['endpoint'],
  aws_cloudwatch_metric_alarm: ['alarm_name'],
  aws_cloudwatch_dashboard: ['dashboard_name', 'dashboard_body'],
};

/** A value a resource names, and what a message calls it. */
type Named = readonly [resource: ResolvedResource, what: string, value: unknown];

/** Every value the rule reads, in the order its findings are reported. */
function namedValues(resources: readonly ResolvedResource[]): Named[] {
  const named: Named[] = [];
  for (const distribution of ofType(resources, 'aws_cloudfront_distribution')) {
    for (const origin of originsOf(distribution)) named.push([distribution, `origin ${origin.origin_id}`, origin.domain_name]);
    for (const alias of asList(distribution.config.aliases) as string[]) named.push([distribution, 'alias', alias]);
    named.push([distribution, 'certificate', certificateOf(distribution).acm_certificate_arn]);
    named.push([distribution, 'web ACL', distribution.config.web_acl_id]);
  }
  for (const rule of ofType(resources, 'aws_lb_listener_rule')) {
    named.push([rule, 'listener', rule.config.listener_arn]);
    for (const action of asList(rule.config.action) as { target_group_arn?: string }[]) {
      named.push([rule, 'target group', action.target_group_arn]);
    }
  }
  for (const record of ofType(resources, 'aws_route53_record')) {
    named.push([record, 'record', record.config.name], [record, 'hosted zone', record.config.zone_id]);
  }
  for (const bucket of ofType(resources, 'aws_s3_bucket')) named.push([bucket, 'bucket', bucket.config.bucket]);
  for (const [type, attributes] of Object.entries(ENVIRONMENT_SCOPED_ATTRIBUTES)) {
    for (const resource of ofType(resources, type)) {
      for (const attribute of attributes) named.push([resource, attribute, resource.config[attribute]]);
    }
  }
  for (const alarm of ofType(resources, 'aws_cloudwatch_metric_alarm')) {
    for (const value of Object.values((alarm.config.dimensions ?? {}) as Record<string, unknown>)) {
      named.push([alarm, 'alarm dimension', value]);
    }
  }
  return named;
}

function foreign([resource, what, value]: Named, context: RuleContext): Violation[] {
  if (typeof value !== 'string' || context.sharedValues.includes(value)) return [];
  const found = foreignEnvironmentToken(value, context.environment, context.environments);
  if (!found) return [];
  const detail = `${what} '${value}' belongs to environment ${found.environment} (token '${found.token}'), but this stack is ${context.environment}`;
  return [{ resource, detail }];
}

/** The mixed DEV/STAGING routing of the seed ADR, found by the environment words in names, DNS names and ARNs. */
export const ST_ENV_1: GuardRule = {
  id: 'ST-ENV-1',
  reason: "a stack never references another environment's origin, ALB, certificate, zone or bucket",
  check: (resources, context) => namedValues(resources).flatMap((named) => foreign(named, context)),
};
