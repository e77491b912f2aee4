import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AccessLogBucket, PrivateBucket } from '../modules/s3_bucket';
import { defaultTags } from './default-tags';
import type { GuardScope } from './guard-scope';
import type { StateSettings } from './settings/schema';
import { REQUIRED_TERRAFORM_VERSION } from './versions';

export const STATE_STACK_ENVIRONMENT = 'shared';

/**
 * Bootstrap: the S3 bucket and DynamoDB lock table of every environment's
 * backend. Its own state is local, as nothing exists yet to hold it.
 */
export class StateBackendStack extends TerraformStack {
  readonly stateBucket: PrivateBucket;
  /** Server access logs of the state bucket: who read or wrote which state, and when. */
  readonly logBucket: AccessLogBucket;
  readonly lockTable: DynamodbTable;
  readonly guardScope: GuardScope;

  constructor(scope: Construct, settings: StateSettings) {
    super(scope, `${settings.project}-state`);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    new LocalBackend(this, { path: 'terraform.tfstate' });
    new AwsProvider(this, 'aws', {
      region: settings.aws.region,
      allowedAccountIds: settings.aws.allowedAccountIds,
      defaultTags: [{ tags: defaultTags(settings.tags, settings.project, STATE_STACK_ENVIRONMENT) }],
    });

    this.logBucket = new AccessLogBucket(this, 'access-logs', {
      bucketName: settings.accessLogsBucket,
      accountId: settings.aws.accountId,
    });
    this.stateBucket = new PrivateBucket(this, 'state-bucket', {
      bucketName: settings.bucket,
      versioned: true,
      // Old state versions are the way back from a bad apply; keep them a quarter.
      lifecycle: { noncurrentVersionExpirationDays: 90 },
      accessLogs: { bucket: this.logBucket, folder: 'state' },
      preventDestroy: true,
    });
    this.lockTable = new DynamodbTable(this, 'lock-table', {
      name: settings.lockTable,
      hashKey: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
      serverSideEncryption: { enabled: true },
      lifecycle: { preventDestroy: true },
    });

    new TerraformOutput(this, 'state_bucket_name', { value: this.stateBucket.bucketName });
    new TerraformOutput(this, 'state_access_logs_bucket_name', { value: this.logBucket.bucketName });
    new TerraformOutput(this, 'lock_table_name', { value: this.lockTable.name });
    this.guardScope = { environment: STATE_STACK_ENVIRONMENT, sharedValues: [settings.bucket, settings.accessLogsBucket] };
  }
}
