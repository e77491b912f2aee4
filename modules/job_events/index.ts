import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { policyJson, type PolicyStatement } from '../shared/policy';
import { isKnown, refuseProps } from '../shared/props';

/** Job states that end a job; Rails always hears about these. */
export const FINAL_JOB_STATUSES = ['COMPLETE', 'ERROR', 'CANCELED'] as const;
export const MEDIACONVERT_EVENT_SOURCE = 'aws.mediaconvert';
export const MEDIACONVERT_JOB_STATE_CHANGE = 'MediaConvert Job State Change';

/** SQS takes 1 to 1000 receives before a message moves to the dead-letter queue. */
export function maxReceiveCountProblem(count: number | undefined): string | undefined {
  if (count === undefined || !isKnown(count) || (Number.isInteger(count) && count >= 1 && count <= 1000)) return undefined;
  return 'expected 1 to 1000 receives';
}

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
  /** Seconds a dead-lettered event is kept (the SQS maximum, time to investigate). @default 1209600 (14 days) */
  readonly deadLetterRetentionSeconds?: number;
}

/** Denies every SQS request that does not use TLS. */
function denyInsecureTransport(queueArn: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 'sqs:*',
    Resource: queueArn,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * MediaConvert job-state events of one environment's queue, delivered by an
 * EventBridge rule on the default bus to an SQS queue Rails consumes; messages
 * Rails fails on repeatedly go to a dead-letter queue.
 */
export class JobEvents extends Construct {
  readonly queue: SqsQueue;
  readonly queueArn: string;
  readonly queueUrl: string;
  readonly queueName: string;
  readonly deadLetterQueue: SqsQueue;
  readonly deadLetterQueueArn: string;
  readonly deadLetterQueueName: string;
  readonly rule: CloudwatchEventRule;
  readonly ruleArn: string;
  /** Statuses the rule matches, in order. */
  readonly statuses: readonly string[];

  constructor(scope: Construct, id: string, props: JobEventsProps) {
    super(scope, id);
    refuseProps('job_events', [{ path: ['maxReceiveCount'], message: maxReceiveCountProblem(props.maxReceiveCount) }]);
    const name = `${props.namePrefix}-mediaconvert-events`;
    this.statuses = props.includeProgressing ? ['PROGRESSING', ...FINAL_JOB_STATUSES] : [...FINAL_JOB_STATUSES];

    // SSE-SQS: EventBridge can send to it with no key grant (the AWS-managed aws/sqs KMS key would refuse it).
    this.deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: `${name}-dlq`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: props.deadLetterRetentionSeconds ?? 1_209_600,
    });
    this.queue = new SqsQueue(this, 'queue', {
      name,
      sqsManagedSseEnabled: true,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds ?? 60,
      messageRetentionSeconds: props.messageRetentionSeconds ?? 345_600,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: props.maxReceiveCount ?? 5 }),
    });
    this.queueArn = this.queue.arn;
    this.queueUrl = this.queue.url;
    this.queueName = this.queue.name;
    this.deadLetterQueueArn = this.deadLetterQueue.arn;
    this.deadLetterQueueName = this.deadLetterQueue.name;

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
    new CloudwatchEventTarget(this, 'target', { rule: this.rule.name, arn: this.queue.arn, targetId: 'rails-queue' });

    new SqsQueuePolicy(this, 'queue-policy', {
      queueUrl: this.queue.url,
      policy: policyJson([
        {
          Sid: 'AllowJobStateRule',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: this.queue.arn,
          Condition: { ArnEquals: { 'aws:SourceArn': this.rule.arn } },
        },
        denyInsecureTransport(this.queue.arn),
      ]),
    });
    new SqsQueuePolicy(this, 'dead-letter-queue-policy', {
      queueUrl: this.deadLetterQueue.url,
      policy: policyJson([denyInsecureTransport(this.deadLetterQueue.arn)]),
    });
  }
}
