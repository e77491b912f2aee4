import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';
import { refuseProps } from '../shared/props';
import {
  DEFAULT_MAX_EVENT_AGE_SECONDS,
  DEFAULT_MAX_RETRY_ATTEMPTS,
  maxEventAgeProblem,
  maxReceiveCountProblem,
  maxRetryAttemptsProblem,
} from './invariants';
import { queuePolicy } from './queue-policy';

export * from './invariants';

/** Job states that end a job; Rails always hears about these. */
export const FINAL_JOB_STATUSES = ['COMPLETE', 'ERROR', 'CANCELED'] as const;
export const MEDIACONVERT_EVENT_SOURCE = 'aws.mediaconvert';
export const MEDIACONVERT_JOB_STATE_CHANGE = 'MediaConvert Job State Change';

export interface JobEventsProps {
  /** Prefix of every name, e.g. `storytime-dev`: the queue is `<prefix>-mediaconvert-events`. */
  readonly namePrefix: string;
  /** The environment's MediaConvert queue; only its jobs' events are delivered. */
  readonly mediaConvertQueueArn: string;
  /** Also deliver PROGRESSING (a job left SUBMITTED). @default false */
  readonly includeProgressing?: boolean;
  /** Receives of one message before it moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** Seconds a received message stays hidden from other consumers. @default 60 */
  readonly visibilityTimeoutSeconds?: number;
  /** Seconds an unconsumed event is kept. @default 345600 (4 days) */
  readonly messageRetentionSeconds?: number;
  /** Seconds a dead-lettered event is kept, in both dead-letter queues (the SQS maximum, time to investigate). @default 1209600 (14 days) */
  readonly deadLetterRetentionSeconds?: number;
  /** Seconds EventBridge keeps retrying an event it could not deliver to the queue. @default 86400 */
  readonly maxEventAgeSeconds?: number;
  /** Retries of an undelivered event before it goes to the delivery dead-letter queue. @default 185 */
  readonly maxRetryAttempts?: number;
}

/**
 * MediaConvert job-state events of one environment's queue, delivered by an
 * EventBridge rule on the default bus to an SQS queue Rails consumes. Two
 * dead-letter queues: one for messages Rails fails on repeatedly, one for
 * events EventBridge could not deliver at all (a queue policy mistake), so
 * that no event is ever dropped silently.
 */
export class JobEvents extends Construct {
  readonly queue: SqsQueue;
  readonly queueArn: string;
  readonly queueUrl: string;
  readonly queueName: string;
  readonly deadLetterQueue: SqsQueue;
  readonly deadLetterQueueArn: string;
  readonly deadLetterQueueName: string;
  /** Events EventBridge gave up delivering to the queue. */
  readonly deliveryDeadLetterQueue: SqsQueue;
  readonly deliveryDeadLetterQueueName: string;
  readonly rule: CloudwatchEventRule;
  readonly ruleArn: string;
  readonly ruleName: string;
  /** Statuses the rule matches, in order. */
  readonly statuses: readonly string[];

  constructor(scope: Construct, id: string, props: JobEventsProps) {
    super(scope, id);
    refuseProps('job_events', [
      { path: ['maxReceiveCount'], message: maxReceiveCountProblem(props.maxReceiveCount) },
      { path: ['maxEventAgeSeconds'], message: maxEventAgeProblem(props.maxEventAgeSeconds) },
      { path: ['maxRetryAttempts'], message: maxRetryAttemptsProblem(props.maxRetryAttempts) },
    ]);
    const name = `${props.namePrefix}-mediaconvert-events`;
    this.statuses = props.includeProgressing ? ['PROGRESSING', ...FINAL_JOB_STATUSES] : [...FINAL_JOB_STATUSES];
    const deadLetterRetention = props.deadLetterRetentionSeconds ?? 1_209_600;

    // SSE-SQS: EventBridge can send to it with no key grant (the AWS-managed aws/sqs KMS key would refuse it).
    this.deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: `${name}-dlq`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: deadLetterRetention,
    });
    this.queue = new SqsQueue(this, 'queue', {
      name,
      sqsManagedSseEnabled: true,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds ?? 60,
      messageRetentionSeconds: props.messageRetentionSeconds ?? 345_600,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: props.maxReceiveCount ?? 5 }),
    });
    this.deliveryDeadLetterQueue = new SqsQueue(this, 'delivery-dead-letter-queue', {
      name: `${name}-delivery-dlq`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: deadLetterRetention,
    });
    this.queueArn = this.queue.arn;
    this.queueUrl = this.queue.url;
    this.queueName = this.queue.name;
    this.deadLetterQueueArn = this.deadLetterQueue.arn;
    this.deadLetterQueueName = this.deadLetterQueue.name;
    this.deliveryDeadLetterQueueName = this.deliveryDeadLetterQueue.name;

    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: `${props.namePrefix}-mediaconvert-job-state`,
      description: `MediaConvert job state changes of ${props.namePrefix} to ${name}`,
      eventPattern: JSON.stringify({
        source: [MEDIACONVERT_EVENT_SOURCE],
        'detail-type': [MEDIACONVERT_JOB_STATE_CHANGE],
        detail: { queue: [props.mediaConvertQueueArn], status: this.statuses },
      }),
    });
    this.ruleArn = this.rule.arn;
    this.ruleName = this.rule.name;
    new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      arn: this.queue.arn,
      targetId: 'rails-queue',
      retryPolicy: {
        maximumEventAgeInSeconds: props.maxEventAgeSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS,
        maximumRetryAttempts: props.maxRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS,
      },
      deadLetterConfig: { arn: this.deliveryDeadLetterQueue.arn },
    });

    queuePolicy(this, 'queue-policy', this.queue, { sid: 'AllowJobStateRule', ruleArn: this.rule.arn });
    queuePolicy(this, 'dead-letter-queue-policy', this.deadLetterQueue);
    // EventBridge sends what it could not deliver as the rule (docs: "Granting permissions to the dead-letter queue").
    queuePolicy(this, 'delivery-dead-letter-queue-policy', this.deliveryDeadLetterQueue, {
      sid: 'AllowJobStateRuleDeadLetters',
      ruleArn: this.rule.arn,
    });
  }
}
