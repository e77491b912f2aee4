import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { describe, expect, it } from 'vitest';
import { policyJson } from '../../modules/shared/policy';
import { ST_IAM_1 } from '../../src/guards/rules/st-iam-1';
import { guardedStack, messagesOf } from './guarded';

const REASON = '[ST-IAM-1] no IAM statement allows every action';

describe('ST-IAM-1: no IAM statement allows every action', () => {
  it('finds Action "*" in a managed and in an inline policy', () => {
    const stack = guardedStack();
    new IamPolicy(stack, 'admin', { name: 'admin', policy: policyJson([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x' }]) });
    new IamRolePolicy(stack, 'inline', {
      role: 'r',
      policy: policyJson([{ Sid: 'Everything', Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: 'arn:aws:s3:::x' }]),
    });
    expect(messagesOf(stack)).toEqual([
      `${REASON}: statement (no Sid) has Action "*" (guarded/admin)`,
      `${REASON}: statement Everything has Action "*" (guarded/inline)`,
    ]);
  });

  it('takes a Deny of every action for what it is: not a grant', () => {
    const stack = guardedStack();
    new IamPolicy(stack, 'deny', { name: 'deny', policy: policyJson([{ Effect: 'Deny', Action: '*', Resource: '*' }]) });
    expect(messagesOf(stack, {}, [ST_IAM_1])).toEqual([]);
  });
});
