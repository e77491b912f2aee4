import { describe, expect, it } from 'vitest';
import { IamRoles, type IamRolesProps } from '../../modules/iam_roles';
import { expose, policyOf, refAt, resourceAt, synthScope, type Json } from '../helpers';

const MASTER = 'arn:aws:s3:::storytime-master-uploads-dev';
const OUTPUTS = 'arn:aws:s3:::storytime-hls-outputs-dev';
const QUEUE = 'arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls';
const SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:storytime/dev/cloudfront_private_key-AbCdEf';
const KMS = 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000009';

/** IamRoles `iam` for storytime-dev with `props` on top. */
const roles = (props: Partial<IamRolesProps> = {}): Json =>
  synthScope((scope) => {
    const iam = new IamRoles(scope, 'iam', {
      namePrefix: 'storytime-dev',
      region: 'us-east-1',
      accountId: '111111111111',
      masterBucketArn: MASTER,
      outputBucketArn: OUTPUTS,
      mediaConvertQueueArn: QUEUE,
      privateKeySecretArn: SECRET,
      ...props,
    });
    expose(scope, { role: iam.mediaConvertRoleArn, policy: iam.railsPolicyArn, prefix: iam.masterUploadPrefix });
  });
const mediaConvertStatements = (json: Json) => policyOf(resourceAt(json, 'aws_iam_role_policy', 'iam/mediaconvert-access')).Statement;
const railsStatements = (json: Json) => policyOf(resourceAt(json, 'aws_iam_policy', 'iam/rails-policy')).Statement;

describe('IamRoles: the MediaConvert role', () => {
  it('is assumed by MediaConvert without condition keys MediaConvert does not document', () => {
    const json = roles();
    const role = resourceAt(json, 'aws_iam_role', 'iam/mediaconvert-role');
    expect(role.name).toBe('storytime-dev-mediaconvert');
    expect(policyOf(role, 'assume_role_policy')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'mediaconvert.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    expect(json.output.role.value).toBe(refAt(json, 'aws_iam_role', 'iam/mediaconvert-role', 'arn'));
  });

  it('reads masters and writes outputs, nothing else by default', () => {
    const json = roles();
    expect(resourceAt(json, 'aws_iam_role_policy', 'iam/mediaconvert-access')).toMatchObject({
      name: 'read-masters-write-outputs',
      role: refAt(json, 'aws_iam_role', 'iam/mediaconvert-role', 'id'),
    });
    expect(mediaConvertStatements(json)).toEqual([
      { Sid: 'ReadMasterObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${MASTER}/*` },
      { Sid: 'ListMasterBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: MASTER },
      { Sid: 'WriteOutputObjects', Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: `${OUTPUTS}/*` },
      { Sid: 'ListOutputBucket', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: OUTPUTS },
    ]);
  });

  it('may write CloudWatch Logs under /aws/mediaconvert/ of its own account and region when asked', () => {
    expect(mediaConvertStatements(roles({ mediaConvertLogs: true, region: 'eu-west-1' })).at(-1)).toEqual({
      Sid: 'WriteLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: 'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/mediaconvert/*',
    });
    expect(mediaConvertStatements(roles({ mediaConvertLogs: false })).map((s: Json) => s.Sid)).not.toContain('WriteLogs');
  });

  it('may decrypt masters with the customer key when one is set', () => {
    expect(mediaConvertStatements(roles({ kmsKeyArn: KMS })).at(-1)).toEqual({
      Sid: 'DecryptMasters',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: KMS,
    });
  });
});

describe('IamRoles: the Rails app policy', () => {
  it('gives Rails jobs, the signing key and uploads under uploads/, and PassRole on the MediaConvert role only', () => {
    const json = roles();
    expect(resourceAt(json, 'aws_iam_policy', 'iam/rails-policy').name).toBe('storytime-dev-rails-app');
    expect(railsStatements(json)).toEqual([
      { Sid: 'SubmitAndListJobs', Effect: 'Allow', Action: ['mediaconvert:CreateJob', 'mediaconvert:ListJobs'], Resource: QUEUE },
      { Sid: 'ReadJobs', Effect: 'Allow', Action: 'mediaconvert:GetJob', Resource: 'arn:aws:mediaconvert:us-east-1:111111111111:jobs/*' },
      { Sid: 'DiscoverEndpoint', Effect: 'Allow', Action: 'mediaconvert:DescribeEndpoints', Resource: '*' },
      {
        Sid: 'PassMediaConvertRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: refAt(json, 'aws_iam_role', 'iam/mediaconvert-role', 'arn'),
        Condition: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
      },
      { Sid: 'ReadSigningKey', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET },
      {
        Sid: 'UploadMasters',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: `${MASTER}/uploads/*`,
      },
    ]);
    expect(json.output.prefix.value).toBe('uploads/');
    expect(json.output.policy.value).toBe(refAt(json, 'aws_iam_policy', 'iam/rails-policy', 'arn'));
  });

  it('limits uploads to the prefix given', () => {
    const json = roles({ masterUploadPrefix: 'incoming/' });
    expect(railsStatements(json).at(-1).Resource).toBe(`${MASTER}/incoming/*`);
    expect(json.output.prefix.value).toBe('incoming/');
  });

  it('may use the customer key for uploads and the secret when one is set', () => {
    expect(railsStatements(roles({ kmsKeyArn: KMS })).at(-1)).toEqual({
      Sid: 'UseKmsForUploadsAndSecret',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: KMS,
    });
    expect(JSON.stringify(roles())).not.toContain('kms:');
  });

  it('may restore archived masters only when asked (a master bucket archiving to Glacier Flexible Retrieval or Deep Archive)', () => {
    expect(railsStatements(roles({ restoreArchivedMasters: true })).at(-1)).toEqual({
      Sid: 'RestoreArchivedMasters',
      Effect: 'Allow',
      Action: 's3:RestoreObject',
      Resource: `${MASTER}/*`,
    });
    expect(JSON.stringify(roles())).not.toContain('RestoreObject');
    expect(JSON.stringify(roles({ restoreArchivedMasters: false }))).not.toContain('RestoreObject');
    // MediaConvert reads a master once it is restored; it never restores one itself.
    expect(JSON.stringify(mediaConvertStatements(roles({ restoreArchivedMasters: true })))).not.toContain('RestoreObject');
  });

  it('is attached to an existing role when one is named, and to none otherwise', () => {
    const json = roles({ railsRoleName: 'storytime-dev-web-task' });
    expect(resourceAt(json, 'aws_iam_role_policy_attachment', 'iam/rails-attachment')).toEqual({
      role: 'storytime-dev-web-task',
      policy_arn: refAt(json, 'aws_iam_policy', 'iam/rails-policy', 'arn'),
    });
    expect(roles()).not.toHaveResource('aws_iam_role_policy_attachment');
  });
});
