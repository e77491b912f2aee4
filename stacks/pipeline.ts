/**
 * What a CI pipeline needs to know of an environment's GitHub deploy
 * identities, without building them: the same defaults the bootstrap uses,
 * and the roles' ARNs, which follow from the account and the role names.
 */
import { deployRoleName } from './naming';
import type { EnvironmentSettings } from './schema/schema';

export interface GithubDeployment {
  /** The GitHub environment the apply job deploys through. */
  readonly environment: string;
  /** The branch whose deployments apply. */
  readonly branch: string;
  readonly planRoleArn: string;
  readonly applyRoleArn: string;
}

/** The environment's GitHub deployment, or undefined when its settings ask for no GitHub identities. */
export function githubDeployment(settings: EnvironmentSettings): GithubDeployment | undefined {
  const github = settings.deployIdentities?.github;
  if (!github) return undefined;
  const roleArn = (phase: 'plan' | 'apply') => `arn:aws:iam::${settings.aws.accountId}:role/${deployRoleName(settings, phase)}`;
  return {
    environment: github.environment ?? settings.environment,
    branch: github.branch ?? 'main',
    planRoleArn: roleArn('plan'),
    applyRoleArn: roleArn('apply'),
  };
}
