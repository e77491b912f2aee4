import { LbListenerRule, type LbListenerRuleCondition } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { Construct } from 'constructs';
import { DEFAULT_API_PATHS, ORIGIN_VERIFY_HEADER } from '../shared/api-origin';

/** Seed 000: CloudFront's /api/* first, direct API host next, web hosts last. */
export const PRIORITY_API_VIA_CLOUDFRONT = 90;
export const PRIORITY_API_HOST = 100;
export const PRIORITY_WEB = 110;

export interface AlbRulesProps {
  /** Existing HTTPS listener whose default action is a fixed 403. */
  readonly listenerArn: string;
  readonly apiTargetGroupArn: string;
  readonly webTargetGroupArn: string;
  /** Paths CloudFront routes to the API. @default ['/api/*', '/auth/*'] */
  readonly apiPaths?: readonly string[];
  /** Host reaching the API directly (webhooks, external callers), no header required. */
  readonly apiHost: string;
  /** Hosts of the web app; accepted only through CloudFront. */
  readonly webHosts: readonly string[];
  /** Values accepted in X-Origin-Verify: the one CloudFront sends and the spare of a rotation. */
  readonly originVerifyValues: readonly string[];
}

/**
 * Listener rules so that only CloudFront reaches the app through the ALB;
 * everything unmatched falls to the listener's fixed 403.
 */
export class AlbRules extends Construct {
  readonly apiViaCloudfrontRuleArn: string;
  readonly apiHostRuleArn: string;
  readonly webRuleArn: string;

  constructor(scope: Construct, id: string, props: AlbRulesProps) {
    super(scope, id);
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

    this.apiViaCloudfrontRuleArn = rule('api-via-cloudfront', PRIORITY_API_VIA_CLOUDFRONT, props.apiTargetGroupArn, [
      { pathPattern: { values: [...(props.apiPaths ?? DEFAULT_API_PATHS)] } },
      fromCloudfront,
    ]);
    this.apiHostRuleArn = rule('api-host', PRIORITY_API_HOST, props.apiTargetGroupArn, [
      { hostHeader: { values: [props.apiHost] } },
    ]);
    this.webRuleArn = rule('web', PRIORITY_WEB, props.webTargetGroupArn, [
      { hostHeader: { values: [...props.webHosts] } },
      fromCloudfront,
    ]);
  }
}
