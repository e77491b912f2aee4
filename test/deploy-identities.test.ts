import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBackendOverrides } from '../src/config/overrides';
import { exampleInputs, exampleWith, problemsOf, resourceAt, synthAll, type Json } from './helpers';
import { assumes, type Token } from './support/trust';

const GITHUB = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
const TFC = 'arn:aws:iam::111111111111:oidc-provider/app.terraform.io';
const REPO = 'octo-org/storytime-infra';

const stacks = synthAll();
const bootstrap = stacks['storytime-state-dev'];
const trustOf = (json: Json, phase: 'plan' | 'apply') =>
  resourceAt(json, 'aws_iam_role', `deploy-identities/${phase}-role`).assume_role_policy;
const policyOf = (json: Json, id: string) => JSON.parse(resourceAt(json, 'aws_iam_role_policy', `deploy-identities/${id}`).policy);

/** A GitHub Actions token of the repository, audience sts.amazonaws.com, with this subject and ref. */
const github = (sub: string, ref: string, repository = REPO): Token => ({
  provider: GITHUB,
  claims: { aud: 'sts.amazonaws.com', sub, ref, repository },
});

describe('GitHub deploy identities of dev (stacks/settings/dev.ts)', () => {
  it('creates GitHub OIDC provider for the audience sts.amazonaws.com, without a thumbprint', () => {
    const { '//': _, ...provider } = resourceAt(bootstrap, 'aws_iam_openid_connect_provider', 'deploy-identities/github');
    expect(provider).toEqual({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] });
  });

  it('lets pull requests and the main branch assume the plan role: exact subjects, pinned audience', () => {
    expect(JSON.parse(trustOf(bootstrap, 'plan')).Statement).toEqual([
      {
        Sid: 'GitHubPullRequestsAndBranch',
        Effect: 'Allow',
        Principal: { Federated: GITHUB },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': [`repo:${REPO}:pull_request`, `repo:${REPO}:ref:refs/heads/main`],
          },
        },
      },
    ]);
  });

  it("lets only main's deployments to the GitHub environment dev assume the apply role", () => {
    expect(JSON.parse(trustOf(bootstrap, 'apply')).Statement).toEqual([
      {
        Sid: 'GitHubDeploymentsFromBranch',
        Effect: 'Allow',
        Principal: { Federated: GITHUB },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': `repo:${REPO}:environment:dev`,
            'token.actions.githubusercontent.com:ref': 'refs/heads/main',
          },
        },
      },
    ]);
  });

  const tokens: [string, Token, boolean, boolean][] = [
    ['a pull request', github(`repo:${REPO}:pull_request`, 'refs/pull/7/merge'), true, false],
    ['the scheduled drift check on main', github(`repo:${REPO}:ref:refs/heads/main`, 'refs/heads/main'), true, false],
    ["main's deployment to the GitHub environment dev", github(`repo:${REPO}:environment:dev`, 'refs/heads/main'), false, true],
    [
      "a feature branch's deployment to the GitHub environment dev",
      github(`repo:${REPO}:environment:dev`, 'refs/heads/feature'),
      false,
      false,
    ],
    ["main's deployment to the GitHub environment prod", github(`repo:${REPO}:environment:prod`, 'refs/heads/main'), false, false],
    ['a push to a feature branch', github(`repo:${REPO}:ref:refs/heads/feature`, 'refs/heads/feature'), false, false],
    ['a pull request of a fork of the name', github('repo:octo-org/storytime-infra-fork:pull_request', 'refs/pull/1/merge'), false, false],
    [
      'a token minted for another audience',
      { provider: GITHUB, claims: { aud: 'https://github.com/octo-org', sub: `repo:${REPO}:environment:dev`, ref: 'refs/heads/main' } },
      false,
      false,
    ],
    [
      'a token of another provider with the same claims',
      { provider: TFC, claims: { aud: 'sts.amazonaws.com', sub: `repo:${REPO}:environment:dev`, ref: 'refs/heads/main' } },
      false,
      false,
    ],
  ];
  it.each(tokens.map(([name, token, plan, apply]) => [name, plan, apply, token] as const))(
    '%s: plan role %s, apply role %s',
    (_, plan, apply, token) => {
      expect([assumes(trustOf(bootstrap, 'plan'), token), assumes(trustOf(bootstrap, 'apply'), token)]).toEqual([plan, apply]);
    },
  );

  it('names the roles outside the storytime-dev-* names the apply role manages, and outputs their ARNs', () => {
    expect(resourceAt(bootstrap, 'aws_iam_role', 'deploy-identities/plan-role').name).toBe('storytime-deploy-plan-dev');
    expect(resourceAt(bootstrap, 'aws_iam_role', 'deploy-identities/apply-role').name).toBe('storytime-deploy-apply-dev');
    expect(Object.keys(bootstrap.output).sort()).toEqual([
      'deploy_apply_role_arn',
      'deploy_plan_role_arn',
      'github_oidc_provider_arn',
      'lock_table_name',
      'state_access_logs_bucket_name',
      'state_bucket_name',
    ]);
    expect(bootstrap.output.deploy_plan_role_arn.value).toMatch(/^\$\{aws_iam_role\.deploy-identities_plan-role_[0-9A-F]{8}\.arn\}$/);
  });

  it('lets the plan role read the state and take the lock, and only the apply role write the state', () => {
    const state = 'arn:aws:s3:::storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate';
    const lockTable = 'arn:aws:dynamodb:us-east-1:111111111111:table/storytime-terraform-locks';
    const plan = policyOf(bootstrap, 'plan-state').Statement;
    const apply = policyOf(bootstrap, 'apply-state').Statement;
    expect(plan.find((s: Json) => s.Resource === state)).toEqual({
      Sid: 'ReadState',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: state,
    });
    expect(apply.find((s: Json) => s.Resource === state).Action).toEqual(['s3:GetObject', 's3:PutObject']);
    for (const statements of [plan, apply]) {
      expect(statements.find((s: Json) => s.Resource === `${state}.tflock`).Action).toEqual([
        's3:GetObject',
        's3:PutObject',
        's3:DeleteObject',
      ]);
      expect(statements.find((s: Json) => s.Resource === lockTable).Action).toEqual([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
      ]);
    }
  });

  it("gives the plan role reads only: no write action, and no object of the environment's buckets", () => {
    const actions: string[] = policyOf(bootstrap, 'plan-read').Statement.flatMap((s: Json) => [s.Action].flat());
    expect(actions.filter((action) => !/:(Get|List|Describe)/.test(action))).toEqual([]);
    const resources: string[] = policyOf(bootstrap, 'plan-read').Statement.flatMap((s: Json) => [s.Resource].flat());
    expect(resources.filter((resource) => resource.startsWith('arn:aws:s3:::'))).toEqual([
      'arn:aws:s3:::storytime-access-logs-dev',
      'arn:aws:s3:::storytime-master-uploads-dev',
      'arn:aws:s3:::storytime-hls-outputs-dev',
    ]);
  });

  it('lets the apply role manage roles and policies by name, without iam:* or iam:PassRole', () => {
    const iam = policyOf(bootstrap, 'apply-manage').Statement.find((s: Json) => s.Sid === 'ManageIam');
    expect(iam.Resource).toEqual(['arn:aws:iam::111111111111:role/storytime-dev-*', 'arn:aws:iam::111111111111:policy/storytime-dev-*']);
    expect(iam.Action).toContain('iam:PutRolePolicy');
    expect(iam.Action.filter((action: string) => action === 'iam:*' || action === 'iam:PassRole')).toEqual([]);
  });

  it('keeps the deploy roles and the provider out of the apply role reach', () => {
    expect(policyOf(bootstrap, 'apply-manage').Statement.at(-1)).toEqual({
      Sid: 'KeepDeployIdentities',
      Effect: 'Deny',
      Action: 'iam:*',
      Resource: [
        'arn:aws:iam::111111111111:role/storytime-deploy-plan-dev',
        'arn:aws:iam::111111111111:role/storytime-deploy-apply-dev',
        GITHUB,
      ],
    });
  });

  it('leaves prod, which does not ask for them, without any', () => {
    expect(Object.keys(stacks['storytime-state-prod'].resource).filter((type) => type.startsWith('aws_iam'))).toEqual([]);
  });
});

