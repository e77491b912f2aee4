import { describe, expect, it } from 'vitest';
import { DeployIdentities, type DeployIdentitiesProps } from '../../modules/deploy_identities';
import { resourcesOf, synthScope } from '../helpers';

const SCOPE: DeployIdentitiesProps['scope'] = {
  accountId: '111111111111',
  bucketNames: ['storytime-hls-outputs-dev'],
  namePrefix: 'storytime-dev',
  secretPrefix: 'storytime/dev',
  hostedZoneIds: [],
};
const GITHUB = { repository: 'octo-org/storytime-infra', environment: 'dev', branch: 'main' };

const identities = (props: Partial<DeployIdentitiesProps>) =>
  synthScope((scope) => new DeployIdentities(scope, 'ids', { planRoleName: 'p', applyRoleName: 'a', scope: SCOPE, ...props }));

describe('DeployIdentities', () => {
  it('refuses to trust no one, and names that would widen a subject', () => {
    expect(() => identities({})).toThrow('deploy_identities: : expected github or terraformCloud: no identity would trust anyone');
    expect(() => identities({ github: { ...GITHUB, repository: 'octo-org/*' } })).toThrow(
      'deploy_identities: github.repository: expected owner/repository, e.g. octo-org/storytime-infra (or owner@<id>/repository@<id>), without wildcards',
    );
    expect(() => identities({ github: { ...GITHUB, branch: 'release/*' } })).toThrow(
      'deploy_identities: github.branch: expected a branch name such as main, without wildcards',
    );
    expect(() =>
      identities({ terraformCloud: { hostname: 'app.terraform.io', organization: 'acme', project: 'a:b', workspace: 'w' } }),
    ).toThrow('deploy_identities: terraformCloud.project: expected a Terraform Cloud project name of 3-40 letters, digits, spaces, - or _');
  });

  it('writes no state statement without S3 state, and no listener statement without a listener', () => {
    const json = identities({ github: GITHUB });
    expect(
      resourcesOf(json, 'aws_iam_role_policy')
        .map(([, policy]) => policy.name)
        .sort(),
    ).toEqual(['manage-environment', 'read-environment']);
    expect(JSON.stringify(json)).not.toContain('elasticloadbalancing:CreateRule');
  });

  it('creates one provider per issuer it trusts, and both roles depend on it', () => {
    const json = identities({
      github: GITHUB,
      terraformCloud: { hostname: 'app.terraform.io', organization: 'acme', project: 'Default Project', workspace: 'w' },
    });
    expect(resourcesOf(json, 'aws_iam_openid_connect_provider').map(([, provider]) => provider.url)).toEqual([
      'https://token.actions.githubusercontent.com',
      'https://app.terraform.io',
    ]);
    for (const [, role] of resourcesOf(json, 'aws_iam_role')) expect(role.depends_on).toHaveLength(2);
  });
});
