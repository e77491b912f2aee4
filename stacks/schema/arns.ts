/**
 * ARN fields of the settings, each refused when it names another service or
 * resource type (an alias where a key is needed, a target group where the
 * listener is) or another partition (modules/shared/arn.ts says why only aws).
 * Account and region are checked against the stack (arn-scope.ts).
 */
import { z } from 'zod';
import { arnProblem, type ExpectedArn } from '../../modules/shared/arn';
import { checkedBy } from './module-checks';

export const arnOf = (expected: ExpectedArn, params?: z.RawCreateParams) =>
  z.string(params).superRefine(checkedBy((value: string) => arnProblem(value, expected)));

/** Key policies, grants and SSE-KMS take a key; an alias is refused by grants and policies alike. */
export const KMS_KEY: ExpectedArn = {
  label: 'a KMS key',
  service: 'kms',
  resource: /^key\/[A-Za-z0-9-]+$/,
  example: 'arn:aws:kms:<region>:<account>:key/<id>',
  hints: {
    'kms alias':
      "key policies and grants need the key's own ARN, arn:aws:kms:<region>:<account>:key/<id> (aws kms describe-key --key-id alias/<name> prints it)",
  },
};

/** The global/regional distinction is the stack's rule (arn-scope.ts), which names the CloudFront form. */
export const WEB_ACL: ExpectedArn = {
  label: 'a WAFv2 web ACL',
  service: 'wafv2',
  resource: /^(global|regional)\/webacl\/[^/]+\/[^/]+$/,
  example: 'arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>',
};

const ALB_LISTENERS = 'aws elbv2 describe-listeners --load-balancer-arn <ALB ARN> lists them';

export const ALB_LISTENER: ExpectedArn = {
  label: 'an ALB listener',
  service: 'elasticloadbalancing',
  resource: /^listener\/app\/[^/]+\/[0-9a-f]+\/[0-9a-f]+$/,
  example: 'arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<id>/<id>',
  hints: {
    'elasticloadbalancing listener-rule': `a rule, not its listener: give the HTTPS listener's ARN (${ALB_LISTENERS})`,
    'elasticloadbalancing loadbalancer': `the load balancer, not its listener: give the HTTPS listener's ARN (${ALB_LISTENERS})`,
    'elasticloadbalancing targetgroup': `a target group where the HTTPS listener is expected (${ALB_LISTENERS})`,
  },
};

export const TARGET_GROUP: ExpectedArn = {
  label: 'a target group',
  service: 'elasticloadbalancing',
  resource: /^targetgroup\/[^/]+\/[0-9a-f]+$/,
  example: 'arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>',
  hints: { 'elasticloadbalancing listener': "a listener where the API's target group is expected: give the target group's ARN" },
};
