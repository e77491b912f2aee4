import { actionsOf, identityPolicyStatements, resourcesOf, sidOf } from '../policies';
import type { GuardRule } from '../rule';

/**
 * Actions with no resource-level permission, for which IAM accepts only
 * `Resource: "*"` (Service Authorization Reference: no resource type). The
 * CloudFront creates, key groups and public keys, and KMS CreateKey are what
 * the deploy roles need to create and read an environment.
 */
const ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS: ReadonlySet<string> = new Set([
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
]);

export const ST_IAM_2: GuardRule = {
  id: 'ST-IAM-2',
  reason: 'Resource "*" only for actions that have no resource-level permissions',
  check: (resources) =>
    identityPolicyStatements(resources)
      .filter(({ statement }) => statement.Effect === 'Allow' && resourcesOf(statement).includes('*'))
      .flatMap(({ resource, statement }) =>
        actionsOf(statement)
          .filter((action) => !ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS.has(action))
          .map((action) => ({ resource, detail: `statement ${sidOf(statement)} grants ${action} on "*"` })),
      ),
};
