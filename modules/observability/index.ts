import { CloudfrontMonitoringSubscription } from '@cdktf/provider-aws/lib/cloudfront-monitoring-subscription';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { earlierDuplicates, isKnown, type PropCheck, refuseProps, under } from '../shared/props';
import { AlarmTopic } from './alarm-topic';
import { cloudfrontAlarmSpecs, metricAlarm } from './alarms';
import { CLOUDFRONT_METRICS_REGION, dashboardBody, overviewWidgets } from './dashboard';
import { type AlbTarget, regionalAlarmSpecs } from './regional-alarms';

export * from './alarm-topic';
export * from './alarms';
export * from './dashboard';
export * from './regional-alarms';

export interface ObservabilityProps {
  /** Prefix of every name, e.g. `storytime-dev`. */
  readonly namePrefix: string;
  /** Region of the stack: MediaConvert and SQS metrics. */
  readonly region: string;
  readonly accountId: string;
  readonly distributionId: string;
  readonly mediaConvertQueueArn: string;
  /** Queue of job events Rails consumes. */
  readonly eventsQueueName: string;
  /** Its dead-letter queue. */
  readonly deadLetterQueueName: string;
  /** EventBridge rule delivering the job events. */
  readonly eventRuleName: string;
  /** Queue of the job events that rule could not deliver. */
  readonly deliveryDeadLetterQueueName: string;
  /** API target group behind the ALB listener CloudFront's API paths reach: its 5xx and latency alarms. @default none */
  readonly albTarget?: AlbTarget;
  /** Provider for us-east-1, where CloudFront alarms must live. @default the stack's provider (a stack in us-east-1) */
  readonly cloudfrontProvider?: TerraformProvider;
  /** Email addresses notified of every alarm. @default none */
  readonly emails?: readonly string[];
  /** Alarm when the CloudFront 5xx error rate exceeds this percentage. @default 1 */
  readonly cloudfront5xxErrorRatePercent?: number;
  /** Alarm when the CloudFront 4xx error rate (e.g. 403 for missing or bad signed cookies) exceeds this percentage. @default 5 */
  readonly cloudfront4xxErrorRatePercent?: number;
  /** Alarm when this many jobs of the queue error within 5 minutes. @default 1 */
  readonly mediaConvertErroredJobs?: number;
  /** Alarm when this many job events wait in the dead-letter queue. @default 1 */
  readonly deadLetterMessages?: number;
  /** Alarm when EventBridge fails for good to deliver this many job events in 5 minutes (FailedInvocations). @default 1 */
  readonly failedEventDeliveries?: number;
  /** Alarm when this many undelivered job events wait in the delivery dead-letter queue. @default 1 */
  readonly undeliveredEvents?: number;
  /** With albTarget: alarm when the API target group answers more than this many 5xx in 5 minutes. @default 10 */
  readonly albTarget5xxCount?: number;
  /** With albTarget: alarm when the API target group's p95 response time exceeds this many milliseconds. @default 1500 */
  readonly albTargetResponseTimeMs?: number;
  /** CloudFront additional metrics (charged per distribution): cache hit rate and origin latency alarms. @default false */
  readonly additionalCloudfrontMetrics?: boolean;
  /** With additional metrics: alarm when the cache hit rate stays below this percentage. @default 80 */
  readonly cacheHitRatePercent?: number;
  /** With additional metrics: alarm when p90 origin latency exceeds this many milliseconds. @default 1000 */
  readonly originLatencyMs?: number;
  /** Terraform refuses to destroy (or replace) the alarm topics' KMS keys. @default false */
  readonly preventDestroy?: boolean;
}

/** Thresholds of metrics CloudFront publishes only as additional metrics, refused without them: their alarms would never fire. */
export function additionalMetricsProblems(
  props: Pick<ObservabilityProps, 'additionalCloudfrontMetrics' | 'cacheHitRatePercent' | 'originLatencyMs'>,
): PropCheck[] {
  if (props.additionalCloudfrontMetrics) return [];
  return (['cacheHitRatePercent', 'originLatencyMs'] as const).map((field) => ({
    path: [field],
    message:
      props[field] === undefined
        ? undefined
        : 'requires additionalCloudfrontMetrics: true (CloudFront publishes this metric only as an additional metric)',
  }));
}

/** Thresholds of the API target group's alarms, refused without one: they would watch nothing. */
export function albTargetProblems(
  props: Pick<ObservabilityProps, 'albTarget' | 'albTarget5xxCount' | 'albTargetResponseTimeMs'>,
): PropCheck[] {
  if (props.albTarget) return [];
  return (['albTarget5xxCount', 'albTargetResponseTimeMs'] as const).map((field) => ({
    path: [field],
    message: props[field] === undefined ? undefined : 'requires the ALB origin (alb.enabled: true): the alarm watches its API target group',
  }));
}

