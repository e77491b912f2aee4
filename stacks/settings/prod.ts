import type { EnvironmentSettingsInput } from '../schema/schema';

/**
 * Example settings for prod. PLACEHOLDER values (account ids, ARNs, domains,
 * zone ids, ALB names) must be replaced with your own before an apply.
 */
export const settings: EnvironmentSettingsInput = {
  project: 'storytime',
  environment: 'prod',
  // The default, written out: the signing key never enters Terraform state (docs/settings.md, "Tiers").
  tier: { name: 'production' },
  aws: {
    region: 'us-east-1',
    accountId: '222222222222', // PLACEHOLDER
    allowedAccountIds: ['222222222222'], // PLACEHOLDER
  },
  backend: {
    type: 's3',
    // Created in this account by the storytime-state-prod bootstrap (docs/state.md).
    bucket: 'storytime-terraform-state-prod-example', // PLACEHOLDER: bucket names are global
    lockTable: 'storytime-terraform-locks',
    region: 'us-east-1',
    // Switch to 'bucket' once the bootstrap is applied, then run `npm run state:migrate -- prod`.
    bootstrapState: 'local',
  },
  uploads: {
    adminOrigins: ['https://admin.storytime.example'], // PLACEHOLDER
    archiveAfterDays: 60,
  },
  cdn: {
    priceClass: 'PriceClass_All',
    customDomain: {
      domainName: 'cdn.storytime.example', // PLACEHOLDER
      certificateArn: 'arn:aws:acm:us-east-1:222222222222:certificate/00000000-0000-4000-8000-000000000002', // PLACEHOLDER
      hostedZoneId: 'Z00000000000000000002', // PLACEHOLDER
    },
    // Origin Shield: one more cache layer in the region closest to the HLS bucket, so that a segment is
    // fetched from S3 once, not once per regional edge cache. It costs a per-request fee on every request
    // that reaches it (edge misses only); worth it at prod's audience, not in dev (docs/alarms.md).
    originShieldRegion: 'us-east-1',
    // The pages that host the web player (docs/signed-cookies.md, "Worked example").
    playbackCorsOrigins: ['https://storytime.example', 'https://www.storytime.example'], // PLACEHOLDER
    // No webAclArn: the production tier creates the web ACL storytime-prod-cdn here, with AWS managed rules and
    // 2000 requests per 5 minutes per IP. For its first week, waf: { countMode: [...] } lets rules count (docs/waf.md).
  },
  signing: {
    // Example public key: generate your own pair (README, "CloudFront key rotation").
    publicKeys: [
      {
        name: '2026-11',
        pem: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAjiORUbdg+HfIdzIPHg1i
u69RD1SWZVG9lK0VSy9lmoLpdrBX6gK6cUifdMAiKPBwlf/Ydvpc3NI5u73pmmuV
BbsDPhHVpvX0s1Te60G4LZRk4yb15CXN4jUgW7LhgoysyKSBV3fqZcbt8GbZUCv9
rqI6FPoXEUNKucQg+FzsBGHHwLxoHlCvYrempO0kl+0N9Ca2pEXGIVbtkvW+31nu
QNMOacz2GwoFwYHVafFTWjLXBMMNvfYJ8DXSQWAUmHlrS2XqIh//IBFP+c4thGP/
JEt6tpJQu/9kn8vpGsILTETOwe1LMqXSfc7xzFaokJ9meMPsTOaZOxRdg9Cy9YCy
hwIDAQAB
-----END PUBLIC KEY-----
`,
      },
    ],
    activeKey: '2026-11',
  },
  alarms: {
    // Each address receives a confirmation email from AWS after the first apply.
    emails: ['video-oncall@storytime.example'], // PLACEHOLDER
  },
  alb: {
    enabled: true,
    listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/storytime-prod/0123456789abcdef/0123456789abcdef', // PLACEHOLDER
    dnsName: 'storytime-prod-0123456789.us-east-1.elb.amazonaws.com', // PLACEHOLDER
    // CloudFront reaches the ALB by this name over HTTPS: the ALB's certificate must cover it (docs/alb.md).
    originDomainName: 'origin-api.storytime.example', // PLACEHOLDER
    originRecord: {
      hostedZoneId: 'Z00000000000000000002', // PLACEHOLDER: the zone of originDomainName
      albHostedZoneId: 'Z35SXDOTRQ7X7K', // CanonicalHostedZoneId of ALBs in us-east-1
    },
    apiTargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:targetgroup/storytime-prod-api/0123456789abcdef', // PLACEHOLDER
    apiHost: 'api.storytime.example', // PLACEHOLDER
  },
  tags: { CostCenter: 'video-library' },
};
