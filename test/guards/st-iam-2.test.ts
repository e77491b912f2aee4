import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { describe, expect, it } from 'vitest';
import { policyJson, type PolicyStatement } from '../../modules/shared/policy';
import { ST_IAM_2 } from '../../src/guards/rules/st-iam-2';
import { guardedStack, messagesOf } from './guarded';

const REASON = '[ST-IAM-2] Resource "*" only for actions that have no resource-level permissions';

/** ST-IAM-2's messages for an inline policy `wide` holding `statements`. */
function withStatements(statements: PolicyStatement[]): string[] {
  const stack = guardedStack();
  new IamRolePolicy(stack, 'wide', { role: 'r', policy: policyJson(statements) });
  return messagesOf(stack, {}, [ST_IAM_2]);
}

describe('ST-IAM-2: Resource "*" only for actions without resource-level permissions', () => {
  it('finds Resource "*" for an action with resource-level permissions, but not for DescribeEndpoints', () => {
    const stack = guardedStack();
    new IamRolePolicy(stack, 'wide', {
      role: 'r',
      policy: policyJson([
        { Effect: 'Allow', Action: 'mediaconvert:DescribeEndpoints', Resource: '*' },
        { Sid: 'Wide', Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' },
      ]),
    });
    expect(messagesOf(stack)).toEqual([`${REASON}: statement Wide grants s3:GetObject on "*" (guarded/wide)`]);
  });

  it.each([
    'mediaconvert:DescribeEndpoints',
    's3:ListAllMyBuckets',
    'sts:GetCallerIdentity',
    'cloudfront:ListDistributions',
    'logs:DescribeLogGroups',
    'cloudfront:CreateCachePolicy',
    'cloudfront:CreateDistribution',
    'cloudfront:CreateOriginAccessControl',
    'cloudfront:CreateResponseHeadersPolicy',
    'cloudfront:CreateKeyGroup',
    'cloudfront:GetKeyGroup',
    'cloudfront:GetKeyGroupConfig',
    'cloudfront:UpdateKeyGroup',
    'cloudfront:DeleteKeyGroup',
    'cloudfront:CreatePublicKey',
    'cloudfront:GetPublicKey',
    'cloudfront:GetPublicKeyConfig',
    'cloudfront:UpdatePublicKey',
    'cloudfront:DeletePublicKey',
    'elasticloadbalancing:DescribeRules',
    'elasticloadbalancing:DescribeTags',
    'kms:CreateKey',
  ])('lets %s, which has no resource-level permission, take Resource "*"', (action) => {
    expect(withStatements([{ Effect: 'Allow', Action: action, Resource: '*' }])).toEqual([]);
  });

  it('refuses "*" for the CloudFront, load balancer and KMS actions that do have resource types', () => {
    expect(
      withStatements([
        {
          Sid: 'Near',
          Effect: 'Allow',
          Action: [
            'cloudfront:UpdateDistribution',
            'cloudfront:CreateInvalidation',
            'elasticloadbalancing:CreateRule',
            'kms:ScheduleKeyDeletion',
          ],
          Resource: '*',
        },
      ]),
    ).toEqual([
      `${REASON}: statement Near grants cloudfront:UpdateDistribution on "*" (guarded/wide)`,
      `${REASON}: statement Near grants cloudfront:CreateInvalidation on "*" (guarded/wide)`,
      `${REASON}: statement Near grants elasticloadbalancing:CreateRule on "*" (guarded/wide)`,
      `${REASON}: statement Near grants kms:ScheduleKeyDeletion on "*" (guarded/wide)`,
    ]);
  });

  it('names each other action of the statement, and finds "*" among other resources', () => {
    expect(
      withStatements([
        {
          Sid: 'Mixed',
          Effect: 'Allow',
          Action: ['s3:ListAllMyBuckets', 'mediaconvert:CreateJob', 'mediaconvert:GetJob'],
          Resource: ['arn:aws:s3:::x', '*'],
        },
      ]),
    ).toEqual([
      `${REASON}: statement Mixed grants mediaconvert:CreateJob on "*" (guarded/wide)`,
      `${REASON}: statement Mixed grants mediaconvert:GetJob on "*" (guarded/wide)`,
    ]);
  });

  it('takes a Deny on "*" for what it is: not a grant', () => {
    const stack = guardedStack();
    new IamPolicy(stack, 'deny', {
      name: 'deny',
      policy: policyJson([{ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }]),
    });
    expect(messagesOf(stack, {}, [ST_IAM_2])).toEqual([]);
  });
});
