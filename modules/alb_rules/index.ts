import { LbListenerRule, type LbListenerRuleCondition } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import { DEFAULT_API_PATHS, ORIGIN_VERIFY_HEADER } from '../shared/api-origin';
import { isKnown, type PropCheck, refuseProps, under } from '../shared/props';
import {
  albRuleNames,
  apiHostProblem,
  type AlbRulePriorities,
  conditionValueProblem,
  conditionValuesProblem,
  DEFAULT_RULE_PRIORITIES,
  rulePriorityClashes,
  rulePriorityProblem,
} from './invariants';

export * from './invariants';

export interface AlbWebOrigin {
  readonly targetGroupArn: string;
  /** Hosts CloudFront forwards to the web app, with the origin header. */
  readonly hosts: readonly string[];
}

export interface AlbOriginAlias {
  /** Route53 zone that holds `name`. */
  readonly zoneId: string;
  /** Name CloudFront connects to, covered by the ALB's certificate. */
  readonly name: string;
  /** The ALB's own DNS name. */
  readonly albDnsName: string;
  /** The ALB's canonical hosted zone id (`CanonicalHostedZoneId`). */
  readonly albZoneId: string;
}

export interface AlbRulesProps {
  /** Existing HTTPS listener; what no rule matches falls to its default action. */
  readonly listenerArn: string;
  readonly apiTargetGroupArn: string;
  /** Paths CloudFront routes to the API. @default ['/api/*', '/auth/*'] */
  readonly apiPaths?: readonly string[];
  /** Host reaching the API directly (webhooks, external callers), no header required. @default none: no such rule */
  readonly apiHost?: string;
  /** Web app behind a CloudFront origin that sends the header. @default none: no web rule, as no origin sends web traffic with it */
  readonly web?: AlbWebOrigin;
  /** Rule priorities, unique on the listener. @default 90 / 100 / 110 */
  readonly priorities?: AlbRulePriorities;
  /** Values accepted in X-Origin-Verify: the one CloudFront sends and the spare of a rotation. */
  readonly originVerifyValues: readonly string[];
  /** Alias record of the origin name to the ALB. @default none: the record is managed elsewhere */
  readonly originAlias?: AlbOriginAlias;
}

/**
 * Listener rules, each only when what it serves exists: CloudFront's API
 * paths with the origin secret, the direct API host, and web hosts only when
 * a CloudFront web origin sends the secret.
 */
export class AlbRules extends Construct {
  readonly apiViaCloudfrontRuleArn: string;
  readonly apiHostRuleArn?: string;
  readonly webRuleArn?: string;

  constructor(scope: Construct, id: string, props: AlbRulesProps) {
    super(scope, id);
    refuseProps('alb_rules', propChecks(props));
    const priorities = props.priorities ?? {};
    const fromCloudfront: LbListenerRuleCondition = {
      httpHeader: { httpHeaderName: ORIGIN_VERIFY_HEADER, values: [...props.originVerifyValues] },
    };
    const rule = (ruleId: string, priority: number, targetGroupArn: string, condition: LbListenerRuleCondition[]) =>
      new LbListenerRule(this, ruleId, {
        listenerArn: props.listenerArn,
        priority,
        condition,
        action: [{ type: 'forward', targetGroupArn }],
      }).arn;

    this.apiViaCloudfrontRuleArn = rule(
      'api-via-cloudfront',
      priorities.apiViaCloudfront ?? DEFAULT_RULE_PRIORITIES.apiViaCloudfront,
      props.apiTargetGroupArn,
      [{ pathPattern: { values: [...(props.apiPaths ?? DEFAULT_API_PATHS)] } }, fromCloudfront],
    );
    if (props.apiHost !== undefined) {
      this.apiHostRuleArn = rule('api-host', priorities.apiHost ?? DEFAULT_RULE_PRIORITIES.apiHost, props.apiTargetGroupArn, [
        { hostHeader: { values: [props.apiHost] } },
      ]);
    }
    if (props.web !== undefined) {
      this.webRuleArn = rule('web', priorities.web ?? DEFAULT_RULE_PRIORITIES.web, props.web.targetGroupArn, [
        { hostHeader: { values: [...props.web.hosts] } },
        fromCloudfront,
      ]);
    }
    const alias = props.originAlias;
    if (alias !== undefined) {
      new Route53Record(this, 'origin-alias', {
        zoneId: alias.zoneId,
        name: alias.name,
        type: 'A',
        alias: { name: alias.albDnsName, zoneId: alias.albZoneId, evaluateTargetHealth: true },
      });
    }
  }
}

/** What the listener would refuse in these props (invariants.ts). */
function propChecks(props: AlbRulesProps): PropCheck[] {
  const priorities = props.priorities ?? {};
  const headerValues = props.originVerifyValues;
  // A Terraform list of unknown length counts as one value: the least any rule holds.
  const countOf = (values: readonly string[]) => (isKnown(values) ? values.length : 1);
  return [
    ...(['apiViaCloudfront', 'apiHost', 'web'] as const).map((rule) => {
      const priority = priorities[rule];
      return { path: ['priorities', rule], message: priority === undefined ? undefined : rulePriorityProblem(priority) };
    }),
    ...under(['priorities'], rulePriorityClashes(priorities, albRuleNames(props))),
    { path: ['originVerifyValues'], message: countOf(headerValues) < 1 ? 'expected at least one' : undefined },
    { path: ['apiPaths'], message: conditionValuesProblem(countOf(props.apiPaths ?? DEFAULT_API_PATHS), countOf(headerValues)) },
    // An unknown list is one unknown item, which the check lets through.
    ...(props.apiPaths?.map((path, index) => ({ path: ['apiPaths', index], message: conditionValueProblem(path) })) ?? []),
    {
      path: ['apiHost'],
      message:
        props.apiHost === undefined
          ? undefined
          : (conditionValueProblem(props.apiHost) ?? apiHostProblem(props.apiHost, { originDomainName: props.originAlias?.name })),
    },
    { path: ['web', 'hosts'], message: props.web && conditionValuesProblem(countOf(props.web.hosts), countOf(headerValues)) },
  ];
}
