import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformVariable } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { Observability, type ObservabilityProps } from '../../modules/observability';
import { resourceAt, resourcesOf, synthScope, type Json } from '../helpers';

const BASE: ObservabilityProps = {
  namePrefix: 'storytime-prod',
  region: 'us-east-1',
  accountId: '222222222222',
  distributionId: 'E2ABCDEFGHIJKL',
  mediaConvertQueueArn: 'arn:aws:mediaconvert:us-east-1:222222222222:queues/storytime-prod-hls',
  eventsQueueName: 'storytime-prod-mediaconvert-events',
  deadLetterQueueName: 'storytime-prod-mediaconvert-events-dlq',
  eventRuleName: 'storytime-prod-mediaconvert-job-state',
  deliveryDeadLetterQueueName: 'storytime-prod-mediaconvert-events-delivery-dlq',
};

/** Observability `observability` of storytime-prod in `region`, with `props` on top; a us-east-1 provider for CloudFront's alarms outside it. */
const observability = (props: Partial<ObservabilityProps> = {}, region = 'us-east-1'): Json =>
  synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region });
    const cloudfrontProvider =
      region === 'us-east-1' ? undefined : new AwsProvider(scope, 'aws-cloudfront', { region: 'us-east-1', alias: 'cloudfront' });
    new Observability(scope, 'observability', {
      ...BASE,
      region,
      mediaConvertQueueArn: `arn:aws:mediaconvert:${region}:222222222222:queues/storytime-prod-hls`,
      cloudfrontProvider,
      ...props,
    });
  });

describe('Observability alarms on the API target group', () => {
  const alarm = (json: Json, name: string) =>
    resourcesOf(json, 'aws_cloudwatch_metric_alarm').find(([, config]) => config.alarm_name === name)?.[1];

  it('take the dimensions from the ends of the listener and target group ARNs', () => {
    const json = observability({
      albTarget: {
        listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/web-prod/50dc6c495c0c9188/f2f7dc8efc522ab2',
        targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:targetgroup/api-prod/73e2d6bc24d8a067',
      },
    });
    expect(alarm(json, 'storytime-prod-api-target-5xx').dimensions).toEqual({
      LoadBalancer: 'app/web-prod/50dc6c495c0c9188',
      TargetGroup: 'targetgroup/api-prod/73e2d6bc24d8a067',
    });
  });

  it('leave Terraform to cut ARNs it only knows at apply', () => {
    const json = synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: 'us-east-1' });
      const listener = new TerraformVariable(scope, 'listener', { type: 'string' });
      const group = new TerraformVariable(scope, 'group', { type: 'string' });
      new Observability(scope, 'observability', {
        ...BASE,
        albTarget: { listenerArn: listener.stringValue, targetGroupArn: group.stringValue },
      });
    });
    expect(alarm(json, 'storytime-prod-api-target-response-time').dimensions).toEqual({
      LoadBalancer: '${regex("app/[^/]+/[^/]+", var.listener)}',
      TargetGroup: '${regex("targetgroup/[^/]+/[^/]+$", var.group)}',
    });
  });

  it('are refused with thresholds but no target group, and absent without one', () => {
    expect(() => observability({ albTarget5xxCount: 3 })).toThrow(
      'observability: albTarget5xxCount: requires the ALB origin (alb.enabled: true): the alarm watches its API target group',
    );
    expect(resourcesOf(observability(), 'aws_cloudwatch_metric_alarm').map(([, config]) => config.alarm_name)).not.toContain(
      'storytime-prod-api-target-5xx',
    );
  });
});

describe('Observability destroy protection', () => {
  it("protects the alarm topic's KMS key when asked, and only the key", () => {
    const json = observability({ preventDestroy: true });
    expect(resourcesOf(json, 'aws_kms_key')).toHaveLength(1);
    expect(resourceAt(json, 'aws_kms_key', 'observability/topic/key').lifecycle).toEqual({ prevent_destroy: true });
    expect(resourceAt(json, 'aws_sns_topic', 'observability/topic/topic').lifecycle).toBeUndefined();
  });

  it('protects both keys when CloudFront alarms need a topic of their own in us-east-1', () => {
    const json = observability({ preventDestroy: true }, 'eu-west-1');
    expect(resourcesOf(json, 'aws_kms_key').map(([, key]) => key.lifecycle)).toEqual([
      { prevent_destroy: true },
      { prevent_destroy: true },
    ]);
  });

  it('protects nothing by default', () => {
    expect(resourceAt(observability(), 'aws_kms_key', 'observability/topic/key').lifecycle).toBeUndefined();
  });
});
