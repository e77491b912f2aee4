import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';

/** One metric alarm, as observability creates it; the name must start with the topic's alarm prefix. */
export interface AlarmSpec {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Average`, `Sum`, `Maximum`, or a percentile such as `p90`. */
  readonly statistic: string;
  readonly comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  readonly threshold: number;
  /** Consecutive 5-minute periods looked at, and how many of them must breach. */
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

export const ALARM_PERIOD_SECONDS = 300;

export function metricAlarm(scope: Construct, spec: AlarmSpec, topicArn: string, provider?: TerraformProvider): CloudwatchMetricAlarm {
  const percentile = /^p\d+(\.\d+)?$/.test(spec.statistic);
  return new CloudwatchMetricAlarm(scope, spec.id, {
    provider,
    alarmName: spec.name,
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: { ...spec.dimensions },
    statistic: percentile ? undefined : spec.statistic,
    extendedStatistic: percentile ? spec.statistic : undefined,
    period: ALARM_PERIOD_SECONDS,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    comparisonOperator: spec.comparison,
    threshold: spec.threshold,
    // No traffic or no jobs is not a failure.
    treatMissingData: 'notBreaching',
    alarmActions: [topicArn],
    okActions: [topicArn],
  });
}

/** Alarm thresholds, defaults applied. */
export interface AlarmThresholds {
  readonly error5xx: number;
  readonly error4xx: number;
  readonly erroredJobs: number;
  readonly deadLetters: number;
  readonly failedEventDeliveries: number;
  readonly undeliveredEvents: number;
  readonly cacheHitRate: number;
  readonly originLatency: number;
  readonly albTarget5xx: number;
  readonly albTargetResponseTimeMs: number;
}

/** CloudFront alarms (us-east-1); cache hit rate and origin latency need the additional metrics. */
export function cloudfrontAlarmSpecs(
  name: string,
  distribution: Readonly<Record<string, string>>,
  thresholds: AlarmThresholds,
  additionalMetrics: boolean,
): AlarmSpec[] {
  const alarms: AlarmSpec[] = [
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
  if (!additionalMetrics) return alarms;
  alarms.push(
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
  return alarms;
}
