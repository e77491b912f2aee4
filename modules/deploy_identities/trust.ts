/**
 * Who may assume the deploy roles: a web identity whose token's audience and
 * subject are exactly the ones named here. Subjects are built by one function
 * each, so that the trust policies and the tests that evaluate them agree.
 */
import type { PolicyStatement } from '../shared/policy';

/** Issuer of GitHub Actions' tokens; the IAM condition keys are `<issuer>:aud`, `<issuer>:sub`… */
export const GITHUB_ISSUER = 'token.actions.githubusercontent.com';
/** The audience aws-actions/configure-aws-credentials asks GitHub for. */
export const GITHUB_AUDIENCE = 'sts.amazonaws.com';
/** The audience Terraform Cloud's AWS dynamic credentials use by default (TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE). */
export const TERRAFORM_CLOUD_AUDIENCE = 'aws.workload.identity';

export interface GithubTrust {
  /** `owner/repo` (or GitHub's immutable `owner@<id>/repo@<id>`), as the token's subject names it. */
  readonly repository: string;
  /** The GitHub environment whose deployments apply. */
  readonly environment: string;
  /** The branch those deployments run from. */
  readonly branch: string;
}

export interface TerraformCloudTrust {
  /** `app.terraform.io`, or a Terraform Enterprise host: the issuer of the workspace's tokens. */
  readonly hostname: string;
  readonly organization: string;
  readonly project: string;
  readonly workspace: string;
}

/** `arn:aws:iam::<account>:oidc-provider/<issuer>`: one provider per issuer and account, so its ARN is known before it exists. */
export const oidcProviderArn = (accountId: string, issuer: string) => `arn:aws:iam::${accountId}:oidc-provider/${issuer}`;

/**
 * Subjects of the jobs that plan: a pull request's (a job without an environment), and one on the branch
 * without an environment (the scheduled drift check). Neither can be a deployment's subject.
 */
export function githubPlanSubjects(trust: GithubTrust): string[] {
  return [`repo:${trust.repository}:pull_request`, `repo:${trust.repository}:ref:refs/heads/${trust.branch}`];
}

/** Subject of a job that deploys through the GitHub environment. */
export function githubApplySubject(trust: GithubTrust): string {
  return `repo:${trust.repository}:environment:${trust.environment}`;
}

/** Subject of one run phase of the workspace. */
export function terraformCloudSubject(trust: TerraformCloudTrust, phase: 'plan' | 'apply'): string {
  return `organization:${trust.organization}:project:${trust.project}:workspace:${trust.workspace}:run_phase:${phase}`;
}

function webIdentity(sid: string, accountId: string, issuer: string, equals: Record<string, string | string[]>): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Federated: oidcProviderArn(accountId, issuer) },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: equals },
  };
}

export function githubPlanTrust(accountId: string, trust: GithubTrust): PolicyStatement {
  return webIdentity('GitHubPullRequestsAndBranch', accountId, GITHUB_ISSUER, {
    [`${GITHUB_ISSUER}:aud`]: GITHUB_AUDIENCE,
    [`${GITHUB_ISSUER}:sub`]: githubPlanSubjects(trust),
  });
}

/**
 * The environment's subject does not name the ref, so the `ref` claim (which AWS STS has checked for
 * GitHub tokens since January 2026) pins the branch too: a deployment from any other branch is refused
 * even if the GitHub environment's branch rule were loosened.
 */
export function githubApplyTrust(accountId: string, trust: GithubTrust): PolicyStatement {
  return webIdentity('GitHubDeploymentsFromBranch', accountId, GITHUB_ISSUER, {
    [`${GITHUB_ISSUER}:aud`]: GITHUB_AUDIENCE,
    [`${GITHUB_ISSUER}:sub`]: githubApplySubject(trust),
    [`${GITHUB_ISSUER}:ref`]: `refs/heads/${trust.branch}`,
  });
}

export function terraformCloudTrust(accountId: string, trust: TerraformCloudTrust, phase: 'plan' | 'apply'): PolicyStatement {
  return webIdentity(phase === 'plan' ? 'TerraformCloudPlanPhase' : 'TerraformCloudApplyPhase', accountId, trust.hostname, {
    [`${trust.hostname}:aud`]: TERRAFORM_CLOUD_AUDIENCE,
    [`${trust.hostname}:sub`]: terraformCloudSubject(trust, phase),
  });
}
