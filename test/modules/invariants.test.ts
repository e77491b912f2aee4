import { App, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { AlbRules, type AlbRulesProps } from '../../modules/alb_rules';
import { CloudfrontHls, type CloudfrontHlsProps } from '../../modules/cloudfront_hls';
import { IamRoles, type IamRolesProps } from '../../modules/iam_roles';
import { JobEvents, type JobEventsProps } from '../../modules/job_events';
import { Observability, type ObservabilityProps } from '../../modules/observability';
import { OriginVerify, type OriginVerifyProps } from '../../modules/origin_verify';
import { PrivateBucket, type PrivateBucketProps } from '../../modules/s3_bucket';
import { settings as dev } from '../../stacks/settings/dev';
import { rsaKeyPair } from '../keys';
import { tempDir } from '../temp';
import { maxReceiveCountProblem } from '../../modules/job_events/invariants';

/**
 * Each module used alone, without the settings schema, refuses the props that
 * break its rules, in one line naming the module and the prop, with the words
 * settings validation uses for the same value.
 */
const PEM = dev.signing.publicKeys[0].pem;
const ARN = 'arn:aws:s3:::storytime-master-uploads-dev';
const HEADER_VALUES = ['${random_password.blue.result}', '${random_password.green.result}'];

/** Builds one module in a stack of its own (no provider or settings involved). */
function alone(build: (scope: Construct) => void): void {
  build(new TerraformStack(new App({ outdir: tempDir('alone') }), 'alone'));
}

const cloudfrontHls = (props: Partial<CloudfrontHlsProps>) => () =>
  alone((scope) => {
    const originBucket = new PrivateBucket(scope, 'hls', { bucketName: 'storytime-hls-outputs-dev' });
    new CloudfrontHls(scope, 'cdn', {
      namePrefix: 'storytime-dev',
      environment: 'dev',
      originBucket,
      publicKeys: [{ name: '2026-11', pem: PEM }],
      activeKeyName: '2026-11',
      ...props,
    });
  });
const albRules = (props: Partial<AlbRulesProps>) => () =>
  alone(
    (scope) => new AlbRules(scope, 'alb-rules', { listenerArn: ARN, apiTargetGroupArn: ARN, originVerifyValues: HEADER_VALUES, ...props }),
  );
const originVerify = (props: Partial<OriginVerifyProps>) => () =>
  alone((scope) => new OriginVerify(scope, 'origin-verify', { namePrefix: 'storytime/dev', ...props }));
const privateBucket = (props: Partial<PrivateBucketProps>) => () =>
  alone((scope) => new PrivateBucket(scope, 'bucket', { bucketName: 'storytime-master-uploads-dev', ...props }));
const jobEvents = (props: Partial<JobEventsProps>) => () =>
  alone((scope) => new JobEvents(scope, 'job-events', { namePrefix: 'storytime-dev', mediaConvertQueueArn: ARN, ...props }));
const iamRoles = (props: Partial<IamRolesProps>) => () =>
  alone(
    (scope) =>
      new IamRoles(scope, 'iam', {
        namePrefix: 'storytime-dev',
        region: 'us-east-1',
        accountId: '111111111111',
        masterBucketArn: ARN,
        outputBucketArn: ARN,
        mediaConvertQueueArn: ARN,
        privateKeySecretArn: ARN,
        ...props,
      }),
  );
const observability = (props: Partial<ObservabilityProps>) => () =>
  alone(
    (scope) =>
      new Observability(scope, 'observability', {
        namePrefix: 'storytime-dev',
        region: 'us-east-1',
        accountId: '111111111111',
        distributionId: 'E2ABCDEFGHIJKL',
        mediaConvertQueueArn: ARN,
        eventsQueueName: 'storytime-dev-mediaconvert-events',
        deadLetterQueueName: 'storytime-dev-mediaconvert-events-dlq',
        eventRuleName: 'storytime-dev-mediaconvert-job-state',
        deliveryDeadLetterQueueName: 'storytime-dev-mediaconvert-events-delivery-dlq',
        ...props,
      }),
  );

const spki = (name: string, bits: 1024 | 2048 = 2048) =>
  rsaKeyPair(name, bits).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PRIVATE = rsaKeyPair('signer').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const sixKeys = Array.from({ length: 6 }, (_, i) => ({ name: i === 0 ? '2026-11' : `k${i}`, pem: PEM }));

describe('a module used alone refuses what breaks its rules', () => {
  it.each<[string, () => void, string]>([
    [
      'six keys in one key group',
      cloudfrontHls({ publicKeys: sixKeys }),
      'cloudfront_hls: publicKeys: expected at most 5 (CloudFront quota: public keys per key group)',
    ],
    ['no key', cloudfrontHls({ publicKeys: [] }), 'cloudfront_hls: publicKeys: expected at least one public key'],
    [
      'a key name given twice',
      cloudfrontHls({
        publicKeys: [
          { name: '2026-11', pem: PEM },
          { name: '2026-11', pem: spki('next') },
        ],
      }),
      "cloudfront_hls: publicKeys[1].name: duplicate key name '2026-11'",
    ],
    [
      'a private key as a public key',
      cloudfrontHls({ publicKeys: [{ name: '2026-11', pem: PRIVATE }] }),
      'cloudfront_hls: publicKeys[0].pem: holds private key material (value not shown): give only the public half, -----BEGIN PUBLIC KEY-----, and treat that private key as leaked',
    ],
    [
      'an RSA-1024 public key',
      cloudfrontHls({ publicKeys: [{ name: '2026-11', pem: spki('weak', 1024) }] }),
      'cloudfront_hls: publicKeys[0].pem: expected an RSA 2048-bit public key (CloudFront key groups accept only these)',
    ],
    [
      'an active key outside the key group',
      cloudfrontHls({ activeKeyName: '2027-05' }),
      'cloudfront_hls: activeKeyName: expected the name of one of publicKeys (2026-11)',
    ],
    [
      'an unknown price class',
      cloudfrontHls({ priceClass: 'PriceClass_Cheap' as 'PriceClass_100' }),
      'cloudfront_hls: priceClass: expected one of PriceClass_100, PriceClass_200, PriceClass_All',
    ],
    [
      'a manifest TTL above the segment TTL',
      cloudfrontHls({ manifestTtlSeconds: 600, segmentTtlSeconds: 300 }),
      'cloudfront_hls: manifestTtlSeconds: expected at most segmentTtlSeconds (300): a manifest cached longer than its segments lists segments already gone',
    ],
    [
      'a segment TTL below the default manifest TTL',
      cloudfrontHls({ segmentTtlSeconds: 30 }),
      'cloudfront_hls: manifestTtlSeconds: expected at most segmentTtlSeconds (30): a manifest cached longer than its segments lists segments already gone',
    ],
    [
      'a certificate outside us-east-1',
      cloudfrontHls({
        customDomain: {
          domainName: 'cdn.dev.storytime.example',
          certificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-4000-8000-000000000001',
          hostedZoneId: 'Z00000000000000000001',
        },
      }),
      'cloudfront_hls: customDomain.certificateArn: expected an ACM certificate in us-east-1 (CloudFront only uses certificates from there), got eu-west-1',
    ],
    [
      'an Origin Shield region CloudFront does not offer',
      cloudfrontHls({ originShieldRegion: 'us-west-1' as 'us-west-2' }),
      'cloudfront_hls: originShieldRegion: expected a region CloudFront offers Origin Shield in: us-east-1, us-east-2, us-west-2, ap-south-1, ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, eu-central-1, eu-west-1, eu-west-2, sa-east-1',
    ],
    [
      'a country code that is not ISO 3166-1',
      cloudfrontHls({ geoRestriction: { mode: 'allow', countries: ['UK'] } }),
      'cloudfront_hls: geoRestriction.countries[0]: expected an ISO 3166-1 alpha-2 country code in upper case, such as US',
    ],
    [
      'a country given twice',
      cloudfrontHls({ geoRestriction: { mode: 'deny', countries: ['FR', 'FR'] } }),
      "cloudfront_hls: geoRestriction.countries[1]: duplicate country 'FR'",
    ],
    [
      'a restriction without countries',
      cloudfrontHls({ geoRestriction: { mode: 'deny', countries: [] } }),
      'cloudfront_hls: geoRestriction.countries: expected at least one country',
    ],
    [
      "the ALB's own name as API origin",
      cloudfrontHls({ apiOrigin: { domainName: 'storytime-dev-1.us-east-1.elb.amazonaws.com', originVerifySecret: HEADER_VALUES[0] } }),
      "cloudfront_hls: apiOrigin.domainName: 'storytime-dev-1.us-east-1.elb.amazonaws.com' is the ALB's own name: no certificate can cover *.elb.amazonaws.com, so CloudFront would answer 502 over HTTPS; set a name the ALB certificate covers, such as origin-api.<domain>",
    ],
    [
      'a custom priority that takes a default one',
      albRules({ apiHost: 'api.dev.storytime.example', priorities: { apiViaCloudfront: 100 } }),
      "alb_rules: priorities.apiHost: priority 100 is already the apiViaCloudfront rule's; a listener takes each priority once",
    ],
    [
      'two rules on one priority',
      albRules({ web: { targetGroupArn: ARN, hosts: ['app.dev.storytime.example'] }, priorities: { apiViaCloudfront: 7, web: 7 } }),
      "alb_rules: priorities.web: priority 7 is already the apiViaCloudfront rule's; a listener takes each priority once",
    ],
    ['a priority outside 1..50000', albRules({ priorities: { apiHost: 50001 } }), 'alb_rules: priorities.apiHost: expected 1 to 50000'],
    ['priority 0', albRules({ priorities: { web: 0 } }), 'alb_rules: priorities.web: expected 1 to 50000'],
    [
      'a fractional priority',
      albRules({ priorities: { apiViaCloudfront: 1.5 } }),
      'alb_rules: priorities.apiViaCloudfront: expected 1 to 50000',
    ],
    [
      'more API paths than a rule holds beside the header values',
      albRules({ apiPaths: ['/a/*', '/b/*', '/c/*', '/d/*'] }),
      'alb_rules: apiPaths: expected at most 3 (an ALB rule takes 5 condition values and 2 are the accepted X-Origin-Verify values)',
    ],
    ['no API path', albRules({ apiPaths: [] }), 'alb_rules: apiPaths: expected at least one'],
    [
      'more web hosts than a rule holds beside the header values',
      albRules({ web: { targetGroupArn: ARN, hosts: ['a.example', 'b.example', 'c.example', 'd.example'] } }),
      'alb_rules: web.hosts: expected at most 3 (an ALB rule takes 5 condition values and 2 are the accepted X-Origin-Verify values)',
    ],
    ['no accepted header value', albRules({ originVerifyValues: [] }), 'alb_rules: originVerifyValues: expected at least one'],
    ['a colour other than blue or green', originVerify({ active: 'red' as 'blue' }), 'origin_verify: active: expected one of blue, green'],
    [
      'an unknown archive storage class',
      privateBucket({ lifecycle: { archiveAfterDays: 30, archiveStorageClass: 'STANDARD_IA' as 'GLACIER' } }),
      's3_bucket: lifecycle.archiveStorageClass: expected one of GLACIER_IR, GLACIER, DEEP_ARCHIVE',
    ],
    ['more receives than SQS allows', jobEvents({ maxReceiveCount: 1001 }), 'job_events: maxReceiveCount: expected 1 to 1000 receives'],
    ['no receive', jobEvents({ maxReceiveCount: 0 }), 'job_events: maxReceiveCount: expected 1 to 1000 receives'],
    [
      'retries shorter than EventBridge allows',
      jobEvents({ maxEventAgeSeconds: 30 }),
      'job_events: maxEventAgeSeconds: expected 60 to 86400 seconds (EventBridge retries an event for at most 24 hours)',
    ],
    [
      'more retries than EventBridge allows',
      jobEvents({ maxRetryAttempts: 200 }),
      'job_events: maxRetryAttempts: expected 0 to 185 attempts (EventBridge retries a delivery at most 185 times)',
    ],
    [
      'an upload prefix that opens the whole bucket',
      iamRoles({ masterUploadPrefix: '' }),
      'iam_roles: masterUploadPrefix: expected a prefix such as uploads/',
    ],
    [
      'a wildcard upload prefix',
      iamRoles({ masterUploadPrefix: '*' }),
      'iam_roles: masterUploadPrefix: expected a prefix such as uploads/',
    ],
    [
      'a cache hit rate threshold without additional metrics',
      observability({ cacheHitRatePercent: 80 }),
      'observability: cacheHitRatePercent: requires additionalCloudfrontMetrics: true (CloudFront publishes this metric only as an additional metric)',
    ],
    [
      'an origin latency threshold without additional metrics',
      observability({ additionalCloudfrontMetrics: false, originLatencyMs: 500 }),
      'observability: originLatencyMs: requires additionalCloudfrontMetrics: true (CloudFront publishes this metric only as an additional metric)',
    ],
  ])('refuses %s', (_name, build, message) => {
    expect(build).toThrow(new Error(message));
  });

  it('accepts the shipped defaults and the same props within the rules', () => {
    expect(
      cloudfrontHls({ manifestTtlSeconds: 300, segmentTtlSeconds: 300, geoRestriction: { mode: 'allow', countries: ['US', 'CA'] } }),
    ).not.toThrow();
    expect(albRules({ apiHost: 'api.dev.storytime.example', priorities: { apiViaCloudfront: 100, apiHost: 90 } })).not.toThrow();
    expect(albRules({ priorities: { apiViaCloudfront: 100 } })).not.toThrow();
    expect(albRules({ apiHost: 'api.dev.storytime.example', priorities: { apiViaCloudfront: 1, apiHost: 50000 } })).not.toThrow();
    expect(albRules({ apiPaths: ['/api/*', '/auth/*', '/health'] })).not.toThrow();
    expect(iamRoles({ masterUploadPrefix: 'masters/' })).not.toThrow();
    expect(observability({ additionalCloudfrontMetrics: true, cacheHitRatePercent: 80, originLatencyMs: 500 })).not.toThrow();
  });

  it('lets Terraform references through: only Terraform resolves them', () => {
    expect(() =>
      alone((scope) => {
        const variable = (name: string) => new TerraformVariable(scope, name, { type: 'string' }).stringValue;
        const originBucket = new PrivateBucket(scope, 'hls', { bucketName: 'storytime-hls-outputs-dev' });
        new CloudfrontHls(scope, 'cdn', {
          namePrefix: 'storytime-dev',
          environment: 'dev',
          originBucket,
          publicKeys: [{ name: '2026-11', pem: variable('pem') }],
          activeKeyName: '2026-11',
          customDomain: { domainName: 'cdn.dev.storytime.example', certificateArn: variable('certificate'), hostedZoneId: 'Z1' },
          apiOrigin: { domainName: variable('origin'), originVerifySecret: HEADER_VALUES[0] },
        });
      }),
    ).not.toThrow();
  });
});

describe('alb_rules with Terraform values', () => {
  const withVariables = (props: (value: (name: string) => string, count: (name: string) => number) => Partial<AlbRulesProps>) => () =>
    alone((scope) => {
      const value = (name: string) => new TerraformVariable(scope, name, { type: 'string' }).stringValue;
      const count = (name: string) => new TerraformVariable(scope, name, { type: 'number' }).numberValue;
      new AlbRules(scope, 'alb-rules', {
        listenerArn: ARN,
        apiTargetGroupArn: ARN,
        originVerifyValues: HEADER_VALUES,
        ...props(value, count),
      });
    });

  it('lets distinct unknown priorities, hosts and paths through', () => {
    expect(
      withVariables((value, count) => ({
        apiHost: value('api_host'),
        apiPaths: [value('path')],
        originAlias: {
          zoneId: 'Z1',
          name: value('origin'),
          albDnsName: 'storytime-dev-1.us-east-1.elb.amazonaws.com',
          albZoneId: 'Z35SXDOTRQ7X7K',
        },
        priorities: { apiViaCloudfront: count('p1'), apiHost: count('p2') },
      })),
    ).not.toThrow();
  });

  it('refuses one Terraform priority on two rules: it is the same number once applied', () => {
    expect(
      withVariables((value, count) => {
        const priority = count('priority');
        return { apiHost: value('api_host'), priorities: { apiHost: priority, apiViaCloudfront: priority } };
      }),
    ).toThrow(
      new Error(
        "alb_rules: priorities.apiHost: the same Terraform priority is already the apiViaCloudfront rule's; a listener takes each priority once",
      ),
    );
  });

  it('refuses one Terraform value as both the API host and the origin name', () => {
    expect(
      withVariables((value) => {
        const host = value('host');
        return {
          apiHost: host,
          originAlias: { zoneId: 'Z1', name: host, albDnsName: 'storytime-dev-1.us-east-1.elb.amazonaws.com', albZoneId: 'Z35SXDOTRQ7X7K' },
        };
      }),
    ).toThrow(
      new Error(
        'alb_rules: apiHost: the same Terraform value is also the origin name CloudFront calls: its requests would match this direct-host rule too, which forwards without X-Origin-Verify, so a wrong or stale origin secret would go unnoticed; give the origin its own name, such as origin-api.<domain>',
      ),
    );
  });
});

describe('job_events ranges', () => {
  it('take both ends of each range', () => {
    expect([maxReceiveCountProblem(1), maxReceiveCountProblem(1000), maxReceiveCountProblem(1001)]).toEqual([
      undefined,
      undefined,
      'expected 1 to 1000 receives',
    ]);
  });
});
