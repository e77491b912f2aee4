import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import type { StateAccess as StateStore } from '../modules/deploy_identities';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AccessLogBucket, PrivateBucket } from '../modules/s3_bucket';
import { defaultTags } from './default-tags';
import { addDeployIdentities, type DeployIdentityOutputs } from './deploy-identities';
import type { GuardScope } from './guard-scope';
import { bootstrapLocalStatePath, bootstrapStateKey, stateAccessLogsBucket, stateKey, stateStackName } from './naming';
import { configureS3Backend } from './s3-backend';
import { sharedValues } from './schema/environment-bound';
import type { EnvironmentSettings, S3BackendSettings } from './schema/schema';
import { REQUIRED_TERRAFORM_VERSION } from './versions';

/** Where a bootstrap keeps its own state. */
export type BootstrapState = 'local' | 'bucket';

/**
 * Bootstrap of one environment, in that environment's account with its
 * credentials: the S3 bucket and DynamoDB lock table of its backend (S3
 * backends), so that each account reaches its own state and no other, and the
 * deploy identities CI and Terraform Cloud assume (when the settings ask for
 * them). Its own state is local (outside the output folder) until the first
 * apply, then lives in the bucket it created.
 */
export class StateBackendStack extends TerraformStack {
  readonly guardScope: GuardScope;
  /** The deploy roles and providers this bootstrap creates, by output name; none unless `deployIdentities` is set. */
  readonly deployIdentities: DeployIdentityOutputs;

  constructor(scope: Construct, settings: EnvironmentSettings, backend: S3BackendSettings | undefined) {
    super(scope, stateStackName(settings));
    const env = settings.environment;
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    // @default 'local': nothing exists yet to hold the state before the first apply.
    const bootstrapState: BootstrapState = backend?.bootstrapState ?? 'local';
    if (backend && bootstrapState === 'bucket') {
      configureS3Backend(this, backend, bootstrapStateKey(settings));
    } else {
      new LocalBackend(this, { path: bootstrapLocalStatePath(settings) });
    }
    const region = backend?.region ?? settings.aws.region;
    new AwsProvider(this, 'aws', {
      region,
      allowedAccountIds: settings.aws.allowedAccountIds,
      defaultTags: [{ tags: defaultTags(settings.tags, settings.project, env) }],
    });
    this.deployIdentities = addDeployIdentities(this, settings, backend && this.addStateStore(settings, backend));
    this.guardScope = {
      environment: env,
      tier: settings.tier.name,
      sharedValues: sharedValues(settings),
      accountId: settings.aws.accountId,
      // The environment's region: the deploy roles' policies name its load balancer and keys; the state store has none.
      region: settings.aws.region,
    };
  }

  /** The state bucket, its log bucket and the lock table, with their outputs; what the deploy roles reach of them. */
  private addStateStore(settings: EnvironmentSettings, backend: S3BackendSettings): StateStore {
    const logBucket = new AccessLogBucket(this, 'access-logs', {
      bucketName: backend.accessLogsBucket ?? stateAccessLogsBucket(backend.bucket),
      accountId: settings.aws.accountId,
    });
    const stateBucket = new PrivateBucket(this, 'state-bucket', {
      bucketName: backend.bucket,
      versioned: true,
      // Old state versions are the way back from a bad apply; keep them a quarter.
      lifecycle: { noncurrentVersionExpirationDays: 90 },
      accessLogs: { bucket: logBucket, folder: 'state' },
      preventDestroy: true,
    });
    const lockTable = new DynamodbTable(this, 'lock-table', {
      name: backend.lockTable,
      hashKey: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
      serverSideEncryption: { enabled: true },
      lifecycle: { preventDestroy: true },
    });

    new TerraformOutput(this, 'state_bucket_name', { value: stateBucket.bucketName });
    new TerraformOutput(this, 'state_access_logs_bucket_name', { value: logBucket.bucketName });
    new TerraformOutput(this, 'lock_table_name', { value: lockTable.name });
    // Literal ARNs, so that the roles' policies read the same in the JSON as in IAM.
    return {
      bucketArn: `arn:aws:s3:::${backend.bucket}`,
      stateKey: stateKey(settings),
      lockTableArn: `arn:aws:dynamodb:${backend.region}:${settings.aws.accountId}:table/${backend.lockTable}`,
    };
  }
}
