/**
 * What the deploy roles may do. Plan: read the environment's resources and
 * its state, and take the state lock. Apply: manage what the environment
 * stack creates, named by the stack's own names wherever AWS lets a policy
 * name a resource, and write the state.
 */
import type { PolicyStatement } from '../shared/policy';

/** The S3 state of the environment stack. */
export interface StateAccess {
  readonly bucketArn: string;
  /** Object key of the environment's state, e.g. `storytime/dev/terraform.tfstate`. */
  readonly stateKey: string;
  readonly lockTableArn: string;
}

/** Where the environment stack's resources are, and the names it gives them. */
export interface EnvironmentScope {
  readonly accountId: string;
  /** The stack's buckets (bucket-level permissions only: no role reads or writes an object in them). */
  readonly bucketNames: readonly string[];
  /** Prefix of the stack's IAM, SQS, SNS, EventBridge, CloudWatch and MediaConvert names, e.g. `storytime-dev`. */
  readonly namePrefix: string;
  /** Prefix of the stack's secrets, e.g. `storytime/dev`. */
  readonly secretPrefix: string;
  /** Route 53 zones the stack writes records in. */
  readonly hostedZoneIds: readonly string[];
  /** The existing ALB listener the stack adds rules to. @default none */
  readonly listenerArn?: string;
  /** An existing Rails role the stack attaches its policy to. @default none */
  readonly existingRoleName?: string;
  /** The role S3 replication assumes (the HLS replica), which the replication configuration passes to S3. @default none */
  readonly replicationRoleName?: string;
}

/** Actions that IAM authorizes only on `Resource: "*"` (Service Authorization Reference: no resource type). */
const READ_WITHOUT_RESOURCE: readonly string[] = [
  'cloudfront:GetKeyGroup',
  'cloudfront:GetKeyGroupConfig',
  'cloudfront:GetPublicKey',
  'cloudfront:GetPublicKeyConfig',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTags',
  'mediaconvert:DescribeEndpoints',
];
const WRITE_WITHOUT_RESOURCE: readonly string[] = [
  'cloudfront:CreateCachePolicy',
  'cloudfront:CreateDistribution',
  'cloudfront:CreateKeyGroup',
  'cloudfront:CreateOriginAccessControl',
  'cloudfront:CreatePublicKey',
  'cloudfront:CreateResponseHeadersPolicy',
  'cloudfront:DeleteKeyGroup',
  'cloudfront:DeletePublicKey',
  'cloudfront:UpdateKeyGroup',
  'cloudfront:UpdatePublicKey',
  'kms:CreateKey',
];

/**
 * `arn:aws:<service>:*:<account>:<resource>`: any region, because an environment keeps its CloudFront alarms,
 * their topic and its key in us-east-1 whatever its own region; the names and the account bound them.
 */
/** What Terraform calls to manage a role, its inline policies and attachments, and a managed policy (no PassRole). */
const IAM_ACTIONS: readonly string[] = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:GetRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:ListRoleTags',
  'iam:ListInstanceProfilesForRole',
  'iam:ListRolePolicies',
  'iam:GetRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:ListAttachedRolePolicies',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:CreatePolicy',
  'iam:DeletePolicy',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListPolicyVersions',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
  'iam:ListPolicyTags',
  'iam:ListEntitiesForPolicy',
];

const arn = (scope: EnvironmentScope, service: string, resource: string, regional = true) =>
  `arn:aws:${service}:${regional ? '*' : ''}:${scope.accountId}:${resource}`;

const bucketArns = (scope: EnvironmentScope) => scope.bucketNames.map((name) => `arn:aws:s3:::${name}`);

function iamArns(scope: EnvironmentScope): string[] {
  return [
    arn(scope, 'iam', `role/${scope.namePrefix}-*`, false),
    arn(scope, 'iam', `policy/${scope.namePrefix}-*`, false),
    ...(scope.existingRoleName === undefined ? [] : [arn(scope, 'iam', `role/${scope.existingRoleName}`, false)]),
  ];
}

/** The stack's resources by name, service by service: [service, resource ARNs]. */
function namedResources(scope: EnvironmentScope): [string, string[]][] {
  const prefix = scope.namePrefix;
  return [
    ['sqs', [arn(scope, 'sqs', `${prefix}-*`)]],
    ['sns', [arn(scope, 'sns', `${prefix}-*`)]],
    ['events', [arn(scope, 'events', `rule/${prefix}-*`)]],
    ['cloudwatch', [arn(scope, 'cloudwatch', `alarm:${prefix}-*`), arn(scope, 'cloudwatch', `dashboard/${prefix}-*`, false)]],
    ['mediaconvert', [arn(scope, 'mediaconvert', `queues/${prefix}-*`)]],
    ['secretsmanager', [arn(scope, 'secretsmanager', `secret:${scope.secretPrefix}/*`)]],
  ];
}

