import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { describe, expect, it } from 'vitest';
import { policyJson } from '../../modules/shared/policy';
import { guardedStack, messagesOf } from './guarded';
import { detailsOf } from './guarded';
import { ST_ENV_2 } from '../../src/guards/rules/st-env-2';

const REASON = '[ST-ENV-2] a stack references ARNs of its own account only, and load balancers and keys of its own region';
const PROD = { environment: 'prod', accountId: '222222222222', region: 'us-east-1' };
const devListener = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-web/1/2';

describe('ST-ENV-2: ARNs that reach the synthesized resources', () => {
  it('finds an ARN of another account, a load balancer of another region and a key inside a policy document', () => {
    const stack = guardedStack();
    new LbListenerRule(stack, 'rule', {
      listenerArn: devListener,
      priority: 90,
      action: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:us-west-2:222222222222:targetgroup/api/3' }],
      condition: [{ pathPattern: { values: ['/api/*'] } }],
    });
    new IamPolicy(stack, 'policy', {
      name: 'p',
      policy: policyJson([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:333333333333:key/k' }]),
    });
    expect(messagesOf(stack, PROD)).toEqual([
      `${REASON}: '${devListener}' is in account 111111111111, but this stack deploys to 222222222222 (guarded/rule)`,
      `${REASON}: 'arn:aws:elasticloadbalancing:us-west-2:222222222222:targetgroup/api/3' is in region us-west-2, but this stack is in us-east-1 (guarded/rule)`,
      `${REASON}: 'arn:aws:kms:us-east-1:333333333333:key/k' is in account 333333333333, but this stack deploys to 222222222222 (guarded/policy)`,
    ]);
  });

  it('finds a certificate outside us-east-1, and lets values marked shared through', () => {
    const stack = guardedStack();
    new LbListenerRule(stack, 'rule', {
      listenerArn: devListener,
      priority: 90,
      action: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '403' } }],
      condition: [{ pathPattern: { values: ['/api/*'] } }],
    });
    new IamPolicy(stack, 'policy', {
      name: 'p',
      policy: policyJson([
        { Effect: 'Allow', Action: 'acm:DescribeCertificate', Resource: 'arn:aws:acm:eu-west-1:222222222222:certificate/c' },
        { Effect: 'Allow', Action: 'wafv2:GetWebACL', Resource: 'arn:aws:wafv2:eu-west-1:222222222222:regional/webacl/w/1' },
      ]),
    });
    expect(messagesOf(stack, { ...PROD, sharedValues: [devListener] })).toEqual([
      `${REASON}: 'arn:aws:acm:eu-west-1:222222222222:certificate/c' is in region eu-west-1, but CloudFront uses acm only from us-east-1 (guarded/policy)`,
      `${REASON}: 'arn:aws:wafv2:eu-west-1:222222222222:regional/webacl/w/1' is in region eu-west-1, but CloudFront uses wafv2 only from us-east-1 (guarded/policy)`,
    ]);
  });

  it('checks no account or region the scope does not name, and holds only load balancers and keys to the stack region', () => {
    const stack = guardedStack();
    new IamPolicy(stack, 'policy', {
      name: 'p',
      policy: policyJson([
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:333333333333:key/k' },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:222222222222:q' },
      ]),
    });
    expect(messagesOf(stack, { environment: 'prod' })).toEqual([]);
    expect(messagesOf(stack, PROD)).toEqual([
      `${REASON}: 'arn:aws:kms:eu-west-1:333333333333:key/k' is in account 333333333333, but this stack deploys to 222222222222 (guarded/policy)`,
    ]);
  });

  it("holds load balancers and keys to the stack's region and the additional regions it names, such as the HLS replica's", () => {
    const stack = guardedStack();
    new IamPolicy(stack, 'policy', {
      name: 'p',
      policy: policyJson([
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-west-2:222222222222:key/replica' },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:222222222222:key/other' },
      ]),
    });
    expect(messagesOf(stack, PROD)).toEqual([
      `${REASON}: 'arn:aws:kms:us-west-2:222222222222:key/replica' is in region us-west-2, but this stack is in us-east-1 (guarded/policy)`,
      `${REASON}: 'arn:aws:kms:eu-west-1:222222222222:key/other' is in region eu-west-1, but this stack is in us-east-1 (guarded/policy)`,
    ]);
    expect(messagesOf(stack, { ...PROD, additionalRegions: ['us-west-2'] })).toEqual([
      `${REASON}: 'arn:aws:kms:eu-west-1:222222222222:key/other' is in region eu-west-1, but this stack is in us-east-1 and us-west-2 (guarded/policy)`,
    ]);
  });
});

describe('ST-ENV-2, in detail', () => {
  it('reads ARNs of every partition, and passes over null and numbers in the JSON', () => {
    const key = 'arn:aws-us-gov:kms:us-gov-west-1:222222222222:key/k';
    expect(detailsOf(ST_ENV_2, { aws_iam_policy: { p: { name: null, count: 1, policy: [key] } } }, PROD)).toEqual([
      `'${key}' is in region us-gov-west-1, but this stack is in us-east-1`,
    ]);
  });
});
