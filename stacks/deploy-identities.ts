/**
 * The deploy identities of one environment (settings `deployIdentities`,
 * docs/settings.md), created by its bootstrap: what the roles may reach of
 * the environment stack is derived from the names that stack gives.
 */
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { DeployIdentities, GITHUB_ISSUER, type EnvironmentScope, type StateAccess } from '../modules/deploy_identities';
import { replicationRoleName } from '../modules/hls_replica';
import { deployRoleName, secretPrefix, stackName } from './naming';
import { githubDeployment } from './pipeline';
import { environmentBuckets } from './schema/bucket-names';
import type { EnvironmentSettings } from './schema/schema';

/** Terraform Cloud's host unless the settings name a Terraform Enterprise one. */
export const TERRAFORM_CLOUD_HOSTNAME = 'app.terraform.io';
/** The project every Terraform Cloud workspace is in unless moved. */
export const TERRAFORM_CLOUD_DEFAULT_PROJECT = 'Default Project';

/** The bootstrap's outputs for CI and Terraform Cloud, by name: role and provider ARNs. */
export type DeployIdentityOutputs = Readonly<Record<string, string>>;

/** What the environment stack of `settings` creates, as its deploy roles see it. */
export function environmentScope(settings: EnvironmentSettings): EnvironmentScope {
  const zones = [settings.cdn.customDomain?.hostedZoneId, settings.alb.enabled ? settings.alb.originRecord?.hostedZoneId : undefined];
  return {
    accountId: settings.aws.accountId,
    bucketNames: environmentBuckets(settings, undefined).map((bucket) => bucket.name),
    namePrefix: stackName(settings),
    secretPrefix: secretPrefix(settings),
    hostedZoneIds: [...new Set(zones.filter((zone): zone is string => zone !== undefined))],
    listenerArn: settings.alb.enabled ? settings.alb.listenerArn : undefined,
    existingRoleName: settings.rails.existingRoleName,
    replicationRoleName: settings.cdn.failover && replicationRoleName(stackName(settings)),
  };
}

/** Adds the identities the settings ask for to a bootstrap stack, with their outputs; none when they ask for none. */
export function addDeployIdentities(
  stack: Construct,
  settings: EnvironmentSettings,
  state: StateAccess | undefined,
): DeployIdentityOutputs {
  const { github, terraformCloud } = settings.deployIdentities ?? {};
  if (!github && !terraformCloud) return {};
  const backend = settings.backend.type === 'cloud' ? settings.backend : undefined;
  const deployment = githubDeployment(settings);
  const cloud =
    terraformCloud && backend
      ? {
          hostname: backend.hostname ?? TERRAFORM_CLOUD_HOSTNAME,
          organization: backend.organization,
          project: terraformCloud.project ?? TERRAFORM_CLOUD_DEFAULT_PROJECT,
          workspace: backend.workspace,
          createProvider: terraformCloud.createProvider,
        }
      : undefined;
  const identities = new DeployIdentities(stack, 'deploy-identities', {
    planRoleName: deployRoleName(settings, 'plan'),
    applyRoleName: deployRoleName(settings, 'apply'),
    scope: environmentScope(settings),
    github: github &&
      deployment && {
        repository: github.repository,
        environment: deployment.environment,
        branch: deployment.branch,
        createProvider: github.createProvider,
      },
    terraformCloud: cloud,
    state,
  });
  const outputs: Record<string, string> = {
    deploy_plan_role_arn: identities.planRole.arn,
    deploy_apply_role_arn: identities.applyRole.arn,
    ...(github ? { github_oidc_provider_arn: identities.providerArns[GITHUB_ISSUER] } : {}),
    ...(cloud ? { terraform_cloud_oidc_provider_arn: identities.providerArns[cloud.hostname] } : {}),
  };
  for (const [name, value] of Object.entries(outputs)) new TerraformOutput(stack, name, { value });
  return outputs;
}
