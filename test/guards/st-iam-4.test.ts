import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { describe, expect, it } from 'vitest';
import { policyJson, type PolicyStatement } from '../../modules/shared/policy';
import { ST_IAM_4 } from '../../src/guards/rules/st-iam-4';
import { guardedStack, messagesOf } from './guarded';

const REASON = '[ST-IAM-4] a role a web identity may assume names exact token subjects, never a pattern';
const TFC = 'arn:aws:iam::111111111111:oidc-provider/app.terraform.io';
const AUDIENCE = { 'app.terraform.io:aud': 'aws.workload.identity' };

function trustedBy(Condition: PolicyStatement['Condition']): string[] {
  const stack = guardedStack();
  new IamRole(stack, 'tfc', {
    name: 'tfc',
    assumeRolePolicy: policyJson([
      { Sid: 'Workspace', Effect: 'Allow', Principal: { Federated: TFC }, Action: 'sts:AssumeRoleWithWebIdentity', Condition },
    ]),
  });
  return messagesOf(stack, {}, [ST_IAM_4]);
}

describe('ST-IAM-4: a web identity trust names exact subjects', () => {
  it('finds a * and a ? in a subject, whatever the operator', () => {
    expect(
      trustedBy({
        StringEquals: AUDIENCE,
        StringLike: {
          'app.terraform.io:sub': [
            'organization:acme:project:*:workspace:storytime-dev:run_phase:apply',
            'organization:acme:project:p:workspace:storytime-de?:run_phase:plan',
          ],
        },
      }),
    ).toEqual([
      `${REASON}: trust statement Workspace matches subject StringLike "organization:acme:project:*:workspace:storytime-dev:run_phase:apply", a wildcard (guarded/tfc)`,
      `${REASON}: trust statement Workspace matches subject StringLike "organization:acme:project:p:workspace:storytime-de?:run_phase:plan", a wildcard (guarded/tfc)`,
    ]);
    expect(trustedBy({ StringEquals: { ...AUDIENCE, 'app.terraform.io:sub': 'organization:acme:*' } })).toEqual([
      `${REASON}: trust statement Workspace matches subject StringEquals "organization:acme:*", a wildcard (guarded/tfc)`,
    ]);
  });

  it('finds a trust that names no subject: any workspace of any organization could assume it', () => {
    expect(trustedBy({ StringEquals: AUDIENCE })).toEqual([
      `${REASON}: trust statement Workspace lets ${TFC} in without a subject condition (<issuer>:sub) (guarded/tfc)`,
    ]);
    expect(trustedBy({ StringEquals: AUDIENCE, StringNotLike: { 'app.terraform.io:sub': 'organization:evil:*' } })).toHaveLength(1);
  });

  it('passes exact subjects', () => {
    expect(
      trustedBy({
        StringEquals: {
          ...AUDIENCE,
          'app.terraform.io:sub': 'organization:acme:project:Default Project:workspace:storytime-dev:run_phase:plan',
        },
      }),
    ).toEqual([]);
  });
});
