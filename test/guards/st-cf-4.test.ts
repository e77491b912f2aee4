import { describe, expect, it } from 'vitest';
import { ST_CF_4 } from '../../src/guards/rules/st-cf-4';
import { guardedStack, hlsDistribution, messagesOf } from './guarded';

const REASON = '[ST-CF-4] CloudFront reaches a custom origin over HTTPS only by a name its certificate can cover';

const origin = (id: string, policy: string, domainName = 'Storytime-Dev-1.us-east-1.ELB.amazonaws.com') => ({
  originId: id,
  domainName,
  customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: policy, originSslProtocols: ['TLSv1.2'] },
});

describe("ST-CF-4: never the ALB's own name over HTTPS", () => {
  it('refuses any https-only or match-viewer origin under elb.amazonaws.com, but not an http-only one', () => {
    const stack = guardedStack();
    hlsDistribution(stack, {
      origin: [origin('api', 'https-only'), origin('plain', 'http-only'), origin('viewer', 'match-viewer')],
      defaultCacheBehavior: {
        targetOriginId: 'api',
        viewerProtocolPolicy: 'https-only',
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: 'p',
      },
    });
    expect(messagesOf(stack)).toEqual([
      `${REASON}: origin api 'Storytime-Dev-1.us-east-1.ELB.amazonaws.com' is the ALB's own name, which no certificate can cover (CloudFront answers 502); set alb.originDomainName to a name the ALB certificate covers (guarded/distribution)`,
      `${REASON}: origin viewer 'Storytime-Dev-1.us-east-1.ELB.amazonaws.com' is the ALB's own name, which no certificate can cover (CloudFront answers 502); set alb.originDomainName to a name the ALB certificate covers (guarded/distribution)`,
    ]);
  });

  it('passes a name the ALB certificate can cover', () => {
    const stack = guardedStack();
    hlsDistribution(stack, {
      origin: [
        origin('api', 'https-only', 'origin-api.dev.storytime.example'),
        origin('lookalike', 'https-only', 'elb.amazonaws.com.example'),
      ],
    });
    expect(messagesOf(stack, {}, [ST_CF_4])).toEqual([]);
  });
});
