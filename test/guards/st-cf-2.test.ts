import { describe, expect, it } from 'vitest';
import { ST_CF_2 } from '../../src/guards/rules/st-cf-2';
import { guardedStack, hlsDistribution, messagesOf } from './guarded';

const REASON = '[ST-CF-2] a custom domain is served with TLSv1.2_2021 or newer';
const CERTIFICATE = 'arn:aws:acm:us-east-1:111111111111:certificate/abc';

/** ST-CF-2's messages for a distribution on the custom domain with `minimumProtocolVersion`. */
function withCustomDomain(minimumProtocolVersion?: string): string[] {
  const stack = guardedStack();
  hlsDistribution(stack, {
    aliases: ['cdn.dev.storytime.example'],
    viewerCertificate: { acmCertificateArn: CERTIFICATE, sslSupportMethod: 'sni-only', minimumProtocolVersion },
  });
  return messagesOf(stack, {}, [ST_CF_2]);
}

describe('ST-CF-2: a custom domain is served with TLSv1.2_2021 or newer', () => {
  it('finds a custom domain below TLSv1.2_2021', () => {
    const stack = guardedStack();
    hlsDistribution(stack, {
      aliases: ['cdn.dev.storytime.example'],
      viewerCertificate: { acmCertificateArn: CERTIFICATE, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.1_2016' },
    });
    expect(messagesOf(stack)).toEqual([`${REASON}: minimum_protocol_version is TLSv1.1_2016 (guarded/distribution)`]);
  });

  it.each(['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'])('passes %s', (version) => {
    expect(withCustomDomain(version)).toEqual([]);
  });

  it("finds TLSv1.2_2019, and Terraform's default TLSv1 when the version is left out", () => {
    expect(withCustomDomain('TLSv1.2_2019')).toEqual([`${REASON}: minimum_protocol_version is TLSv1.2_2019 (guarded/distribution)`]);
    expect(withCustomDomain(undefined)).toEqual([`${REASON}: minimum_protocol_version is TLSv1 (guarded/distribution)`]);
  });

  it('applies to an IAM certificate too, and never to the *.cloudfront.net name', () => {
    const stack = guardedStack();
    hlsDistribution(stack, { viewerCertificate: { iamCertificateId: 'ASCA1', sslSupportMethod: 'sni-only' } });
    expect(messagesOf(stack, {}, [ST_CF_2])).toEqual([`${REASON}: minimum_protocol_version is TLSv1 (guarded/distribution)`]);
    const plain = guardedStack();
    hlsDistribution(plain, { viewerCertificate: { cloudfrontDefaultCertificate: true, minimumProtocolVersion: 'TLSv1' } });
    expect(messagesOf(plain, {}, [ST_CF_2])).toEqual([]);
  });
});