describe('deploy identities settings', () => {
  it('refuses a repository pattern, a GitHub environment with a colon, and an empty block', () => {
    expect(problemsOf(exampleWith('dev', (s) => (s.deployIdentities.github.repository = 'octo-org/*')))).toEqual([
      'dev: deployIdentities.github.repository: expected owner/repository, e.g. octo-org/storytime-infra (or owner@<id>/repository@<id>), without wildcards',
    ]);
    expect(problemsOf(exampleWith('dev', (s) => (s.deployIdentities.github.environment = 'prod:v1')))).toEqual([
      'dev: deployIdentities.github.environment: expected a GitHub environment name of letters, digits, ., _ or - (no spaces, colons or wildcards)',
    ]);
    expect(problemsOf(exampleWith('dev', (s) => (s.deployIdentities = {})))).toEqual([
      'dev: deployIdentities: expected github or terraformCloud (or leave deployIdentities out)',
    ]);
  });

  it('refuses Terraform Cloud identities for an environment whose state is not in Terraform Cloud', () => {
    expect(problemsOf(exampleWith('dev', (s) => (s.deployIdentities.terraformCloud = {})))).toEqual([
      "dev: deployIdentities.terraformCloud: requires backend.type 'cloud' (or STORYTIME_TFC_ORGANIZATION): its roles trust the Terraform Cloud workspace that runs the environment",
    ]);
  });

  it('takes the immutable repository form, another environment name and branch', () => {
    const json = synthAll(
      exampleWith(
        'dev',
        (s) => (s.deployIdentities.github = { repository: 'octo-org@59/storytime-infra@7', environment: 'Dev-1', branch: 'release/1' }),
      ),
    )['storytime-state-dev'];
    const condition = JSON.parse(trustOf(json, 'apply')).Statement[0].Condition.StringEquals;
    expect(condition['token.actions.githubusercontent.com:sub']).toBe('repo:octo-org@59/storytime-infra@7:environment:Dev-1');
    expect(condition['token.actions.githubusercontent.com:ref']).toBe('refs/heads/release/1');
  });

  it('trusts a provider the account has already without creating it', () => {
    const json = synthAll(exampleWith('dev', (s) => (s.deployIdentities.github.createProvider = false)))['storytime-state-dev'];
    expect(json.resource.aws_iam_openid_connect_provider).toBeUndefined();
    expect(json.output.github_oidc_provider_arn.value).toBe(GITHUB);
    expect(JSON.parse(trustOf(json, 'plan')).Statement[0].Principal).toEqual({ Federated: GITHUB });
  });
});

