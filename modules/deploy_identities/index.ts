import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { policyJson, type PolicyStatement } from '../shared/policy';
import { refuseProps } from '../shared/props';
import { branchProblem, githubEnvironmentProblem, repositoryProblem, terraformCloudProjectProblem } from './invariants';
import {
  applyStatements,
  planStatements,
  protectIdentities,
  stateStatements,
  type EnvironmentScope,
  type StateAccess,
} from './permissions';
import {
  GITHUB_AUDIENCE,
  GITHUB_ISSUER,
  githubApplyTrust,
  githubPlanTrust,
  oidcProviderArn,
  TERRAFORM_CLOUD_AUDIENCE,
  terraformCloudTrust,
  type GithubTrust,
  type TerraformCloudTrust,
} from './trust';

export * from './invariants';
export * from './trust';
export type { EnvironmentScope, StateAccess } from './permissions';

export interface GithubIdentity extends GithubTrust {
  /** Create the account's OIDC provider for GitHub; false when the account has one already. @default true */
  readonly createProvider?: boolean;
}

export interface TerraformCloudIdentity extends TerraformCloudTrust {
  /** Create the account's OIDC provider for the host; false when the account has one already. @default true */
  readonly createProvider?: boolean;
}

export interface DeployIdentitiesProps {
  readonly planRoleName: string;
  readonly applyRoleName: string;
  /** The environment stack's account, region and names: what the roles may read and manage. */
  readonly scope: EnvironmentScope;
  /** GitHub Actions: pull requests plan, deployments from the branch apply. @default not trusted */
  readonly github?: GithubIdentity;
  /** A Terraform Cloud workspace: its plan phase plans, its apply phase applies. @default not trusted */
  readonly terraformCloud?: TerraformCloudIdentity;
  /** The S3 state the roles read (plan) and write (apply). @default none: the state is in Terraform Cloud */
  readonly state?: StateAccess;
}

/**
 * The IAM OIDC providers and the plan and apply roles that CI and Terraform
 * Cloud assume with short-lived tokens, each trust pinned to an audience and
 * to exact subjects.
 */
export class DeployIdentities extends Construct {
  readonly planRole: IamRole;
  readonly applyRole: IamRole;
  /** ARN of each OIDC provider the roles trust, by issuer: the created provider's, or the one the account has. */
  readonly providerArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: DeployIdentitiesProps) {
    super(scope, id);
    const { github, terraformCloud } = props;
    refuseProps('deploy_identities', [
      { path: [], message: github || terraformCloud ? undefined : 'expected github or terraformCloud: no identity would trust anyone' },
      { path: ['github', 'repository'], message: github && repositoryProblem(github.repository) },
      { path: ['github', 'environment'], message: github && githubEnvironmentProblem(github.environment) },
      { path: ['github', 'branch'], message: github && branchProblem(github.branch) },
      { path: ['terraformCloud', 'project'], message: terraformCloud && terraformCloudProjectProblem(terraformCloud.project) },
    ]);
    const account = props.scope.accountId;
    const providers: IamOpenidConnectProvider[] = [];
    const providerArns: Record<string, string> = {};
    const provider = (name: string, issuer: string, audience: string, create: boolean | undefined) => {
      providerArns[issuer] = oidcProviderArn(account, issuer);
      if (!(create ?? true)) return;
      // No thumbprint: IAM verifies these issuers through its own trusted certificate authorities.
      const created = new IamOpenidConnectProvider(this, name, { url: `https://${issuer}`, clientIdList: [audience] });
      providers.push(created);
      providerArns[issuer] = created.arn;
    };
    if (github) provider('github', GITHUB_ISSUER, GITHUB_AUDIENCE, github.createProvider);
    if (terraformCloud) provider('terraform-cloud', terraformCloud.hostname, TERRAFORM_CLOUD_AUDIENCE, terraformCloud.createProvider);
    this.providerArns = providerArns;

    const trust = (phase: 'plan' | 'apply'): PolicyStatement[] => [
      ...(github ? [phase === 'plan' ? githubPlanTrust(account, github) : githubApplyTrust(account, github)] : []),
      ...(terraformCloud ? [terraformCloudTrust(account, terraformCloud, phase)] : []),
    ];
    const role = (phase: 'plan' | 'apply', name: string, description: string) =>
      new IamRole(this, `${phase}-role`, {
        name,
        description,
        assumeRolePolicy: policyJson(trust(phase)),
        // A plan or an apply of the stack; one hour covers the slowest (a CloudFront distribution update).
        maxSessionDuration: 3600,
        dependsOn: providers,
      });
    this.planRole = role('plan', props.planRoleName, 'Plans the environment stack: reads its resources and state, takes the lock');
    this.applyRole = role('apply', props.applyRoleName, 'Applies the environment stack: manages its resources, writes its state');

    const roleArn = (name: string) => `arn:aws:iam::${account}:role/${name}`;
    const issuers = [...(github ? [GITHUB_ISSUER] : []), ...(terraformCloud ? [terraformCloud.hostname] : [])];
    const guard = protectIdentities([
      roleArn(props.planRoleName),
      roleArn(props.applyRoleName),
      ...issuers.map((issuer) => oidcProviderArn(account, issuer)),
    ]);
    this.inline('plan-read', this.planRole, 'read-environment', planStatements(props.scope));
    this.inline('apply-manage', this.applyRole, 'manage-environment', [...applyStatements(props.scope), guard]);
    if (props.state) {
      this.inline('plan-state', this.planRole, 'read-state-take-lock', stateStatements(props.state, false));
      this.inline('apply-state', this.applyRole, 'write-state', stateStatements(props.state, true));
    }
  }

  private inline(id: string, role: IamRole, name: string, statements: PolicyStatement[]): void {
    new IamRolePolicy(this, id, { name, role: role.id, policy: policyJson(statements) });
  }
}
