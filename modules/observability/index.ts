import { CloudfrontMonitoringSubscription } from '@cdktf/provider-aws/lib/cloudfront-monitoring-subscription';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic';
import { metricAlarm, type AlarmSpec } from './alarms';
import { dashboardBody, type MetricWidget } from './dashboard';

export * from './alarm-topic';
export * from './alarms';
export * from './dashboard';

/** CloudFront publishes its metrics in us-east-1 only, with dimension Region=Global. */
export const CLOUDFRONT_METRICS_REGION = 'us-east-1';

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
  /** CloudFront additional metrics (charged per distribution): cache hit rate and origin latency alarms. @default false */
  readonly additionalCloudfrontMetrics?: boolean;
  /** With additional metrics: alarm when the cache hit rate stays below this percentage. @default 80 */
  readonly cacheHitRatePercent?: number;
  /** With additional metrics: alarm when p90 origin latency exceeds this many milliseconds. @default 1000 */
  readonly originLatencyMs?: number;
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
    const name = props.namePrefix;
    const topicProps = { name: `${name}-alarms`, alarmNamePrefix: name, accountId: props.accountId, emails: props.emails };
    this.topic = new AlarmTopic(this, 'topic', { ...topicProps, region: props.region });
    this.cloudfrontTopic = props.cloudfrontProvider
      ? new AlarmTopic(this, 'cloudfront-topic', { ...topicProps, region: CLOUDFRONT_METRICS_REGION, provider: props.cloudfrontProvider })
      : this.topic;

    const distribution = { DistributionId: props.distributionId, Region: 'Global' };
    const queue = { Queue: props.mediaConvertQueueArn };
    const extra = props.additionalCloudfrontMetrics ?? false;
    const thresholds = {
      error5xx: props.cloudfront5xxErrorRatePercent ?? 1,
      error4xx: props.cloudfront4xxErrorRatePercent ?? 5,
      erroredJobs: props.mediaConvertErroredJobs ?? 1,
      deadLetters: props.deadLetterMessages ?? 1,
      cacheHitRate: props.cacheHitRatePercent ?? 80,
      originLatency: props.originLatencyMs ?? 1000,
    };

    const cloudfrontAlarms: AlarmSpec[] = [
      {
        id: 'cloudfront-5xx',
        name: `${name}-cloudfront-5xx-error-rate`,
        description: `CloudFront 5xx error rate of ${name} above ${thresholds.error5xx}%: the HLS origin is failing`,
        namespace: 'AWS/CloudFront',
        metricName: '5xxErrorRate',
        dimensions: distribution,
        statistic: 'Average',
        comparison: 'GreaterThanThreshold',
        threshold: thresholds.error5xx,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
      {
        id: 'cloudfront-4xx',
        name: `${name}-cloudfront-4xx-error-rate`,
        description: `CloudFront 4xx error rate of ${name} above ${thresholds.error4xx}%: signed cookies failing (key pair id, key or cookie domain)`,
        namespace: 'AWS/CloudFront',
        metricName: '4xxErrorRate',
        dimensions: distribution,
        statistic: 'Average',
        comparison: 'GreaterThanThreshold',
        threshold: thresholds.error4xx,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
    ];
    if (extra) {
      new CloudfrontMonitoringSubscription(this, 'additional-metrics', {
        provider: props.cloudfrontProvider,
        distributionId: props.distributionId,
        monitoringSubscription: { realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: 'Enabled' } },
      });
      cloudfrontAlarms.push(
        {
          id: 'cloudfront-cache-hit-rate',
          name: `${name}-cloudfront-cache-hit-rate`,
          description: `CloudFront cache hit rate of ${name} below ${thresholds.cacheHitRate}%: segments are fetched from the bucket too often`,
          namespace: 'AWS/CloudFront',
          metricName: 'CacheHitRate',
          dimensions: distribution,
          statistic: 'Average',
          comparison: 'LessThanThreshold',
          threshold: thresholds.cacheHitRate,
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
        },
        {
          id: 'cloudfront-origin-latency',
          name: `${name}-cloudfront-origin-latency`,
          description: `CloudFront p90 origin latency of ${name} above ${thresholds.originLatency} ms`,
          namespace: 'AWS/CloudFront',
          metricName: 'OriginLatency',
          dimensions: distribution,
          statistic: 'p90',
          comparison: 'GreaterThanThreshold',
          threshold: thresholds.originLatency,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
        },
      );
    }
    const regionalAlarms: AlarmSpec[] = [
      {
        id: 'mediaconvert-errors',
        name: `${name}-mediaconvert-errored-jobs`,
        description: `MediaConvert jobs of ${name} in ERROR: a book will not become playable`,
        namespace: 'AWS/MediaConvert',
        metricName: 'JobsErroredCount',
        dimensions: queue,
        statistic: 'Sum',
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: thresholds.erroredJobs,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      },
      {
        id: 'job-events-dead-letters',
        name: `${name}-job-events-dead-letters`,
        description: `Job events of ${name} Rails failed to process: they wait in the dead-letter queue`,
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: props.deadLetterQueueName },
        statistic: 'Maximum',
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: thresholds.deadLetters,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      },
    ];
    this.alarms = [
      ...cloudfrontAlarms.map((spec) => metricAlarm(this, spec, this.cloudfrontTopic.topicArn, props.cloudfrontProvider)),
      ...regionalAlarms.map((spec) => metricAlarm(this, spec, this.topic.topicArn)),
    ];

    const cf = (metric: string, stat: string, label: string) => ['AWS/CloudFront', metric, 'DistributionId', props.distributionId, 'Region', 'Global', { stat, label }];
    const widgets: MetricWidget[] = [
      { title: 'CloudFront requests', region: CLOUDFRONT_METRICS_REGION, metrics: [cf('Requests', 'Sum', 'Requests')] },
      { title: 'CloudFront bytes downloaded', region: CLOUDFRONT_METRICS_REGION, metrics: [cf('BytesDownloaded', 'Sum', 'Bytes downloaded')] },
      {
        title: 'CloudFront error rates (%)',
        region: CLOUDFRONT_METRICS_REGION,
        metrics: [cf('4xxErrorRate', 'Average', '4xx'), cf('5xxErrorRate', 'Average', '5xx')],
        thresholds: [
          { label: '4xx alarm', value: thresholds.error4xx },
          { label: '5xx alarm', value: thresholds.error5xx },
        ],
      },
      ...(extra
        ? [
            {
              title: 'CloudFront cache hit rate (%)',
              region: CLOUDFRONT_METRICS_REGION,
              metrics: [cf('CacheHitRate', 'Average', 'Cache hit rate')],
              thresholds: [{ label: 'alarm', value: thresholds.cacheHitRate }],
            },
            {
              title: 'CloudFront origin latency p90 (ms)',
              region: CLOUDFRONT_METRICS_REGION,
              metrics: [cf('OriginLatency', 'p90', 'Origin latency p90')],
              thresholds: [{ label: 'alarm', value: thresholds.originLatency }],
            },
          ]
        : []),
      {
        title: 'MediaConvert jobs',
        region: props.region,
        metrics: [
          ['AWS/MediaConvert', 'JobsCompletedCount', 'Queue', props.mediaConvertQueueArn, { stat: 'Sum', label: 'Completed' }],
          ['AWS/MediaConvert', 'JobsErroredCount', 'Queue', props.mediaConvertQueueArn, { stat: 'Sum', label: 'Errored' }],
        ],
      },
      {
        title: 'Job events waiting',
        region: props.region,
        metrics: [
          ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', props.eventsQueueName, { stat: 'Maximum', label: 'Events queue' }],
          ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', props.deadLetterQueueName, { stat: 'Maximum', label: 'Dead-letter queue' }],
        ],
      },
    ];
    const dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName: `${name}-overview`, dashboardBody: dashboardBody(widgets) });
    this.dashboardName = dashboard.dashboardName;
  }
}
