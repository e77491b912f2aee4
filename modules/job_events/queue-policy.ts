import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { Construct } from 'constructs';
import { policyJson, type PolicyStatement } from '../shared/policy';

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

/** The queue's one policy: `sid` lets EventBridge send for `ruleArn` only (when given); nobody may use it without TLS. */
export function queuePolicy(scope: Construct, id: string, queue: SqsQueue, sender?: { sid: string; ruleArn: string }): SqsQueuePolicy {
  const statements: PolicyStatement[] = [];
  if (sender) {
    statements.push({
      Sid: sender.sid,
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: queue.arn,
      Condition: { ArnEquals: { 'aws:SourceArn': sender.ruleArn } },
    });
  }
  statements.push(denyInsecureTransport(queue.arn));
  return new SqsQueuePolicy(scope, id, { queueUrl: queue.url, policy: policyJson(statements) });
}
