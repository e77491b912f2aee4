import type { EnvironmentSettingsInput } from '../schema/schema';

/**
 * Example settings for dev. Every module is enabled so that synth and plan
 * cover everything. PLACEHOLDER values (account ids, ARNs, domains, zone ids,
 * ALB names) must be replaced with your own before an apply.
 */
export const settings: EnvironmentSettingsInput = {
  project: 'storytime',
  environment: 'dev',
  // Lighter protection than production: the signing key comes from a Terraform variable (docs/settings.md, "Tiers").
  tier: { name: 'non-production', reason: 'developer sandbox: test uploads only, rebuilt at will' },
  aws: {
    region: 'us-east-1',
    accountId: '111111111111', // PLACEHOLDER
    allowedAccountIds: ['111111111111'], // PLACEHOLDER
  },
  backend: {
    type: 's3',
    // Created in this account by the storytime-state-dev bootstrap (docs/state.md).
    bucket: 'storytime-terraform-state-dev-example', // PLACEHOLDER: bucket names are global
    lockTable: 'storytime-terraform-locks',
    region: 'us-east-1',
    // Switch to 'bucket' once the bootstrap is applied, then run `npm run state:migrate -- dev`.
    bootstrapState: 'local',
  },
  uploads: {
    adminOrigins: ['https://admin.dev.storytime.example'], // PLACEHOLDER
    archiveAfterDays: 30,
  },
  cdn: {
    customDomain: {
      domainName: 'cdn.dev.storytime.example', // PLACEHOLDER
      certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-4000-8000-000000000001', // PLACEHOLDER
      hostedZoneId: 'Z00000000000000000001', // PLACEHOLDER
    },
    playbackCorsOrigins: ['https://admin.dev.storytime.example'], // PLACEHOLDER
    // The web ACL storytime-dev-cdn is created here, as in prod; the rate limit only counts, so that load tests
    // show what prod would block without being blocked (docs/waf.md).
    waf: { countMode: ['rate-limit'] },
  },
  signing: {
    // Example public key: generate your own pair (README, "CloudFront key rotation").
    publicKeys: [
      {
        name: '2026-11',
        pem: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz1Ehr6jnNxd74fyTXtak
9sgKWdN+Lpt7OmZXvOzjLnuErNyyvWddD6+7VnFzcGWxi3kAwdDmAPsyw1DPkAg7
zdcBe7dWyRDUh1FRx5Ny9JJYIT5AjGHIWUJrSYXXN2T1tYLeGd6B095WW4bZG3+M
krUg/JNSUgQSG9dM1Q/VH9fUpW2cvZtXgwYdEpVzxskThhEqZbJGAaXjLTOx6657
7EMM+wZccyzQDQLeWzt8hyh9IlaPjrGTAjKD6CaLspx1wtnZFiEWCdY0LsjjagGc
TG3e6VXlZHfAV5W9fsLDvfPbddbbUQp0JnReB1RFSlSgfQ8B2RZxkZB3Ixklwmio
SwIDAQAB
-----END PUBLIC KEY-----
`,
      },
    ],
    activeKey: '2026-11',
  },
  alb: {
    enabled: true,
    listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-dev/0123456789abcdef/0123456789abcdef', // PLACEHOLDER
    dnsName: 'storytime-dev-0123456789.us-east-1.elb.amazonaws.com', // PLACEHOLDER
    // CloudFront reaches the ALB by this name over HTTPS: the ALB's certificate must cover it (docs/alb.md).
    originDomainName: 'origin-api.dev.storytime.example', // PLACEHOLDER
    originRecord: {
      hostedZoneId: 'Z00000000000000000001', // PLACEHOLDER: the zone of originDomainName
      albHostedZoneId: 'Z35SXDOTRQ7X7K', // CanonicalHostedZoneId of ALBs in us-east-1
    },
    apiTargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/storytime-dev-api/0123456789abcdef', // PLACEHOLDER
    apiHost: 'api.dev.storytime.example', // PLACEHOLDER
  },
  // GitHub Actions plans pull requests and applies main's deployments to the GitHub environment `dev`
  // with short-lived roles that storytime-state-dev creates (README, "Deploy from CI").
  deployIdentities: {
    github: { repository: 'octo-org/storytime-infra' }, // PLACEHOLDER: your repository
  },
  tags: { CostCenter: 'video-library' },
};
