import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { policyJson } from '../shared/policy';

export interface AlarmTopicProps {
  /** Topic name, e.g. `storytime-dev-alarms`. */
  readonly name: string;
  /** Alarms named `<alarmNamePrefix>-*` may publish. */
  readonly alarmNamePrefix: string;
  /** Region of the topic and of the alarms that publish to it (alarms notify topics of their own region only). */
  readonly region: string;
  readonly accountId: string;
  /** Addresses subscribed by email (each confirms once). @default none */
  readonly emails?: readonly string[];
  /** Provider of `region`. @default the stack's provider */
  readonly provider?: TerraformProvider;
  /** Terraform refuses to destroy (or replace) the topic's KMS key. @default false */
  readonly preventDestroy?: boolean;
}

/**
 * An SNS topic CloudWatch alarms can publish to although it is encrypted: the
 * AWS-managed aws/sns key cannot be granted to CloudWatch, so the topic has a
 * customer-managed key (rotated yearly) whose policy lets CloudWatch use it.
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly topicArn: string;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const provider = props.provider;
    const alarmArns = `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:${props.alarmNamePrefix}-*`;
    this.key = new KmsKey(this, 'key', {
      provider,
      description: `${props.name}: encrypts alarm notifications`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      // A key policy's Resource is always "*": it means this key.
      policy: policyJson([
        {
          Sid: 'AccountAdministersKey',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'CloudWatchAlarmsEncryptNotifications',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
        },
      ]),
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.topic = new SnsTopic(this, 'topic', { provider, name: props.name, kmsMasterKeyId: this.key.arn });
    this.topicArn = this.topic.arn;
    new SnsTopicPolicy(this, 'policy', {
      provider,
      arn: this.topic.arn,
      policy: policyJson([
        {
          Sid: 'AllowAlarmsOfThisEnvironment',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId }, ArnLike: { 'aws:SourceArn': alarmArns } },
        },
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
    });
    (props.emails ?? []).forEach((email, index) => {
      new SnsTopicSubscription(this, `email-${index}`, { provider, topicArn: this.topic.arn, protocol: 'email', endpoint: email });
    });
  }
}
