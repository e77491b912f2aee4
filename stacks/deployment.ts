import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { CloudBackend, NamedCloudWorkspace, type TerraformStack } from 'cdktf';
import { CLOUDFRONT_LOGS_REGION } from '../modules/cloudfront_hls';
import { defaultTags } from './default-tags';
import { stateKey } from './naming';
import { configureS3Backend } from './s3-backend';
import type { EnvironmentSettings } from './schema/schema';
import { REQUIRED_TERRAFORM_VERSION } from './versions';

/**
 * Where an environment stack deploys and keeps its state: the Terraform
 * version, the AWS providers (allowed accounts, default tags) and the backend.
 * Returns the us-east-1 provider CloudFront's log delivery and alarms need,
 * or undefined when the stack's own region is us-east-1.
 */
export function configureDeployment(stack: TerraformStack, settings: EnvironmentSettings): AwsProvider | undefined {
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
  return cloudfrontProvider;
}
