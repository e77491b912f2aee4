import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { CloudBackend, NamedCloudWorkspace, type TerraformStack } from 'cdktf';
import { CLOUDFRONT_LOGS_REGION } from '../modules/cloudfront_hls';
import { defaultTags } from './default-tags';
import { stateKey } from './naming';
import { configureS3Backend } from './s3-backend';
import type { EnvironmentSettings } from './schema/schema';
import { REQUIRED_TERRAFORM_VERSION } from './versions';

/** The AWS providers of a stack beside its default one, each aliased. */
export interface DeploymentProviders {
  /** us-east-1, which CloudFront's log delivery and alarms need; undefined when the stack's own region is us-east-1. */
  readonly cloudfront: AwsProvider | undefined;
  /** The region of the HLS replica (`cdn.failover.region`); undefined without failover. */
  readonly hlsReplica: AwsProvider | undefined;
}

/**
 * Where an environment stack deploys and keeps its state: the Terraform
 * version, the AWS providers (allowed accounts, default tags) and the backend.
 */
export function configureDeployment(stack: TerraformStack, settings: EnvironmentSettings): DeploymentProviders {
  stack.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
  const providerSettings = {
    allowedAccountIds: settings.aws.allowedAccountIds,
    defaultTags: [{ tags: defaultTags(settings.tags, settings.project, settings.environment) }],
  };
  new AwsProvider(stack, 'aws', { ...providerSettings, region: settings.aws.region });
  const cloudfrontProvider =
    settings.aws.region === CLOUDFRONT_LOGS_REGION
      ? undefined
      : new AwsProvider(stack, 'aws-cloudfront-logs', { ...providerSettings, region: CLOUDFRONT_LOGS_REGION, alias: 'cloudfront_logs' });
  const failover = settings.cdn.failover;
  const hlsReplicaProvider =
    failover && new AwsProvider(stack, 'aws-hls-replica', { ...providerSettings, region: failover.region, alias: 'hls_replica' });
  new RandomProvider(stack, 'random');

  const backend = settings.backend;
  if (backend.type === 'cloud') {
    new CloudBackend(stack, {
      hostname: backend.hostname,
      organization: backend.organization,
      workspaces: new NamedCloudWorkspace(backend.workspace),
    });
  } else {
    configureS3Backend(stack, backend, stateKey(settings));
  }
  return { cloudfront: cloudfrontProvider, hlsReplica: hlsReplicaProvider };
}
