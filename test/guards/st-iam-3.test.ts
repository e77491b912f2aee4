import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { describe, expect, it } from 'vitest';
import { policyJson, type PolicyStatement } from '../../modules/shared/policy';
import { ST_IAM_3 } from '../../src/guards/rules/st-iam-3';
import { guardedStack, messagesOf } from './guarded';

const REASON = '[ST-IAM-3] a role a web identity may assume pins the token audience';
const GITHUB = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
const SUBJECT = { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/storytime-infra:pull_request' };

/** ST-IAM-3's messages for a role `ci` trusted by `statements`. */
function trustedBy(statements: PolicyStatement[]): string[] {
  const stack = guardedStack();
  new IamRole(stack, 'ci', { name: 'ci', assumeRolePolicy: policyJson(statements) });
  return messagesOf(stack, {}, [ST_IAM_3]);
}

const webIdentity = (Condition: PolicyStatement['Condition'], Sid = 'Ci'): PolicyStatement => ({
  Sid,
  Effect: 'Allow',
  Principal: { Federated: GITHUB },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition,
});

describe('ST-IAM-3: a web identity trust pins the audience', () => {
  it('finds a trust with a subject but no audience, naming the provider', () => {
    expect(trustedBy([webIdentity({ StringEquals: SUBJECT })])).toEqual([
      `${REASON}: trust statement Ci lets ${GITHUB} in without an audience condition (<issuer>:aud) (guarded/ci)`,
    ]);
  });

  it('finds a trust with no condition at all', () => {
    expect(trustedBy([webIdentity(undefined, 'Open')])).toEqual([
      `${REASON}: trust statement Open lets ${GITHUB} in without an audience condition (<issuer>:aud) (guarded/ci)`,
    ]);
  });

  it('does not count an audience under a negated or ForAllValues operator, which pass when the claim differs or is absent', () => {
    expect(
      trustedBy([webIdentity({ StringNotEquals: { 'token.actions.githubusercontent.com:aud': 'x' }, StringEquals: SUBJECT })]),
    ).toHaveLength(1);
    expect(
      trustedBy([
        webIdentity({
          'ForAllValues:StringEquals': { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringEquals: SUBJECT,
        }),
      ]),
    ).toHaveLength(1);
  });

  it('passes an audience pinned by StringEquals', () => {
    expect(
      trustedBy([webIdentity({ StringEquals: { ...SUBJECT, 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } })]),
    ).toEqual([]);
  });

  it('leaves service and account trusts to other rules: they carry no token', () => {
    expect(
      trustedBy([
        { Effect: 'Allow', Principal: { Service: 'mediaconvert.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { Federated: GITHUB }, Action: 'sts:AssumeRoleWithWebIdentity' },
      ]),
    ).toEqual([]);
  });
});
