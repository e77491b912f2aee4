import { describe, expect, it } from 'vitest';
import { ST_CF_1 } from '../../src/guards/rules/st-cf-1';
import { guardedStack, hlsDistribution, messagesOf } from './guarded';

const REASON = '[ST-CF-1] S3 origins are reached only through Origin Access Control';

describe('ST-CF-1: S3 origins only through Origin Access Control', () => {
  it('finds an S3 origin without OAC', () => {
    const stack = guardedStack();
    hlsDistribution(stack, { origin: [{ originId: 'hls', domainName: 'storytime-hls-outputs-dev.s3.us-east-1.amazonaws.com' }] });
    expect(messagesOf(stack)).toEqual([`${REASON}: origin hls has no origin_access_control_id (guarded/distribution)`]);
  });

  it('knows an S3 origin by a bucket reference or an s3 endpoint name, and a custom origin by its config', () => {
    const stack = guardedStack();
    hlsDistribution(stack, {
      origin: [
        { originId: 'hls', domainName: 'storytime-hls-outputs-dev.s3.us-east-1.amazonaws.com', originAccessControlId: 'E2OAC' },
        { originId: 'regional', domainName: '${aws_s3_bucket.hls.bucket_regional_domain_name}' },
        { originId: 'global', domainName: '${aws_s3_bucket.hls.bucket_domain_name}' },
        { originId: 'dashed', domainName: 'storytime-hls-outputs-dev.s3-us-west-2.amazonaws.com' },
        {
          originId: 'website',
          domainName: 'storytime-site-dev.s3-website-us-east-1.amazonaws.com',
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'http-only', originSslProtocols: ['TLSv1.2'] },
        },
        { originId: 'media', domainName: 'media.dev.storytime.example' },
      ],
    });
    expect(messagesOf(stack, {}, [ST_CF_1])).toEqual([
      `${REASON}: origin regional has no origin_access_control_id (guarded/distribution)`,
      `${REASON}: origin global has no origin_access_control_id (guarded/distribution)`,
      `${REASON}: origin dashed has no origin_access_control_id (guarded/distribution)`,
    ]);
  });
});
