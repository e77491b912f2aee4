/** SQS queues and their policies, the SNS topic, its policy and subscriptions, EventBridge rules and targets: all by name. */
import {
  DescribeRuleCommand,
  ListTagsForResourceCommand as ListRuleTagsCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTagsForResourceCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueueTagsCommand } from '@aws-sdk/client-sqs';
import { isNotFound } from '../../aws/config';
import { ownedBy, tagRecord, type Finder } from './context';

const foreign = (kind: string, name: string, tags: Record<string, string | undefined>) =>
  new Error(`${kind} ${name} is tagged for ${tags.Project}/${tags.Environment}, not this stack: not adopted`);

const queue: Finder = {
  needs: ['name'],
  async find({ name }, resource, context) {
    const sqs = context.clients(resource.region).sqs;
    let url: string | undefined;
    try {
      url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
    } catch (error) {
      if (isNotFound(error, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue')) return [];
      throw error;
    }
    if (!url) return [];
    const tags = (await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags ?? {};
    if (!ownedBy(tags, context.tags, false)) throw foreign('queue', name, tags);
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    return [{ id: url, attributes: { id: url, url, arn, name } }];
  },
};

const queuePolicy: Finder = {
  needs: ['queue_url'],
  async find({ queue_url: url }, resource, context) {
    try {
      const attributes = await context
        .clients(resource.region)
        .sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy'] }));
      return attributes.Attributes?.Policy ? [{ id: url, attributes: { id: url } }] : [];
    } catch (error) {
      if (isNotFound(error, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue')) return [];
      throw error;
    }
  },
};

const topicArn = (name: string, region: string, context: Parameters<Finder['find']>[2]) =>
  `arn:${context.partition}:sns:${region}:${context.account}:${name}`;

const topic: Finder = {
  needs: ['name'],
  async find({ name }, resource, context) {
    const sns = context.clients(resource.region).sns;
    const arn = topicArn(name, resource.region, context);
    try {
      await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    } catch (error) {
      if (isNotFound(error, 'NotFound', 'NotFoundException')) return [];
      throw error;
    }
    const tags = tagRecord((await sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags);
    if (!ownedBy(tags, context.tags, false)) throw foreign('topic', name, tags);
    return [{ id: arn, attributes: { id: arn, arn, name } }];
  },
};

const topicPolicy: Finder = {
  needs: ['arn'],
  async find({ arn }, resource, context) {
    try {
      await context.clients(resource.region).sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
      return [{ id: arn, attributes: { id: arn } }];
    } catch (error) {
      if (isNotFound(error, 'NotFound', 'NotFoundException')) return [];
      throw error;
    }
  },
};

const subscription: Finder = {
  needs: ['topic_arn', 'protocol', 'endpoint'],
  async find({ topic_arn: arn, protocol, endpoint }, resource, context) {
    try {
      const listed = await context.clients(resource.region).sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }));
      // A subscription still waiting for its confirmation has no ARN to import; Terraform subscribes again.
      return (listed.Subscriptions ?? [])
        .filter((item) => item.Protocol === protocol && item.Endpoint === endpoint && item.SubscriptionArn?.startsWith('arn:'))
        .map((item) => ({ id: item.SubscriptionArn as string, attributes: { id: item.SubscriptionArn, arn: item.SubscriptionArn } }));
    } catch (error) {
      if (isNotFound(error, 'NotFound', 'NotFoundException')) return [];
      throw error;
    }
  },
};

const rule: Finder = {
  needs: ['name'],
  async find({ name }, resource, context) {
    const events = context.clients(resource.region).events;
    const bus = typeof resource.args.event_bus_name === 'string' ? resource.args.event_bus_name : undefined;
    let arn: string | undefined;
    try {
      arn = (await events.send(new DescribeRuleCommand({ Name: name, EventBusName: bus }))).Arn;
    } catch (error) {
      if (isNotFound(error, 'ResourceNotFoundException')) return [];
      throw error;
    }
    const tags = tagRecord((await events.send(new ListRuleTagsCommand({ ResourceARN: arn }))).Tags);
    if (!ownedBy(tags, context.tags, false)) throw foreign('rule', name, tags);
    const id = bus && bus !== 'default' ? `${bus}/${name}` : name;
    return [{ id, attributes: { id, arn, name } }];
  },
};

const target: Finder = {
  needs: ['rule', 'target_id'],
  async find({ rule: name, target_id: targetId }, resource, context) {
    const bus = typeof resource.args.event_bus_name === 'string' ? resource.args.event_bus_name : undefined;
    try {
      const targets = await context.clients(resource.region).events.send(new ListTargetsByRuleCommand({ Rule: name, EventBusName: bus }));
      const id = `${bus && bus !== 'default' ? `${bus}/` : ''}${name}/${targetId}`;
      return (targets.Targets ?? []).some((item) => item.Id === targetId) ? [{ id, attributes: { id } }] : [];
    } catch (error) {
      if (isNotFound(error, 'ResourceNotFoundException')) return [];
      throw error;
    }
  },
};

export const MESSAGING_FINDERS: Readonly<Record<string, Finder>> = {
  aws_sqs_queue: queue,
  aws_sqs_queue_policy: queuePolicy,
  aws_sns_topic: topic,
  aws_sns_topic_policy: topicPolicy,
  aws_sns_topic_subscription: subscription,
  aws_cloudwatch_event_rule: rule,
  aws_cloudwatch_event_target: target,
};