/** Checks of the alarm addresses, below them: each address once, whatever its case (one subscription per address and topic). */
export function alarmEmailsProblems(emails: readonly string[] | undefined): PropCheck[] {
  if (emails === undefined || !isKnown(emails)) return [];
  const earlier = earlierDuplicates(emails, (email) => email.toLowerCase());
  return emails.map((email, index) => {
    const first = earlier[index];
    if (first === undefined) return { path: [index], message: undefined };
    const other = emails[first];
    const seen = other === email ? 'is listed twice' : `is '${other}' (entry ${first}) in another case, and addresses compare without case`;
    return { path: [index], message: `'${email}' ${seen}; SNS subscribes an address to the topic once: remove one` };
  });
}

/**
 * Alarms, their encrypted SNS topic, and a dashboard of one environment.
 * CloudFront alarms are created in us-east-1 (where CloudFront's metrics are)
 * and notify a topic there; the others notify the topic of the stack's region.
 */
export class Observability extends Construct {
  readonly topic: AlarmTopic;
  /** Topic of the us-east-1 CloudFront alarms; the same as `topic` when the stack is in us-east-1. */
  readonly cloudfrontTopic: AlarmTopic;
  readonly alarms: readonly CloudwatchMetricAlarm[];
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    refuseProps('observability', [
      ...additionalMetricsProblems(props),
      ...albTargetProblems(props),
      ...under(['emails'], alarmEmailsProblems(props.emails)),
    ]);
    const name = props.namePrefix;
    const topicProps = {
      name: `${name}-alarms`,
      alarmNamePrefix: name,
      accountId: props.accountId,
      emails: props.emails,
      preventDestroy: props.preventDestroy,
    };
    this.topic = new AlarmTopic(this, 'topic', { ...topicProps, region: props.region });
    this.cloudfrontTopic = props.cloudfrontProvider
      ? new AlarmTopic(this, 'cloudfront-topic', { ...topicProps, region: CLOUDFRONT_METRICS_REGION, provider: props.cloudfrontProvider })
      : this.topic;

    const distribution = { DistributionId: props.distributionId, Region: 'Global' };
    const extra = props.additionalCloudfrontMetrics ?? false;
    const thresholds = {
      error5xx: props.cloudfront5xxErrorRatePercent ?? 1,
      error4xx: props.cloudfront4xxErrorRatePercent ?? 5,
      erroredJobs: props.mediaConvertErroredJobs ?? 1,
      deadLetters: props.deadLetterMessages ?? 1,
      failedEventDeliveries: props.failedEventDeliveries ?? 1,
      undeliveredEvents: props.undeliveredEvents ?? 1,
      cacheHitRate: props.cacheHitRatePercent ?? 80,
      originLatency: props.originLatencyMs ?? 1000,
      albTarget5xx: props.albTarget5xxCount ?? 10,
      albTargetResponseTimeMs: props.albTargetResponseTimeMs ?? 1500,
    };

    const cloudfrontAlarms = cloudfrontAlarmSpecs(name, distribution, thresholds, extra);
    const regionalAlarms = regionalAlarmSpecs(
      name,
      {
        mediaConvertQueueArn: props.mediaConvertQueueArn,
        deadLetterQueueName: props.deadLetterQueueName,
        eventDelivery: { ruleName: props.eventRuleName, deadLetterQueueName: props.deliveryDeadLetterQueueName },
        albTarget: props.albTarget,
      },
      thresholds,
    );
    if (extra) {
      new CloudfrontMonitoringSubscription(this, 'additional-metrics', {
        provider: props.cloudfrontProvider,
        distributionId: props.distributionId,
        monitoringSubscription: { realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: 'Enabled' } },
      });
    }
    this.alarms = [
      ...cloudfrontAlarms.map((spec) => metricAlarm(this, spec, this.cloudfrontTopic.topicArn, props.cloudfrontProvider)),
      ...regionalAlarms.map((spec) => metricAlarm(this, spec, this.topic.topicArn)),
    ];

    const widgets = overviewWidgets({
      region: props.region,
      distributionId: props.distributionId,
      mediaConvertQueueArn: props.mediaConvertQueueArn,
      eventsQueueName: props.eventsQueueName,
      deadLetterQueueName: props.deadLetterQueueName,
      deliveryDeadLetterQueueName: props.deliveryDeadLetterQueueName,
      thresholds,
      additionalCloudfrontMetrics: extra,
    });
    const dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: `${name}-overview`,
      dashboardBody: dashboardBody(widgets),
    });
    this.dashboardName = dashboard.dashboardName;
  }
}
