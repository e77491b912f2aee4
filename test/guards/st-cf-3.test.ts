import { describe, expect, it } from 'vitest';
import { ST_CF_3 } from '../../src/guards/rules/st-cf-3';
import { guardedStack, hlsDistribution, messagesOf } from './guarded';

const REASON = '[ST-CF-3] nothing from the HLS bucket is served without signed cookies';

const behavior = (pathPattern: string, targetOriginId: string, trustedKeyGroups?: string[]) => ({
  pathPattern,
  targetOriginId,
  viewerProtocolPolicy: 'redirect-to-https',
  allowedMethods: ['GET', 'HEAD'],
  cachedMethods: ['GET', 'HEAD'],
  cachePolicyId: 'p',
  trustedKeyGroups,
});

describe('ST-CF-3: nothing from the HLS bucket is served without signed cookies', () => {
  it('finds an HLS behavior without the trusted key group', () => {
    const stack = guardedStack();
    hlsDistribution(stack, { orderedCacheBehavior: [behavior('*.m3u8', 'hls')] });
    expect(messagesOf(stack)).toEqual([`${REASON}: behavior *.m3u8 has no trusted key group (guarded/distribution)`]);
  });

  it('finds the default behavior, and leaves behaviors of a custom origin alone', () => {
    const stack = guardedStack();
    const { pathPattern: _, ...unsigned } = behavior('', 'hls');
    hlsDistribution(stack, {
      origin: [
        { originId: 'hls', domainName: 'storytime-hls-outputs-dev.s3.us-east-1.amazonaws.com', originAccessControlId: 'E2OAC' },
        {
          originId: 'api',
          domainName: 'origin-api.dev.storytime.example',
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
        },
      ],
      defaultCacheBehavior: unsigned,
      orderedCacheBehavior: [behavior('/api/*', 'api'), behavior('*.ts', 'hls', ['kg'])],
    });
    expect(messagesOf(stack, {}, [ST_CF_3])).toEqual([`${REASON}: behavior (default) has no trusted key group (guarded/distribution)`]);
  });

  it('takes an origin behind OAC for an S3 origin whatever its name', () => {
    const stack = guardedStack();
    hlsDistribution(stack, {
      origin: [{ originId: 'media', domainName: 'media.dev.storytime.example', originAccessControlId: 'E2OAC' }],
      defaultCacheBehavior: behavior('', 'media', ['kg']),
      orderedCacheBehavior: [behavior('books/*', 'media')],
    });
    expect(messagesOf(stack, {}, [ST_CF_3])).toEqual([`${REASON}: behavior books/* has no trusted key group (guarded/distribution)`]);
  });

  it('finds a behavior on an origin group with an S3 member, as on the bucket itself, and leaves a group of custom origins alone', () => {
    const stack = guardedStack();
    const custom = (originId: string) => ({
      originId,
      domainName: `${originId}.dev.storytime.example`,
      customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
    });
    hlsDistribution(stack, {
      origin: [
        { originId: 'hls', domainName: 'storytime-hls-outputs-dev.s3.us-east-1.amazonaws.com', originAccessControlId: 'E2OAC' },
        { originId: 'replica', domainName: 'storytime-hls-outputs-replica-dev.s3.us-west-2.amazonaws.com', originAccessControlId: 'E3OAC' },
        custom('api'),
        custom('api-b'),
      ],
      originGroup: [
        {
          originId: 'hls-group',
          failoverCriteria: { statusCodes: [403, 404, 500, 502, 503, 504] },
          member: [{ originId: 'hls' }, { originId: 'replica' }],
        },
        { originId: 'api-group', failoverCriteria: { statusCodes: [502] }, member: [{ originId: 'api' }, { originId: 'api-b' }] },
      ],
      defaultCacheBehavior: behavior('', 'hls-group', ['kg']),
      orderedCacheBehavior: [behavior('*.m3u8', 'hls-group'), behavior('/api/*', 'api-group')],
    });
    expect(messagesOf(stack, {}, [ST_CF_3])).toEqual([`${REASON}: behavior *.m3u8 has no trusted key group (guarded/distribution)`]);
  });
});
