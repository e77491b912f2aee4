import { describe, expect, it } from 'vitest';
import { ST_CF_5 } from '../../src/guards/rules/st-cf-5';
import { guardedStack, hlsDistribution, messagesOf } from './guarded';
import { detailsOf } from './guarded';

const FINDING =
  '[ST-CF-5] in the production tier, every distribution is behind a WAF web ACL: the distribution has no web_acl_id: create the web ACL with cdn.waf or attach one with cdn.webAclArn (guarded/distribution)';

describe('ST-CF-5: a web ACL in front of every production distribution', () => {
  it('finds a distribution without a web ACL in the production tier, whatever the environment is called', () => {
    const stack = guardedStack();
    hlsDistribution(stack, { webAclId: undefined });
    expect(messagesOf(stack, { environment: 'dev', tier: 'production' }, [ST_CF_5])).toEqual([FINDING]);
  });

  it('finds an empty web ACL id', () => {
    const stack = guardedStack();
    hlsDistribution(stack, { webAclId: '' });
    expect(messagesOf(stack, { tier: 'production' }, [ST_CF_5])).toEqual([FINDING]);
  });

  it('passes an attached ARN, and does not apply to the non-production tier, even in an environment called prod', () => {
    const attached = guardedStack();
    hlsDistribution(attached, {
      webAclId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/storytime-dev-cdn/00000000-0000-4000-8000-000000000001',
    });
    expect(messagesOf(attached, { tier: 'production' }, [ST_CF_5])).toEqual([]);
    const bare = guardedStack();
    hlsDistribution(bare, { webAclId: undefined });
    expect(messagesOf(bare, { environment: 'prod', tier: 'non-production' }, [ST_CF_5])).toEqual([]);
  });
});

describe('ST-CF-5, in detail', () => {
  it('counts a web_acl_id of blanks as none', () => {
    expect(detailsOf(ST_CF_5, { aws_cloudfront_distribution: { d: { web_acl_id: '  ' } } })).toEqual([
      'the distribution has no web_acl_id: create the web ACL with cdn.waf or attach one with cdn.webAclArn',
    ]);
  });
});
