/** Alarms on metrics of the stack's region: MediaConvert jobs, job-event delivery and the ALB's API target group. */
import { Fn, Token } from 'cdktf';
import { isKnown } from '../shared/props';
import type { AlarmSpec, AlarmThresholds } from './alarms';

/** What the regional alarms watch. */
export interface RegionalAlarmTargets {
  readonly mediaConvertQueueArn: string;
  /** Dead-letter queue of job events Rails failed to process. */
  readonly deadLetterQueueName: string;
  /** EventBridge rule delivering job events, and the queue of the events it could not deliver. */
  readonly eventDelivery: { readonly ruleName: string; readonly deadLetterQueueName: string };
  /** The API target group CloudFront's API paths reach, behind its listener. */
  readonly albTarget?: AlbTarget;
}

export interface AlbTarget {
  /** The HTTPS listener (`…:listener/app/<name>/<id>/<id>`): its load balancer is the metric's `LoadBalancer` dimension. */
  readonly listenerArn: string;
  /** The API target group (`…:targetgroup/<name>/<id>`). */
  readonly targetGroupArn: string;
}

// CloudWatch names an ALB `app/<name>/<id>` and a target group `targetgroup/<name>/<id>`: the ends of their ARNs.
const LOAD_BALANCER_DIMENSION = 'app/[^/]+/[^/]+';
const TARGET_GROUP_DIMENSION = 'targetgroup/[^/]+/[^/]+$';

function arnPart(arn: string, pattern: string): string {
  if (!isKnown(arn)) return Token.asString(Fn.regex(pattern, arn));
  const match = new RegExp(pattern).exec(arn);
  if (!match) throw new Error(`observability: albTarget: '${arn}' holds no ${pattern}`);
  return match[0];
}

/** The `LoadBalancer` and `TargetGroup` dimensions of a target group's ALB metrics. */
export function albTargetDimensions(target: AlbTarget): Record<string, string> {
  return {
    LoadBalancer: arnPart(target.listenerArn, LOAD_BALANCER_DIMENSION),
    TargetGroup: arnPart(target.targetGroupArn, TARGET_GROUP_DIMENSION),
  };
}

/** Alarms in the stack's region: errored jobs of this environment's queue, job events dead-lettered or undelivered, the API's 5xx and latency. */
export function regionalAlarmSpecs(name: string, targets: RegionalAlarmTargets, thresholds: AlarmThresholds): AlarmSpec[] {
  const once = { evaluationPeriods: 1, datapointsToAlarm: 1, comparison: 'GreaterThanOrEqualToThreshold' } as const;
  const alarms: AlarmSpec[] = [
    {
      id: 'mediaconvert-errors',
      name: `${name}-mediaconvert-errored-jobs`,
      description: `MediaConvert jobs of ${name} in ERROR: a book will not become playable`,
      namespace: 'AWS/MediaConvert',
      metricName: 'JobsErroredCount',
      dimensions: { Queue: targets.mediaConvertQueueArn },
      statistic: 'Sum',
      threshold: thresholds.erroredJobs,
      ...once,
    },
    {
      id: 'job-events-dead-letters',
      name: `${name}-job-events-dead-letters`,
      description: `Job events of ${name} Rails failed to process: they wait in the dead-letter queue`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: targets.deadLetterQueueName },
      statistic: 'Maximum',
      threshold: thresholds.deadLetters,
      ...once,
    },
    {
      id: 'job-events-failed-deliveries',
      name: `${name}-job-events-failed-deliveries`,
      description: `EventBridge failed for good to deliver job events of ${name} (neither to the queue nor to the delivery dead-letter queue)`,
      namespace: 'AWS/Events',
      metricName: 'FailedInvocations',
      dimensions: { RuleName: targets.eventDelivery.ruleName },
      statistic: 'Sum',
      threshold: thresholds.failedEventDeliveries,
      ...once,
    },
    {
      id: 'job-events-undelivered',
      name: `${name}-job-events-undelivered`,
      description: `Job events of ${name} EventBridge could not deliver to the queue (its policy or encryption): they wait in the delivery dead-letter queue`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: targets.eventDelivery.deadLetterQueueName },
      statistic: 'Maximum',
      threshold: thresholds.undeliveredEvents,
      ...once,
    },
  ];
  if (targets.albTarget) {
    const dimensions = albTargetDimensions(targets.albTarget);
    alarms.push(
      {
        id: 'api-target-5xx',
        name: `${name}-api-target-5xx`,
        description: `More than ${thresholds.albTarget5xx} 5xx answers of the Rails API target group of ${name} in 5 minutes`,
        namespace: 'AWS/ApplicationELB',
        metricName: 'HTTPCode_Target_5XX_Count',
        dimensions,
        statistic: 'Sum',
        comparison: 'GreaterThanThreshold',
        threshold: thresholds.albTarget5xx,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      },
      {
        id: 'api-target-response-time',
        name: `${name}-api-target-response-time`,
        description: `p95 response time of the Rails API target group of ${name} above ${thresholds.albTargetResponseTimeMs} ms`,
        namespace: 'AWS/ApplicationELB',
        metricName: 'TargetResponseTime',
        dimensions,
        statistic: 'p95',
        comparison: 'GreaterThanThreshold',
        // The metric is in seconds.
        threshold: thresholds.albTargetResponseTimeMs / 1000,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
    );
  }
  return alarms;
}