/** Terraform Cloud dynamic credentials: the workspace variables docs/terraform-cloud.md names, from the bootstrap's outputs. */
describe('Terraform Cloud', () => {
  const cloud = synthAll(
    exampleWith('dev', (s) => {
      s.backend = { type: 'cloud', organization: 'acme', workspace: 'storytime-dev' };
      s.deployIdentities = { terraformCloud: { project: 'Storytime' } };
    }),
  );
  const tfcBootstrap = cloud['storytime-state-dev'];
  const subject = (phase: string) => `organization:acme:project:Storytime:workspace:storytime-dev:run_phase:${phase}`;
  const token = (phase: string): Token => ({ provider: TFC, claims: { aud: 'aws.workload.identity', sub: subject(phase) } });

  it('runs the environment in its workspace and bootstraps only the identities, on local state', () => {
    expect(cloud['storytime-dev'].terraform.cloud).toEqual({ organization: 'acme', workspaces: { name: 'storytime-dev' } });
    expect(tfcBootstrap.terraform.backend).toEqual({ local: { path: '../../../bootstrap-state/storytime-state-dev.tfstate' } });
    expect(Object.keys(tfcBootstrap.resource).sort()).toEqual(['aws_iam_openid_connect_provider', 'aws_iam_role', 'aws_iam_role_policy']);
    const { '//': _, ...provider } = resourceAt(tfcBootstrap, 'aws_iam_openid_connect_provider', 'deploy-identities/terraform-cloud');
    expect(provider).toEqual({ url: 'https://app.terraform.io', client_id_list: ['aws.workload.identity'] });
  });

  it('lets the plan phase assume the plan role and only the apply phase the apply role', () => {
    expect(JSON.parse(trustOf(tfcBootstrap, 'apply')).Statement[0].Condition).toEqual({
      StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': subject('apply') },
    });
    expect([assumes(trustOf(tfcBootstrap, 'plan'), token('plan')), assumes(trustOf(tfcBootstrap, 'plan'), token('apply'))]).toEqual([
      true,
      false,
    ]);
    expect([assumes(trustOf(tfcBootstrap, 'apply'), token('apply')), assumes(trustOf(tfcBootstrap, 'apply'), token('plan'))]).toEqual([
      true,
      false,
    ]);
    const otherWorkspace: Token = {
      provider: TFC,
      claims: { aud: 'aws.workload.identity', sub: subject('apply').replace('storytime-dev', 'storytime-prod') },
    };
    expect(assumes(trustOf(tfcBootstrap, 'apply'), otherWorkspace)).toBe(false);
  });

  it('names in docs/terraform-cloud.md exactly the workspace variables whose values the bootstrap outputs', () => {
    const doc = readFileSync(join(__dirname, '..', 'docs', 'terraform-cloud.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `(TFC_AWS_[A-Z_]+)` \| env \| (.+) \|$/gm)].map(([, variable, value]) => [variable, value]);
    expect(rows.map(([variable]) => variable)).toEqual(['TFC_AWS_PROVIDER_AUTH', 'TFC_AWS_PLAN_ROLE_ARN', 'TFC_AWS_APPLY_ROLE_ARN']);
    const outputOf = (variable: string) =>
      /output `([a-z_]+)` of `storytime-state-<env>`/.exec(rows.find(([name]) => name === variable)?.[1] ?? '')?.[1];
    expect(rows[0][1]).toBe('`true`');
    const roleFor = { TFC_AWS_PLAN_ROLE_ARN: 'plan', TFC_AWS_APPLY_ROLE_ARN: 'apply' } as const;
    for (const [variable, phase] of Object.entries(roleFor)) {
      const output = outputOf(variable) ?? '';
      const logicalId = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(tfcBootstrap.output[output]?.value ?? '')?.[1] ?? '';
      expect(assumes(tfcBootstrap.resource.aws_iam_role[logicalId].assume_role_policy, token(phase))).toBe(true);
    }
    expect(doc).toContain('`TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE`');
    expect(doc).toContain('aws.workload.identity');
  });

  it('takes organization and host from STORYTIME_TFC_ORGANIZATION and STORYTIME_TFC_HOSTNAME like the backend', () => {
    const inputs = exampleInputs();
    inputs.environments.dev.deployIdentities = { terraformCloud: {} };
    const overridden = {
      environments: applyBackendOverrides(inputs.environments, {
        STORYTIME_TFC_ORGANIZATION: 'acme',
        STORYTIME_TFC_HOSTNAME: 'tfe.example.com',
      }),
    };
    const json = synthAll(overridden)['storytime-state-dev'];
    expect(JSON.parse(trustOf(json, 'plan')).Statement[0]).toEqual({
      Sid: 'TerraformCloudPlanPhase',
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::111111111111:oidc-provider/tfe.example.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          'tfe.example.com:aud': 'aws.workload.identity',
          'tfe.example.com:sub': 'organization:acme:project:Default Project:workspace:storytime-dev:run_phase:plan',
        },
      },
    });
  });
});