/** Resources AWS names by generated ids: the account's (CloudFront is global, its log deliveries and alarm key in us-east-1). */
function accountResources(scope: EnvironmentScope): [string, string[]][] {
  return [
    ['cloudfront', [arn(scope, 'cloudfront', '*', false)]],
    ['kms', [arn(scope, 'kms', 'key/*')]],
    ['logs', [arn(scope, 'logs', 'delivery*')]],
  ];
}

function zoneArns(scope: EnvironmentScope): string[] {
  return [...scope.hostedZoneIds.map((id) => `arn:aws:route53:::hostedzone/${id}`), 'arn:aws:route53:::change/*'];
}

function listenerArns(listenerArn: string): string[] {
  return [listenerArn, `${listenerArn.replace(':listener/', ':listener-rule/')}/*`];
}

/** Reading the state and taking its lock (S3 lock file and DynamoDB item); `write` also writes the state. */
export function stateStatements(state: StateAccess, write: boolean): PolicyStatement[] {
  const stateObject = `${state.bucketArn}/${state.stateKey}`;
  return [
    {
      Sid: 'ListState',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: state.bucketArn,
      Condition: { StringEquals: { 's3:prefix': state.stateKey } },
    },
    {
      Sid: write ? 'ReadWriteState' : 'ReadState',
      Effect: 'Allow',
      Action: write ? ['s3:GetObject', 's3:PutObject'] : 's3:GetObject',
      Resource: stateObject,
    },
    {
      Sid: 'StateLockFile',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: `${stateObject}.tflock`,
    },
    {
      Sid: 'StateLockItem',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      Resource: state.lockTableArn,
    },
  ];
}

/** Everything a plan (and the drift check) reads: configuration, never an object in a bucket. */
export function planStatements(scope: EnvironmentScope): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { Sid: 'ReadBuckets', Effect: 'Allow', Action: ['s3:Get*', 's3:ListBucket'], Resource: bucketArns(scope) },
    { Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: iamArns(scope) },
    ...[...namedResources(scope), ...accountResources(scope)].map(([service, resources]): PolicyStatement => ({
      Sid: `Read${service[0].toUpperCase()}${service.slice(1)}`,
      Effect: 'Allow',
      Action: [`${service}:Describe*`, `${service}:Get*`, `${service}:List*`],
      Resource: resources,
    })),
    {
      Sid: 'ReadRecords',
      Effect: 'Allow',
      Action: ['route53:GetHostedZone', 'route53:ListResourceRecordSets', 'route53:GetChange'],
      Resource: zoneArns(scope),
    },
    { Sid: 'ReadWithoutResourceLevelPermissions', Effect: 'Allow', Action: READ_WITHOUT_RESOURCE, Resource: '*' },
  ];
  return statements;
}

/**
 * Service-wide actions on the stack's resources: Terraform's create, read, update, delete and tag calls for
 * one resource type span dozens of actions, which each provider release may add to. The breadth is bounded
 * by the resources: the stack's names, its zones and listener, or its account (the environment's own).
 */
export function applyStatements(scope: EnvironmentScope): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { Sid: 'ManageBuckets', Effect: 'Allow', Action: 's3:*', Resource: bucketArns(scope) },
    // Roles and policies named <prefix>-*: whoever may apply may also write any policy under that name.
    { Sid: 'ManageIam', Effect: 'Allow', Action: IAM_ACTIONS, Resource: iamArns(scope) },
    // S3 takes the replication role only from a caller that may pass it, and only to S3.
    ...(scope.replicationRoleName === undefined
      ? []
      : [
          {
            Sid: 'PassReplicationRole',
            Effect: 'Allow' as const,
            Action: 'iam:PassRole',
            Resource: arn(scope, 'iam', `role/${scope.replicationRoleName}`, false),
            Condition: { StringEquals: { 'iam:PassedToService': 's3.amazonaws.com' } },
          },
        ]),
    ...[...namedResources(scope), ...accountResources(scope)].map(([service, resources]): PolicyStatement => ({
      Sid: `Manage${service[0].toUpperCase()}${service.slice(1)}`,
      Effect: 'Allow',
      Action: `${service}:*`,
      Resource: resources,
    })),
    { Sid: 'ManageRecords', Effect: 'Allow', Action: 'route53:*', Resource: zoneArns(scope) },
  ];
  if (scope.listenerArn !== undefined) {
    statements.push({
      Sid: 'ManageListenerRules',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:DeleteRule',
        'elasticloadbalancing:SetRulePriorities',
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:RemoveTags',
      ],
      Resource: listenerArns(scope.listenerArn),
    });
  }
  statements.push({
    Sid: 'WriteWithoutResourceLevelPermissions',
    Effect: 'Allow',
    Action: [...READ_WITHOUT_RESOURCE, ...WRITE_WITHOUT_RESOURCE],
    Resource: '*',
  });
  return statements;
}

/** The deploy identities themselves are out of the apply role's reach, whatever its names allow. */
export function protectIdentities(arns: readonly string[]): PolicyStatement {
  return { Sid: 'KeepDeployIdentities', Effect: 'Deny', Action: 'iam:*', Resource: [...arns] };
}
