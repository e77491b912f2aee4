import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { policyJson, type PolicyStatement } from '../shared/policy';
import { isKnown, refuseProps } from '../shared/props';

/**
 * The Rails policy may write `<master bucket>/<prefix>*` only: a prefix of
 * lower-case letters, digits, _ and - ending in `/`, never empty or a
 * wildcard, which would open the whole bucket.
 */
export function uploadPrefixProblem(prefix: string | undefined): string | undefined {
  if (prefix === undefined || !isKnown(prefix) || /^[a-z0-9_-]+\/$/.test(prefix)) return undefined;
  return 'expected a prefix such as uploads/';
}

export interface IamRolesProps {
  /** Prefix of every name, e.g. `storytime-dev`. */
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  /** Bucket MediaConvert reads masters from. */
  readonly masterBucketArn: string;
  /** Bucket MediaConvert writes HLS outputs to. */
  readonly outputBucketArn: string;
  /** Queue Rails submits jobs to. */
  readonly mediaConvertQueueArn: string;
  /** Secret holding the CloudFront private key Rails signs cookies with. */
  readonly privateKeySecretArn: string;
  /** Prefix of the master bucket Rails may write to (and presign uploads for). @default 'uploads/' */
  readonly masterUploadPrefix?: string;
  /** Customer-managed key of the master bucket and the secrets. @default none (SSE-S3, AWS-managed secret key). */
  readonly kmsKeyArn?: string;
  /** Let MediaConvert write CloudWatch Logs under /aws/mediaconvert/. @default false */
  readonly mediaConvertLogs?: boolean;
  /** Attach the Rails policy to this existing role. @default policy only. */
  readonly railsRoleName?: string;
  /** SQS queue of MediaConvert job events that Rails consumes. @default none: no SQS statement */
  readonly jobEventsQueueArn?: string;
  /**
   * Let Rails restore archived masters (s3:RestoreObject), which it needs only when the master bucket archives
   * to a class that GetObject cannot read before a restore (Glacier Flexible Retrieval, Deep Archive).
   * @default false: masters stay readable as they are
   */
  readonly restoreArchivedMasters?: boolean;
}

/** The MediaConvert service role and the Rails app policy, each least-privilege. */
export class IamRoles extends Construct {
  readonly mediaConvertRole: IamRole;
  readonly mediaConvertRoleArn: string;
  readonly railsPolicy: IamPolicy;
  readonly railsPolicyArn: string;
  /** Prefix of the master bucket the Rails policy may write under. */
  readonly masterUploadPrefix: string;

  constructor(scope: Construct, id: string, props: IamRolesProps) {
    super(scope, id);
    refuseProps('iam_roles', [{ path: ['masterUploadPrefix'], message: uploadPrefixProblem(props.masterUploadPrefix) }]);
    this.masterUploadPrefix = props.masterUploadPrefix ?? 'uploads/';

    this.mediaConvertRole = new IamRole(this, 'mediaconvert-role', {
      name: `${props.namePrefix}-mediaconvert`,
      description: 'Assumed by MediaConvert to read masters and write HLS outputs',
      assumeRolePolicy: policyJson([
        {
          Effect: 'Allow',
          Principal: { Service: 'mediaconvert.amazonaws.com' },
          Action: 'sts:AssumeRole',
          // No aws:SourceAccount/SourceArn condition: AWS documents none for MediaConvert's trust
          // (docs.aws.amazon.com/mediaconvert/latest/ug/creating-the-iam-role-in-iam.html), and a key
          // the service does not send fails every job. The role is protected instead by iam:PassRole:
          // only the Rails policy may pass it, only to mediaconvert.amazonaws.com, and a role cannot be
          // passed to another account (docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).
        },
      ]),
    });
    this.mediaConvertRoleArn = this.mediaConvertRole.arn;
    new IamRolePolicy(this, 'mediaconvert-access', {
      name: 'read-masters-write-outputs',
      role: this.mediaConvertRole.id,
      policy: policyJson(mediaConvertStatements(props)),
    });

    this.railsPolicy = new IamPolicy(this, 'rails-policy', {
      name: `${props.namePrefix}-rails-app`,
      description: 'Rails app: presigned uploads, MediaConvert jobs, CloudFront signing key',
      policy: policyJson(railsStatements(props, this.mediaConvertRoleArn, this.masterUploadPrefix)),
    });
    this.railsPolicyArn = this.railsPolicy.arn;
    if (props.railsRoleName !== undefined) {
      new IamRolePolicyAttachment(this, 'rails-attachment', {
        role: props.railsRoleName,
        policyArn: this.railsPolicy.arn,
      });
    }
  }
}

function mediaConvertStatements(props: IamRolesProps): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { Sid: 'ReadMasterObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${props.masterBucketArn}/*` },
    { Sid: 'ListMasterBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: props.masterBucketArn },
    {
      Sid: 'WriteOutputObjects',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
      Resource: `${props.outputBucketArn}/*`,
    },
    { Sid: 'ListOutputBucket', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: props.outputBucketArn },
  ];
  if (props.kmsKeyArn !== undefined) {
    statements.push({ Sid: 'DecryptMasters', Effect: 'Allow', Action: 'kms:Decrypt', Resource: props.kmsKeyArn });
  }
  if (props.mediaConvertLogs) {
    statements.push({
      Sid: 'WriteLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:aws:logs:${props.region}:${props.accountId}:log-group:/aws/mediaconvert/*`,
    });
  }
  return statements;
}

function railsStatements(props: IamRolesProps, mediaConvertRoleArn: string, uploadPrefix: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: 'SubmitAndListJobs',
      Effect: 'Allow',
      Action: ['mediaconvert:CreateJob', 'mediaconvert:ListJobs'],
      Resource: props.mediaConvertQueueArn,
    },
    {
      Sid: 'ReadJobs',
      Effect: 'Allow',
      Action: 'mediaconvert:GetJob',
      Resource: `arn:aws:mediaconvert:${props.region}:${props.accountId}:jobs/*`,
    },
    {
      // DescribeEndpoints has no resource-level permission: IAM accepts only "*".
      Sid: 'DiscoverEndpoint',
      Effect: 'Allow',
      Action: 'mediaconvert:DescribeEndpoints',
      Resource: '*',
    },
    {
      Sid: 'PassMediaConvertRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: mediaConvertRoleArn,
      Condition: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
    },
    {
      Sid: 'ReadSigningKey',
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: props.privateKeySecretArn,
    },
    {
      // Presigned requests are authorized as the signer. PutObject covers a single PUT/POST (up to
      // 5 GB) and creating, uploading parts of and completing a multipart upload; resumable
      // uploaders of larger masters also abort uploads and list their parts.
      Sid: 'UploadMasters',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: `${props.masterBucketArn}/${uploadPrefix}*`,
    },
  ];
  if (props.restoreArchivedMasters) {
    statements.push({
      // MediaConvert fails on an archived master (InvalidObjectState) until its restore has finished.
      Sid: 'RestoreArchivedMasters',
      Effect: 'Allow',
      Action: 's3:RestoreObject',
      Resource: `${props.masterBucketArn}/*`,
    });
  }
  if (props.jobEventsQueueArn !== undefined) {
    statements.push({
      Sid: 'ConsumeJobEvents',
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
      Resource: props.jobEventsQueueArn,
    });
  }
  if (props.kmsKeyArn !== undefined) {
    statements.push({
      Sid: 'UseKmsForUploadsAndSecret',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: props.kmsKeyArn,
    });
  }
  return statements;
}
