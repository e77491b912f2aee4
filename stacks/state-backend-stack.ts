import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AccessLogBucket, PrivateBucket } from '../modules/s3_bucket';
import { defaultTags } from './default-tags';
import type { GuardScope } from './guard-scope';
import { bootstrapLocalStatePath, bootstrapStateKey, stateAccessLogsBucket, stateStackName } from './naming';
import { configureS3Backend } from './s3-backend';
import { sharedValues } from './schema/environment-bound';
import type { EnvironmentSettings, S3BackendSettings } from './schema/schema';
import { REQUIRED_TERRAFORM_VERSION } from './versions';

/** Where a bootstrap keeps its own state. */
export type BootstrapState = 'local' | 'bucket';

/**
 * Bootstrap of one environment: the S3 bucket and DynamoDB lock table of its
 * backend, in that environment's account with its credentials, so that each
 * account reaches its own state and no other. Its own state is local (outside
 * the output folder) until the first apply, then lives in the bucket it created.
 */
export class StateBackendStack extends TerraformStack {
  readonly stateBucket: PrivateBucket;
  /** Server access logs of the state bucket: who read or wrote which state, and when. */
  readonly logBucket: AccessLogBucket;
  readonly lockTable: DynamodbTable;
  readonly guardScope: GuardScope;

  constructor(scope: Construct, settings: EnvironmentSettings, backend: S3BackendSettings) {
    super(scope, stateStackName(settings));
    const env = settings.environment;
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    // @default 'local': nothing exists yet to hold the state before the first apply.
    const bootstrapState: BootstrapState = backend.bootstrapState ?? 'local';
    if (bootstrapState === 'bucket') {
      configureS3Backend(this, backend, bootstrapStateKey(settings));
    } else {
      new LocalBackend(this, { path: bootstrapLocalStatePath(settings) });
    }
    new AwsProvider(this, 'aws', {
      region: backend.region,
      allowedAccountIds: settings.aws.allowedAccountIds,
      defaultTags: [{ tags: defaultTags(settings.tags, settings.project, env) }],
    });

    this.logBucket = new AccessLogBucket(this, 'access-logs', {
      bucketName: backend.accessLogsBucket ?? stateAccessLogsBucket(backend.bucket),
      accountId: settings.aws.accountId,
    });
    this.stateBucket = new PrivateBucket(this, 'state-bucket', {
      bucketName: backend.bucket,
      versioned: true,
      // Old state versions are the way back from a bad apply; keep them a quarter.
      lifecycle: { noncurrentVersionExpirationDays: 90 },
      accessLogs: { bucket: this.logBucket, folder: 'state' },
      preventDestroy: true,
    });
    this.lockTable = new DynamodbTable(this, 'lock-table', {
      name: backend.lockTable,
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
    this.guardScope = {
      environment: env,
      tier: settings.tier.name,
      sharedValues: sharedValues(settings),
      accountId: settings.aws.accountId,
      region: backend.region,
    };
  }
}
