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
