import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { describe, expect, it } from 'vitest';
import { Observability, type ObservabilityProps } from '../../modules/observability';
import { resourceAt, resourcesOf, synthScope, type Json } from '../helpers';

/** Observability `observability` of storytime-prod in `region`, with `props` on top; a us-east-1 provider for CloudFront's alarms outside it. */
const observability = (props: Partial<ObservabilityProps> = {}, region = 'us-east-1'): Json =>
  synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region });
    const cloudfrontProvider =
      region === 'us-east-1' ? undefined : new AwsProvider(scope, 'aws-cloudfront', { region: 'us-east-1', alias: 'cloudfront' });
    new Observability(scope, 'observability', {
      namePrefix: 'storytime-prod',
      region,
      accountId: '222222222222',
      distributionId: 'E2ABCDEFGHIJKL',
      mediaConvertQueueArn: `arn:aws:mediaconvert:${region}:222222222222:queues/storytime-prod-hls`,
      eventsQueueName: 'storytime-prod-mediaconvert-events',
      deadLetterQueueName: 'storytime-prod-mediaconvert-events-dlq',
      cloudfrontProvider,
      ...props,
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
