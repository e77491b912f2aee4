/**
 * recover's finders for SQS queues and their policies, the SNS topic, its policy and subscriptions, and
 * EventBridge rules and targets: each resource alone in a stack, recovered against an account of fake answers.
 */
import {
  DescribeRuleCommand,
  ListTagsForResourceCommand as ListRuleTagsCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTagsForResourceCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueueTagsCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { Json } from '../helpers';
import { failing, OURS, PROD, recoverOne } from './recover-support';

describe('recover finds an SQS queue by name', () => {
  const URL = 'https://sqs.eu-west-1.amazonaws.com/111111111111/storytime-dev-events';
  const ARN = 'arn:aws:sqs:eu-west-1:111111111111:storytime-dev-events';
  const queue = (tags: Json) =>
    [
      [GetQueueUrlCommand, () => ({ QueueUrl: URL })],
      [ListQueueTagsCommand, () => tags],
      [GetQueueAttributesCommand, () => ({ Attributes: { QueueArn: ARN } })],
    ] as const;

  it('imports it by URL, in the region of its provider', async () => {
    const { found, plan, calls } = await recoverOne(
      'aws_sqs_queue',
      { name: 'storytime-dev-events' },
      queue({ Tags: { Project: 'storytime', Environment: 'dev' } }),
      'eu-west-1',
    );
    expect(found).toEqual([{ id: URL, attributes: { id: URL, url: URL, arn: ARN, name: 'storytime-dev-events' } }]);
    expect(plan.imports).toEqual([{ address: 'aws_sqs_queue.it', id: URL, provider: undefined, note: undefined }]);
    expect(calls).toEqual([
      'eu-west-1 GetQueueUrlCommand {"QueueName":"storytime-dev-events"}',
      `eu-west-1 ListQueueTagsCommand {"QueueUrl":"${URL}"}`,
      `eu-west-1 GetQueueAttributesCommand {"QueueUrl":"${URL}","AttributeNames":["QueueArn"]}`,
    ]);
  });

  it('adopts an untagged queue, without its ARN when SQS leaves it out', async () => {
    const { found } = await recoverOne('aws_sqs_queue', { name: 'storytime-dev-events' }, [
      [GetQueueUrlCommand, () => ({ QueueUrl: URL })],
      [ListQueueTagsCommand, () => ({})],
      [GetQueueAttributesCommand, () => ({})],
    ]);
    expect(found).toEqual([{ id: URL, attributes: { id: URL, url: URL, arn: undefined, name: 'storytime-dev-events' } }]);
  });

  it("refuses another environment's queue, and counts a missing one as not created", async () => {
    const foreign = await recoverOne(
      'aws_sqs_queue',
      { name: 'storytime-dev-events' },
      queue({ Tags: { Project: 'storytime', Environment: 'prod' } }),
    );
    expect(foreign.plan.problems).toEqual([
      'aws_sqs_queue.it: queue storytime-dev-events is tagged for storytime/prod, not this stack: not adopted',
    ]);
    for (const name of ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']) {
      const absent = await recoverOne('aws_sqs_queue', { name: 'storytime-dev-events' }, [[GetQueueUrlCommand, failing(name)]]);
      expect([absent.found, absent.plan.missing, absent.calls.length], name).toEqual([[], 1, 1]);
    }
    const noUrl = await recoverOne('aws_sqs_queue', { name: 'storytime-dev-events' }, [[GetQueueUrlCommand, () => ({})]]);
    expect([noUrl.found, noUrl.calls.length]).toEqual([[], 1]);
    const denied = await recoverOne('aws_sqs_queue', { name: 'storytime-dev-events' }, [[GetQueueUrlCommand, failing('AccessDenied')]]);
    expect(denied.plan.problems).toEqual(['aws_sqs_queue.it: AccessDenied (fake)']);
  });

  it('imports the queue policy by the queue URL while the queue has a policy', async () => {
    const { found, calls } = await recoverOne('aws_sqs_queue_policy', { queue_url: URL }, [
      [GetQueueAttributesCommand, () => ({ Attributes: { Policy: '{"Statement":[]}' } })],
    ]);
    expect(found).toEqual([{ id: URL, attributes: { id: URL } }]);
    expect(calls).toEqual([`us-east-1 GetQueueAttributesCommand {"QueueUrl":"${URL}","AttributeNames":["Policy"]}`]);
    for (const answer of [{}, { Attributes: {} }]) {
      const none = await recoverOne('aws_sqs_queue_policy', { queue_url: URL }, [[GetQueueAttributesCommand, () => answer]]);
      expect([none.found, none.plan.missing], JSON.stringify(answer)).toEqual([[], 1]);
    }
    for (const name of ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']) {
      const absent = await recoverOne('aws_sqs_queue_policy', { queue_url: URL }, [[GetQueueAttributesCommand, failing(name)]]);
      expect([absent.found, absent.plan.missing], name).toEqual([[], 1]);
    }
    const denied = await recoverOne('aws_sqs_queue_policy', { queue_url: URL }, [[GetQueueAttributesCommand, failing('AccessDenied')]]);
    expect(denied.plan.problems).toEqual(['aws_sqs_queue_policy.it: AccessDenied (fake)']);
  });
});

describe('recover finds the SNS topic by name, its policy and subscriptions by topic', () => {
  const ARN = 'arn:aws:sns:eu-west-1:111111111111:storytime-dev-alarms';

  it('imports the topic by the ARN its name gives in the stack region', async () => {
    const { found, calls } = await recoverOne(
      'aws_sns_topic',
      { name: 'storytime-dev-alarms' },
      [
        [GetTopicAttributesCommand, () => ({ Attributes: {} })],
        [ListTagsForResourceCommand, () => ({ Tags: OURS })],
      ],
      'eu-west-1',
    );
    expect(found).toEqual([{ id: ARN, attributes: { id: ARN, arn: ARN, name: 'storytime-dev-alarms' } }]);
    expect(calls).toEqual([
      `eu-west-1 GetTopicAttributesCommand {"TopicArn":"${ARN}"}`,
      `eu-west-1 ListTagsForResourceCommand {"ResourceArn":"${ARN}"}`,
    ]);
  });

  it('adopts an untagged topic and rule: a create cut short may not have tagged them', async () => {
    const topic = await recoverOne('aws_sns_topic', { name: 'storytime-dev-alarms' }, [
      [GetTopicAttributesCommand, () => ({})],
      [ListTagsForResourceCommand, () => ({})],
    ]);
    const rule = await recoverOne('aws_cloudwatch_event_rule', { name: 'storytime-dev-jobs' }, [
      [DescribeRuleCommand, () => ({ Arn: 'arn:rule' })],
      [ListRuleTagsCommand, () => ({})],
    ]);
    expect([...topic.plan.imports, ...rule.plan.imports].map(({ id }) => id)).toEqual([
      'arn:aws:sns:us-east-1:111111111111:storytime-dev-alarms',
      'storytime-dev-jobs',
    ]);
  });

  it("refuses another environment's topic, and counts a missing one as not created", async () => {
    const foreign = await recoverOne('aws_sns_topic', { name: 'storytime-dev-alarms' }, [
      [GetTopicAttributesCommand, () => ({})],
      [ListTagsForResourceCommand, () => ({ Tags: PROD })],
    ]);
    expect(foreign.plan.problems).toEqual([
      'aws_sns_topic.it: topic storytime-dev-alarms is tagged for storytime/prod, not this stack: not adopted',
    ]);
    for (const name of ['NotFound', 'NotFoundException']) {
      const absent = await recoverOne('aws_sns_topic', { name: 'storytime-dev-alarms' }, [[GetTopicAttributesCommand, failing(name)]]);
      expect([absent.found, absent.plan.missing, absent.calls.length], name).toEqual([[], 1, 1]);
    }
    const denied = await recoverOne('aws_sns_topic', { name: 'storytime-dev-alarms' }, [
      [GetTopicAttributesCommand, failing('AuthorizationError')],
    ]);
    expect(denied.plan.problems).toEqual(['aws_sns_topic.it: AuthorizationError (fake)']);
  });

  it("imports the topic policy by the topic's ARN while the topic exists", async () => {
    const { found, calls } = await recoverOne('aws_sns_topic_policy', { arn: ARN }, [[GetTopicAttributesCommand, () => ({})]]);
    expect(found).toEqual([{ id: ARN, attributes: { id: ARN } }]);
    expect(calls).toEqual([`us-east-1 GetTopicAttributesCommand {"TopicArn":"${ARN}"}`]);
    for (const name of ['NotFound', 'NotFoundException']) {
      const absent = await recoverOne('aws_sns_topic_policy', { arn: ARN }, [[GetTopicAttributesCommand, failing(name)]]);
      expect([absent.found, absent.plan.missing], name).toEqual([[], 1]);
    }
    const denied = await recoverOne('aws_sns_topic_policy', { arn: ARN }, [[GetTopicAttributesCommand, failing('AuthorizationError')]]);
    expect(denied.plan.problems).toEqual(['aws_sns_topic_policy.it: AuthorizationError (fake)']);
  });

  it('imports the confirmed subscription of that protocol and endpoint', async () => {
    const args = { topic_arn: ARN, protocol: 'email', endpoint: 'ops@example.com' };
    const { found, calls } = await recoverOne('aws_sns_topic_subscription', args, [
      [
        ListSubscriptionsByTopicCommand,
        () => ({
          Subscriptions: [
            { Protocol: 'sms', Endpoint: 'ops@example.com', SubscriptionArn: `${ARN}:sms` },
            { Protocol: 'email', Endpoint: 'dev@example.com', SubscriptionArn: `${ARN}:dev` },
            { Protocol: 'email', Endpoint: 'ops@example.com', SubscriptionArn: 'PendingConfirmation' },
            { Protocol: 'email', Endpoint: 'ops@example.com' },
            { Protocol: 'email', Endpoint: 'ops@example.com', SubscriptionArn: `${ARN}:ops` },
          ],
        }),
      ],
    ]);
    expect(found).toEqual([{ id: `${ARN}:ops`, attributes: { id: `${ARN}:ops`, arn: `${ARN}:ops` } }]);
    expect(calls).toEqual([`us-east-1 ListSubscriptionsByTopicCommand {"TopicArn":"${ARN}"}`]);
    const none = await recoverOne('aws_sns_topic_subscription', args, [[ListSubscriptionsByTopicCommand, () => ({})]]);
    expect([none.found, none.plan.missing]).toEqual([[], 1]);
    for (const name of ['NotFound', 'NotFoundException']) {
      const absent = await recoverOne('aws_sns_topic_subscription', args, [[ListSubscriptionsByTopicCommand, failing(name)]]);
      expect([absent.found, absent.plan.missing], name).toEqual([[], 1]);
    }
    const denied = await recoverOne('aws_sns_topic_subscription', args, [[ListSubscriptionsByTopicCommand, failing('AuthorizationError')]]);
    expect(denied.plan.problems).toEqual(['aws_sns_topic_subscription.it: AuthorizationError (fake)']);
  });
});

describe('recover finds EventBridge rules and targets by name, on their bus', () => {
  const ARN = 'arn:aws:events:us-east-1:111111111111:rule/storytime-dev-jobs';
  const rule = (tags: Json) =>
    [
      [DescribeRuleCommand, () => ({ Arn: ARN })],
      [ListRuleTagsCommand, () => ({ Tags: tags })],
    ] as const;

  it('imports a rule of the default bus by name, and one of another bus as bus/name', async () => {
    const plain = await recoverOne('aws_cloudwatch_event_rule', { name: 'storytime-dev-jobs' }, rule(OURS));
    expect(plain.found).toEqual([
      { id: 'storytime-dev-jobs', attributes: { id: 'storytime-dev-jobs', arn: ARN, name: 'storytime-dev-jobs' } },
    ]);
    expect(plain.calls).toEqual([
      'us-east-1 DescribeRuleCommand {"Name":"storytime-dev-jobs"}',
      `us-east-1 ListTagsForResourceCommand {"ResourceARN":"${ARN}"}`,
    ]);
    const onDefault = await recoverOne('aws_cloudwatch_event_rule', { name: 'storytime-dev-jobs', event_bus_name: 'default' }, rule(OURS));
    expect(onDefault.plan.imports.map(({ id }) => id)).toEqual(['storytime-dev-jobs']);
    expect(onDefault.calls[0]).toBe('us-east-1 DescribeRuleCommand {"Name":"storytime-dev-jobs","EventBusName":"default"}');
    const onBus = await recoverOne('aws_cloudwatch_event_rule', { name: 'storytime-dev-jobs', event_bus_name: 'media' }, rule(OURS));
    expect(onBus.plan.imports.map(({ id }) => id)).toEqual(['media/storytime-dev-jobs']);
    expect(onBus.calls[0]).toBe('us-east-1 DescribeRuleCommand {"Name":"storytime-dev-jobs","EventBusName":"media"}');
  });

  it("refuses another environment's rule, and counts a missing one as not created", async () => {
    const foreign = await recoverOne('aws_cloudwatch_event_rule', { name: 'storytime-dev-jobs' }, rule(PROD));
    expect(foreign.plan.problems).toEqual([
      'aws_cloudwatch_event_rule.it: rule storytime-dev-jobs is tagged for storytime/prod, not this stack: not adopted',
    ]);
    const absent = await recoverOne('aws_cloudwatch_event_rule', { name: 'storytime-dev-jobs' }, [
      [DescribeRuleCommand, failing('ResourceNotFoundException')],
    ]);
    expect([absent.found, absent.plan.missing, absent.calls.length]).toEqual([[], 1, 1]);
    const denied = await recoverOne('aws_cloudwatch_event_rule', { name: 'storytime-dev-jobs' }, [
      [DescribeRuleCommand, failing('AccessDenied')],
    ]);
    expect(denied.plan.problems).toEqual(['aws_cloudwatch_event_rule.it: AccessDenied (fake)']);
  });

  it('imports a target as rule/target id, prefixed by a bus other than the default', async () => {
    const targets = [[ListTargetsByRuleCommand, () => ({ Targets: [{ Id: 'queue' }, { Id: 'topic' }] })]] as const;
    const plain = await recoverOne('aws_cloudwatch_event_target', { rule: 'storytime-dev-jobs', target_id: 'topic' }, targets);
    expect(plain.found).toEqual([{ id: 'storytime-dev-jobs/topic', attributes: { id: 'storytime-dev-jobs/topic' } }]);
    expect(plain.calls).toEqual(['us-east-1 ListTargetsByRuleCommand {"Rule":"storytime-dev-jobs"}']);
    const onDefault = await recoverOne(
      'aws_cloudwatch_event_target',
      { rule: 'storytime-dev-jobs', target_id: 'topic', event_bus_name: 'default' },
      targets,
    );
    expect(onDefault.plan.imports.map(({ id }) => id)).toEqual(['storytime-dev-jobs/topic']);
    const onBus = await recoverOne(
      'aws_cloudwatch_event_target',
      { rule: 'storytime-dev-jobs', target_id: 'topic', event_bus_name: 'media' },
      targets,
    );
    expect(onBus.plan.imports.map(({ id }) => id)).toEqual(['media/storytime-dev-jobs/topic']);
    expect(onBus.calls).toEqual(['us-east-1 ListTargetsByRuleCommand {"Rule":"storytime-dev-jobs","EventBusName":"media"}']);
  });

  it('counts a target as not created when the rule lists it not or is gone', async () => {
    const args = { rule: 'storytime-dev-jobs', target_id: 'topic' };
    const unlisted = await recoverOne('aws_cloudwatch_event_target', args, [
      [ListTargetsByRuleCommand, () => ({ Targets: [{ Id: 'queue' }] })],
    ]);
    const empty = await recoverOne('aws_cloudwatch_event_target', args, [[ListTargetsByRuleCommand, () => ({})]]);
    const gone = await recoverOne('aws_cloudwatch_event_target', args, [[ListTargetsByRuleCommand, failing('ResourceNotFoundException')]]);
    expect([unlisted, empty, gone].map(({ found, plan }) => [found, plan.missing])).toEqual([
      [[], 1],
      [[], 1],
      [[], 1],
    ]);
    const denied = await recoverOne('aws_cloudwatch_event_target', args, [[ListTargetsByRuleCommand, failing('AccessDenied')]]);
    expect(denied.plan.problems).toEqual(['aws_cloudwatch_event_target.it: AccessDenied (fake)']);
  });
});
