import { CloudfrontVpcOrigin } from '@cdktf/provider-aws/lib/cloudfront-vpc-origin';
import { describe, expect, it } from 'vitest';
import { ST_CF_4 } from '../../src/guards/rules/st-cf-4';
import { guardedStack, hlsDistribution, messagesOf } from './guarded';
import { detailsOf } from './guarded';

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

  it('reads the protocol of a VPC origin from the aws_cloudfront_vpc_origin it names, HTTPS when that one is elsewhere', () => {
    const stack = guardedStack();
    const vpcOrigin = (id: string, policy: string) =>
      new CloudfrontVpcOrigin(stack, id, {
        vpcOriginEndpointConfig: [
          {
            name: id,
            arn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/storytime-dev/0123456789abcdef',
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: policy,
            originSslProtocols: [{ items: ['TLSv1.2'], quantity: 1 }],
          },
        ],
      }).id;
    const internal = 'internal-storytime-dev-1.us-east-1.elb.amazonaws.com';
    hlsDistribution(stack, {
      origin: [
        { originId: 'https', domainName: internal, vpcOriginConfig: { vpcOriginId: vpcOrigin('https', 'https-only') } },
        { originId: 'plain', domainName: internal, vpcOriginConfig: { vpcOriginId: vpcOrigin('plain', 'http-only') } },
        { originId: 'elsewhere', domainName: internal, vpcOriginConfig: { vpcOriginId: 'vo_made_elsewhere' } },
        {
          originId: 'named',
          domainName: 'origin-api.dev.storytime.example',
          vpcOriginConfig: { vpcOriginId: vpcOrigin('named', 'https-only') },
        },
      ],
    });
    const message = (id: string) =>
      `${REASON}: origin ${id} '${internal}' is the ALB's own name, which no certificate can cover (CloudFront answers 502); set alb.originDomainName to a name the ALB certificate covers (guarded/distribution)`;
    expect(messagesOf(stack, {}, [ST_CF_4])).toEqual([message('https'), message('elsewhere')]);
  });
});

describe('ST-CF-4, in detail', () => {
  it('leaves S3 origins alone, and names only a domain that ends in the ALB suffix', () => {
    const custom = (origin_id: string, domain_name: string) => ({
      origin_id,
      domain_name,
      custom_origin_config: { origin_protocol_policy: 'https-only' },
    });
    const distribution = {
      origin: [
        { origin_id: 's3', domain_name: 'odd.elb.amazonaws.com', origin_access_control_id: 'oac' },
        custom('suffixed', 'api.elb.amazonaws.com.example.org'),
        custom('alb', 'x.elb.amazonaws.com'),
      ],
    };
    expect(detailsOf(ST_CF_4, { aws_cloudfront_distribution: { d: distribution } })).toEqual([
      "origin alb 'x.elb.amazonaws.com' is the ALB's own name, which no certificate can cover (CloudFront answers 502); set alb.originDomainName to a name the ALB certificate covers",
    ]);
  });
});
